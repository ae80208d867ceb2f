"""Properties clients send for a sweep."""

from datetime import datetime
from typing import Annotated

from pydantic import Field, model_validator

from api.features import StrictModel

Name = Annotated[str, Field(min_length=1, max_length=100)]


class SweepCreate(StrictModel):
    inspectors: list[Name] = Field(min_length=1, description="Who swept (at least one name).")
    team: Annotated[str, Field(max_length=200)] | None = None
    started_at: datetime = Field(description="Start; without an offset, campaign time.")
    ended_at: datetime = Field(description="End; not before the start.")
    sight_radius_m: float | None = Field(
        default=None,
        gt=0,
        le=500,
        description="For a GPS track (LineString geometry): how far, in metres, the "
        "inspectors could see either side of it. Default 10.",
    )
    notes: Annotated[str, Field(max_length=5000)] | None = None

    @model_validator(mode="after")
    def _ordered(self) -> "SweepCreate":
        start, end = self.started_at, self.ended_at
        if (start.tzinfo is None) == (end.tzinfo is None) and end < start:
            raise ValueError(f"ended_at {end} is before started_at {start}")
        return self


class SweepPatch(StrictModel):
    inspectors: list[Name] | None = Field(default=None, min_length=1)
    team: Annotated[str, Field(max_length=200)] | None = None
    started_at: datetime | None = None
    ended_at: datetime | None = None
    notes: Annotated[str, Field(max_length=5000)] | None = None
