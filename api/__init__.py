"""Weijian: the web service (FastAPI over PostGIS)."""
