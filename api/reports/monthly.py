"""The monthly report's figures, from one query that replays the violation history.

"As recorded at month end" (the month's exclusive end, campaign time zone):

- A violation exists at month end when its history carries a status before then (its
  'created' event); it is left out of every figure of the month when the last such
  event before month end is its deletion — deleted by then means registered by
  mistake. Deleted later, it still counts.
- Its status is the last status its history carries before month end — as the grid
  analytics replay it (spatial/analytics.py), so a status changed in the table
  without an event does not rewrite the past.
- Its other fields (community, compound, ledger category, found date, floor area, plan
  deadline, stop date, footprint) are the current record with every change recorded
  at or after month end undone: the first later change of a field holds, in its diff,
  the value before it. A change made without an event cannot be undone and so shows
  in every month: exactly what comparing with a submitted snapshot brings to light.
- A compound's deadline has no history: its current value is used. A violation found
  after it (a late find) has, without a plan deadline, its found date plus
  WEIJIAN_LATE_FIND_DAYS (api/campaign/deadlines.py).

"In the month" means the event (the 'created' event; the move into demolished,
rectified or dismissed; the write-off's approval) lies in [month start, month end).
So re-running a past month gives the same figures whatever was recorded since.
"""

from datetime import datetime
from typing import Any

from psycopg import AsyncConnection

from api.auth.principal import Principal
from api.campaign.deadlines import deadline_sql
from api.campaign.lifecycle import STANDING
from api.errors import NotFound
from api.reports import figures
from api.reports.months import Month
from api.settings import Settings

# Fields rolled back from the current record (name → SQL type).
ROLLED_BACK = {
    "community_id": "bigint",
    "compound_id": "bigint",
    "ledger": "text",
    "found_date": "date",
    "floor_area_m2": "numeric",
    "plan_deadline": "date",
    "stopped_on": "date",
}


def _as_recorded(field: str, sql_type: str) -> str:
    return (
        f"CASE WHEN u.old ? '{field}' THEN (u.old ->> '{field}')::{sql_type} "
        f"ELSE v.{field} END AS {field}"
    )


def _per_ledger(period: str, condition: str) -> dict[str, str]:
    where = f"{condition} AND " if condition else ""
    found = {
        f"found.{period}.{ledger}": f"count(*) FILTER (WHERE {where}ledger = '{ledger}')"
        for ledger in figures.LEDGERS
    }
    found[f"found.{period}.total"] = f"count(*) FILTER (WHERE {condition or 'true'})"
    return found


def _area(column: str, condition: str) -> str:
    return f"round(COALESCE(sum({column}) FILTER (WHERE {condition}), 0)::numeric, 2)"


DEMOLISHED_MONTH = "outcome = 'demolished' AND settled_in_month"
# Each figure as an aggregate over `counted` (one row per violation).
AGGREGATES: dict[str, str] = {
    **_per_ledger("month", "found_in_month"),
    **_per_ledger("cumulative", ""),
    "dealt.month.demolished": f"count(*) FILTER (WHERE {DEMOLISHED_MONTH})",
    "dealt.month.rectified": "count(*) FILTER (WHERE outcome = 'rectified' AND settled_in_month)",
    "dealt.month.total": "count(*) FILTER (WHERE outcome IN ('demolished', 'rectified') "
    "AND settled_in_month)",
    "dealt.cumulative.demolished": "count(*) FILTER (WHERE outcome = 'demolished')",
    "dealt.cumulative.rectified": "count(*) FILTER (WHERE outcome = 'rectified')",
    "dealt.cumulative.total": "count(*) FILTER (WHERE status IN "
    "('demolished', 'rectified', 'written_off'))",
    "demolitions.month.count": f"count(*) FILTER (WHERE {DEMOLISHED_MONTH})",
    "demolitions.month.footprint_m2": _area("footprint_m2", DEMOLISHED_MONTH),
    "demolitions.month.floor_area_m2": _area("floor_area_m2", DEMOLISHED_MONTH),
    "demolitions.cumulative.count": "count(*) FILTER (WHERE outcome = 'demolished')",
    "demolitions.cumulative.footprint_m2": _area("footprint_m2", "outcome = 'demolished'"),
    "demolitions.cumulative.floor_area_m2": _area("floor_area_m2", "outcome = 'demolished'"),
    "dismissed.month": "count(*) FILTER (WHERE outcome = 'dismissed' AND settled_in_month)",
    "dismissed.cumulative": "count(*) FILTER (WHERE outcome = 'dismissed')",
    "written_off.month": "count(*) FILTER (WHERE status = 'written_off' AND written_off_in_month)",
    "written_off.cumulative": "count(*) FILTER (WHERE status = 'written_off')",
    "standing": "count(*) FILTER (WHERE status = ANY(%(standing)s))",
    "overdue": "count(*) FILTER (WHERE overdue)",
    "stop_overdue": "count(*) FILTER (WHERE stop_overdue)",
}
assert set(AGGREGATES) == set(figures.SUMMED), "every summed figure has its aggregate"

