"""Complaints follow the places they lie in: when a community or compound is drawn or
redrawn, every live complaint whose point lies in the changed area gets its community
and compound worked out again (the intake's rule, `place_query`), with an `updated`
event saying what moved. A change that would leave a complaint outside every community
is refused, as for violations (api/db/locate.py)."""

from psycopg import AsyncConnection

from api.complaints.tables import place_query
from api.errors import Conflict

_LOCATED = f"""
SELECT r.id, r.community_id AS old_community_id, r.compound_id AS old_compound_id,
       p.community_id, p.compound_id
FROM complaint r
LEFT JOIN LATERAL ({place_query("r.geom")}) p ON true
WHERE r.deleted_at IS NULL AND r.geom IS NOT NULL AND ST_Intersects(r.geom, %(area)s::geometry)
"""

ORPHANS_SQL = f"SELECT array_agg(id ORDER BY id) FROM ({_LOCATED}) x WHERE community_id IS NULL"

RELOCATE_SQL = f"""
WITH located AS ({_LOCATED}),
moved AS (
    UPDATE complaint c
    SET community_id = l.community_id, compound_id = l.compound_id,
        version = c.version + 1, updated_at = now()
    FROM located l
    WHERE c.id = l.id AND l.community_id IS NOT NULL
      AND (l.old_community_id, l.old_compound_id)
          IS DISTINCT FROM (l.community_id, l.compound_id)
    RETURNING l.*
)
INSERT INTO complaint_event (complaint_id, actor, kind, reason, diff, request_id)
SELECT id, %(actor)s, 'updated', %(reason)s,
       jsonb_strip_nulls(jsonb_build_object(
           'community_id', CASE WHEN old_community_id IS DISTINCT FROM community_id
                                THEN jsonb_build_array(old_community_id, community_id) END,
           'compound_id', CASE WHEN old_compound_id IS DISTINCT FROM compound_id
                               THEN jsonb_build_array(old_compound_id, compound_id) END)),
       %(request_id)s
FROM moved
"""


async def relocate_complaints(
    conn: AsyncConnection, area_ewkb: str, actor: str, reason: str, request_id: str | None
) -> None:
    """Place again the live complaints in `area` (hex EWKB); run inside the change's
    transaction, after the places were written."""
    cur = await conn.execute(ORPHANS_SQL, {"area": area_ewkb})
    row = await cur.fetchone()
    if row and row[0]:
        shown = ", ".join(str(i) for i in row[0][:20])
        raise Conflict(
            f"this change would leave {len(row[0])} complaint(s) outside every community "
            f"({shown}); draw the place so that it still covers them",
            orphans={"complaint": row[0]},
        )
    await conn.execute(
        RELOCATE_SQL,
        {"area": area_ewkb, "actor": actor, "reason": reason, "request_id": request_id},
    )
