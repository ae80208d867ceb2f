"""Writing the district: COPY into the tables, and set-based SQL for what PostGIS derives.

Ids are given explicitly (the record tables are empty when the demo loads), so
rows can refer to each other; the identity sequences are moved past them at the
end. A violation's grid cell, compound and community are derived in one
statement by the rule of api/db/locate.py; a sweep's footprint (a GPS track
widened by its sight radius in metres, or a drawn area) is clipped to the
compound holding its largest part. A complaint's community and compound come from its
point, and a violation photo's distance to the footprint from its GPS position, as the
services derive them; photo files are stored by the photo service's own store.
"""

import json
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime

from psycopg import Connection, sql

from api.photos.storage import PhotoStore

RECORD_TABLES = (
    "community",
    "compound",
    "grid_cell",
    "household",
    "violation",
    "violation_event",
    "sweep",
    "write_off_request",
    "complaint",
    "complaint_event",
    "photo",
)
EXPLICIT_IDS = (
    "community",
    "compound",
    "grid_cell",
    "household",
    "violation",
    "sweep",
    "write_off_request",
    "complaint",
    "photo",
)

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


# A complaint's community and compound, by the rule of api/complaints/tables.PLACE_SQL.
PLACE_COMPLAINTS = """
INSERT INTO complaint (geom, community_id, compound_id, {columns})
SELECT p.geom, cm.id, (
           SELECT c.id FROM compound c
           WHERE c.community_id = cm.id AND c.deleted_at IS NULL AND ST_Intersects(c.geom, p.geom)
           ORDER BY c.id LIMIT 1), {staged}
FROM demo_complaint s
CROSS JOIN LATERAL (SELECT ST_SetSRID(ST_MakePoint(s.lon, s.lat), 4326) AS geom) p
LEFT JOIN LATERAL (
    SELECT cm.id FROM community cm
    WHERE cm.deleted_at IS NULL AND ST_Intersects(cm.geom, p.geom)
    ORDER BY cm.id LIMIT 1) cm ON true
ORDER BY s.id
"""

# The GPS point, and for a violation's photo its geodesic distance to the footprint,
# as api/photos/queries.INSERT makes them.
INSERT_PHOTOS = """
INSERT INTO photo (gps, gps_distance_m, {columns})
SELECT g.gps, CASE WHEN s.owner_type = 'violation'
                   THEN ST_Distance(g.gps::geography, v.geom::geography) END, {staged}
FROM demo_photo s
CROSS JOIN LATERAL (SELECT ST_SetSRID(ST_MakePoint(s.lon, s.lat), 4326) AS gps) g
LEFT JOIN violation v ON s.owner_type = 'violation' AND v.id = s.owner_id
ORDER BY s.id
"""


def has_district(conn: Connection) -> int:
    """How many communities the database holds (deleted ones included)."""
    row = conn.execute("SELECT count(*) FROM community").fetchone()
    return row[0] if row else 0


# Append-only tables (the histories, frozen reports) refuse TRUNCATE by a trigger calling
# weijian_append_only(). Those this TRUNCATE reaches — the record tables and, by CASCADE,
# every table referring to one of them — are looked up in the catalogue, so a new one
# cannot be missed.
APPEND_ONLY_SQL = """
WITH RECURSIVE reached(oid) AS (
    SELECT unnest(%(tables)s::regclass[])::oid
    UNION
    SELECT c.conrelid FROM pg_constraint c JOIN reached r ON c.confrelid = r.oid
    WHERE c.contype = 'f'
)
SELECT DISTINCT n.nspname, k.relname
FROM reached r
JOIN pg_trigger t ON t.tgrelid = r.oid AND NOT t.tgisinternal AND t.tgtype & 32 <> 0
JOIN pg_proc p ON p.oid = t.tgfoid AND p.proname = 'weijian_append_only'
JOIN pg_class k ON k.oid = r.oid
JOIN pg_namespace n ON n.oid = k.relnamespace
ORDER BY 1, 2
"""


