-- The figures of each grid cell of the query's `cells` (id, geom, area_m2), computed in
-- PostGIS as recorded at %(at)s (null: now) and over the sweeps of [%(start)s, %(end)s)
-- (nulls: since ever, until now). Definitions:
-- - Occupied area of a cell at T: area((∪ footprints of the violations standing at T) ∩
--   cell). Overlapping footprints count once. Standing is the status a violation had at T
--   by its event history, one of %(standing)s (api.vocabulary.STANDING), so a structure
--   demolished on 3 November stands on the 2nd and not on the 4th. A footprint redrawn
--   after T counts with its shape at T.
-- - Demolished area at T: area((∪ footprints of violations demolished by T) ∩ cell).
-- - Coverage of a cell over [from, to): area((∪ sweep footprints started in the period) ∩
--   cell) / area(cell).
-- - Counts follow belonging (a violation counts in the one cell holding the largest part
--   of it); areas are clipped, so a footprint across two cells is split by area.
-- - Areas are geodesic m² on the WGS84 ellipsoid (PostGIS geography).
-- The state as recorded at T is replayed from violation_event: a record created after T
-- is not there yet, one deleted after T still is. Each violation near a cell is taken
-- with its status and footprint as recorded at T (the same sub-select, twice).
SELECT c.id AS grid_id, c.area_m2,
       COALESCE(occ.occupied_m2, 0) AS occupied_m2,
       COALESCE(occ.demolished_m2, 0) AS demolished_m2,
       COALESCE(cnt.standing, 0) AS violations_standing,
       COALESCE(cov.swept_m2, 0) AS swept_m2,
       COALESCE(cov.sweep_ids, '{}') AS sweep_ids,
       cov.last_swept_at
FROM cells c
LEFT JOIN LATERAL (
    SELECT ST_Area(ST_Intersection(c.geom,
               ST_Union(x.geom) FILTER (WHERE x.status = ANY(%(standing)s)))::geography)
               AS occupied_m2,
           ST_Area(ST_Intersection(c.geom,
               ST_Union(x.geom) FILTER (WHERE x.demolished))::geography) AS demolished_m2
    FROM (
        SELECT v.id, v.grid_id, s.to_status AS status,
               CASE WHEN g.old IS NULL THEN v.geom
                    ELSE ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(g.old), 4326)) END AS geom,
               EXISTS (SELECT 1 FROM violation_event d WHERE d.violation_id = v.id
                       AND d.to_status = 'demolished' AND d.kind <> 'deleted'
                       AND d.at <= COALESCE(%(at)s::timestamptz, now())) AS demolished
        FROM violation v
        JOIN LATERAL (
            SELECT e.kind, e.to_status FROM violation_event e
            WHERE e.violation_id = v.id AND e.to_status IS NOT NULL
              AND e.at <= COALESCE(%(at)s::timestamptz, now())
            ORDER BY e.at DESC, e.id DESC LIMIT 1
        ) s ON s.kind <> 'deleted'
        LEFT JOIN LATERAL (
            SELECT e.diff -> 'geom' ->> 0 AS old FROM violation_event e
            WHERE e.violation_id = v.id AND e.diff ? 'geom'
              AND e.at > COALESCE(%(at)s::timestamptz, now())
            ORDER BY e.at, e.id LIMIT 1
        ) g ON true
        WHERE ST_Intersects(v.geom, c.geom) AND NOT ST_Touches(v.geom, c.geom)
    ) x
) occ ON true
LEFT JOIN LATERAL (
    SELECT count(*) AS standing
    FROM (
        SELECT v.id, v.grid_id, s.to_status AS status,
               CASE WHEN g.old IS NULL THEN v.geom
                    ELSE ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(g.old), 4326)) END AS geom,
               EXISTS (SELECT 1 FROM violation_event d WHERE d.violation_id = v.id
                       AND d.to_status = 'demolished' AND d.kind <> 'deleted'
                       AND d.at <= COALESCE(%(at)s::timestamptz, now())) AS demolished
        FROM violation v
        JOIN LATERAL (
            SELECT e.kind, e.to_status FROM violation_event e
            WHERE e.violation_id = v.id AND e.to_status IS NOT NULL
              AND e.at <= COALESCE(%(at)s::timestamptz, now())
            ORDER BY e.at DESC, e.id DESC LIMIT 1
        ) s ON s.kind <> 'deleted'
        LEFT JOIN LATERAL (
            SELECT e.diff -> 'geom' ->> 0 AS old FROM violation_event e
            WHERE e.violation_id = v.id AND e.diff ? 'geom'
              AND e.at > COALESCE(%(at)s::timestamptz, now())
            ORDER BY e.at, e.id LIMIT 1
        ) g ON true
        WHERE v.grid_id = c.id
    ) x
    WHERE x.status = ANY(%(standing)s)
) cnt ON true
LEFT JOIN LATERAL (
    SELECT ST_Area(ST_Intersection(c.geom, ST_Union(sw.geom))::geography) AS swept_m2,
           array_agg(sw.id ORDER BY sw.id) AS sweep_ids,
           max(sw.ended_at) AS last_swept_at
    FROM sweep sw
    WHERE ST_Intersects(sw.geom, c.geom) AND NOT ST_Touches(sw.geom, c.geom)
      AND sw.deleted_at IS NULL
      AND (%(start)s::timestamptz IS NULL OR sw.started_at >= %(start)s)
      AND (%(end)s::timestamptz IS NULL OR sw.started_at < %(end)s)
) cov ON true
