"""The monthly report's figures, from one query over the violations' versions.

"As recorded at month end" (the month's exclusive end, campaign time zone) is the
version of each violation valid just before then (violation_version, migration 0009):

- A violation exists at month end when its history carries a status before then (its
  'created' event); it is left out of every figure of the month when it was deleted
  by then — deleted by then means registered by mistake. Deleted later, it still counts.
- Its status is the last status its history carries before month end, and its other
  fields (community, compound, ledger category, found date, floor area, plan deadline,
  stop date, footprint) those it had then — the grid figures read the same versions
  (api/sql/cell_stats.sql). A version is the current record with every later change
  undone (each change's diff holds the value before it), so a change made in the table
  without an event cannot be undone and shows in every month: exactly what comparing
  with a submitted snapshot brings to light.
- A compound's deadline has no history: its current value is used. A violation found
  after it (a late find) has, without a plan deadline, its found date plus
  WEIJIAN_LATE_FIND_DAYS (api/campaign/deadlines.py).

"In the month" means the event (the 'created' event; the move into demolished,
rectified or dismissed; the write-off's approval) lies in [month start, month end).
So re-running a past month gives the same figures whatever was recorded since.
"""

import re
from datetime import datetime
from typing import Any

from psycopg import AsyncConnection

from api.auth.principal import Principal
from api.db.sqlfiles import load
from api.errors import NotFound
from api.reports import figures
from api.reports.months import Month
from api.settings import Settings
from api.vocabulary import DEALT_WITH, STANDING

# The query: api/sql/monthly_report.sql.
MONTHLY_SQL = load("monthly_report")
# The figures the query computes: the columns "group.period.item" of per_community.
AGGREGATES = tuple(re.findall(r'AS "([a-z_0-9.]+)"', MONTHLY_SQL))
assert set(AGGREGATES) == set(figures.SUMMED), "every summed figure has its aggregate"


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
        "dealt_with": list(DEALT_WITH),
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
