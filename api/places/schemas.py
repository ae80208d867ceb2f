"""Properties clients send for communities, compounds and grid cells."""

from datetime import date
from typing import Annotated

from pydantic import Field

from api.features import StrictModel

Code = Annotated[
    str,
    Field(min_length=1, max_length=64, description="Hierarchical code, unique among live records."),
]
Name = Annotated[str, Field(min_length=1, max_length=200)]
Address = Annotated[str, Field(max_length=500, description="The compound's address.")]
Deadline = Annotated[
    date | None, Field(description="Deadline for finishing the rectification of this compound.")
]


class CommunityCreate(StrictModel):
    code: Code
    name: Name


class CommunityPatch(StrictModel):
    code: Code | None = None
    name: Name | None = None


class CompoundCreate(StrictModel):
    community_id: int = Field(description="The community the compound lies in.")
    code: Code
    name: Name
    address: Address | None = None
    deadline: Deadline = None


class CompoundPatch(StrictModel):
    community_id: int | None = None
    code: Code | None = None
    name: Name | None = None
    address: Address | None = None
    deadline: Deadline = None


class GridCreate(StrictModel):
    compound_id: int = Field(description="The compound the cell belongs to.")
    code: Code
    name: Name


class GridPatch(StrictModel):
    code: Code | None = None
    name: Name | None = None
