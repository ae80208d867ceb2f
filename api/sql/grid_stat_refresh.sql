-- Template. Recompute the maintained figures (now, over all time) of the marked cells
-- %(ids)s, which the caller has locked (placeholder stats: cell_stats.sql). One statement,
-- one snapshot: take their marks, drop the figures of deleted cells, compute the others
-- afresh.
WITH ids AS (SELECT unnest(%(ids)s::bigint[]) AS grid_id),
marked AS (DELETE FROM grid_stat_dirty d USING ids WHERE d.grid_id = ids.grid_id),
gone AS (
    DELETE FROM grid_stat s USING ids
    WHERE s.grid_id = ids.grid_id
      AND NOT EXISTS (SELECT 1 FROM grid_cell g WHERE g.id = ids.grid_id AND g.deleted_at IS NULL)
),
cells AS (
    SELECT g.id, g.geom, g.area_m2 FROM grid_cell g JOIN ids ON ids.grid_id = g.id
    WHERE g.deleted_at IS NULL
),
fresh AS ({stats})
INSERT INTO grid_stat (grid_id, area_m2, occupied_m2, demolished_m2, violations_standing,
                       swept_m2, sweep_ids, last_swept_at, computed_at)
SELECT grid_id, area_m2, occupied_m2, demolished_m2, violations_standing,
       swept_m2, sweep_ids, last_swept_at, statement_timestamp()
FROM fresh
ON CONFLICT (grid_id) DO UPDATE SET
    area_m2 = EXCLUDED.area_m2, occupied_m2 = EXCLUDED.occupied_m2,
    demolished_m2 = EXCLUDED.demolished_m2,
    violations_standing = EXCLUDED.violations_standing, swept_m2 = EXCLUDED.swept_m2,
    sweep_ids = EXCLUDED.sweep_ids, last_swept_at = EXCLUDED.last_swept_at,
    computed_at = EXCLUDED.computed_at
