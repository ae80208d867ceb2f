"""Request dependencies as `Annotated` aliases, so route signatures read like the request.

A query parameter with a value its route cannot use answers 400 (BadRequest) naming the
parameter, as an unknown one does (api.queryparams); 422 is for bodies."""

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import date
from typing import Annotated

from fastapi import Depends, Header, Query, Request
from psycopg import AsyncConnection

from api.db.request_transaction import write_unit
from api.errors import BadRequest, PreconditionFailed, PreconditionRequired
from api.settings import Settings


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def get_conn(request: Request) -> AsyncIterator[AsyncConnection]:
    """A write request's one connection, inside its transaction (committed with the
    audit line after the handler answers); for a read, a pooled connection."""
    unit = write_unit(request)
    if unit is not None:
        yield await unit.connection()
        return
    async with request.app.state.pool.connection() as conn:
        yield conn


def is_write(request: Request) -> bool:
    """Whether the request runs in a write transaction (a read never writes)."""
    return write_unit(request) is not None


@dataclass(frozen=True)
class Paging:
    limit: int
    offset: int


def get_paging(
    request: Request,
    limit: Annotated[
        int | None, Query(ge=1, description="Most features to return (default 100).")
    ] = None,
    offset: Annotated[int, Query(ge=0, description="Features to skip, for paging.")] = 0,
) -> Paging:
    settings = get_settings(request)
    if limit is None:
        limit = settings.default_page_size
    if limit > settings.max_page_size:
        raise BadRequest(
            f"limit {limit} is above the largest page, {settings.max_page_size}; "
            "page with limit and offset (follow the 'next' link)",
            parameter="limit",
        )
    return Paging(limit=limit, offset=offset)


def parse_bbox(value: str | None) -> tuple[float, float, float, float] | None:
    if value is None:
        return None
    parts = value.split(",")
    try:
        numbers = [float(p) for p in parts]
    except ValueError:
        numbers = []
    if len(numbers) != 4:
        raise BadRequest(
            f"bbox {value!r} must be four numbers 'minLon,minLat,maxLon,maxLat' (EPSG:4326)",
            parameter="bbox",
        )
    xmin, ymin, xmax, ymax = numbers
    if not (-180 <= xmin <= xmax <= 180 and -90 <= ymin <= ymax <= 90):
        raise BadRequest(
            f"bbox {value!r} is not a lon/lat box: need -180 ≤ minLon ≤ maxLon ≤ 180 and "
            "-90 ≤ minLat ≤ maxLat ≤ 90",
            parameter="bbox",
        )
    return xmin, ymin, xmax, ymax


def parse_choices(value: str | None, name: str, allowed: tuple[str, ...]) -> list[str] | None:
    """A comma-separated list of known values, e.g. status=registered,verified."""
    if value is None:
        return None
    chosen = [v.strip() for v in value.split(",") if v.strip()]
    unknown = [v for v in chosen if v not in allowed]
    if unknown or not chosen:
        raise BadRequest(
            f"{name} {value!r} has unknown value(s) {', '.join(unknown) or '(none given)'}; "
            f"choose from {', '.join(allowed)}",
            parameter=name,
        )
    return chosen


def check_date_range(start: date | None, end: date | None, name: str) -> None:
    if start and end and start > end:
        raise BadRequest(f"{name}_from {start} is after {name}_to {end}", parameter=f"{name}_from")


def parse_if_match(if_match: str | None) -> int | None:
    """The version an If-Match header names; None for '*'. 428 when missing."""
    if if_match is None:
        raise PreconditionRequired(
            "send If-Match with the ETag you read (GET the record first), so that a change "
            "made meanwhile by someone else is not overwritten"
        )
    value = if_match.strip()
    if value == "*":
        return None
    value = value.removeprefix("W/").strip('"')
    if not value.isdigit():
        raise PreconditionFailed(f"If-Match {if_match!r} is not an ETag this service gave out")
    return int(value)


def etag(version: int) -> str:
    return f'"{version}"'


DbConn = Annotated[AsyncConnection, Depends(get_conn)]
PagingDep = Annotated[Paging, Depends(get_paging)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
IfMatch = Annotated[
    str | None,
    Header(description="The ETag of the version you read; a stale one answers 412."),
]

CommunityParam = Annotated[int | None, Query(description="Only within this community.")]
CompoundParam = Annotated[int | None, Query(description="Only within this compound.")]
DeleteReason = Annotated[
    str,
    Query(min_length=2, max_length=2000, description="Why the record is deleted; kept with it."),
]

Repair = Query(
    default=False,
    description="Repair an invalid polygon (keeping only its polygonal part) instead of "
    "refusing it; the response then says what was repaired.",
)
