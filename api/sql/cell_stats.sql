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
-- The state as recorded at T is the violation's version valid at T (violation_version,
-- migration 0009): a record created after T is not there yet, one deleted after T still
-- is, and one moved or redrawn after T counts where it was, with the shape it had. Now
-- (at null) is each violation's open version, the one valid until 'infinity' — not the
-- one valid at now(), the transaction's start, which would miss a change committed since.
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
    FROM violation_version x
    WHERE x.valid @> COALESCE(%(at)s::timestamptz, 'infinity')
      AND ST_Intersects(x.geom, c.geom) AND NOT ST_Touches(x.geom, c.geom)
) occ ON true
LEFT JOIN LATERAL (
    SELECT count(*) AS standing
    FROM violation_version x
    WHERE x.valid @> COALESCE(%(at)s::timestamptz, 'infinity')
      AND x.grid_id = c.id AND x.status = ANY(%(standing)s)
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
