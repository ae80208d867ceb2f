"""What clients send to move a violation through the campaign."""

from datetime import date
from decimal import Decimal
from typing import Annotated

from pydantic import Field

from api.features import StrictModel
from api.violations.vocab import PlanMeasure, Status

Reason = Annotated[str, Field(min_length=2, max_length=2000)]
# Bounded above only: an area of 0 or less is refused by the lifecycle, in its words.
DemolishedArea = Annotated[Decimal, Field(le=1_000_000, max_digits=12, decimal_places=2)]


class TransitionIn(StrictModel):
    to: Status = Field(description="The status to move to.")
    reason: Reason | None = Field(default=None, description="Why (required to dismiss).")
    plan_measure: PlanMeasure | None = Field(default=None, description="For → planned.")
    plan_responsible: Annotated[str, Field(max_length=200)] | None = Field(
        default=None, description="For → planned: the person responsible."
    )
    plan_deadline: date | None = Field(
        default=None,
        description="For → planned, on or after found_date; default: the compound's "
        "deadline, or for a violation found after it, found_date plus WEIJIAN_LATE_FIND_DAYS.",
    )
    demolished_on: date | None = Field(default=None, description="For → demolished.")
    demolished_area_m2: DemolishedArea | None = Field(
        default=None, description="For → demolished: more than 0 m²."
    )
    rectified_on: date | None = Field(default=None, description="For → rectified.")


# The fields each move may set.
MOVE_FIELDS = {
    "planned": ("plan_measure", "plan_responsible", "plan_deadline"),
    "demolished": ("demolished_on", "demolished_area_m2"),
    "rectified": ("rectified_on",),
}


class StopIn(StrictModel):
    stopped_on: date = Field(description="The day the construction was stopped (制止).")
    reason: Reason | None = None


class LedgerIn(StrictModel):
    built_date: date | None = None
    on_ministry_ledger: bool | None = None
    on_survey5_ledger: bool | None = None
    reason: Reason = Field(description="Why the ledger changes (kept in the history).")


class WriteOffIn(StrictModel):
    evidence: Annotated[str, Field(min_length=2, max_length=5000)] = Field(
        description="What shows it is done: the after-photos, the area demolished, the documents."
    )


class DecisionIn(StrictModel):
    reason: Reason | None = Field(default=None, description="Required to send it back.")
