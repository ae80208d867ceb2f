"""Geometry for tests, built in metres and checked independently of PostGIS.

Shapes are laid out in a local azimuthal-equidistant frame (metres east/north of
an origin) and turned into lon/lat; their true areas come from pyproj.Geod on
the WGS84 ellipsoid, a computation that shares no code with PostGIS.
"""

from functools import lru_cache
from typing import Any

import shapely
from pyproj import Geod, Transformer
from shapely.geometry import Polygon, box, mapping, shape
from shapely.geometry.polygon import orient

GEOD = Geod(ellps="WGS84")


@lru_cache(maxsize=256)
def _to_lonlat(lon0: float, lat0: float) -> Transformer:
    local = f"+proj=aeqd +lat_0={lat0} +lon_0={lon0} +datum=WGS84 +units=m"
    return Transformer.from_crs(local, "EPSG:4326", always_xy=True)


class Frame:
    """Metres east (x) and north (y) of an origin, as lon/lat GeoJSON."""

    def __init__(self, lon0: float, lat0: float):
        self.lon0, self.lat0 = lon0, lat0
        self._t = _to_lonlat(lon0, lat0)

    def lonlat(self, geom: Any) -> Any:
        return shapely.transform(geom, self._t.transform, interleaved=False)

    def rect(self, x0: float, y0: float, x1: float, y1: float) -> dict[str, Any]:
        return self.geojson(box(x0, y0, x1, y1))

    def geojson(self, metric_geom: Any) -> dict[str, Any]:
        geom = self.lonlat(metric_geom)
        data = mapping(geom)
        return _lists(data)

    def point(self, x: float, y: float) -> dict[str, Any]:
        lon, lat = self._t.transform(x, y)
        return {"type": "Point", "coordinates": [lon, lat]}

    def line(self, *points: tuple[float, float]) -> dict[str, Any]:
        return {
            "type": "LineString",
            "coordinates": [list(self._t.transform(x, y)) for x, y in points],
        }


def _lists(value: Any) -> Any:
    if isinstance(value, tuple | list):
        return [_lists(v) for v in value]
    if isinstance(value, dict):
        return {k: _lists(v) for k, v in value.items()}
    return value


def geodesic_area(geojson: dict[str, Any]) -> float:
    """Area in m² on the WGS84 ellipsoid, by pyproj.Geod (independent of PostGIS)."""
    geom = shape(geojson)
    polygons = geom.geoms if geom.geom_type == "MultiPolygon" else [geom]
    # Geod counts a ring's area by its orientation: exteriors counter-clockwise and
    # holes clockwise, so holes subtract.
    return sum(GEOD.geometry_area_perimeter(orient(p, sign=1.0))[0] for p in polygons)


def polygon(coords: list[tuple[float, float]]) -> Polygon:
    return Polygon(coords)
