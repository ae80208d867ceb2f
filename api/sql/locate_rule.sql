-- The place the footprint `r.geom` of the query's `r` belongs to (the rule of
-- api/db/locate.py): the grid cell holding the largest part of it (its compound and
-- community with it), else the compound holding its largest part; no row when none.
SELECT grid_id, compound_id, community_id FROM (
    SELECT g.id AS grid_id, g.compound_id, g.community_id, 1 AS rank,
           ST_Area(ST_Intersection(g.geom, r.geom)::geography) AS overlap_m2
    FROM grid_cell g
    WHERE g.deleted_at IS NULL AND ST_Intersects(g.geom, r.geom)
    UNION ALL
    SELECT NULL::bigint, c.id, c.community_id, 2,
           ST_Area(ST_Intersection(c.geom, r.geom)::geography)
    FROM compound c
    WHERE c.deleted_at IS NULL AND ST_Intersects(c.geom, r.geom)
) AS candidates
WHERE overlap_m2 > 0
ORDER BY rank, overlap_m2 DESC, compound_id, grid_id
LIMIT 1
