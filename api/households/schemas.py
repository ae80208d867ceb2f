"""Properties clients send for a household."""

from typing import Annotated

from pydantic import Field

from api.features import StrictModel

Text = Annotated[str, Field(max_length=500)]


class HouseholdCreate(StrictModel):
    compound_id: int = Field(description="The compound the household lives in.")
    building: Annotated[str, Field(min_length=1, max_length=100)] = Field(
        description="Building (楼号), e.g. 3号楼."
    )
    unit: Text | None = Field(default=None, description="Unit (单元), e.g. 2单元.")
    room: Text | None = Field(default=None, description="Room (室), e.g. 301.")
    address: Text | None = None
    party_name: Text | None = Field(default=None, description="Owner or occupant (personal data).")
    party_phone: Text | None = Field(default=None, description="Their phone (personal data).")
    notes: Annotated[str, Field(max_length=5000)] | None = None


class HouseholdPatch(StrictModel):
    building: Annotated[str, Field(min_length=1, max_length=100)] | None = None
    unit: Text | None = None
    room: Text | None = None
    address: Text | None = None
    party_name: Text | None = None
    party_phone: Text | None = None
    notes: Annotated[str, Field(max_length=5000)] | None = None
