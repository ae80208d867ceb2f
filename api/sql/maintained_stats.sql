-- The maintained figures (now, over all time: table grid_stat, migration 0003) of the
-- cells of the query's `cells` (id, geom, area_m2), in the columns of cell_stats.sql.
SELECT s.grid_id, s.area_m2, s.occupied_m2, s.demolished_m2, s.violations_standing,
       s.swept_m2, s.sweep_ids, s.last_swept_at
FROM grid_stat s JOIN cells c ON c.id = s.grid_id
