"""OGC API – Features under /ogc, for desktop GIS (QGIS, ArcGIS, GDAL): every layer is a
collection of the registry (`api.collections.registry`, `Collection.layer`), read
through `api.collections.read` like the REST API, with the same scoping and masking.
See docs/ogc.md."""
