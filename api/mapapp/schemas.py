"""What map-config answers, as schemas for the OpenAPI."""

from typing import Literal

from pydantic import BaseModel, Field


class TileLayer(BaseModel):
    url: str = Field(description="An XYZ URL template ({s}, {x}, {y}, {z}).")
    subdomains: str


class Basemap(BaseModel):
    kind: Literal["none", "tianditu", "xyz"]
    layers: list[TileLayer] = Field(description="Leaflet tile layers, drawn in this order.")
    attribution: str
    max_zoom: int


class DemoLogin(BaseModel):
    username: str
    password: str
    role: str
    name: str


class MapConfig(BaseModel):
    street_name: str
    tz: str = Field(description="The campaign's time zone, e.g. Asia/Shanghai.")
    basemap: Basemap
    extent: list[float] | None = Field(
        description="[west, south, east, north] in WGS84; null before any community is drawn."
    )
    photo_gps_warning_m: float = Field(
        description="A photo's GPS position farther than this from its footprint warns."
    )
    demo_logins: list[DemoLogin] = Field(description="In a demo only; empty otherwise.")
