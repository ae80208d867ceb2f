"""Write helpers shared by the services: parents that must exist, unique codes, scope."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from psycopg import AsyncConnection, errors, sql

from api.auth.principal import Principal
from api.errors import Conflict, Forbidden, Unprocessable


async def live_parent(
    conn: AsyncConnection, table: str, label: str, record_id: int, viewer: Principal
) -> dict[str, Any]:
    """The columns of a live parent record the principal may see, or 422 naming it."""
    query = sql.SQL("SELECT * FROM {} WHERE id = %(id)s AND deleted_at IS NULL").format(
        sql.Identifier(table)
    )
    cur = await conn.execute(query, {"id": record_id})
    row = await cur.fetchone()
    assert cur.description is not None
    record = dict(zip([c.name for c in cur.description], row, strict=True)) if row else None
    community = None
    if record is not None:
        community = record["id"] if table == "community" else record.get("community_id")
    if record is None or not viewer.in_scope(community):
        raise Unprocessable(f"{label} {record_id} does not exist (or was deleted)")
    return record


def check_scope(viewer: Principal, community_id: int, what: str) -> None:
    """A scoped principal may not put a record into another community."""
    if not viewer.in_scope(community_id):
        yours = ", ".join(map(str, viewer.communities or ()))
        raise Forbidden(
            f"{what} lies in community {community_id}, which is not one of yours ({yours}); "
            "ask the street office"
        )


@asynccontextmanager
async def unique_code(label: str, code: Any) -> AsyncIterator[None]:
    """Turn a duplicate code into a 409 a person understands."""
    try:
        yield
    except errors.UniqueViolation as exc:
        raise Conflict(f"code {code!r} is already used by another live {label}") from exc
