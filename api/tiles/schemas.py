"""The TileJSON document, as the OpenAPI shows it (the route sends the dict it builds)."""

from pydantic import BaseModel, Field


class VectorLayer(BaseModel):
    id: str = Field(description="The layer's name in the tiles: the collection's.")
    description: str
    minzoom: int
    maxzoom: int
    fields: dict[str, str] = Field(description="Each attribute and what it means.")
    field_minzoom: dict[str, int] = Field(description="The zoom each attribute appears from.")


class TileJSON(BaseModel):
    """TileJSON 3.0.0 (https://github.com/mapbox/tilejson-spec)."""

    tilejson: str = Field(description="3.0.0")
    name: str
    description: str
    scheme: str = Field(description="xyz: y counts from the north.")
    tiles: list[str] = Field(description="The tile URL template, {z}/{x}/{y}.")
    minzoom: int
    maxzoom: int
    bounds: list[float] = Field(description="West, south, east, north of what you may see.")
    center: list[float]
    vector_layers: list[VectorLayer]
