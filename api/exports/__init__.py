"""Exports: a collection as a GIS file (GeoJSON, GeoPackage, Shapefile, FlatGeobuf, KML,
CSV, Excel), filtered, scoped and masked as the REST lists are."""
