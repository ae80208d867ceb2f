-- Template. One JSON row per compound or community (placeholders: places, its table;
-- key, the cells' column naming it; key_name, that name as the row's member), adding up
-- the figures of its cells asked for (cells: selected_cells.sql; stats: cell_stats.sql or
-- maintained_stats.sql). Cells lie inside their compound and do not overlap, so the sums
-- are the unions; ratios are over the place's own whole area, so ground outside every
-- cell counts as unswept. Its geometry when %(geometry)s; and the latest moment one of
-- the figures served was computed (maintained figures; else null).
WITH cells AS ({cells}),
stats AS ({stats}),
figures AS (
    SELECT g.compound_id, g.community_id, s.*
    FROM stats s JOIN grid_cell g ON g.id = s.grid_id
),
totals AS (
    SELECT {key} AS id, sum(occupied_m2) AS occupied_m2, sum(demolished_m2) AS demolished_m2,
           sum(violations_standing) AS violations_standing, sum(swept_m2) AS swept_m2,
           max(last_swept_at) AS last_swept_at, count(*) AS grid_cells,
           max(computed_at) AS computed_at
    FROM figures GROUP BY {key}
),
sweeps AS (
    SELECT {key} AS id, count(DISTINCT sweep_id) AS sweeps
    FROM figures, unnest(sweep_ids) AS sweep_id GROUP BY {key}
)
SELECT json_build_object(
    {key_name}, p.id, 'code', p.code, 'name', p.name, 'grid_cells', t.grid_cells,
    'area_m2', round(r.area_m2::numeric, 2),
    'occupied_m2', round(r.occupied_m2::numeric, 2),
    'occupied_ratio', round((r.occupied_m2 / NULLIF(r.area_m2, 0))::numeric, 6),
    'violations_standing', r.violations_standing,
    'demolished_m2', round(r.demolished_m2::numeric, 2),
    'swept_m2', round(r.swept_m2::numeric, 2),
    'coverage_ratio', round((r.swept_m2 / NULLIF(r.area_m2, 0))::numeric, 6),
    'sweeps', r.sweeps,
    'last_swept_at', r.last_swept_at) AS row,
    CASE WHEN %(geometry)s THEN ST_AsGeoJSON(p.geom, 7)::json END AS geometry,
    max(t.computed_at) OVER () AS computed_at
FROM totals t
JOIN {places} p ON p.id = t.id
LEFT JOIN sweeps sw ON sw.id = t.id
CROSS JOIN LATERAL (SELECT p.area_m2, t.occupied_m2, t.demolished_m2, t.violations_standing,
                           t.swept_m2, COALESCE(sw.sweeps, 0) AS sweeps, t.last_swept_at) r
ORDER BY p.code, p.id