def append_only(conn: Connection) -> list[sql.Identifier]:
    """The append-only tables emptying the records reaches (violation_event,
    complaint_event, monthly_report …)."""
    rows = conn.execute(APPEND_ONLY_SQL, {"tables": list(RECORD_TABLES)}).fetchall()
    return [sql.Identifier(schema, table) for schema, table in rows]


def empty_records(conn: Connection) -> None:
    """Empty the record tables and restart their ids (inside the caller's transaction)."""
    # The append-only tables' triggers refuse UPDATE, DELETE and TRUNCATE. Rebuilding the
    # demo district is the one sanctioned exception: the triggers are switched off for
    # this TRUNCATE only, and on again in the same transaction.
    guarded = append_only(conn)
    for table in guarded:
        conn.execute(sql.SQL("ALTER TABLE {} DISABLE TRIGGER USER").format(table))
    conn.execute(
        sql.SQL("TRUNCATE {} RESTART IDENTITY CASCADE").format(
            sql.SQL(", ").join(map(sql.Identifier, RECORD_TABLES))
        )
    )
    for table in guarded:
        conn.execute(sql.SQL("ALTER TABLE {} ENABLE TRIGGER USER").format(table))
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


def _staged_insert(
    conn: Connection, table: str, staged_columns: list[str], rows, query: str, stage_sql: str
) -> int:
    """COPY rows into a temporary table, then INSERT … SELECT from it by `query`."""
    staging = f"demo_{table}"
    conn.execute(stage_sql)
    staged = copy_rows(conn, staging, staged_columns, rows)
    conn.execute(sql.SQL("ANALYZE {}").format(sql.Identifier(staging)))
    kept = [c for c in staged_columns if c not in ("lon", "lat")]
    names = sql.SQL(", ").join(map(sql.Identifier, kept))
    prefixed = sql.SQL(", ").join(sql.Identifier("s", c) for c in kept)
    inserted = conn.execute(sql.SQL(query).format(columns=names, staged=prefixed)).rowcount
    if inserted != staged:
        raise RuntimeError(f"{staged - inserted} demo {table} rows were not inserted")
    return inserted


def insert_complaints(conn: Connection, columns: list[str], rows) -> int:
    """Stage the complaints, then insert them placed by the complaint rule; every
    demo complaint lies inside a compound."""
    n = _staged_insert(
        conn,
        "complaint",
        columns,
        rows,
        PLACE_COMPLAINTS,
        "CREATE TEMP TABLE demo_complaint ON COMMIT DROP AS "
        "SELECT *, 0::float8 AS lon, 0::float8 AS lat FROM complaint WITH NO DATA",
    )
    row = conn.execute("SELECT count(*) FROM complaint WHERE compound_id IS NULL").fetchone()
    if row and row[0]:
        raise RuntimeError(f"{row[0]} demo complaints lie outside every compound")
    return n


def complaint_places(conn: Connection) -> dict[int, tuple]:
    return {
        r[0]: r[1:] for r in conn.execute("SELECT id, community_id, compound_id FROM complaint")
    }


def insert_photos(conn: Connection, columns: list[str], rows) -> int:
    return _staged_insert(
        conn,
        "photo",
        columns,
        rows,
        INSERT_PHOTOS,
        "CREATE TEMP TABLE demo_photo ON COMMIT DROP AS "
        "SELECT *, 0::float8 AS lon, 0::float8 AS lat FROM photo WITH NO DATA",
    )


def store_photos(store: PhotoStore, photos) -> int:
    """Write each photo and its thumbnail where the photo service keeps them (files
    already there, from an earlier load, are left as they are); how many were new."""

    def put(photo) -> bool:
        fresh = not store.original(photo.sha256, photo.inspected.content_type).exists()
        store.put(photo.sha256, photo.inspected.content_type, photo.data, photo.inspected.thumbnail)
        return fresh

    with ThreadPoolExecutor(max_workers=8) as pool:  # the writes wait on the disk (fsync)
        return sum(pool.map(put, photos))


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
