"""One connection and one transaction for each write request (POST, PUT, PATCH, DELETE).

The connection is taken from the pool when the request first asks for one (`get_conn`,
once the body has arrived) and a transaction is opened on it; the services' own
`async with conn.transaction():` blocks become savepoints inside it. When the handler
has answered, and before the answer leaves, the same transaction brings the maintained
grid figures up to date (api/analytics/maintained.py), takes the audit line of an
authenticated principal (api/auth/middleware.py) and commits. If any of that fails,
everything is rolled back and the client is answered 503 (problem+json, Retry-After):
a change is never committed without its audit line, nor its figures.

- A refused write (4xx) is committed: the services' savepoints have undone their part,
  what was kept on purpose (failed-login counters) stays, and the audit line records
  the status.
- A failed one (5xx, or an exception, which the app answers 500) is rolled back; its
  audit line is then written alone.
- The answer is held until the commit, so a write's response body is buffered (write
  responses are small); a background task runs after the commit, outside the
  transaction, and must not count on the request's connection.
"""

import logging
from contextlib import AsyncExitStack

from fastapi import Request
from psycopg import AsyncConnection
from psycopg.pq import TransactionStatus
from psycopg_pool import AsyncConnectionPool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.analytics import maintained
from api.auth.middleware import audit_write
from api.auth.principal import Principal
from api.errors import ServiceUnavailable, problem_response

log = logging.getLogger("weijian")

WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})
RETRY_AFTER_S = 5


class WriteUnit:
    """The connection and open transaction of one write request, taken on first use."""

    def __init__(self, pool: AsyncConnectionPool) -> None:
        self._pool = pool
        self._stack = AsyncExitStack()
        self.conn: AsyncConnection | None = None

    async def connection(self) -> AsyncConnection:
        if self.conn is None:
            conn = await self._stack.enter_async_context(self._pool.connection())
            await conn.execute("BEGIN")
            self.conn = conn
        return self.conn

    async def release(self) -> None:
        """Back to the pool (which rolls back whatever was left open)."""
        self.conn = None
        await self._stack.aclose()


def write_unit(request: Request) -> WriteUnit | None:
    """The write request's unit, or None for a read."""
    unit = getattr(request.state, "write_unit", None)
    return unit if isinstance(unit, WriteUnit) else None


async def finish(unit: WriteUnit, request: Request, status: int, headers: dict[str, str]) -> None:
    """Commit the request's work with its figures and audit line, or roll it back when
    it failed (status 5xx); raises when the commit cannot be made (nothing is kept)."""
    principal = getattr(request.state, "principal", None)
    audited = principal if isinstance(principal, Principal) and principal.authenticated else None
    if unit.conn is None and audited is None:
        return  # never touched the database
    conn = await unit.connection()
    if status >= 500 or conn.info.transaction_status != TransactionStatus.INTRANS:
        await conn.rollback()  # failed, or a statement failed and ended the transaction
        if audited is not None:  # the attempt, alone
            await audit_write(conn, request, audited, status, headers.get("location"))
        return
    await maintained.refresh(conn)
    if audited is not None:
        await audit_write(conn, request, audited, status, headers.get("location"))
    await conn.commit()


class WriteTransaction:
    """ASGI middleware giving each write request its unit (see the module)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in WRITES:
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        unit = WriteUnit(request.app.state.pool)
        request.state.write_unit = unit
        held: list[Message] = []
        answered = False

        async def hold(message: Message) -> None:
            nonlocal answered
            held.append(message)
            final = message["type"] == "http.response.pathsend" or (
                message["type"] == "http.response.body" and not message.get("more_body")
            )
            if not final:
                return
            start = held[0]
            status = int(start["status"])
            headers = {
                k.decode("latin-1").lower(): v.decode("latin-1") for k, v in start["headers"]
            }
            answered = True
            try:
                await finish(unit, request, status, headers)
            except Exception:
                log.exception(
                    "could not commit %s %s with its audit line", scope["method"], scope["path"]
                )
                await _rollback(unit)
                if status < 500:
                    await _unavailable(request, scope, receive, send)
                    return
            for message in held:
                await send(message)

        try:
            await self.app(scope, receive, hold)
        except Exception:
            if not answered:
                try:
                    await finish(unit, request, 500, {})
                except Exception:
                    log.exception(
                        "could not record the failed %s %s", scope["method"], scope["path"]
                    )
            raise
        finally:
            await unit.release()


async def _rollback(unit: WriteUnit) -> None:
    if unit.conn is not None and not unit.conn.closed:
        try:
            await unit.conn.rollback()
        except Exception:
            log.exception("could not roll back")


async def _unavailable(request: Request, scope: Scope, receive: Receive, send: Send) -> None:
    problem = ServiceUnavailable(
        "the change could not be committed with its audit line, so nothing was changed: "
        "try again shortly",
        retry_after=RETRY_AFTER_S,
    )
    response = problem_response(problem.status, problem.detail, request, **problem.extra)
    response.headers.update(problem.headers)
    await response(scope, receive, send)
