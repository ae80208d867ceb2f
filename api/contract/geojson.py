"""GeoJSON (RFC 7946) as schemas, for the routes outside the records' CRUD that answer
Features: status moves, public progress, blind spots, analytics rows."""

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class GeoJSONGeometry(BaseModel):
    """A GeoJSON geometry in EPSG:4326 (longitude, latitude), e.g. a MultiPolygon."""

    model_config = ConfigDict(extra="allow")

    type: str = Field(description="Point, Polygon, MultiPolygon, …")
    coordinates: list[Any]


class GeoJSONFeature(BaseModel):
    """A GeoJSON Feature: one record, its geometry and its properties."""

    model_config = ConfigDict(extra="allow")

    type: Literal["Feature"]
    id: int | str | None = None
    geometry: GeoJSONGeometry | None
    properties: dict[str, Any] | None


class GeoJSONFeatureCollection(BaseModel):
    """A GeoJSON FeatureCollection."""

    model_config = ConfigDict(extra="allow")

    type: Literal["FeatureCollection"]
    features: list[GeoJSONFeature]
