"""Routes for grid analytics: figures per cell, compound and community, and gaps."""

import json
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request, Response

from api.analytics import service
from api.analytics.schemas import (
    CommunityRows,
    CommunityStatsCollection,
    CompoundRows,
    CompoundStatsCollection,
    GapFeature,
    GridRows,
    GridStats,
    GridStatsCollection,
)
from api.auth.deps import Reader
from api.contract.documented import DocumentedAs, answers, content
from api.contract.problems import AUTHED, problems
from api.deps import CommunityParam, CompoundParam, DbConn, SettingsDep
from api.geojson import GEOJSON

router = APIRouter(tags=["analytics"], responses=problems(*AUTHED, 404))


def listing(rows: Any, collection: Any) -> dict[int | str, dict[str, Any]]:
    return answers(
        "The rows as JSON, or as a FeatureCollection with Accept: application/geo+json "
        "or f=geojson.",
        content("application/json", rows),
        content(GEOJSON, collection),
    )


At = Annotated[
    str | None,
    Query(
        description="As recorded at this moment: a date (its end, campaign time zone) or "
        "an ISO date-time. Default: now."
    ),
]
From = Annotated[
    str | None,
    Query(
        alias="from",
        description="Sweeps started on or after this date/date-time. Default: since ever.",
    ),
]
To = Annotated[
    str | None,
    Query(description="Sweeps started before this date/date-time (exclusive). Default: now."),
]
FIGURES = (
    "`area_m2`, `occupied_m2` (area of the standing footprints' union in the cell), "
    "`occupied_ratio`, `violations_standing` (those belonging to it), `demolished_m2`, "
    "`swept_m2` (area of the sweeps' union in the cell), `coverage_ratio`, `sweeps`, "
    "`last_swept_at`. Areas are geodesic m². Figures now, over all time (no `at`, "
    "`from`, `to`) are the maintained ones, kept up to date by every write: `computed_at` "
    "says when they were last computed."
)


def wants_geojson(request: Request, f: str | None) -> bool:
    """`f` when given (json or geojson), else the Accept header."""
    if f is not None:
        return f == "geojson"
    return GEOJSON in request.headers.get("accept", "")


@router.get(
    "/grids/{grid_id}/stats",
    summary="Figures of one grid cell",
    description="Occupied area at `at` and sweep coverage over [`from`, `to`) of one cell: "
    + FIGURES,
)
async def grid_stats(
    grid_id: int,
    conn: DbConn,
    viewer: Reader,
    settings: SettingsDep,
    at: At = None,
    start: From = None,
    to: To = None,
) -> Annotated[dict[str, Any], DocumentedAs(GridStats)]:
    chosen = service.period(settings, at, start, to)
    return await service.grid_stats(conn, grid_id, chosen, viewer)


@router.get(
    "/grids/{grid_id}/gaps",
    response_class=Response,
    responses=answers("The unswept part of the cell.", content(GEOJSON, GapFeature)),
    summary="Blind spots of a cell",
)
async def grid_gaps(
    grid_id: int,
    conn: DbConn,
    viewer: Reader,
    settings: SettingsDep,
    start: From = None,
    to: To = None,
) -> Response:
    """The part of the cell no sweep in [`from`, `to`) covered ("不留死角": none should
    remain), as a GeoJSON Feature; pieces under 1 m² are dropped. Geometry is null when
    the cell is fully swept."""
    chosen = service.period(settings, None, start, to)
    feature = await service.grid_gaps(conn, grid_id, chosen, viewer)
    return Response(json.dumps(feature, ensure_ascii=False).encode(), media_type=GEOJSON)


async def _listing(
    request: Request,
    conn: DbConn,
    viewer: Reader,
    settings: SettingsDep,
    level: str,
    at: str | None,
    start: str | None,
    to: str | None,
    f: str | None,
    **filters: Any,
) -> Response:
    chosen = service.period(settings, at, start, to)
    geojson = wants_geojson(request, f)
    found = await service.rows(conn, level, chosen, viewer, geometry=geojson, **filters)
    if geojson:
        body = service.feature_collection(found, level, chosen)
        return Response(body.encode(), media_type=GEOJSON)
    body = json.dumps(
        {**found.describe(chosen), "rows": [row for row, _ in found.rows]},
        ensure_ascii=False,
        default=str,
    )
    return Response(body.encode(), media_type="application/json")


Format = Annotated[
    Literal["json", "geojson"] | None,
    Query(
        description="`geojson` for a FeatureCollection, `json` for rows; without it, "
        "Accept: application/geo+json asks for the FeatureCollection."
    ),
]


@router.get(
    "/stats/grids",
    response_class=Response,
    responses=listing(GridRows, GridStatsCollection),
    summary="Figures per grid cell",
    description="One row per grid cell (of a community or compound): "
    + FIGURES
    + " With `Accept: application/geo+json` the cells come as a FeatureCollection carrying "
    "these figures: what the map's choropleth draws.",
)
async def grid_rows(
    request: Request,
    conn: DbConn,
    viewer: Reader,
    settings: SettingsDep,
    community_id: CommunityParam = None,
    compound_id: CompoundParam = None,
    at: At = None,
    start: From = None,
    to: To = None,
    f: Format = None,
) -> Response:
    return await _listing(
        request,
        conn,
        viewer,
        settings,
        "grids",
        at,
        start,
        to,
        f,
        community_id=community_id,
        compound_id=compound_id,
    )


@router.get(
    "/stats/compounds",
    response_class=Response,
    responses=listing(CompoundRows, CompoundStatsCollection),
    summary="Figures per compound",
)
async def compound_rows(
    request: Request,
    conn: DbConn,
    viewer: Reader,
    settings: SettingsDep,
    community_id: CommunityParam = None,
    compound_id: CompoundParam = None,
    at: At = None,
    start: From = None,
    to: To = None,
    f: Format = None,
) -> Response:
    """One row per compound, adding up its cells; ratios are over the compound's whole
    area (the swept share of it, not an average of the cells' ratios)."""
    return await _listing(
        request,
        conn,
        viewer,
        settings,
        "compounds",
        at,
        start,
        to,
        f,
        community_id=community_id,
        compound_id=compound_id,
    )


@router.get(
    "/stats/communities",
    response_class=Response,
    responses=listing(CommunityRows, CommunityStatsCollection),
    summary="Figures per community",
)
async def community_rows(
    request: Request,
    conn: DbConn,
    viewer: Reader,
    settings: SettingsDep,
    community_id: CommunityParam = None,
    at: At = None,
    start: From = None,
    to: To = None,
    f: Format = None,
) -> Response:
    """One row per community, adding up its cells; ratios are over the community's whole
    area."""
    return await _listing(
        request, conn, viewer, settings, "communities", at, start, to, f, community_id=community_id
    )
