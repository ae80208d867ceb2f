"""Helpers for the tile tests: which tile holds a point, and a tile decoded."""

import math
from typing import Any

import mapbox_vector_tile
from fastapi.testclient import TestClient

MVT = "application/vnd.mapbox-vector-tile"


def tile_of(lon: float, lat: float, z: int) -> tuple[int, int, int]:
    """The z/x/y of the web-mercator tile holding lon/lat (the slippy-map formula)."""
    n = 2**z
    x = int((lon + 180.0) / 360.0 * n)
    phi = math.radians(lat)
    y = int((1.0 - math.asinh(math.tan(phi)) / math.pi) / 2.0 * n)
    return z, x, y


def get_tile(client: TestClient, collection: str, zxy: tuple[int, int, int], **headers: str) -> Any:
    z, x, y = zxy
    return client.get(f"/api/v1/tiles/{collection}/{z}/{x}/{y}.mvt", headers=headers)


def features(body: bytes, layer: str) -> dict[int, dict[str, Any]]:
    """The layer's features by id: {id: properties}."""
    decoded = mapbox_vector_tile.decode(body)
    if layer not in decoded:
        return {}
    return {f["id"]: f["properties"] for f in decoded[layer]["features"]}
