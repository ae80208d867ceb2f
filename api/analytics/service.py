"""Reading the statistics: the period asked for, the rows, scoped to the principal."""

import json
from datetime import date, datetime, time, timedelta
from typing import Any

from psycopg import AsyncConnection

from api.analytics import maintained
from api.analytics.queries import ROWS
from api.auth.principal import Principal
from api.db.sqlfiles import load
from api.errors import NotFound, Unprocessable
from api.settings import Settings
from api.vocabulary import STANDING
from spatial.analytics import GAP_SLIVER_M2, Period, stats_params


def instant(value: str | None, name: str, settings: Settings, end_of_day: bool) -> datetime | None:
    """A moment from a date (campaign time zone) or an ISO date-time; None stays None.
    A date given for `at` means the end of that day; for `from` and `to` its start."""
    if value is None:
        return None
    try:
        if len(value) == 10:
            day = date.fromisoformat(value)
            moment = datetime.combine(day, time(), settings.zone)
            return moment + timedelta(days=1, microseconds=-1) if end_of_day else moment
        moment = datetime.fromisoformat(value)
    except ValueError as exc:
        raise Unprocessable(
            f"{name}={value!r} is neither a date (YYYY-MM-DD) nor a date-time "
            "(YYYY-MM-DDTHH:MM[:SS][+08:00])"
        ) from exc
    return moment if moment.tzinfo else moment.replace(tzinfo=settings.zone)


def period(settings: Settings, at: str | None, start: str | None, end: str | None) -> Period:
    chosen = Period(
        at=instant(at, "at", settings, end_of_day=True),
        start=instant(start, "from", settings, end_of_day=False),
        end=instant(end, "to", settings, end_of_day=False),
    )
    if chosen.start and chosen.end and chosen.start >= chosen.end:
        raise Unprocessable(f"from ({start}) must be before to ({end}): the period is [from, to)")
    return chosen


def describe(chosen: Period) -> dict[str, Any]:
    return {
        "at": chosen.at.isoformat() if chosen.at else None,
        "from": chosen.start.isoformat() if chosen.start else None,
        "to": chosen.end.isoformat() if chosen.end else None,
    }


async def rows(
    conn: AsyncConnection,
    level: str,
    chosen: Period,
    viewer: Principal,
    *,
    grid_id: int | None = None,
    compound_id: int | None = None,
    community_id: int | None = None,
    geometry: bool = False,
) -> list[tuple[dict[str, Any], Any]]:
    """(figures, geometry) per grid cell, compound or community, within the viewer's scope."""
    params = {
        **stats_params(chosen, STANDING),
        "grid_id": grid_id,
        "compound_id": compound_id,
        "community_id": community_id,
        "scope": list(viewer.communities) if viewer.communities is not None else None,
        "geometry": geometry,
    }
    if chosen == maintained.NOW_OVER_ALL_TIME:
        await maintained.refresh(conn)
        source = "maintained"
    else:
        source = "live"
    cur = await conn.execute(ROWS[(level, source)], params)
    return [(row, geometry) for row, geometry in await cur.fetchall()]


async def grid_stats(
    conn: AsyncConnection, grid_id: int, chosen: Period, viewer: Principal
) -> dict[str, Any]:
    found = await rows(conn, "grids", chosen, viewer, grid_id=grid_id)
    if not found:
        raise NotFound(f"there is no grid cell {grid_id}")
    return found[0][0]


async def grid_gaps(
    conn: AsyncConnection, grid_id: int, chosen: Period, viewer: Principal
) -> dict[str, Any]:
    """The unswept part of a cell as a GeoJSON Feature (geometry null when fully swept)."""
    stats = await grid_stats(conn, grid_id, chosen, viewer)  # also checks the scope
    geometry, gap_m2 = await gaps(conn, grid_id, chosen)
    return {
        "type": "Feature",
        "id": grid_id,
        "geometry": geometry,
        "properties": {
            "grid_id": grid_id,
            "gap_m2": round(gap_m2, 2),
            "area_m2": stats["area_m2"],
            "coverage_ratio": stats["coverage_ratio"],
            "sliver_m2_dropped_below": GAP_SLIVER_M2,
            **describe(chosen),
        },
    }


async def gaps(conn: AsyncConnection, grid_id: int, chosen: Period) -> tuple[Any, float]:
    """(GeoJSON MultiPolygon or None, its area in m²) of the unswept part of a cell."""
    cur = await conn.execute(
        load("grid_gaps"), {**chosen.params(), "grid_id": grid_id, "sliver": GAP_SLIVER_M2}
    )
    row = await cur.fetchone()
    if row is None:
        return None, 0.0
    return row[0], float(row[1])


def feature_collection(found: list[tuple[dict[str, Any], Any]], level: str, chosen: Period) -> str:
    key = {"grids": "grid_id", "compounds": "compound_id", "communities": "community_id"}[level]
    features = [
        {"type": "Feature", "id": row[key], "geometry": geometry, "properties": row}
        for row, geometry in found
    ]
    return json.dumps(
        {"type": "FeatureCollection", **describe(chosen), "features": features},
        ensure_ascii=False,
        default=str,
    )
