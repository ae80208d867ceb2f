"""Liveness and readiness, for load balancers, Docker and people."""

from typing import Literal

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from api.contract.problems import problem
from api.db.pool import schema_revision
from api.errors import problem_response
from api.migrate import head_revision

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
    try:
        async with request.app.state.pool.connection(timeout=5) as conn:
            current = await schema_revision(conn)
    except Exception as exc:  # any failure to reach the database means "not ready"
        return problem_response(503, f"the database cannot be reached: {exc}", request)
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
