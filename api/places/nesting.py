"""Places nest: a grid cell lies inside its compound, a compound inside its community;
and they do not overlap: the cells of a compound, and compounds.

Checked whenever a place is drawn, redrawn or moved, with a small tolerance for
digitising slivers. Without it a footprint could be given to a cell that sticks
out of its compound, and the figures of a compound would not add up.
"""

from psycopg import AsyncConnection, sql

from api.errors import Conflict, Unprocessable

# child table -> (parent table, foreign key, child label, parent label)
NESTING = {
    "grid_cell": ("compound", "compound_id", "grid cell", "compound"),
    "compound": ("community", "community_id", "compound", "community"),
}
TOLERANCE_M2 = 1.0

_OUTSIDE = """
SELECT ch.id, round(ST_Area(ST_Difference(ch.geom, pa.geom)::geography)::numeric, 1)
FROM {child} ch JOIN {parent} pa ON pa.id = ch.{fk}
WHERE ch.deleted_at IS NULL AND {which}
  AND ST_Area(ST_Difference(ch.geom, pa.geom)::geography) > %(tolerance)s
ORDER BY ch.id
"""


async def _outside(conn: AsyncConnection, child: str, which: str, record_id: int) -> list[tuple]:
    parent, fk, _, _ = NESTING[child]
    query = sql.SQL(_OUTSIDE).format(
        child=sql.Identifier(child),
        parent=sql.Identifier(parent),
        fk=sql.Identifier(fk),
        which=sql.SQL(which),
    )
    cur = await conn.execute(query, {"id": record_id, "tolerance": TOLERANCE_M2})
    return list(await cur.fetchall())


# table -> (label, the condition that makes another row a sibling of `me`)
SIBLINGS = {
    "grid_cell": ("grid cell", "o.compound_id = me.compound_id"),
    "compound": ("compound", "true"),
}

_OVERLAP = """
SELECT o.id, round(ST_Area(ST_Intersection(o.geom, me.geom)::geography)::numeric, 1)
FROM {table} me JOIN {table} o ON o.id <> me.id AND {sibling}
WHERE me.id = %(id)s AND o.deleted_at IS NULL AND ST_Intersects(o.geom, me.geom)
  AND ST_Area(ST_Intersection(o.geom, me.geom)::geography) > %(tolerance)s
ORDER BY o.id LIMIT 5
"""


async def _check_overlaps(conn: AsyncConnection, table: str, record_id: int) -> None:
    if table not in SIBLINGS:
        return
    label, sibling = SIBLINGS[table]
    query = sql.SQL(_OVERLAP).format(table=sql.Identifier(table), sibling=sql.SQL(sibling))
    cur = await conn.execute(query, {"id": record_id, "tolerance": TOLERANCE_M2})
    rows = await cur.fetchall()
    if rows:
        listed = ", ".join(f"{label} {rid} by {m2} m²" for rid, m2 in rows)
        raise Unprocessable(
            f"the {label} overlaps {listed}; {label}s may not overlap (up to "
            f"{TOLERANCE_M2:g} m² is tolerated): redraw the shared boundary, shrinking one "
            "before growing the other"
        )


async def check_nesting(conn: AsyncConnection, table: str, record_id: int) -> None:
    """422 if this place sticks out of its parent or overlaps a sibling; 409 if its
    children stick out of it."""
    if table in NESTING:
        _, _, label, parent_label = NESTING[table]
        rows = await _outside(conn, table, "ch.id = %(id)s", record_id)
        if rows:
            raise Unprocessable(
                f"the {label} extends {rows[0][1]} m² outside its {parent_label}; draw it "
                f"inside the {parent_label} (up to {TOLERANCE_M2:g} m² is tolerated)"
            )
    await _check_overlaps(conn, table, record_id)
    for child, (parent, fk, label, _) in NESTING.items():
        if parent != table:
            continue
        rows = await _outside(conn, child, f"ch.{fk} = %(id)s", record_id)
        if rows:
            listed = ", ".join(f"{rid} ({m2} m²)" for rid, m2 in rows[:20])
            raise Conflict(
                f"this change would leave {len(rows)} {label}(s) sticking out of it: {listed}; "
                f"redraw them first"
            )
