"""The query parameters of a layer's items that are not declared filters, turned into
conditions over bound values: `bbox` (in `bbox-crs`), `datetime` (over the layer's
temporal), and `sortby` (over its queryables)."""

from datetime import date, datetime, time
from typing import Any

from psycopg import sql

from api.collections.declare import Collection
from api.errors import BadRequest
from api.ogc.crs import Crs
from api.settings import Settings


def bbox_condition(value: str, crs: Crs) -> tuple[sql.Composable, dict[str, Any]]:
    """Features intersecting a box given in the CRS's own axis order (CRS84: minLon,
    minLat, maxLon, maxLat; EPSG:4326: minLat, minLon, maxLat, maxLon; Gauss–Krüger:
    minN, minE, maxN, maxE); PostGIS reprojects the box."""
    try:
        numbers = [float(part) for part in value.split(",")]
    except ValueError:
        numbers = []
    if len(numbers) != 4:
        raise BadRequest(
            f"bbox {value!r} must be four numbers: the lower corner's two coordinates, then "
            f"the upper corner's, in the axis order of {crs.uri} (bbox-crs)",
            parameter="bbox",
        )
    a0, b0, a1, b1 = numbers
    x0, y0, x1, y1 = (b0, a0, b1, a1) if crs.swap_axes else (a0, b0, a1, b1)
    if x0 > x1 or y0 > y1:
        raise BadRequest(
            f"bbox {value!r}: the lower corner must come first, then the upper one",
            parameter="bbox",
        )
    if crs.srid in (4326, 4490) and not (x0 >= -180 and x1 <= 180 and y0 >= -90 and y1 <= 90):
        raise BadRequest(f"bbox {value!r} is outside longitude and latitude", parameter="bbox")
    envelope = "ST_MakeEnvelope(%(bbox_x0)s, %(bbox_y0)s, %(bbox_x1)s, %(bbox_y1)s, %(bbox_srid)s)"
    if crs.srid != 4326:
        envelope = f"ST_Transform({envelope}, 4326)"
    params = {"bbox_x0": x0, "bbox_y0": y0, "bbox_x1": x1, "bbox_y1": y1, "bbox_srid": crs.srid}
    return sql.SQL(f"ST_Intersects(t.geom, {envelope})"), params


def _instant(text: str, settings: Settings) -> datetime | None:
    if text in ("..", ""):
        return None
    try:
        if len(text) == 10:
            return datetime.combine(date.fromisoformat(text), time(), settings.zone)
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise BadRequest(
            f"datetime {text!r} is not an RFC 3339 date-time (2019-07-20T08:00:00Z) or date",
            parameter="datetime",
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=settings.zone)


def datetime_condition(
    collection: Collection, value: str, settings: Settings
) -> tuple[sql.Composable, dict[str, Any]]:
    """Features whose time (the layer's temporal, a span where it has an end) meets an
    instant or an interval ('a/b', '../b', 'a/..'). A date property is compared by the
    campaign day the instants fall on."""
    layer = collection.layer
    assert layer is not None and layer.temporal is not None
    parts = value.split("/")
    if len(parts) > 2 or parts == ["..", ".."]:
        raise BadRequest(
            f"datetime {value!r} must be an instant or an interval 'start/end' (either end "
            "may be '..')",
            parameter="datetime",
        )
    start = _instant(parts[0], settings)
    end = _instant(parts[-1], settings)
    if start and end and start > end:
        raise BadRequest(f"datetime {value!r} ends before it starts", parameter="datetime")
    bounds: dict[str, Any] = {"dt_start": start, "dt_end": end}
    if layer.temporal_type is date:
        bounds = {k: v.astimezone(settings.zone).date() if v else None for k, v in bounds.items()}
    first, last = (
        layer.temporal,
        f"COALESCE({layer.temporal_end or layer.temporal}, {layer.temporal})",
    )
    conditions = []
    if end is not None:
        conditions.append(f"{first} <= %(dt_end)s")
    if start is not None:
        conditions.append(f"{last} >= %(dt_start)s")
    return sql.SQL(" AND ".join(conditions)), bounds


def sort_order(collection: Collection, value: str) -> list[tuple[str, bool]]:
    """`sortby=+found_date,-status`: queryables only, each ascending (+, the default) or
    descending (-)."""
    queryables = collection.queryables
    order = []
    for item in (part.strip() for part in value.split(",")):
        name = item.lstrip("+-").strip()
        if name not in queryables:
            raise BadRequest(
                f"sortby {item!r}: {collection.path} can be sorted by its queryables only: "
                f"{', '.join(queryables)}",
                parameter="sortby",
            )
        order.append((queryables[name].sql, item.startswith("-")))
    return order
