"""The households collection (一户一档) declared once: GeoJSON properties (geometry: an
optional point), list filters, scoping and personal data."""

from api.collections.declare import BBOX, BOOKKEEPING, Collection, Layer, Property, id_filter
from api.db.filters import ONLY_COMMUNITY, ONLY_COMPOUND, Q

HOUSEHOLDS = Collection(
    name="household",
    label="household",
    path="households",
    title="Households (户)",
    description="Households (一户一档): dwellings by building, unit and room, with the party "
    "living there; the geometry is a point on the building, when one was recorded.",
    geometry_type="Point",
    geometry_required=False,
    item_param="household_id",
    properties={
        "compound_id": Property("t.compound_id", int, "Its compound.", **Q),
        "community_id": Property("t.community_id", int, "Its community.", **Q),
        "building": Property("t.building", str, "Building (楼号).", **Q),
        "unit": Property("t.unit", str, "Unit (单元).", **Q),
        "room": Property("t.room", str, "Room (室).", **Q),
        "address": Property("t.address", str, "Its address.", **Q),
        "party_name": Property("t.party_name", str, "Owner or occupant.", personal="name"),
        "party_phone": Property("t.party_phone", str, "Their phone.", personal="phone"),
        "notes": Property("t.notes", str),
        **BOOKKEEPING,
    },
    filters={
        "bbox": BBOX,
        "community_id": id_filter("t.community_id = %(community_id)s", ONLY_COMMUNITY),
        "compound_id": id_filter("t.compound_id = %(compound_id)s", ONLY_COMPOUND),
    },
    layer=Layer("Households (户), as points on their buildings"),
)
