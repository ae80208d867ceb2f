"""SQL for the statistics of grid cells, compounds and communities.

Figures "now, over all time" (no at/from/to) come from the maintained table
grid_stat, with `computed_at`, the latest moment one of the figures served was
computed; any other moment or period is computed afresh.

Cell figures come from spatial.analytics; compounds and communities add up their
cells (cells lie inside their compound and do not overlap, so the sums are the
unions), and their ratios are taken over their own whole area: ground of a compound
outside every cell counts as unswept.
"""

from spatial.analytics import cell_stats_sql

SELECTED_CELLS = """
SELECT g.id, g.geom, g.area_m2 FROM grid_cell g
WHERE g.deleted_at IS NULL
  AND (%(grid_id)s::bigint IS NULL OR g.id = %(grid_id)s)
  AND (%(compound_id)s::bigint IS NULL OR g.compound_id = %(compound_id)s)
  AND (%(community_id)s::bigint IS NULL OR g.community_id = %(community_id)s)
  AND (%(scope)s::bigint[] IS NULL OR g.community_id = ANY(%(scope)s))
"""

# Where the per-cell figures come from: computed for the period asked, or the
# maintained ones (now, over all time) with the moment each was computed. A cell whose
# figures are missing or marked stale (written to without a refresh, e.g. by hand) is
# computed afresh here: the read stays a read, and is never stale.
LIVE = cell_stats_sql(SELECTED_CELLS)
UNMAINTAINED_CELLS = f"""{SELECTED_CELLS}
  AND (EXISTS (SELECT 1 FROM grid_stat_dirty d WHERE d.grid_id = g.id)
       OR NOT EXISTS (SELECT 1 FROM grid_stat s WHERE s.grid_id = g.id))
"""
MAINTAINED = f"""
SELECT s.grid_id, s.area_m2, s.occupied_m2, s.demolished_m2, s.violations_standing,
       s.swept_m2, s.sweep_ids, s.last_swept_at, s.computed_at
FROM grid_stat s JOIN ({SELECTED_CELLS}) c ON c.id = s.grid_id
WHERE NOT EXISTS (SELECT 1 FROM grid_stat_dirty d WHERE d.grid_id = s.grid_id)
UNION ALL
SELECT f.*, statement_timestamp() FROM ({cell_stats_sql(UNMAINTAINED_CELLS)}) f
"""


def cells_sql(source: str) -> str:
    return f"""
WITH stats AS ({source})
SELECT g.id, g.compound_id, g.community_id, g.code, g.name, g.geom, s.*
FROM stats s JOIN grid_cell g ON g.id = s.grid_id
"""


def _ratio(part: str, whole: str) -> str:
    return f"round(({part} / NULLIF({whole}, 0))::numeric, 6)"


def _figures(prefix: str = "") -> str:
    """The JSON members every row carries, from columns of the same names."""
    p = prefix
    return f"""
        'area_m2', round({p}area_m2::numeric, 2),
        'occupied_m2', round({p}occupied_m2::numeric, 2),
        'occupied_ratio', {_ratio(f"{p}occupied_m2", f"{p}area_m2")},
        'violations_standing', {p}violations_standing,
        'demolished_m2', round({p}demolished_m2::numeric, 2),
        'swept_m2', round({p}swept_m2::numeric, 2),
        'coverage_ratio', {_ratio(f"{p}swept_m2", f"{p}area_m2")},
        'sweeps', {p}sweeps,
        'last_swept_at', {p}last_swept_at"""


def _computed_at(column: str, source: str) -> str:
    """The latest moment any figure served was computed (maintained figures only)."""
    return f"max({column}) OVER ()" if source == MAINTAINED else "NULL::timestamptz"


def grid_rows_sql(source: str) -> str:
    return f"""
SELECT json_build_object(
    'grid_id', c.id, 'compound_id', c.compound_id, 'community_id', c.community_id,
    'code', c.code, 'name', c.name, {_figures("c.")}) AS row,
    CASE WHEN %(geometry)s THEN ST_AsGeoJSON(c.geom, 7)::json END AS geometry,
    {_computed_at("c.computed_at", source)} AS computed_at
FROM (SELECT *, cardinality(sweep_ids) AS sweeps FROM ({cells_sql(source)}) x) c
ORDER BY c.code, c.id
"""


def rollup_sql(level: str, source: str) -> str:
    """Rows per compound or per community, adding up their cells."""
    table, key = {
        "compound": ("compound", "compound_id"),
        "community": ("community", "community_id"),
    }[level]
    return f"""
WITH cells AS ({cells_sql(source)}),
totals AS (
    SELECT {key} AS id, sum(occupied_m2) AS occupied_m2, sum(demolished_m2) AS demolished_m2,
           sum(violations_standing) AS violations_standing, sum(swept_m2) AS swept_m2,
           max(last_swept_at) AS last_swept_at, count(*) AS grid_cells,
           {"max(computed_at)" if source == MAINTAINED else "NULL::timestamptz"} AS computed_at
    FROM cells GROUP BY {key}
),
sweeps AS (
    SELECT {key} AS id, count(DISTINCT sweep_id) AS sweeps
    FROM cells, unnest(sweep_ids) AS sweep_id GROUP BY {key}
)
SELECT json_build_object(
    '{key}', p.id, 'code', p.code, 'name', p.name, 'grid_cells', t.grid_cells,
    {_figures("r.")}) AS row,
    CASE WHEN %(geometry)s THEN ST_AsGeoJSON(p.geom, 7)::json END AS geometry,
    {_computed_at("t.computed_at", source)} AS computed_at
FROM totals t
JOIN {table} p ON p.id = t.id
LEFT JOIN sweeps sw ON sw.id = t.id
CROSS JOIN LATERAL (SELECT p.area_m2, t.occupied_m2, t.demolished_m2, t.violations_standing,
                           t.swept_m2, COALESCE(sw.sweeps, 0) AS sweeps, t.last_swept_at) r
ORDER BY p.code, p.id
"""


SOURCES = {"live": LIVE, "maintained": MAINTAINED}
ROWS: dict[tuple[str, str], str] = {}
for _name, _source in SOURCES.items():
    ROWS["grids", _name] = grid_rows_sql(_source)
    ROWS["compounds", _name] = rollup_sql("compound", _source)
    ROWS["communities", _name] = rollup_sql("community", _source)
