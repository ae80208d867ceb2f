"""What the analytics routes answer, as schemas for the OpenAPI (the routes send
PostgreSQL's JSON as it is: see api/contract/documented.py)."""

from datetime import datetime

from pydantic import BaseModel, Field

from api.contract.geojson import GeoJSONFeature, GeoJSONFeatureCollection


class PeriodOut(BaseModel):
    """The period the figures are for, as the request chose it."""

    at: datetime | None = Field(description="Occupied area as recorded then; null: now.")
    from_: datetime | None = Field(alias="from", description="Sweeps from; null: since ever.")
    to: datetime | None = Field(description="Sweeps before; null: now.")


class Figures(BaseModel):
    area_m2: float = Field(description="Geodesic area of the place.")
    occupied_m2: float = Field(description="Area of the standing footprints' union in it.")
    occupied_ratio: float | None
    violations_standing: int
    demolished_m2: float
    swept_m2: float = Field(description="Area of the sweeps' union in it.")
    coverage_ratio: float | None
    sweeps: int
    last_swept_at: datetime | None


class GridFigures(Figures):
    grid_id: int
    compound_id: int
    community_id: int
    code: str
    name: str


class GridStats(GridFigures, PeriodOut):
    """One cell's figures, and the period they are for."""


class CompoundFigures(Figures):
    compound_id: int
    code: str
    name: str
    grid_cells: int


class CommunityFigures(Figures):
    community_id: int
    code: str
    name: str
    grid_cells: int


class GridRows(PeriodOut):
    rows: list[GridFigures]


class CompoundRows(PeriodOut):
    rows: list[CompoundFigures]


class CommunityRows(PeriodOut):
    rows: list[CommunityFigures]


class GridStatsFeature(GeoJSONFeature):
    id: int
    properties: GridFigures  # type: ignore[assignment]


class CompoundStatsFeature(GeoJSONFeature):
    id: int
    properties: CompoundFigures  # type: ignore[assignment]


class CommunityStatsFeature(GeoJSONFeature):
    id: int
    properties: CommunityFigures  # type: ignore[assignment]


class GridStatsCollection(GeoJSONFeatureCollection, PeriodOut):
    features: list[GridStatsFeature]  # type: ignore[assignment]


class CompoundStatsCollection(GeoJSONFeatureCollection, PeriodOut):
    features: list[CompoundStatsFeature]  # type: ignore[assignment]


class CommunityStatsCollection(GeoJSONFeatureCollection, PeriodOut):
    features: list[CommunityStatsFeature]  # type: ignore[assignment]


class GapProperties(PeriodOut):
    grid_id: int
    gap_m2: float = Field(description="Area no sweep of the period covered.")
    area_m2: float
    coverage_ratio: float | None
    sliver_m2_dropped_below: float = Field(description="Pieces smaller than this are dropped.")


class GapFeature(GeoJSONFeature):
    """The unswept part of a cell; geometry null when it is fully swept."""

    id: int
    properties: GapProperties  # type: ignore[assignment]
