"""Write helpers shared by the services: parents that must exist, unique codes."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from psycopg import AsyncConnection, errors, sql

from api.errors import Conflict, Unprocessable


async def live_parent(
    conn: AsyncConnection, table: str, label: str, record_id: int
) -> dict[str, Any]:
    """The columns of a live parent record, or 422 naming the missing one."""
    query = sql.SQL("SELECT * FROM {} WHERE id = %(id)s AND deleted_at IS NULL").format(
        sql.Identifier(table)
    )
    cur = await conn.execute(query, {"id": record_id})
    row = await cur.fetchone()
    if row is None:
        raise Unprocessable(f"{label} {record_id} does not exist (or was deleted)")
    assert cur.description is not None
    return dict(zip([c.name for c in cur.description], row, strict=True))


@asynccontextmanager
async def unique_code(label: str, code: Any) -> AsyncIterator[None]:
    """Turn a duplicate code into a 409 a person understands."""
    try:
        yield
    except errors.UniqueViolation as exc:
        raise Conflict(f"code {code!r} is already used by another live {label}") from exc
