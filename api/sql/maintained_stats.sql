-- Template. The maintained figures (now, over all time: table grid_stat, migration 0003)
-- of the cells of the query's `cells` (id, geom, area_m2), in the columns of
-- cell_stats.sql, with the moment each was computed. A cell whose figures are missing or
-- marked stale (written to without a refresh, e.g. by hand in psql) is computed afresh
-- here (placeholder live: cell_stats.sql): the read stays a read, and is never stale.
SELECT s.grid_id, s.area_m2, s.occupied_m2, s.demolished_m2, s.violations_standing,
       s.swept_m2, s.sweep_ids, s.last_swept_at, s.computed_at
FROM grid_stat s JOIN cells c ON c.id = s.grid_id
WHERE NOT EXISTS (SELECT 1 FROM grid_stat_dirty d WHERE d.grid_id = s.grid_id)
UNION ALL
SELECT f.*, statement_timestamp() AS computed_at
FROM (
    WITH cells AS (
        SELECT c.* FROM cells c
        WHERE EXISTS (SELECT 1 FROM grid_stat_dirty d WHERE d.grid_id = c.id)
           OR NOT EXISTS (SELECT 1 FROM grid_stat s WHERE s.grid_id = c.id)
    )
    {live}
) f
