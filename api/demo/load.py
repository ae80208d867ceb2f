"""Writing the district: COPY into the tables, and set-based SQL for what PostGIS derives.

Ids are given explicitly (the record tables are empty when the demo loads), so
rows can refer to each other; the identity sequences are moved past them at the
end. A violation's grid cell, compound and community are derived in one
statement by the rule of api/db/locate.py; a sweep's footprint (a GPS track
widened by its sight radius in metres, or a drawn area) is clipped to the
compound holding its largest part.
"""

import json
from datetime import date, datetime

from psycopg import Connection, sql

RECORD_TABLES = (
    "community",
    "compound",
    "grid_cell",
    "household",
    "violation",
    "violation_event",
    "sweep",
)
EXPLICIT_IDS = ("community", "compound", "grid_cell", "household", "violation", "sweep")

LOCATE_ALL = """
WITH by_cell AS (
    SELECT s.id, g.id AS grid_id, g.compound_id, g.community_id, 1 AS rank,
           ST_Area(ST_Intersection(g.geom, s.geom)::geography) AS overlap_m2
    FROM demo_violation s
    JOIN grid_cell g ON g.deleted_at IS NULL AND ST_Intersects(g.geom, s.geom)
), by_compound AS (
    SELECT s.id, NULL::bigint AS grid_id, c.id AS compound_id, c.community_id, 2 AS rank,
           ST_Area(ST_Intersection(c.geom, s.geom)::geography) AS overlap_m2
    FROM demo_violation s
    JOIN compound c ON c.deleted_at IS NULL AND ST_Intersects(c.geom, s.geom)
    WHERE NOT EXISTS (SELECT 1 FROM by_cell b WHERE b.id = s.id AND b.overlap_m2 > 0)
), located AS (
    -- the same candidates and order as LOCATE_SQL, for every staged footprint at once
    SELECT DISTINCT ON (id) id, grid_id, compound_id, community_id
    FROM (SELECT * FROM by_cell UNION ALL SELECT * FROM by_compound) AS candidates
    WHERE overlap_m2 > 0
    ORDER BY id, rank, overlap_m2 DESC, compound_id, grid_id
)
INSERT INTO violation (id, geom, grid_id, compound_id, community_id, {columns})
SELECT s.id, s.geom, l.grid_id, l.compound_id, l.community_id, {staged}
FROM demo_violation s JOIN located l USING (id)
ORDER BY s.id
"""

CLIP_SWEEPS = """
WITH raw AS (
    SELECT s.*, coalesce(s.drawn, ST_ReducePrecision(
               ST_Buffer(s.track::geography, s.sight_radius_m)::geometry, 1e-7)) AS area
    FROM demo_sweep s
), candidates AS (
    SELECT r.id, r.area, c.id AS compound_id, c.community_id, c.geom AS outline,
           count(*) OVER (PARTITION BY r.id) AS n
    FROM raw r JOIN compound c ON c.deleted_at IS NULL AND ST_Intersects(c.geom, r.area)
), holder AS (
    -- the compound holding the largest part (measured only where there is a choice)
    SELECT DISTINCT ON (id) id, compound_id, community_id, outline
    FROM candidates
    ORDER BY id, CASE WHEN n > 1 THEN ST_Area(ST_Intersection(outline, area)::geography) END
             DESC NULLS LAST, compound_id
), clipped AS (
    SELECT r.*, h.compound_id, h.community_id,
           ST_Multi(ST_CollectionExtract(ST_Intersection(r.area, h.outline), 3)) AS clip
    FROM raw r JOIN holder h USING (id)
), clipped_valid AS (
    SELECT c.*, CASE WHEN ST_IsValid(clip) THEN clip
                     ELSE ST_Multi(ST_CollectionExtract(ST_MakeValid(clip), 3)) END AS footprint
    FROM clipped c
)
INSERT INTO sweep (id, team, inspectors, started_at, ended_at, geom, track, sight_radius_m,
                   compound_id, community_id, created_at, updated_at)
SELECT id, team, inspectors, started_at, ended_at, footprint, track, sight_radius_m,
       compound_id, community_id, created_at, created_at
FROM clipped_valid
WHERE NOT ST_IsEmpty(footprint)
ORDER BY id
"""


def has_district(conn: Connection) -> int:
    """How many communities the database holds (deleted ones included)."""
    row = conn.execute("SELECT count(*) FROM community").fetchone()
    return row[0] if row else 0


