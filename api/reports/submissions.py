"""Submitting a month's report (上报) and comparing it with the figures now.

A community's inspector (or the street office) submits a month once it is over: the
figures computed at that moment are frozen in `monthly_report`, so later edits do not
change what was reported. A month already submitted is submitted again only by the
street office, with a reason; the new row supersedes the old one, which is kept (the
table is append-only). The comparison lays the frozen figures beside the same figures
recomputed now, field by field: a quiet edit of the past (瞒报) shows as a difference.
"""

import json
from datetime import datetime
from typing import Any

from psycopg import AsyncConnection, errors

from api.auth.principal import Actor, Principal, Role
from api.errors import Conflict, NotFound, Unprocessable
from api.reports import figures, monthly
from api.reports.months import Month
from api.settings import Settings

SUBMISSION_JSON = """json_build_object(
    'id', r.id, 'community_id', r.community_id, 'code', c.code, 'name', c.name,
    'month', to_char(r.month, 'YYYY-MM'), 'as_of', r.as_of,
    'submitted_by', r.submitted_by, 'submitted_at', r.submitted_at, 'reason', r.reason,
    'supersedes', r.supersedes, 'superseded_by', n.id, 'superseded_at', n.submitted_at,
    'current', n.id IS NULL, 'rules', r.rules, 'figures', r.figures)"""

SUBMISSIONS_FROM = """
FROM monthly_report r
JOIN community c ON c.id = r.community_id
LEFT JOIN monthly_report n ON n.supersedes = r.id
WHERE r.month = %(month)s
  AND (%(community_id)s::bigint IS NULL OR r.community_id = %(community_id)s)
  AND (%(scope)s::bigint[] IS NULL OR r.community_id = ANY(%(scope)s))
"""

LIST_SQL = f"SELECT {SUBMISSION_JSON} {SUBMISSIONS_FROM} ORDER BY c.code, r.community_id, r.id"
CURRENT_SQL = f"SELECT {SUBMISSION_JSON} {SUBMISSIONS_FROM} AND n.id IS NULL"

INSERT_SQL = """
INSERT INTO monthly_report
    (community_id, month, figures, rules, as_of, submitted_by, reason, supersedes, request_id,
     chain_heads)
VALUES (%(community_id)s, %(month)s, %(figures)s::jsonb, %(rules)s::jsonb, %(as_of)s,
        %(actor)s, %(reason)s, %(supersedes)s, %(request_id)s, weijian_chain_heads())
RETURNING id
"""


def _params(month: Month, viewer: Principal, community_id: int | None) -> dict[str, Any]:
    return {
        "month": month.first_day,
        "community_id": community_id,
        "scope": list(viewer.communities) if viewer.communities is not None else None,
    }


async def listing(
    conn: AsyncConnection, month: Month, viewer: Principal, community_id: int | None
) -> list[dict[str, Any]]:
    """Every submission of the month (superseded ones too), by community, oldest first."""
    if community_id is not None and not viewer.in_scope(community_id):
        raise NotFound(f"there is no community {community_id}")
    cur = await conn.execute(LIST_SQL, _params(month, viewer, community_id))
    return [row[0] for row in await cur.fetchall()]


async def current(
    conn: AsyncConnection, month: Month, viewer: Principal, community_id: int
) -> dict[str, Any] | None:
    """The submission that stands (the latest), or None."""
    cur = await conn.execute(CURRENT_SQL, _params(month, viewer, community_id))
    row = await cur.fetchone()
    return dict(row[0]) if row else None


def _resubmission(actor: Actor, previous: dict[str, Any], reason: str | None) -> None:
    when = str(previous["submitted_at"])[:16].replace("T", " ")
    already = f"{previous['month']} was already submitted by {previous['submitted_by']} on {when}"
    if actor.principal.role is not Role.ADMIN:
        raise Conflict(
            f"{already}: a submitted month stays as it was reported; to correct it, ask the "
            "street office, which may submit it again with a reason",
            current_submission=previous["id"],
        )
    if not (reason and reason.strip()):
        raise Unprocessable(f"{already}: say why it is submitted again (reason)")


async def submit(
    conn: AsyncConnection,
    settings: Settings,
    actor: Actor,
    month: Month,
    now: datetime,
    community_id: int,
    reason: str | None,
) -> dict[str, Any]:
    """Freeze the community's figures for an ended month, as computed now."""
    viewer = actor.principal
    async with conn.transaction():
        rows = await monthly.community_rows(conn, settings, month, now, viewer, community_id)
        previous = await current(conn, month, viewer, community_id)
        if previous is not None:
            _resubmission(actor, previous, reason)
        try:
            cur = await conn.execute(
                INSERT_SQL,
                {
                    "community_id": community_id,
                    "month": month.first_day,
                    "figures": json.dumps(figures.nest(rows[0]["figures"])),
                    "rules": json.dumps(monthly.rules(settings)),
                    "as_of": month.end,
                    "actor": actor.username,
                    "reason": reason,
                    "supersedes": previous["id"] if previous else None,
                    "request_id": actor.request_id,
                },
            )
        except errors.UniqueViolation as exc:
            raise Conflict(
                f"{month.label} of community {community_id} was submitted by someone else "
                "meanwhile: list the submissions and decide again"
            ) from exc
        row = await cur.fetchone()
        assert row is not None
        submitted = await current(conn, month, viewer, community_id)
    assert submitted is not None and submitted["id"] == row[0]
    return submitted


def _difference(kind: str, frozen: Any, now: Any) -> Any:
    if frozen is None or now is None:
        return None
    if kind == "count":
        return int(now) - int(frozen)
    return round(float(now) - float(frozen), 2 if kind == "area" else 1)


async def compare(
    conn: AsyncConnection,
    settings: Settings,
    month: Month,
    now: datetime,
    viewer: Principal,
    community_id: int,
) -> dict[str, Any]:
    """The current submission's figures beside the same figures recomputed now."""
    rows = await monthly.community_rows(conn, settings, month, now, viewer, community_id)
    submission = await current(conn, month, viewer, community_id)
    if submission is None:
        raise NotFound(f"community {community_id} has not submitted {month.label}")
    frozen = figures.flatten(submission.pop("figures"))
    recomputed = rows[0]["figures"]
    fields = []
    for figure in figures.FIELDS:
        before, after = frozen.get(figure.key), recomputed.get(figure.key)
        fields.append(
            {
                "field": figure.key,
                "label": figure.label,
                "submitted": before,
                "now": after,
                "difference": _difference(figure.kind, before, after),
                "changed": figure.key in frozen and before != after,
            }
        )
    return {
        "month": month.label,
        "community_id": community_id,
        "code": rows[0]["code"],
        "name": rows[0]["name"],
        "submission": submission,
        "recomputed_at": now.isoformat(),
        "rules_now": monthly.rules(settings),
        "changed": [f["field"] for f in fields if f["changed"]],
        "fields": fields,
    }
