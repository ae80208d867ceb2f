"""The demo's local metric plane and its way to lon/lat.

Shapes are drawn in metres on an azimuthal equidistant plane centred on the
district (about 117.80°E, 39.25°N; distortion under 1e-6 within 20 km), then
moved to EPSG:4326 (x = lon, y = lat) and rounded to 7 decimals (~1 cm). The
move is one vectorised call per batch, and equal input coordinates give equal
output coordinates, so polygons that share edges in metres still share them in
lon/lat.
"""

import numpy as np
import shapely
from pyproj import CRS, Transformer

CENTRE_LON = 117.80
CENTRE_LAT = 39.25
DECIMALS = 7


class Plane:
    """The metric plane of the demo district."""

    def __init__(self, lon0: float = CENTRE_LON, lat0: float = CENTRE_LAT) -> None:
        crs = CRS.from_proj4(
            f"+proj=aeqd +lat_0={lat0} +lon_0={lon0} +datum=WGS84 +units=m +no_defs"
        )
        self._to_lonlat = Transformer.from_crs(crs, "EPSG:4326", always_xy=True)
        self._to_metres = Transformer.from_crs("EPSG:4326", crs, always_xy=True)

    def lonlat(self, geoms) -> np.ndarray:
        """Geometries in metres → lon/lat rounded to 7 decimals."""

        def move(xy: np.ndarray) -> np.ndarray:
            lon, lat = self._to_lonlat.transform(xy[:, 0], xy[:, 1])
            return np.round(np.column_stack([lon, lat]), DECIMALS)

        return shapely.transform(np.asarray(geoms, dtype=object), move)

    def metres(self, geoms) -> np.ndarray:
        """Geometries in lon/lat → metres (for areas of the rounded shapes)."""

        def move(xy: np.ndarray) -> np.ndarray:
            x, y = self._to_metres.transform(xy[:, 0], xy[:, 1])
            return np.column_stack([x, y])

        return shapely.transform(np.asarray(geoms, dtype=object), move)


def ewkb(geoms) -> list[str]:
    """Hex EWKB with SRID 4326, the form PostGIS reads in COPY text."""
    tagged = shapely.set_srid(np.asarray(geoms, dtype=object), 4326)
    return list(shapely.to_wkb(tagged, hex=True, include_srid=True))


def multi(geoms) -> np.ndarray:
    """Polygons as MultiPolygons (the columns' type)."""
    out = []
    for g in geoms:
        out.append(g if g.geom_type == "MultiPolygon" else shapely.MultiPolygon([g]))
    return np.asarray(out, dtype=object)


class Frame:
    """A compound's own axes: x along its building rows (east-ish), y north-ish.

    Layouts are drawn in the frame; `to_world` turns them back by the frame's angle.
    """

    def __init__(self, angle_deg: float, origin: tuple[float, float]) -> None:
        self.angle = np.radians(angle_deg)
        self.origin = np.asarray(origin, dtype=float)

    def _rotate(self, geoms, angle: float) -> np.ndarray:
        c, s = np.cos(angle), np.sin(angle)
        matrix = np.array([[c, s], [-s, c]])

        def turn(xy: np.ndarray) -> np.ndarray:
            return (xy - self.origin) @ matrix + self.origin

        return shapely.transform(np.asarray(geoms, dtype=object), turn)

    def to_frame(self, geoms) -> np.ndarray:
        return self._rotate(geoms, -self.angle)

    def to_world(self, geoms) -> np.ndarray:
        return self._rotate(geoms, self.angle)
