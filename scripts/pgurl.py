#!/usr/bin/env python3
"""Small edits to PostgreSQL URLs for the set-up scripts (standard library only).

pgurl.py normalize URL          the plain libpq form (postgresql://...)
pgurl.py dbname URL             the database name in the URL
pgurl.py with-dbname URL NAME   the same URL naming another database
pgurl.py is-local URL           exit 0 when every host is this machine (or a socket)
pgurl.py redact URL             the URL with its password hidden, for messages
"""

import sys
from urllib.parse import SplitResult, parse_qsl, quote, unquote, urlencode, urlsplit

PREFIXES = ("postgresql+psycopg://", "postgresql+psycopg2://", "postgres://", "postgresql://")
LOCAL_HOSTS = {"", "localhost", "127.0.0.1", "::1"}


def unsplit(parts: SplitResult) -> str:
    """Like urlunsplit, but keeps the "//" of a URL without a host (postgresql:///db)."""
    url = f"postgresql://{parts.netloc}{parts.path}"
    return f"{url}?{parts.query}" if parts.query else url


def normalize(url: str) -> str:
    for prefix in PREFIXES:
        if url.startswith(prefix):
            return "postgresql://" + url[len(prefix) :]
    sys.exit(f"pgurl: not a PostgreSQL URL (postgresql://user@host:port/dbname): {url!r}")


def dbname(url: str) -> str:
    parts = urlsplit(normalize(url))
    query = dict(parse_qsl(parts.query))
    name = query.get("dbname") or unquote(parts.path.lstrip("/"))
    return name or unquote(parts.username or "")  # libpq's default: the user's name


def with_dbname(url: str, name: str) -> str:
    parts = urlsplit(normalize(url))
    query = [(k, v) for k, v in parse_qsl(parts.query) if k != "dbname"]
    path = "/" + quote(name, safe="")
    return unsplit(parts._replace(path=path, query=urlencode(query, safe="/")))


def hosts(url: str) -> list[str]:
    parts = urlsplit(normalize(url))
    query = dict(parse_qsl(parts.query))
    if "host" in query:
        return query["host"].split(",")
    netloc = parts.netloc.rpartition("@")[2]
    found = []
    for item in netloc.split(","):
        if item.startswith("["):  # [::1]:5432
            found.append(item[1:].partition("]")[0])
        else:
            found.append(unquote(item.partition(":")[0]))
    return found


def is_local(url: str) -> bool:
    return all(h in LOCAL_HOSTS or h.startswith("/") for h in hosts(url))


def redact(url: str) -> str:
    parts = urlsplit(normalize(url))
    if parts.password is None:
        return unsplit(parts)
    userinfo, _, hostinfo = parts.netloc.rpartition("@")
    user = userinfo.partition(":")[0]
    return unsplit(parts._replace(netloc=f"{user}:***@{hostinfo}"))


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        sys.exit(__doc__)
    command, url = argv[0], argv[1]
    if command == "normalize":
        print(normalize(url))
    elif command == "dbname":
        print(dbname(url))
    elif command == "with-dbname" and len(argv) == 3:
        print(with_dbname(url, argv[2]))
    elif command == "is-local":
        return 0 if is_local(url) else 1
    elif command == "redact":
        print(redact(url))
    else:
        sys.exit(__doc__)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
