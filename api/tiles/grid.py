"""The tile grid: web mercator (EPSG:3857) z/x/y tiles, as PostGIS's ST_TileEnvelope
and every web map count them (x from the west, y from the north)."""

from api.errors import BadRequest

MIN_ZOOM = 0
MAX_ZOOM = 22
EXTENT = 4096  # tile coordinates per side
BUFFER = 256  # tile coordinates kept around the tile, so lines and fills join up
# The world's width in web mercator metres.
WORLD_M = 40075016.685578488
# Below this zoom geometry is simplified to one tile coordinate before it is encoded.
SIMPLIFY_BELOW = 16


def check_tile(z: int, x: int, y: int) -> None:
    """BadRequest unless z/x/y names a tile of the grid."""
    if not MIN_ZOOM <= z <= MAX_ZOOM:
        raise BadRequest(f"zoom {z} is out of range: tiles go from {MIN_ZOOM} to {MAX_ZOOM}")
    last = 2**z - 1
    for name, value in (("x", x), ("y", y)):
        if not 0 <= value <= last:
            raise BadRequest(f"{name}={value} is out of range at zoom {z}: 0 to {last}")


def tolerance(z: int) -> float:
    """How far (m) geometry may move when simplified at zoom z: one tile coordinate; 0
    from SIMPLIFY_BELOW on (not simplified)."""
    return WORLD_M / 2**z / EXTENT if z < SIMPLIFY_BELOW else 0.0


def margin() -> float:
    """The buffer as a share of the tile's side (ST_TileEnvelope's margin)."""
    return BUFFER / EXTENT