_AS_RECORDED = ",\n           ".join(_as_recorded(f, t) for f, t in ROLLED_BACK.items())
_AGGREGATES = ",\n           ".join(f'{sql} AS "{key}"' for key, sql in AGGREGATES.items())

# The deadline as recorded: the plan's, else the compound's, else for a late find its
# found date plus WEIJIAN_LATE_FIND_DAYS (api/campaign/deadlines.py).
_DEADLINE = deadline_sql("s.plan_deadline", "k.deadline", "s.found_date", "%(late_days)s::int")

MONTHLY_SQL = f"""
WITH
-- The last status each violation's history carries before month end. None: not
-- recorded yet; a deletion: deleted by then. Both are left out below.
last_status AS (
    SELECT DISTINCT ON (e.violation_id) e.violation_id AS id, e.kind, e.to_status AS status
    FROM violation_event e
    WHERE e.to_status IS NOT NULL AND e.at < %(end)s
    ORDER BY e.violation_id, e.at DESC, e.id DESC
),
-- When each was registered ('created', else its first event), and its latest moves
-- into a settled state before month end.
moves AS (
    SELECT e.violation_id AS id,
           COALESCE(min(e.at) FILTER (WHERE e.kind = 'created'), min(e.at)) AS registered_at,
           max(e.at) FILTER (WHERE e.to_status = 'demolished') AS demolished_at,
           max(e.at) FILTER (WHERE e.to_status = 'rectified') AS rectified_at,
           max(e.at) FILTER (WHERE e.to_status = 'dismissed') AS dismissed_at,
           max(e.at) FILTER (WHERE e.to_status = 'written_off') AS written_off_at,
           (array_agg(e.from_status ORDER BY e.at DESC, e.id DESC)
               FILTER (WHERE e.to_status = 'written_off'))[1] AS written_off_from
    FROM violation_event e
    WHERE e.at < %(end)s AND e.kind <> 'deleted'
    GROUP BY e.violation_id
),
-- The first change of each field at or after month end: its old value was the value.
later_changes AS (
    SELECT DISTINCT ON (e.violation_id, d.key) e.violation_id AS id, d.key, d.value -> 0 AS old
    FROM violation_event e CROSS JOIN LATERAL jsonb_each(e.diff) d
    WHERE e.at >= %(end)s AND e.diff ?| %(rolled_back)s AND d.key = ANY(%(rolled_back)s)
    ORDER BY e.violation_id, d.key, e.at, e.id
),
undone AS (
    SELECT id, jsonb_object_agg(key, old) AS old FROM later_changes GROUP BY id
),
-- Each violation as recorded at month end.
at_end AS (
    SELECT v.id, s.status, m.registered_at, m.demolished_at, m.rectified_at,
           m.dismissed_at, m.written_off_at, m.written_off_from,
           {_AS_RECORDED},
           CASE WHEN u.old ? 'geom'
                THEN ST_Area(ST_SetSRID(ST_GeomFromGeoJSON(u.old ->> 'geom'), 4326)::geography)
                ELSE v.mapped_area_m2 END AS footprint_m2
    FROM last_status s
    JOIN violation v ON v.id = s.id
    JOIN moves m ON m.id = s.id
    LEFT JOIN undone u ON u.id = s.id
    WHERE s.kind <> 'deleted'
),
-- How each was settled: demolished, rectified or dismissed (a written-off one by what
-- it was before the write-off), and when.
settled AS (
    SELECT a.*, o.outcome,
           CASE o.outcome WHEN 'demolished' THEN a.demolished_at
                          WHEN 'rectified' THEN a.rectified_at
                          WHEN 'dismissed' THEN a.dismissed_at END AS settled_at
    FROM at_end a
    CROSS JOIN LATERAL (
        SELECT CASE WHEN a.status IN ('demolished', 'rectified', 'dismissed') THEN a.status
                    WHEN a.status = 'written_off'
                         AND a.written_off_from IN ('demolished', 'rectified')
                    THEN a.written_off_from END AS outcome
    ) o
),
-- What each counts for in the month.
counted AS (
    SELECT s.community_id, s.ledger, s.status, s.outcome, s.footprint_m2, s.floor_area_m2,
           s.registered_at >= %(start)s AS found_in_month,
           COALESCE(s.settled_at >= %(start)s, false) AS settled_in_month,
           COALESCE(s.written_off_at >= %(start)s, false) AS written_off_in_month,
           COALESCE(s.status = ANY(%(standing)s)
                    AND {_DEADLINE} < %(as_of_day)s, false) AS overdue,
           COALESCE(s.ledger = 'new' AND s.status <> 'dismissed' AND CASE
               WHEN s.stopped_on IS NULL
               THEN s.status = ANY(%(standing)s)
                    AND s.found_date + %(new_days)s::int < %(as_of_day)s
               ELSE s.stopped_on > s.found_date + %(new_days)s::int END, false) AS stop_overdue
    FROM settled s
    LEFT JOIN compound k ON k.id = s.compound_id
),
per_community AS (
    SELECT community_id,
           {_AGGREGATES}
    FROM counted
    GROUP BY community_id
)
-- Every community not deleted before month end, in the scope asked for.
SELECT c.id, c.code, c.name, to_jsonb(f) - 'community_id' AS figures
FROM community c
LEFT JOIN per_community f ON f.community_id = c.id
WHERE (c.deleted_at IS NULL OR c.deleted_at >= %(end)s)
  AND (%(community_id)s::bigint IS NULL OR c.id = %(community_id)s)
  AND (%(scope)s::bigint[] IS NULL OR c.id = ANY(%(scope)s))
ORDER BY c.code, c.id
"""


