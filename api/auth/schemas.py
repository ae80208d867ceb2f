"""What clients send to manage users and API keys, and what logging in answers."""

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field

from api.contract.documented import DocumentedAs
from api.features import StrictModel
from api.vocabulary import ApiKeyScope, UserRole

Password = Annotated[str, Field(min_length=8, max_length=200)]


class UserOut(BaseModel):
    """An account. Never its password."""

    id: int
    username: str
    display_name: str | None
    role: UserRole
    communities: list[int] = Field(description="For inspectors: the communities they work in.")
    active: bool
    locked_until: datetime | None = Field(description="Locked after failed logins until then.")
    created_at: datetime
    updated_at: datetime


class TokenOut(BaseModel):
    access_token: str
    token_type: Literal["bearer"] = "bearer"
    expires_at: datetime
    # A dict at run time (PostgreSQL's JSON as it is); the OpenAPI shows its fields.
    user: Annotated[dict[str, Any], DocumentedAs(UserOut, in_model=True)]


class UserCreate(StrictModel):
    username: Annotated[str, Field(min_length=2, max_length=64, pattern=r"^[A-Za-z0-9_.@-]+$")]
    password: Password
    role: UserRole
    communities: list[int] = Field(
        default_factory=list, description="For inspectors: the communities they work in."
    )
    display_name: Annotated[str, Field(max_length=100)] | None = None


class UserPatch(StrictModel):
    password: Password | None = Field(default=None, description="A new password (unlocks).")
    role: UserRole | None = None
    communities: list[int] | None = None
    display_name: Annotated[str, Field(max_length=100)] | None = None
    active: bool | None = Field(default=None, description="false disables the account.")


class ApiKeyCreate(StrictModel):
    name: Annotated[str, Field(min_length=1, max_length=100)] = Field(
        description="Which system uses it, e.g. 区GIS平台."
    )
    scopes: list[ApiKeyScope] = Field(
        min_length=1,
        description="read: read records; pii: unmasked personal data; write: change "
        "records; complaints:write: push complaints.",
    )
