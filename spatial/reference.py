"""A pure Shapely + pyproj reference for the grid figures, independent of PostGIS.

It computes what api/sql/cell_stats.sql asks PostGIS for, the plain way, so that tests
can hold the two against each other. Geometry is lon/lat (EPSG:4326); areas are
geodesic m² on the WGS84 ellipsoid (pyproj.Geod).
"""

from collections.abc import Iterable

import shapely
from pyproj import Geod, Transformer
from shapely.geometry import LineString
from shapely.geometry.polygon import orient
from shapely.ops import unary_union

GEOD = Geod(ellps="WGS84")


def geodesic_area(geom: shapely.Geometry) -> float:
    """Area in m²; exteriors counted positive and holes negative whatever their winding."""
    if geom.is_empty:
        return 0.0
    polygons = getattr(geom, "geoms", [geom])
    total = 0.0
    for part in polygons:
        if part.geom_type == "Polygon":
            total += GEOD.geometry_area_perimeter(orient(part, sign=1.0))[0]
        elif part.geom_type in ("MultiPolygon", "GeometryCollection"):
            total += geodesic_area(part)
    return total


def clipped_union_area(cell: shapely.Geometry, shapes: Iterable[shapely.Geometry]) -> float:
    """area((∪ shapes) ∩ cell): overlapping shapes count once."""
    shapes = list(shapes)
    if not shapes:
        return 0.0
    return geodesic_area(unary_union(shapes).intersection(cell))


def occupied_area(cell: shapely.Geometry, standing: Iterable[shapely.Geometry]) -> float:
    return clipped_union_area(cell, standing)


def coverage(cell: shapely.Geometry, sweeps: Iterable[shapely.Geometry]) -> tuple[float, float]:
    """(swept m², swept share of the cell)."""
    swept = clipped_union_area(cell, sweeps)
    return swept, swept / geodesic_area(cell)


def gaps(
    cell: shapely.Geometry, sweeps: Iterable[shapely.Geometry], sliver_m2: float = 1.0
) -> shapely.Geometry:
    sweeps = list(sweeps)
    rest = cell.difference(unary_union(sweeps)) if sweeps else cell
    parts = [p for p in getattr(rest, "geoms", [rest]) if p.geom_type == "Polygon"]
    return shapely.MultiPolygon([p for p in parts if geodesic_area(p) >= sliver_m2])


def track_footprint(track: LineString, radius_m: float) -> shapely.Geometry:
    """The track widened by radius_m metres, buffered in a local metric projection."""
    lon, lat = track.centroid.x, track.centroid.y
    local = f"+proj=aeqd +lat_0={lat} +lon_0={lon} +datum=WGS84 +units=m"
    to_m = Transformer.from_crs("EPSG:4326", local, always_xy=True)
    to_deg = Transformer.from_crs(local, "EPSG:4326", always_xy=True)
    metric = shapely.transform(track, to_m.transform, interleaved=False)
    return shapely.transform(metric.buffer(radius_m), to_deg.transform, interleaved=False)
