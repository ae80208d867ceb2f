"""Liveness and readiness, for load balancers, Docker and people."""

import logging
from typing import Literal

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from api.contract.problems import problem
from api.db.pool import schema_revision
from api.errors import RETRY_AFTER_S, problem_response
from api.migrate import head_revision

log = logging.getLogger("weijian")

router = APIRouter(tags=["health"])


class Alive(BaseModel):
    status: Literal["ok"]


class Ready(BaseModel):
    status: Literal["ready"]
    database: Literal["ok"]
    schema_revision: str = Field(description="The Alembic revision the database is at.")


@router.get("/healthz", response_model=Alive, summary="Is the process alive?")
async def healthz() -> dict[str, str]:
    """Answers 200 while the process runs; it does not touch the database."""
    return {"status": "ok"}


@router.get(
    "/readyz",
    summary="Can the service serve requests?",
    responses={
        200: {"model": Ready},
        503: problem(503, "The database cannot be reached or its schema is not the newest."),
    },
)
async def readyz(request: Request) -> JSONResponse:
    """200 when the database answers and its schema is at the newest migration;
    503 (problem+json) saying which is not the case otherwise."""
    head = head_revision()
    settings = request.app.state.settings
    try:
        async with request.app.state.pool.connection(timeout=settings.pool_timeout_s) as conn:
            current = await schema_revision(conn)
    except Exception:  # any failure to reach the database means "not ready"
        # The error's text (host names, users, the server's words) is for the log only.
        log.exception("readyz: the database cannot be reached")
        response = problem_response(
            503,
            "the database cannot be reached; the service's log says why",
            request,
            retry_after=RETRY_AFTER_S,
        )
        response.headers["Retry-After"] = str(RETRY_AFTER_S)
        return response
    if current != head:
        return problem_response(
            503,
            f"the database schema is at {current or 'no revision'}, this code needs {head}; "
            "run `weijian db upgrade`",
            request,
            schema_revision=current,
            required_revision=head,
        )
    return JSONResponse({"status": "ready", "database": "ok", "schema_revision": current})
