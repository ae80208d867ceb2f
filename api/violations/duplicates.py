"""One structure registered twice: a footprint that overlaps a standing violation by
more than WEIJIAN_DUPLICATE_OVERLAP (80%) of the smaller of the two is refused (409,
naming the other record) unless the request confirms it (`confirm_overlap=true`); a
confirmed overlap is recorded in the violation's history.

Areas are geodesic (PostGIS `geography`, WGS84 ellipsoid): the shared area over the
smaller footprint's area. Violations no longer standing (demolished, rectified,
written off, dismissed) and deleted ones do not count: the ground may be built on again.
"""

from dataclasses import dataclass
from typing import Any

from psycopg import AsyncConnection

from api.auth.principal import Principal
from api.campaign.lifecycle import STANDING
from api.errors import Conflict

OVERLAP_SQL = """
WITH new AS (SELECT ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(%(geom)s), 4326)) AS g)
SELECT o.id, o.community_id, o.status, o.shared_m2, o.shared_m2 / o.smaller_m2 AS share
FROM (
    SELECT v.id, v.community_id, v.status,
           ST_Area(ST_Intersection(v.geom, new.g)::geography) AS shared_m2,
           least(ST_Area(v.geom::geography), ST_Area(new.g::geography)) AS smaller_m2
    FROM violation v, new
    WHERE v.deleted_at IS NULL AND v.status = ANY(%(standing)s)
      AND (%(self)s::bigint IS NULL OR v.id <> %(self)s)
      AND ST_Intersects(v.geom, new.g)
) o
WHERE o.smaller_m2 > 0 AND o.shared_m2 > %(share)s * o.smaller_m2
ORDER BY o.shared_m2 / o.smaller_m2 DESC, o.id
LIMIT 1
"""

CONFIRM = "confirm_overlap"
CONFIRM_DESCRIPTION = (
    "true: register the footprint even though it overlaps a standing violation by more "
    "than WEIJIAN_DUPLICATE_OVERLAP of the smaller one (otherwise 409 naming it): it is "
    "another structure. Recorded in the history (`overlap_confirmed`)."
)
# The history entry of a confirmed overlap: {"overlap_confirmed": [null, {violation_id,
# share, shared_m2}]} in the created or updated event's diff.
RECORDED = "overlap_confirmed"


@dataclass(frozen=True)
class Overlap:
    violation_id: int
    community_id: int
    status: str
    shared_m2: float
    share: float  # of the smaller footprint, 0..1

    def recorded(self) -> dict[str, Any]:
        """How a confirmed overlap is written into the history."""
        return {
            "violation_id": self.violation_id,
            "share": round(self.share, 4),
            "shared_m2": round(self.shared_m2, 2),
        }


async def worst_overlap(
    conn: AsyncConnection, geojson: str, share: float, self_id: int | None = None
) -> Overlap | None:
    """The standing violation (other than `self_id`) this footprint overlaps most, if by
    more than `share` of the smaller footprint."""
    cur = await conn.execute(
        OVERLAP_SQL,
        {"geom": geojson, "standing": list(STANDING), "self": self_id, "share": share},
    )
    row = await cur.fetchone()
    if row is None:
        return None
    return Overlap(int(row[0]), int(row[1]), row[2], float(row[3]), float(row[4]))


async def check_overlap(
    conn: AsyncConnection,
    geojson: str,
    share: float,
    viewer: Principal,
    confirmed: bool,
    self_id: int | None = None,
) -> Overlap | None:
    """None when the footprint overlaps no standing violation by more than `share`;
    the overlap when it does and the request confirmed it; else 409 naming the other
    violation (one of a community the viewer may not see is not named)."""
    overlap = await worst_overlap(conn, geojson, share, self_id)
    if overlap is None or confirmed:
        return overlap
    visible = viewer.in_scope(overlap.community_id)
    other = (
        f"violation {overlap.violation_id} ({overlap.status})"
        if visible
        else "a standing violation of another community"
    )
    raise Conflict(
        f"the footprint overlaps {other} by {overlap.share:.0%} of the smaller footprint "
        f"({overlap.shared_m2:.1f} m²; the limit is {share:.0%}): it is probably the same "
        "structure registered twice — check that one first; if this is another structure, "
        f"send the request again with ?{CONFIRM}=true, which is recorded in its history",
        overlaps={
            "violation_id": overlap.violation_id if visible else None,
            "share": round(overlap.share, 4),
            "shared_m2": round(overlap.shared_m2, 2),
            "limit": share,
        },
    )
