"""Which query files answer the statistics of grid cells, compounds and communities.

Figures "now, over all time" (no at/from/to) come from the maintained table grid_stat
(api/sql/maintained_stats.sql), with `computed_at`, the latest moment one of the figures
served was computed; any other moment or period is computed afresh
(api/sql/cell_stats.sql). Grid cells are rows of api/sql/grid_rows.sql; compounds and
communities add up their cells in api/sql/area_rows.sql, their table and key chosen
here from a known list.
"""

from psycopg import sql

from api.db.sqlfiles import compose, part

# Where the per-cell figures come from: computed for the period asked, or the
# maintained ones (now, over all time) with the moment each was computed.
SOURCES: dict[str, sql.Composable] = {
    "live": sql.SQL(compose("live_stats", stats=part("cell_stats"))),
    "maintained": sql.SQL(compose("maintained_stats", live=part("cell_stats"))),
}
# The places figures add up to: their table and the cells' column naming them.
PLACES = {"compounds": ("compound", "compound_id"), "communities": ("community", "community_id")}


def rows_sql(level: str, source: str) -> str:
    """The query answering `level` (grids, compounds, communities) from `source`."""
    parts = {"cells": part("selected_cells"), "stats": SOURCES[source]}
    if level == "grids":
        return compose("grid_rows", **parts)
    table, key = PLACES[level]
    return compose(
        "area_rows",
        **parts,
        places=sql.Identifier(table),
        key=sql.Identifier(key),
        key_name=sql.Literal(key),
    )


ROWS: dict[tuple[str, str], str] = {
    (level, source): rows_sql(level, source) for level in ("grids", *PLACES) for source in SOURCES
}
