"""What the public routes answer, as schemas for the OpenAPI."""

from datetime import date

from pydantic import BaseModel, Field

from api.contract.geojson import GeoJSONFeature, GeoJSONFeatureCollection


class CompoundProgress(BaseModel):
    name: str
    community: str
    deadline: date | None = Field(description="The compound's rectification deadline.")
    violations: int = Field(description="Illegal structures found (dismissed ones aside).")
    standing: int = Field(description="Of them, still standing.")
    dealt_with: int = Field(description="Of them, demolished, rectified or written off.")


class CompoundProgressFeature(GeoJSONFeature):
    id: int
    properties: CompoundProgress  # type: ignore[assignment]


class CompoundProgressCollection(GeoJSONFeatureCollection):
    features: list[CompoundProgressFeature]  # type: ignore[assignment]
