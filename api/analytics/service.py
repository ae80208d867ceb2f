"""Reading the statistics: the period asked for, the rows, scoped to the principal."""

import json
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from psycopg import AsyncConnection

from api.analytics import maintained
from api.analytics.queries import ROWS
from api.auth.principal import Principal
from api.db.sqlfiles import load
from api.errors import BadRequest, NotFound
from api.inputguard import moment_fault
from api.settings import Settings
from api.vocabulary import STANDING
from spatial.analytics import GAP_SLIVER_M2, Period, stats_params


def instant(value: str | None, name: str, settings: Settings, end_of_day: bool) -> datetime | None:
    """A moment from a date (campaign time zone) or an ISO date-time; None stays None.
    A date given for `at` means the end of that day; for `from` and `to` its start.
    Years outside the campaign's plausible ones answer 400 (9999-12-31's end of day, or
    0001-01-01T00:00+14:00 in UTC, would overflow)."""
    if value is None:
        return None
    try:
        if len(value) == 10:
            moment = datetime.combine(date.fromisoformat(value), time(), settings.zone)
        else:
            moment = datetime.fromisoformat(value)
    except ValueError as exc:
        raise BadRequest(
            f"{name}={value!r} is neither a date (YYYY-MM-DD) nor a date-time "
            "(YYYY-MM-DDTHH:MM[:SS][+08:00])",
            parameter=name,
        ) from exc
    fault = moment_fault(moment)
    if fault:
        raise BadRequest(f"{name}: {fault}", parameter=name)
    if len(value) == 10:
        return moment + timedelta(days=1, microseconds=-1) if end_of_day else moment
    return moment if moment.tzinfo else moment.replace(tzinfo=settings.zone)


def period(settings: Settings, at: str | None, start: str | None, end: str | None) -> Period:
    chosen = Period(
        at=instant(at, "at", settings, end_of_day=True),
        start=instant(start, "from", settings, end_of_day=False),
        end=instant(end, "to", settings, end_of_day=False),
    )
    if chosen.start and chosen.end and chosen.start >= chosen.end:
        raise BadRequest(
            f"from ({start}) must be before to ({end}): the period is [from, to)",
            parameter="from",
        )
    return chosen


def describe(chosen: Period) -> dict[str, Any]:
    return {
        "at": chosen.at.isoformat() if chosen.at else None,
        "from": chosen.start.isoformat() if chosen.start else None,
        "to": chosen.end.isoformat() if chosen.end else None,
    }


@dataclass(frozen=True)
class Found:
    """(figures, geometry) per row; for maintained figures (now, over all time), when
    they were computed: the latest moment one of them was (None when computed afresh
    for this request)."""

    rows: list[tuple[dict[str, Any], Any]]
    maintained: bool
    computed_at: datetime | None

    def describe(self, chosen: Period) -> dict[str, Any]:
        """The period, and for maintained figures `computed_at`."""
        described = describe(chosen)
        if self.maintained:
            described["computed_at"] = self.computed_at.isoformat() if self.computed_at else None
        return described


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
) -> Found:
    """(figures, geometry) per grid cell, compound or community, within the viewer's scope.
    Reads only: the maintained figures are brought up to date by the writes."""
    params = {
        **stats_params(chosen, STANDING),
        "grid_id": grid_id,
        "compound_id": compound_id,
        "community_id": community_id,
        "scope": list(viewer.communities) if viewer.communities is not None else None,
        "geometry": geometry,
    }
    kept = chosen == maintained.NOW_OVER_ALL_TIME
    cur = await conn.execute(ROWS[(level, "maintained" if kept else "live")], params)
    found = await cur.fetchall()
    return Found(
        rows=[(row, geometry) for row, geometry, _ in found],
        maintained=kept,
        computed_at=found[0][2] if found else None,
    )


async def grid_stats(
    conn: AsyncConnection, grid_id: int, chosen: Period, viewer: Principal
) -> dict[str, Any]:
    """The cell's figures, with the period (and `computed_at` for maintained figures)."""
    found = await rows(conn, "grids", chosen, viewer, grid_id=grid_id)
    if not found.rows:
        raise NotFound(f"there is no grid cell {grid_id}")
    return {**found.rows[0][0], **found.describe(chosen)}


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


def feature_collection(found: Found, level: str, chosen: Period) -> str:
    key = {"grids": "grid_id", "compounds": "compound_id", "communities": "community_id"}[level]
    features = [
        {"type": "Feature", "id": row[key], "geometry": geometry, "properties": row}
        for row, geometry in found.rows
    ]
    return json.dumps(
        {"type": "FeatureCollection", **found.describe(chosen), "features": features},
        ensure_ascii=False,
        default=str,
    )
