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


class ViolationWords(BaseModel):
    status: list[str] = Field(description="Every status, in lifecycle order.")
    standing: list[str] = Field(description="The statuses that count as still standing.")
    dealt_with: list[str] = Field(description="The statuses that count as dealt with.")
    write_off_from: list[str] = Field(description="The statuses a write-off may follow.")
    ledger: list[str]
    structure_type: list[str]
    use: list[str]
    found_by: list[str]
    plan_measure: list[str]


class PhotoWords(BaseModel):
    stage: list[str]


class ComplaintWords(BaseModel):
    status: list[str]
    open: list[str] = Field(description="The statuses of complaints not yet answered.")
    channel: list[str]


class Vocabulary(BaseModel):
    """The closed vocabularies, from api/vocabulary.py."""

    violation: ViolationWords
    photo: PhotoWords
    complaint: ComplaintWords
