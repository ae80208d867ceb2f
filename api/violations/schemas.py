"""Properties clients send to register or change a violation."""

from datetime import date
from decimal import Decimal
from typing import Annotated, Any

from pydantic import Field, model_validator

from api.features import StrictModel
from api.violations.vocab import FoundBy, PlanMeasure, StructureType, Use

Area = Annotated[Decimal, Field(ge=0, le=1_000_000, max_digits=12, decimal_places=2)]
Floors = Annotated[int, Field(ge=1, le=50)]
Text = Annotated[str, Field(max_length=500)]

# Properties that are never sent: each with the reason, said back to a client that tries.
READ_ONLY = {
    "status": "status changes through the lifecycle (status transitions), not by PATCH",
    "status_changed_at": "it is set when the status changes",
    "ledger": "the ledger category is derived from built_date, on_ministry_ledger and "
    "on_survey5_ledger",
    "mapped_area_m2": "it is computed from the geometry",
    "grid_id": "it is derived from the geometry (the grid cell holding its largest part)",
    "compound_id": "it is derived from the geometry",
    "community_id": "it is derived from the geometry",
    "demolished_area_m2": "it is recorded when the violation is demolished",
    "demolished_on": "it is recorded when the violation is demolished",
    "rectified_on": "it is recorded when the violation is rectified",
    "stopped_on": "it is recorded when new construction is stopped (POST …/stop)",
    "deadline": "it is the plan's deadline, else the compound's",
    "overdue": "it is derived from the deadline and the status",
    "stop_overdue": "it is derived from the ledger, found_date and stopped_on",
    "geom_repaired": "it records whether the service repaired the geometry",
    "version": "send the version you read in If-Match instead",
    "created_at": "it is set by the service",
    "updated_at": "it is set by the service",
}


def _refuse_read_only(data: Any) -> Any:
    if isinstance(data, dict):
        sent = [name for name in READ_ONLY if name in data]
        if sent:
            raise ValueError("; ".join(f"{name} cannot be set: {READ_ONLY[name]}" for name in sent))
    return data


class ViolationCreate(StrictModel):
    structure_type: StructureType
    use: Use = "other"
    floors: Floors = 1
    built_date: date = Field(description="When it was built (an estimate is fine).")
    found_date: date = Field(description="When the campaign found it.")
    found_by: FoundBy = "sweep"
    on_ministry_ledger: bool = Field(
        default=False, description="On the housing ministry's stock ledger (住建部存量台账)."
    )
    on_survey5_ledger: bool = Field(
        default=False, description="On the 5th survey's ledger of newly found stock."
    )
    ledger_no: Text | None = Field(default=None, description="Its number on that ledger.")
    household_id: int | None = None
    address: Text | None = None
    party_name: Text | None = Field(default=None, description="Owner or occupant (personal data).")
    party_phone: Text | None = Field(default=None, description="Their phone (personal data).")
    measured_area_m2: Area | None = Field(
        default=None, description="Area measured on site (面积丈量), m²."
    )
    floor_area_m2: Area | None = Field(default=None, description="Floor area over all floors, m².")
    plan_measure: PlanMeasure | None = None
    plan_responsible: Text | None = None
    plan_deadline: date | None = None
    notes: Annotated[str, Field(max_length=5000)] | None = None

    _read_only = model_validator(mode="before")(_refuse_read_only)


class ViolationPatch(StrictModel):
    structure_type: StructureType | None = None
    use: Use | None = None
    floors: Floors | None = None
    built_date: date | None = None
    found_date: date | None = None
    found_by: FoundBy | None = None
    on_ministry_ledger: bool | None = None
    on_survey5_ledger: bool | None = None
    ledger_no: Text | None = None
    household_id: int | None = None
    address: Text | None = None
    party_name: Text | None = None
    party_phone: Text | None = None
    measured_area_m2: Area | None = None
    floor_area_m2: Area | None = None
    plan_measure: PlanMeasure | None = None
    plan_responsible: Text | None = None
    plan_deadline: date | None = None
    notes: Annotated[str, Field(max_length=5000)] | None = None

    _read_only = model_validator(mode="before")(_refuse_read_only)


# Properties a PATCH may not set to null.
REQUIRED = (
    "structure_type",
    "use",
    "floors",
    "built_date",
    "found_date",
    "found_by",
    "on_ministry_ledger",
    "on_survey5_ledger",
)
