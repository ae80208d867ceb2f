-- Template. One JSON row per grid cell of the cells asked for (placeholder cells:
-- selected_cells.sql), with its figures (placeholder stats: cell_stats.sql computed for
-- the period asked, or maintained_stats.sql), and its geometry when %(geometry)s; and
-- the latest moment one of the figures served was computed (maintained figures; else null).
WITH cells AS ({cells}),
stats AS ({stats}),
figures AS (
    SELECT g.id, g.compound_id, g.community_id, g.code, g.name, g.geom, s.*,
           cardinality(s.sweep_ids) AS sweeps
    FROM stats s JOIN grid_cell g ON g.id = s.grid_id
)
SELECT json_build_object(
    'grid_id', c.id, 'compound_id', c.compound_id, 'community_id', c.community_id,
    'code', c.code, 'name', c.name,
    'area_m2', round(c.area_m2::numeric, 2),
    'occupied_m2', round(c.occupied_m2::numeric, 2),
    'occupied_ratio', round((c.occupied_m2 / NULLIF(c.area_m2, 0))::numeric, 6),
    'violations_standing', c.violations_standing,
    'demolished_m2', round(c.demolished_m2::numeric, 2),
    'swept_m2', round(c.swept_m2::numeric, 2),
    'coverage_ratio', round((c.swept_m2 / NULLIF(c.area_m2, 0))::numeric, 6),
    'sweeps', c.sweeps,
    'last_swept_at', c.last_swept_at) AS row,
    CASE WHEN %(geometry)s THEN ST_AsGeoJSON(c.geom, 7)::json END AS geometry,
    max(c.computed_at) OVER () AS computed_at
FROM figures c
ORDER BY c.code, c.id
