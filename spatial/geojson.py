"""Serialising Shapely geometry for PostGIS."""

import json

import shapely
from shapely.geometry import mapping


def geojson_text(geom: shapely.Geometry) -> str:
    """GeoJSON geometry text (full precision) for ST_GeomFromGeoJSON."""
    return json.dumps(mapping(geom))


def ewkb_hex(geom: shapely.Geometry, srid: int = 4326) -> str:
    """Hex EWKB (exact coordinates, with SRID): PostGIS reads it as a geometry literal."""
    return str(shapely.to_wkb(shapely.set_srid(geom, srid), hex=True, include_srid=True))
