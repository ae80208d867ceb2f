"""The long queries, each in its own file under api/sql/, loaded by name.

`load("monthly_report")` is the text of api/sql/monthly_report.sql, read once. Values
are always bound parameters (`%(name)s`). A file that is a template holds placeholders
`{name}` (and so no other braces), filled by `compose` with psycopg.sql objects only:
another file (`part("cell_stats")`, a piece of SQL from this folder) or an identifier
the caller picks from a list it knows (`sql.Identifier("compound")`) — never text made
at run time. psycopg reads `%` everywhere, comments included: write a per-cent sign as
`%%`. tests/test_sql_files.py EXPLAINs every file on the test database.
"""

from functools import cache
from importlib.resources import files

from psycopg import sql

PACKAGE = "api"
FOLDER = "sql"


def names() -> list[str]:
    """Every query file's name (without .sql), sorted."""
    folder = files(PACKAGE).joinpath(FOLDER)
    return sorted(
        entry.name.removesuffix(".sql") for entry in folder.iterdir() if entry.name.endswith(".sql")
    )


@cache
def load(name: str) -> str:
    """The text of api/sql/<name>.sql."""
    if name not in names():
        raise KeyError(f"there is no api/sql/{name}.sql")
    return files(PACKAGE).joinpath(FOLDER, f"{name}.sql").read_text(encoding="utf-8")


def part(name: str) -> sql.SQL:
    """A file as a piece of another (filling one of its placeholders)."""
    return sql.SQL(load(name).rstrip() + "\n")  # a file of this folder; ends its comments


def compose(name: str, **parts: sql.Composable) -> str:
    """The template file `name` with its placeholders filled by `parts`."""
    template = sql.SQL(load(name))
    return template.format(**parts).as_string(None)
