"""What the write-off and dossier routes answer, as schemas for the OpenAPI (the
routes send PostgreSQL's JSON as it is: see api/contract/documented.py)."""

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, Field

from api.contract.geojson import GeoJSONFeature
from api.contract.history import HistoryEvent
from api.photos.schemas import PhotoOut


class WriteOffRequest(BaseModel):
    """A request to take a violation off the ledger (销账), with its violation's state."""

    id: int
    violation_id: int
    community_id: int
    compound_id: int | None
    status: str = Field(description="The violation's status now.")
    address: str | None
    demolished_area_m2: float | None
    demolished_on: date | None
    rectified_on: date | None
    requested_by: str
    requested_at: datetime
    evidence: str
    state: Literal["pending", "approved", "rejected"]
    decided_by: str | None
    decided_at: datetime | None
    decision_reason: str | None


class WriteOffQueue(BaseModel):
    numberMatched: int
    numberReturned: int
    requests: list[WriteOffRequest]


class DossierViolation(BaseModel):
    violation: GeoJSONFeature = Field(description="The violation as GET /api/v1/violations/{id}.")
    history: list[HistoryEvent]
    photos: list[PhotoOut]
    complaints: list[GeoJSONFeature] = Field(description="The complaints that led to it.")


class Dossier(BaseModel):
    """一户一档: the household and everything about it."""

    household: GeoJSONFeature = Field(description="The household as GET /api/v1/households/{id}.")
    photos: list[PhotoOut]
    violations: list[DossierViolation]
    generated_at: datetime
    generated_for: str = Field(description="Who it was made for (masking follows them).")
