"""How households are read: GeoJSON properties (geometry: an optional point) and filters."""

from api.db.filters import BBOX, BOOKKEEPING_PROPERTIES, personal
from api.db.records import RecordTable

HOUSEHOLDS = RecordTable(
    name="household",
    label="household",
    properties={
        "compound_id": "t.compound_id",
        "community_id": "t.community_id",
        "building": "t.building",
        "unit": "t.unit",
        "room": "t.room",
        "address": "t.address",
        "party_name": personal("t.party_name", "name"),
        "party_phone": personal("t.party_phone", "phone"),
        "notes": "t.notes",
        **BOOKKEEPING_PROPERTIES,
    },
    filters={
        "bbox": BBOX,
        "community_id": "t.community_id = %(community_id)s",
        "compound_id": "t.compound_id = %(compound_id)s",
    },
)
