"""Vector tiles (Mapbox Vector Tile) of the geometric collections, built by PostGIS.

grid.py: the tile grid (web mercator, z/x/y) and its limits; query.py: a tile's SQL,
built from the collection's declaration through the one reader's scoping rule;
versions.py: the data versions a tile covers and its ETag; cache.py: tile bytes by ETag;
tilejson.py: TileJSON per collection; routes.py: HTTP. See docs/tiles.md.
"""
