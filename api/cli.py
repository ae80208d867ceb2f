"""The `weijian` command: serve, migrate, create users — and the subcommands other
installed packages add (`weijian demo load`, from the demo package)."""

import argparse
import sys
from collections.abc import Callable, Iterable
from importlib.metadata import EntryPoint, entry_points

from api.settings import Settings


def _serve(args: argparse.Namespace, settings: Settings) -> None:
    import uvicorn

    from api.main import create_app

    app = create_app(settings)
    print(f"Weijian serving on http://{args.host}:{args.port}/  (API docs: /docs)", flush=True)
    uvicorn.run(app, host=args.host, port=args.port, log_level=args.log_level)


def _db_upgrade(args: argparse.Namespace, settings: Settings) -> None:
    from api.migrate import upgrade

    upgrade(settings.database_url, args.revision)
    print(f"database migrated to {args.revision}")


def _user_create(args: argparse.Namespace, settings: Settings) -> None:
    import asyncio
    import getpass
    import os

    from psycopg import AsyncConnection

    from api.auth.users import create_user
    from api.errors import Problem

    password = os.environ.get("WEIJIAN_NEW_PASSWORD") or getpass.getpass(
        f"password for {args.username}: "
    )
    communities = [int(c) for c in args.communities.split(",") if c.strip()]

    async def create() -> dict:
        async with await AsyncConnection.connect(settings.database_url, autocommit=True) as conn:
            return await create_user(
                conn, args.username, password, args.role, communities, args.display_name
            )

    try:
        user = asyncio.run(create())
    except Problem as exc:
        sys.exit(f"weijian: {exc.detail}")
    print(f"created {user['role']} {user['username']} (id {user['id']})")


def _verify(args: argparse.Namespace, settings: Settings) -> None:
    import psycopg

    from api.db.chains import counts, verify

    # one snapshot for every chain, so the heads and counts agree with what was checked
    with psycopg.connect(settings.database_url) as conn:
        conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        conn.read_only = True
        breaks = verify(conn)
        sizes = counts(conn)
    for found in breaks:
        print(f"BROKEN {found}")
    checked = ", ".join(f"{table} {n}" for table, n in sizes.items())
    if breaks:
        print(f"weijian verify: {len(breaks)} break(s) in the history chains ({checked} rows)")
        sys.exit(1)
    print(f"weijian verify: every history chain is intact ({checked} rows)")


# Packages add subcommands by naming, in this entry-point group, a function that takes the
# `weijian` command's subparsers and adds theirs: pyproject.toml's
#   [project.entry-points."weijian.commands"]  demo = "demo.cli:register"
# The service imports none of them: only what is installed (and registered) is offered.
COMMANDS_GROUP = "weijian.commands"

Register = Callable[[argparse._SubParsersAction], None]


def extra_commands(found: Iterable[EntryPoint] | None = None) -> list[Register]:
    """The registration functions of the `weijian.commands` entry points (by default the
    installed ones), in the order of their names; one name counts once."""
    if found is None:
        found = entry_points(group=COMMANDS_GROUP)
    chosen: dict[str, EntryPoint] = {}
    for point in found:
        if point.group == COMMANDS_GROUP:
            chosen.setdefault(point.name, point)
    return [chosen[name].load() for name in sorted(chosen)]


def build_parser(found: Iterable[EntryPoint] | None = None) -> argparse.ArgumentParser:
    """The `weijian` command's parser: its own subcommands and those of the packages
    registered in the `weijian.commands` entry-point group (`found`, by default
    the installed ones)."""
    parser = argparse.ArgumentParser(prog="weijian", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="serve the API and the map")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--log-level", default="info")
    serve.set_defaults(run=_serve)

    db = commands.add_parser("db", help="database schema")
    db_commands = db.add_subparsers(dest="db_command", required=True)
    db_upgrade = db_commands.add_parser("upgrade", help="apply migrations (default: to head)")
    db_upgrade.add_argument("revision", nargs="?", default="head")
    db_upgrade.set_defaults(run=_db_upgrade)

    user = commands.add_parser("user", help="user accounts")
    user_commands = user.add_subparsers(dest="user_command", required=True)
    user_create = user_commands.add_parser(
        "create", help="create a user (password from WEIJIAN_NEW_PASSWORD or asked)"
    )
    user_create.add_argument("username")
    user_create.add_argument("--role", choices=["admin", "inspector", "viewer"], required=True)
    user_create.add_argument(
        "--communities", default="", help="for inspectors: community ids, comma-separated"
    )
    user_create.add_argument("--display-name", default=None)
    user_create.set_defaults(run=_user_create)

    verify = commands.add_parser(
        "verify", help="check the hash chains of the histories; exit 1 if one is broken"
    )
    verify.set_defaults(run=_verify)

    for register in extra_commands(found):
        register(commands)
    return parser


def main(argv: list[str] | None = None) -> None:
    args = build_parser().parse_args(argv)
    try:
        settings = Settings()
    except ValueError as exc:
        sys.exit(f"weijian: bad settings: {exc}")
    args.run(args, settings)


if __name__ == "__main__":
    main()
