"""Every authenticated write lands in the audit log, whatever route it went to: its line
is written in the write's own transaction (api/db/request_transaction.py)."""

import re

from fastapi import Request
from psycopg import AsyncConnection

from api.auth import audit
from api.auth.principal import Principal

_RECORD = re.compile(r"^/api/v1/([a-z-]+)(?:/(\d+))?")


def _record(path: str, location: str | None) -> tuple[str | None, int | None]:
    """(record type, id) from the path, or for a creation from its Location."""
    match = _RECORD.match(location or path)
    if not match:
        return None, None
    return match.group(1), int(match.group(2)) if match.group(2) else None


async def audit_write(
    conn: AsyncConnection,
    request: Request,
    principal: Principal,
    status: int,
    location: str | None,
) -> None:
    """The audit line of a write request answered `status`."""
    record_type, record_id = _record(request.url.path, location)
    detail = {"query": str(request.url.query)} if request.url.query else {}
    # what the route asked to record (e.g. an uploaded photo's sha256)
    detail.update(getattr(request.state, "audit_detail", None) or {})
    await audit.record(
        conn,
        principal.name,
        principal.kind,
        f"{request.method} {request.url.path}",
        record_type,
        record_id,
        status,
        getattr(request.state, "request_id", None),
        detail or None,
    )
