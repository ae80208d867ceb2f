"""How communities, compounds and grid cells are read: GeoJSON properties and filters."""

from api.db.filters import BBOX, BOOKKEEPING_PROPERTIES
from api.db.records import RecordTable

COMMUNITIES = RecordTable(
    name="community",
    label="community",
    properties={
        "code": "t.code",
        "name": "t.name",
        "area_m2": "round(t.area_m2::numeric, 2)",
        **BOOKKEEPING_PROPERTIES,
    },
    filters={
        "bbox": BBOX,
        "community_id": "t.id = %(community_id)s",
        "compound_id": "t.id = (SELECT community_id FROM compound WHERE id = %(compound_id)s)",
    },
    scope="t.id",
)

COMPOUNDS = RecordTable(
    name="compound",
    label="compound",
    properties={
        "community_id": "t.community_id",
        "code": "t.code",
        "name": "t.name",
        "address": "t.address",
        "deadline": "t.deadline",
        "area_m2": "round(t.area_m2::numeric, 2)",
        **BOOKKEEPING_PROPERTIES,
    },
    filters={
        "bbox": BBOX,
        "community_id": "t.community_id = %(community_id)s",
        "compound_id": "t.id = %(compound_id)s",
    },
)

GRIDS = RecordTable(
    name="grid_cell",
    label="grid cell",
    properties={
        "compound_id": "t.compound_id",
        "community_id": "t.community_id",
        "code": "t.code",
        "name": "t.name",
        "area_m2": "round(t.area_m2::numeric, 2)",
        **BOOKKEEPING_PROPERTIES,
    },
    filters={
        "bbox": BBOX,
        "community_id": "t.community_id = %(community_id)s",
        "compound_id": "t.compound_id = %(compound_id)s",
        "grid_id": "t.id = %(grid_id)s",
    },
)
