"""One exception hierarchy, mapped to HTTP statuses in one place, answered as
RFC 9457 `application/problem+json` with a `detail` a person can act on."""

import logging
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from psycopg import OperationalError
from psycopg.errors import LockNotAvailable, QueryCanceled, ReadOnlySqlTransaction
from psycopg_pool import PoolTimeout
from starlette.exceptions import HTTPException as StarletteHTTPException

log = logging.getLogger("weijian")

PROBLEM_JSON = "application/problem+json"
RETRY_AFTER_S = 5  # what a 503 for a database fault asks the client to wait


class Problem(Exception):
    """An error answered to the client. Subclasses fix the status."""

    status: int = 400

    def __init__(self, detail: str, *, headers: dict[str, str] | None = None, **extra: Any):
        super().__init__(detail)
        self.detail = detail
        self.headers = headers or {}
        self.extra = extra


class BadRequest(Problem):
    status = 400


class Unauthorized(Problem):
    status = 401

    def __init__(self, detail: str, **extra: Any):
        super().__init__(detail, headers={"WWW-Authenticate": "Bearer"}, **extra)


class Forbidden(Problem):
    status = 403


class NotFound(Problem):
    status = 404


class Conflict(Problem):
    status = 409


class Gone(Problem):
    status = 410


class PreconditionFailed(Problem):
    status = 412


class Unprocessable(Problem):
    status = 422


class PreconditionRequired(Problem):
    status = 428


class TooManyRequests(Problem):
    status = 429

    def __init__(self, detail: str, retry_after: int, **extra: Any):
        super().__init__(
            detail, headers={"Retry-After": str(retry_after)}, retry_after=retry_after, **extra
        )


class ServiceUnavailable(Problem):
    status = 503

    def __init__(self, detail: str, retry_after: int, **extra: Any):
        super().__init__(
            detail, headers={"Retry-After": str(retry_after)}, retry_after=retry_after, **extra
        )


def problem_response(
    status: int, detail: str, request: Request | None = None, **extra: Any
) -> JSONResponse:
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
    }
    if request is not None:
        body["instance"] = request.url.path
        request_id = getattr(request.state, "request_id", None)
        if request_id:
            body["request_id"] = request_id
    body.update(extra)
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON)


def _describe(error: dict[str, Any]) -> str:
    loc = error.get("loc") or []
    if len(loc) == 2 and loc[0] == "query":
        name, msg = loc[1], error.get("msg", "invalid")
        if error.get("type") == "missing":
            return f"query parameter {name} is required ({msg})"
        return f"query parameter {name}={error.get('input')!r}: {msg}"
    location = ".".join(str(part) for part in error.get("loc", ()) if part != "body")
    return f"{location}: {error.get('msg', 'invalid')}" if location else error.get("msg", "")


def validation_status(errors: list[dict[str, Any]]) -> int:
    """400 when only query parameters are wrong (a request the API cannot use, as OGC
    API – Features answers it); 422 when the body (or anything else) is."""
    query_only = bool(errors) and all(e["loc"][:1] == ["query"] for e in errors)
    return 400 if query_only else 422


def database_fault(request: Request, exc: OperationalError) -> ServiceUnavailable:
    """What to tell the client when the database could not do its part (503, never
    500): a statement that ran too long (statement_timeout), a lock waited on too long
    (lock_timeout), a connection that died or a server going down. The database's own
    words go to the log, not to the client."""
    where = f"{request.method} {request.url.path}"
    if isinstance(exc, QueryCanceled):
        log.warning("statement timeout on %s: %s", where, exc)
        return ServiceUnavailable(
            "the query took longer than this service allows: narrow it (a smaller bbox, a "
            "shorter period, fewer records per page with limit) and try again",
            retry_after=RETRY_AFTER_S,
        )
    if isinstance(exc, LockNotAvailable):
        log.warning("lock timeout on %s: %s", where, exc)
        return ServiceUnavailable(
            "the records are being changed by another request just now: try again shortly",
            retry_after=RETRY_AFTER_S,
        )
    log.error("database fault on %s: %s", where, exc, exc_info=exc)
    return ServiceUnavailable(
        "the database could not be reached or stopped answering: try again shortly",
        retry_after=RETRY_AFTER_S,
    )


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(Problem)
    async def _problem(request: Request, exc: Problem) -> JSONResponse:
        response = problem_response(exc.status, exc.detail, request, **exc.extra)
        response.headers.update(exc.headers)
        return response

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [
            {"loc": list(e.get("loc", ())), "msg": e.get("msg"), "type": e.get("type")}
            for e in exc.errors()
        ]
        detail = "; ".join(_describe(e) for e in exc.errors()) or "the request is not valid"
        return problem_response(validation_status(errors), detail, request, errors=errors)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        detail = exc.detail if isinstance(exc.detail, str) else HTTPStatus(exc.status_code).phrase
        if exc.status_code == 404 and detail == "Not Found":
            detail = f"there is no resource at {request.url.path}"
        if exc.status_code == 405:
            detail = f"{request.method} is not allowed on {request.url.path}"
        response = problem_response(exc.status_code, detail, request)
        if exc.headers:
            response.headers.update(exc.headers)
        return response

    @app.exception_handler(ReadOnlySqlTransaction)
    async def _read_only(request: Request, exc: ReadOnlySqlTransaction) -> JSONResponse:
        return await _problem(
            request,
            ServiceUnavailable(
                "this instance only reads (its database is read-only, e.g. a replica): "
                "send changes to the primary service",
                retry_after=60,
            ),
        )

    @app.exception_handler(PoolTimeout)
    async def _busy(request: Request, exc: PoolTimeout) -> JSONResponse:
        log.warning("no database connection free for %s %s", request.method, request.url.path)
        return await _problem(
            request,
            ServiceUnavailable(
                "the service is busy (no database connection was free): try again shortly",
                retry_after=RETRY_AFTER_S,
            ),
        )

    @app.exception_handler(OperationalError)
    async def _database_fault(request: Request, exc: OperationalError) -> JSONResponse:
        return await _problem(request, database_fault(request, exc))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return problem_response(
            500,
            "the server failed to handle this request; the error is logged under this "
            "request_id — report it to the administrator",
            request,
        )
