"""Tile bytes kept in memory, by ETag (an LRU of at most MAX_BYTES).

The ETag holds the data versions the tile covers (api/tiles/versions.py), so an entry
is never stale: a write changes the key, and the old entry simply ages out. Each worker
keeps its own; all agree, since the key says what the bytes are."""

from cachetools import LRUCache
from starlette.datastructures import State

MAX_BYTES = 64 * 1024 * 1024


class TileCache:
    def __init__(self, max_bytes: int = MAX_BYTES) -> None:
        self._entries: LRUCache[str, bytes] = LRUCache(maxsize=max_bytes, getsizeof=len)
        self.hits = 0
        self.misses = 0

    def get(self, etag: str) -> bytes | None:
        found = self._entries.get(etag)
        if found is None:
            self.misses += 1
        else:
            self.hits += 1
        return found

    def put(self, etag: str, tile: bytes) -> None:
        if len(tile) <= self._entries.maxsize:
            self._entries[etag] = tile


def tile_cache(state: State) -> TileCache:
    """The app's cache (made on first use)."""
    cache = getattr(state, "tile_cache", None)
    if not isinstance(cache, TileCache):
        cache = TileCache()
        state.tile_cache = cache
    return cache
