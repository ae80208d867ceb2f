-- A photo's row: its GPS position (%(lon)s, %(lat)s, nulls: none) as a point, and for a
-- violation's photo its geodesic distance (WGS84 ellipsoid) to the footprint: 0 inside.
WITH g AS (
    SELECT CASE WHEN %(lon)s::float8 IS NOT NULL
                THEN ST_SetSRID(ST_MakePoint(%(lon)s, %(lat)s), 4326) END AS gps
)
INSERT INTO photo (sha256, owner_type, owner_id, stage, content_type, bytes, width, height,
                   taken_at, gps, gps_distance_m, original_name, caption, uploaded_by,
                   request_id)
SELECT %(sha256)s, %(owner_type)s, %(owner_id)s, %(stage)s, %(content_type)s, %(bytes)s,
       %(width)s, %(height)s, %(taken_at)s, g.gps,
       CASE WHEN %(owner_type)s = 'violation' THEN (
           SELECT ST_Distance(g.gps::geography, v.geom::geography)
           FROM violation v WHERE v.id = %(owner_id)s) END,
       %(original_name)s, %(caption)s, %(uploaded_by)s, %(request_id)s
FROM g
RETURNING id, gps_distance_m
