"""The place collections — communities, compounds and grid cells — declared once:
their GeoJSON properties, list filters and scoping."""

from datetime import date, datetime

from api.collections.declare import (
    BBOX,
    BOOKKEEPING,
    Collection,
    Layer,
    Property,
    Tiles,
    id_filter,
)
from api.db.filters import ONLY_COMMUNITY, ONLY_COMPOUND, Q
from api.db.sqlfiles import compose, part
from api.vocabulary import STANDING
from spatial.analytics import Period, stats_params

AREA = Property("round(t.area_m2::numeric, 2)", float, "Geodesic area, m².")

COMMUNITIES = Collection(
    name="community",
    label="community",
    path="communities",
    title="Communities (社区)",
    description="Communities (社区): administrative areas of the street, each holding compounds.",
    properties={
        "code": Property("t.code", str, "The community's code.", **Q),
        "name": Property("t.name", str, "Its name.", **Q),
        "area_m2": AREA,
        **BOOKKEEPING,
    },
    filters={
        "bbox": BBOX,
        "community_id": id_filter("t.id = %(community_id)s", ONLY_COMMUNITY),
        "compound_id": id_filter(
            "t.id = (SELECT community_id FROM compound WHERE id = %(compound_id)s)", ONLY_COMPOUND
        ),
    },
    scope="t.id",
    layer=Layer("Communities (社区)"),
    tiles=Tiles({0: ("code", "name")}),
)

COMPOUNDS = Collection(
    name="compound",
    label="compound",
    path="compounds",
    title="Compounds (小区)",
    description="Compounds (小区): residential estates, the campaign's unit of planning, each "
    "with its rectification deadline.",
    properties={
        "community_id": Property("t.community_id", int, "Its community.", **Q),
        "code": Property("t.code", str, "The compound's code.", **Q),
        "name": Property("t.name", str, "Its name.", **Q),
        "address": Property("t.address", str, "Its address.", **Q),
        "deadline": Property("t.deadline", date, "Its rectification deadline.", **Q),
        "area_m2": AREA,
        **BOOKKEEPING,
    },
    filters={
        "bbox": BBOX,
        "community_id": id_filter("t.community_id = %(community_id)s", ONLY_COMMUNITY),
        "compound_id": id_filter("t.id = %(compound_id)s", ONLY_COMPOUND),
    },
    layer=Layer("Compounds (小区)"),
    tiles=Tiles(
        {
            0: ("community_id",),
            13: ("community_id", "code", "name"),
            15: ("community_id", "code", "name", "deadline", "area_m2"),
        }
    ),
)

# A grid cell's current figures (the maintained statistics, now over all time), as the
# GIS layer shows them: (property, SQL over grid_stat s, type, meaning).
GRID_FIGURES = (
    (
        "occupied_m2",
        "round(s.occupied_m2::numeric, 2)",
        float,
        "Area under standing violations, m².",
    ),
    (
        "occupied_share",
        "round((s.occupied_m2 / NULLIF(s.area_m2, 0))::numeric, 4)",
        float,
        "Share of the cell under standing violations.",
    ),
    ("demolished_m2", "round(s.demolished_m2::numeric, 2)", float, "Area demolished, m²."),
    ("violations_standing", "s.violations_standing", int, "Violations still standing."),
    ("swept_m2", "round(s.swept_m2::numeric, 2)", float, "Area covered by sweeps, m²."),
    (
        "swept_share",
        "round((s.swept_m2 / NULLIF(s.area_m2, 0))::numeric, 4)",
        float,
        "Share of the cell covered by sweeps.",
    ),
    ("sweeps", "cardinality(s.sweep_ids)", int, "Sweeps that covered part of it."),
    ("last_swept_at", "s.last_swept_at", datetime, "When it was last swept."),
    ("stats_computed_at", "s.computed_at", datetime, "When these figures were computed."),
)

# A cell's maintained figures (now, over all time; api/sql/maintained_stats.sql, which
# computes afresh a cell marked stale), for the tiles of the grid choropleth.
CELL_STATS = (
    ", cells AS (SELECT t.id, t.geom, t.area_m2 FROM picked t), stats AS ("
    + compose("maintained_stats", live=part("cell_stats"))
    + ")"
)
CELL_FIGURES = {
    "coverage_ratio": Property(
        "round((s.swept_m2 / NULLIF(s.area_m2, 0))::numeric, 4)",
        float,
        "Share of the cell swept, over all time.",
    ),
    "occupied_ratio": Property(
        "round((s.occupied_m2 / NULLIF(s.area_m2, 0))::numeric, 4)",
        float,
        "Share of the cell occupied by standing violations.",
    ),
    "violations_standing": Property("s.violations_standing", int, "Standing violations."),
    "sweeps": Property("cardinality(s.sweep_ids)", int, "Sweeps that touched it."),
}

GRIDS = Collection(
    name="grid_cell",
    label="grid cell",
    path="grids",
    title="Grid cells (网格)",
    description="Grid cells (网格): the cells of a compound, each the unit of responsibility for "
    "sweeping.",
    properties={
        "compound_id": Property("t.compound_id", int, "Its compound.", **Q),
        "community_id": Property("t.community_id", int, "Its community.", **Q),
        "code": Property("t.code", str, "The cell's code.", **Q),
        "name": Property("t.name", str, "Its name.", **Q),
        "area_m2": AREA,
        **BOOKKEEPING,
    },
    filters={
        "bbox": BBOX,
        "community_id": id_filter("t.community_id = %(community_id)s", ONLY_COMMUNITY),
        "compound_id": id_filter("t.compound_id = %(compound_id)s", ONLY_COMPOUND),
        "grid_id": id_filter("t.id = %(grid_id)s", "Only this grid cell."),
    },
    layer=Layer(
        "Grid cells (网格) with their current statistics",
        extra={
            name: Property(
                f"(SELECT {sql} FROM grid_stat s WHERE s.grid_id = t.id)", kind, description
            )
            for name, sql, kind, description in GRID_FIGURES
        },
    ),
    tiles=Tiles(
        {
            0: ("coverage_ratio", "occupied_ratio"),
            14: (
                "coverage_ratio",
                "occupied_ratio",
                "compound_id",
                "community_id",
                "code",
                "name",
                "area_m2",
                "violations_standing",
                "sweeps",
            ),
        },
        extra=CELL_FIGURES,
        source=CELL_STATS,
        join="LEFT JOIN stats s ON s.grid_id = t.id",
        params=stats_params(Period(at=None, start=None, end=None), STANDING),
    ),
)