def rules(settings: Settings) -> dict[str, Any]:
    """The settings the figures depend on, kept beside them."""
    return {
        "tz": settings.tz,
        "new_construction_days": settings.new_construction_days,
        "late_find_days": settings.late_find_days,
    }


async def community_rows(
    conn: AsyncConnection,
    settings: Settings,
    month: Month,
    now: datetime,
    viewer: Principal,
    community_id: int | None = None,
) -> list[dict[str, Any]]:
    """[{community_id, code, name, figures (flat)}] for the month, as recorded at its end
    (at `now` for the running month), for the communities the viewer may see."""
    if community_id is not None and not viewer.in_scope(community_id):
        raise NotFound(f"there is no community {community_id}")
    params = {
        "start": month.start,
        "end": month.as_of(now),
        "as_of_day": month.as_of_day(now),
        "new_days": settings.new_construction_days,
        "late_days": settings.late_find_days,
        "standing": list(STANDING),
        "rolled_back": [*ROLLED_BACK, "geom"],
        "community_id": community_id,
        "scope": list(viewer.communities) if viewer.communities is not None else None,
    }
    async with conn.transaction():
        # Compiling the many aggregates (JIT) costs more than running them.
        await conn.execute("SET LOCAL jit = off")
        cur = await conn.execute(MONTHLY_SQL, params)
        found = await cur.fetchall()
    rows = [
        {"community_id": cid, "code": code, "name": name, "figures": figures.complete(flat or {})}
        for cid, code, name, flat in found
    ]
    if community_id is not None and not rows:
        raise NotFound(f"there is no community {community_id}")
    return rows


async def report(
    conn: AsyncConnection,
    settings: Settings,
    month: Month,
    now: datetime,
    viewer: Principal,
    community_id: int | None = None,
) -> dict[str, Any]:
    """The monthly report: one entry per community and the total (合计) of those shown."""
    rows = await community_rows(conn, settings, month, now, viewer, community_id)
    return {
        "month": month.label,
        "generated_at": now.isoformat(),
        "as_of": month.as_of(now).isoformat(),
        "complete": month.ended(now),
        "rules": rules(settings),
        "communities": [
            {
                "community_id": row["community_id"],
                "code": row["code"],
                "name": row["name"],
                **figures.nest(row["figures"]),
            }
            for row in rows
        ],
        "total": figures.nest(figures.street_total([row["figures"] for row in rows])),
    }
