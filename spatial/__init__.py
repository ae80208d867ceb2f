"""Geometry and GIS for Weijian, free of HTTP: validation, repair, areas, CRS."""
