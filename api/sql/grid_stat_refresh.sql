-- Template. Recompute the maintained figures (now, over all time) of the cells writes
-- have marked (placeholder stats: cell_stats.sql). One statement, one snapshot: take the
-- marks, drop the figures of deleted cells, compute the others afresh.
WITH marked AS (DELETE FROM grid_stat_dirty RETURNING grid_id),
ids AS (SELECT DISTINCT grid_id FROM marked),
gone AS (
    DELETE FROM grid_stat s USING ids
    WHERE s.grid_id = ids.grid_id
      AND NOT EXISTS (SELECT 1 FROM grid_cell g WHERE g.id = ids.grid_id AND g.deleted_at IS NULL)
    RETURNING 1
),
cells AS (
    SELECT g.id, g.geom, g.area_m2 FROM grid_cell g JOIN ids ON ids.grid_id = g.id
    WHERE g.deleted_at IS NULL
),
fresh AS ({stats})
INSERT INTO grid_stat (grid_id, area_m2, occupied_m2, demolished_m2, violations_standing,
                       swept_m2, sweep_ids, last_swept_at)
SELECT grid_id, area_m2, occupied_m2, demolished_m2, violations_standing,
       swept_m2, sweep_ids, last_swept_at
FROM fresh
ON CONFLICT (grid_id) DO UPDATE SET
    area_m2 = EXCLUDED.area_m2, occupied_m2 = EXCLUDED.occupied_m2,
    demolished_m2 = EXCLUDED.demolished_m2,
    violations_standing = EXCLUDED.violations_standing, swept_m2 = EXCLUDED.swept_m2,
    sweep_ids = EXCLUDED.sweep_ids, last_swept_at = EXCLUDED.last_swept_at,
    computed_at = now()
