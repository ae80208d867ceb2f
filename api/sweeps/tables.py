"""How sweeps are read: GeoJSON properties (geometry: the covered footprint) and filters."""

from api.db.filters import BBOX, BOOKKEEPING_PROPERTIES
from api.db.records import RecordTable

SWEEPS = RecordTable(
    name="sweep",
    label="sweep",
    properties={
        "compound_id": "t.compound_id",
        "community_id": "t.community_id",
        "team": "t.team",
        "inspectors": "t.inspectors",
        "started_at": "t.started_at",
        "ended_at": "t.ended_at",
        "area_m2": "round(t.area_m2::numeric, 2)",
        "track": "ST_AsGeoJSON(t.track, 7)::json",
        "sight_radius_m": "t.sight_radius_m",
        "notes": "t.notes",
        **BOOKKEEPING_PROPERTIES,
    },
    filters={
        "bbox": BBOX,
        "community_id": "t.community_id = %(community_id)s",
        "compound_id": "t.compound_id = %(compound_id)s",
        "grid_id": "ST_Intersects(t.geom, (SELECT geom FROM grid_cell WHERE id = %(grid_id)s))",
        "swept_from": "t.started_at >= %(swept_from)s::date",
        "swept_to": "t.started_at < %(swept_to)s::date + 1",
    },
)
