"""Every authenticated write lands in the audit log, whatever route it went to."""

import logging
import re
from collections.abc import Awaitable, Callable

from fastapi import Request, Response

from api.auth import audit

log = logging.getLogger("weijian")

WRITES = {"POST", "PUT", "PATCH", "DELETE"}
_RECORD = re.compile(r"^/api/v1/([a-z-]+)(?:/(\d+))?")


def _record(request: Request, response: Response) -> tuple[str | None, int | None]:
    """(record type, id) from the path, or for a creation from its Location."""
    path = response.headers.get("location") or request.url.path
    match = _RECORD.match(path)
    if not match:
        return None, None
    return match.group(1), int(match.group(2)) if match.group(2) else None


async def audit_writes(
    request: Request, call_next: Callable[[Request], Awaitable[Response]]
) -> Response:
    response = await call_next(request)
    principal = getattr(request.state, "principal", None)
    if request.method in WRITES and principal is not None and principal.authenticated:
        record_type, record_id = _record(request, response)
        action = f"{request.method} {request.url.path}"
        try:
            async with request.app.state.pool.connection() as conn:
                await audit.record(
                    conn,
                    principal.name,
                    principal.kind,
                    action,
                    record_type,
                    record_id,
                    response.status_code,
                    getattr(request.state, "request_id", None),
                    {"query": str(request.url.query)} if request.url.query else None,
                )
        except Exception:  # the write happened; losing its audit line must be loud
            log.exception("could not write the audit log for %s", action)
    return response