APPEND_ONLY = ("violation_event", "complaint_event")


def empty_records(conn: Connection) -> None:
    """Empty the record tables and restart their ids (inside the caller's transaction)."""
    # The histories (violation_event, complaint_event, which CASCADE reaches) are
    # append-only: their triggers refuse UPDATE, DELETE and TRUNCATE. Rebuilding the demo
    # district is the one sanctioned exception: the triggers are switched off for this
    # TRUNCATE only, and on again in the same transaction.
    for table in APPEND_ONLY:
        conn.execute(sql.SQL("ALTER TABLE {} DISABLE TRIGGER USER").format(sql.Identifier(table)))
    conn.execute(
        sql.SQL("TRUNCATE {} RESTART IDENTITY CASCADE").format(
            sql.SQL(", ").join(map(sql.Identifier, RECORD_TABLES))
        )
    )
    for table in APPEND_ONLY:
        conn.execute(sql.SQL("ALTER TABLE {} ENABLE TRIGGER USER").format(sql.Identifier(table)))
    conn.execute("TRUNCATE grid_stat_dirty")  # grid_stat went with grid_cell (CASCADE)


def copy_rows(conn: Connection, table: str, columns: list[str], rows) -> int:
    query = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(table), sql.SQL(", ").join(map(sql.Identifier, columns))
    )
    n = 0
    with conn.cursor() as cur, cur.copy(query) as copy:
        for row in rows:
            copy.write_row(row)
            n += 1
    return n


def insert_violations(conn: Connection, columns: list[str], rows) -> int:
    """Stage the violations, then insert them located by the grid-cell rule."""
    conn.execute(
        "CREATE TEMP TABLE demo_violation ON COMMIT DROP AS SELECT * FROM violation WITH NO DATA"
    )
    staged = copy_rows(conn, "demo_violation", ["id", "geom", *columns], rows)
    conn.execute("ANALYZE demo_violation")
    names = sql.SQL(", ").join(map(sql.Identifier, columns))
    prefixed = sql.SQL(", ").join(sql.Identifier("s", c) for c in columns)
    query = sql.SQL(LOCATE_ALL).format(columns=names, staged=prefixed)
    inserted = conn.execute(query).rowcount
    if inserted != staged:
        raise RuntimeError(f"{staged - inserted} demo violations lie outside every compound")
    return inserted


def locations(conn: Connection) -> dict[int, tuple]:
    rows = conn.execute("SELECT id, grid_id, compound_id, community_id FROM violation")
    return {r[0]: r[1:] for r in rows}


def insert_sweeps(conn: Connection, rows) -> int:
    conn.execute("""
        CREATE TEMP TABLE demo_sweep (
            id bigint, team text, inspectors text[], started_at timestamptz,
            ended_at timestamptz, drawn geometry(Polygon, 4326),
            track geometry(LineString, 4326), sight_radius_m double precision,
            created_at timestamptz
        ) ON COMMIT DROP""")
    copy_rows(
        conn,
        "demo_sweep",
        [
            "id",
            "team",
            "inspectors",
            "started_at",
            "ended_at",
            "drawn",
            "track",
            "sight_radius_m",
            "created_at",
        ],
        rows,
    )
    conn.execute("ANALYZE demo_sweep")
    return conn.execute(CLIP_SWEEPS).rowcount


def analyze(conn: Connection, table: str) -> None:
    """Fresh planner statistics for a table just filled.

    Without them the planner takes the table for empty: the location join and the
    foreign-key checks of the next table would scan it once per row.
    """
    conn.execute(sql.SQL("ANALYZE {}").format(sql.Identifier(table)))


def finish(conn: Connection) -> None:
    """Move the identity sequences past the ids given explicitly."""
    for table in EXPLICIT_IDS:
        conn.execute(
            sql.SQL(
                "SELECT setval(pg_get_serial_sequence({t}, 'id'), "
                "coalesce((SELECT max(id) FROM {i}), 0) + 1, false)"
            ).format(t=sql.Literal(table), i=sql.Identifier(table))
        )


def _json_value(value):
    if isinstance(value, date | datetime):
        return value.isoformat()
    raise TypeError(f"not JSON: {value!r}")


def as_json(diff: dict) -> str:
    return json.dumps(diff, ensure_ascii=False, default=_json_value)
