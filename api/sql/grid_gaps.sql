-- The unswept part of grid cell %(grid_id)s over the sweeps of [%(start)s, %(end)s)
-- (nulls: since ever, until now): the cell minus the union of their footprints, as a
-- GeoJSON MultiPolygon (null when fully swept) and its geodesic area in m², slivers
-- under %(sliver)s m² dropped.
SELECT ST_AsGeoJSON(ST_Multi(ST_Collect(part.geom)), 7)::json AS geometry,
       COALESCE(sum(part.m2), 0) AS gap_m2
FROM grid_cell c
CROSS JOIN LATERAL (
    SELECT ST_Union(sw.geom) AS geom FROM sweep sw
    WHERE ST_Intersects(sw.geom, c.geom)
      AND sw.deleted_at IS NULL
      AND (%(start)s::timestamptz IS NULL OR sw.started_at >= %(start)s)
      AND (%(end)s::timestamptz IS NULL OR sw.started_at < %(end)s)
) swept
CROSS JOIN LATERAL (
    SELECT d.geom, ST_Area(d.geom::geography) AS m2
    FROM ST_Dump(CASE WHEN swept.geom IS NULL THEN c.geom
                      ELSE ST_Difference(c.geom, swept.geom) END) d
    WHERE ST_Dimension(d.geom) = 2
) part
WHERE c.id = %(grid_id)s AND part.m2 >= %(sliver)s
