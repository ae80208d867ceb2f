"""The export formats: the GDAL driver writing each, its media type, and how its
geometry and times are written.

GeoJSON (RFC 7946), GeoJSON text sequences (RFC 8142) and KML are longitude/latitude
by definition: they refuse any other `crs=`. CSV and Excel carry the geometry as WKT
(in the chosen CRS) and the longitude/latitude of a point on its surface (EPSG:4326);
their times are ISO 8601 text, as are the Shapefile's (dBase has dates, not times).
"""

from dataclasses import dataclass, field
from typing import Literal

GeometryAs = Literal["binary", "wkt"]


@dataclass(frozen=True)
class Format:
    suffix: str  # in the URL: violations.{suffix}
    driver: str  # the GDAL driver
    media_type: str
    title: str
    geometry: GeometryAs = "binary"
    lonlat_only: bool = False  # the format is lon/lat (EPSG:4326) by definition
    text_times: bool = False  # times as ISO 8601 text
    layer_options: dict[str, str] = field(default_factory=dict)
    file_name: str = "export"  # the file GDAL writes, in the temporary directory


FORMATS: dict[str, Format] = {
    f.suffix: f
    for f in (
        Format(
            "geojson",
            "GeoJSON",
            "application/geo+json",
            "GeoJSON (RFC 7946)",
            lonlat_only=True,
            layer_options={"RFC7946": "YES", "WRITE_NAME": "NO"},
            file_name="export.geojson",
        ),
        Format(
            "geojsonseq",
            "GeoJSONSeq",
            "application/geo+json-seq",
            "GeoJSON text sequence (RFC 8142), one Feature a line",
            lonlat_only=True,
            layer_options={"RS": "YES"},
            file_name="export.geojsons",
        ),
        Format(
            "gpkg",
            "GPKG",
            "application/geopackage+sqlite3",
            "GeoPackage",
            file_name="export.gpkg",
        ),
        Format(
            "shp.zip",
            "ESRI Shapefile",
            "application/zip",
            "Shapefile, zipped (.shp, .shx, .dbf, .prj, .cpg in UTF-8)",
            text_times=True,
            file_name="shp",  # a directory: the layer's files go in it
        ),
        Format(
            "fgb",
            "FlatGeobuf",
            "application/flatgeobuf",
            "FlatGeobuf, with its spatial index",
            file_name="export.fgb",
        ),
        Format(
            "kml",
            "KML",
            "application/vnd.google-earth.kml+xml",
            "KML",
            lonlat_only=True,
            file_name="export.kml",
        ),
        Format(
            "csv",
            "CSV",
            "text/csv; charset=utf-8",
            "CSV (UTF-8 with BOM), geometry as WKT plus lon/lat",
            geometry="wkt",
            text_times=True,
            layer_options={"WRITE_BOM": "YES"},
            file_name="export.csv",
        ),
        Format(
            "xlsx",
            "XLSX",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "Excel workbook, geometry as WKT plus lon/lat",
            geometry="wkt",
            text_times=True,
            file_name="export.xlsx",
        ),
    )
}

# The coordinate reference systems an export may be written in (`crs=`).
CRSS: dict[str, str] = {
    "EPSG:4326": "WGS 84, longitude/latitude (the default)",
    "EPSG:4490": "CGCS2000, longitude/latitude",
    "EPSG:4527": "CGCS2000 / 3-degree Gauss-Kruger zone 39 (metres, with zone prefix)",
    "EPSG:4548": "CGCS2000 / 3-degree Gauss-Kruger CM 117E (metres)",
    "EPSG:3857": "WGS 84 / Pseudo-Mercator (web maps, metres)",
}
DEFAULT_CRS = "EPSG:4326"


def srid(crs: str) -> int:
    return int(crs.removeprefix("EPSG:"))
