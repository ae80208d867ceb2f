"""Constants of the code written into SQL text, quoted by psycopg (`psycopg.sql.Literal`),
never by `repr()` or an f-string. For values fixed when the module loads (vocabularies,
labels, the lifecycles' tables); anything a request sends is a bound parameter."""

from collections.abc import Iterable
from typing import Any

from psycopg import sql


def literal(value: Any) -> str:
    """One value as an SQL literal: 'it''s'."""
    return sql.Literal(value).as_string(None)


def listed(values: Iterable[Any]) -> str:
    """Values as a comma-separated list of SQL literals, for IN (…) or json_build_array(…)."""
    return sql.SQL(", ").join(sql.Literal(v) for v in values).as_string(None)
