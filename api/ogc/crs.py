"""The coordinate reference systems the OGC API offers (Part 2), by URI: PostGIS does
the reprojection (`Output.srid`); coordinates are written in each CRS's own axis order.

CRS84 and EPSG:3857 are x/y (longitude/latitude, easting/northing). EPSG:4326 and
EPSG:4490 (CGCS2000) are defined latitude first, and the CGCS2000 3-degree Gauss–Krüger
systems (EPSG:4527 zone 39 and EPSG:4548 CM 117°E) northing first: their coordinates
are swapped from PostGIS's x/y.
"""

from dataclasses import dataclass

from api.collections.read import Output
from api.errors import BadRequest

CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
EPSG = "http://www.opengis.net/def/crs/EPSG/0/"


@dataclass(frozen=True)
class Crs:
    uri: str
    srid: int  # in PostGIS's spatial_ref_sys
    swap_axes: bool  # its first axis is latitude or northing
    decimals: int  # 7 decimals of a degree, 3 of a metre: about 1 cm and 1 mm
    title: str


CRSS: dict[str, Crs] = {
    c.uri: c
    for c in (
        Crs(CRS84, 4326, False, 7, "WGS 84, longitude/latitude (CRS84)"),
        Crs(f"{EPSG}4326", 4326, True, 7, "WGS 84, latitude/longitude"),
        Crs(f"{EPSG}4490", 4490, True, 7, "CGCS2000, latitude/longitude"),
        Crs(f"{EPSG}4527", 4527, True, 3, "CGCS2000 / 3-degree Gauss-Kruger zone 39 (N, E)"),
        Crs(f"{EPSG}4548", 4548, True, 3, "CGCS2000 / 3-degree Gauss-Kruger CM 117E (N, E)"),
        Crs(f"{EPSG}3857", 3857, False, 3, "WGS 84 / Pseudo-Mercator (E, N)"),
    )
}
URIS = tuple(CRSS)


def find_crs(value: str | None, parameter: str) -> Crs:
    """The CRS a parameter names by URI (or as '[EPSG:4326]', 'EPSG:4326'); CRS84
    when not given; 400 for any other."""
    if value is None:
        return CRSS[CRS84]
    text = value.strip()
    if text.startswith("[") and text.endswith("]"):
        text = text[1:-1]
    if text.upper().startswith("EPSG:"):
        text = f"{EPSG}{text[5:]}"
    if text.upper() in ("OGC:CRS84", "CRS84"):
        text = CRS84
    crs = CRSS.get(text.replace("https://", "http://"))
    if crs is None:
        raise BadRequest(
            f"{parameter} {value!r} is not offered; choose one of {', '.join(URIS)}",
            parameter=parameter,
        )
    return crs


def output(crs: Crs) -> Output:
    return Output(srid=crs.srid, swap_axes=crs.swap_axes, decimals=crs.decimals, layer=True)


def content_crs(crs: Crs) -> dict[str, str]:
    """The Content-Crs header (Part 2): the CRS of the coordinates in the answer."""
    return {"Content-Crs": f"<{crs.uri}>"}
