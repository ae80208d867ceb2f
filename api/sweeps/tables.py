"""The sweeps collection (排查) declared once: GeoJSON properties (geometry: the covered
footprint), list filters and scoping."""

from datetime import datetime
from typing import Any

from api.collections.declare import (
    BBOX,
    BOOKKEEPING,
    Collection,
    Layer,
    Property,
    Tiles,
    date_filter,
    id_filter,
)
from api.db.filters import A_DAY, ONLY_COMMUNITY, ONLY_COMPOUND, Q

SWEEPS = Collection(
    name="sweep",
    label="sweep",
    path="sweeps",
    title="Sweeps (排查)",
    description="Sweeps (排查): the ground inspectors covered, when, and who; a GPS track's "
    "footprint is the track widened by its sight radius.",
    item_param="sweep_id",
    properties={
        "compound_id": Property("t.compound_id", int, "Its compound.", **Q),
        "community_id": Property("t.community_id", int, "Its community.", **Q),
        "team": Property("t.team", str, "The team.", **Q),
        "inspectors": Property("t.inspectors", list[str], "Who swept."),
        "started_at": Property("t.started_at", datetime, "When the sweep started.", **Q),
        "ended_at": Property("t.ended_at", datetime, "When it ended.", **Q),
        "area_m2": Property("round(t.area_m2::numeric, 2)", float, "Area covered, m²."),
        "track": Property(
            "ST_AsGeoJSON(t.track, 7)::json", dict[str, Any], "The GPS track walked, if any."
        ),
        "sight_radius_m": Property(
            "t.sight_radius_m", float, "How far the inspectors could see from the track, m."
        ),
        "notes": Property("t.notes", str),
        **BOOKKEEPING,
    },
    filters={
        "bbox": BBOX,
        "community_id": id_filter("t.community_id = %(community_id)s", ONLY_COMMUNITY),
        "compound_id": id_filter("t.compound_id = %(compound_id)s", ONLY_COMPOUND),
        "grid_id": id_filter(
            "ST_Intersects(t.geom, (SELECT geom FROM grid_cell WHERE id = %(grid_id)s))",
            "Only sweeps whose footprint touches this grid cell.",
        ),
        "swept_from": date_filter("t.started_at >= %(swept_from)s::date", A_DAY),
        "swept_to": date_filter("t.started_at < %(swept_to)s::date + 1", A_DAY),
    },
    layer=Layer("Sweeps (排查)", temporal="t.started_at", temporal_end="t.ended_at"),
    tiles=Tiles(
        {
            0: ("community_id",),
            14: ("community_id", "compound_id", "team", "started_at", "ended_at", "area_m2"),
        }
    ),
)
