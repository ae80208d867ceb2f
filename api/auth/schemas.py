"""What clients send to manage users and API keys, and what logging in answers."""

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field

from api.features import StrictModel
from api.vocabulary import ApiKeyScope, UserRole

Password = Annotated[str, Field(min_length=8, max_length=200)]


class TokenOut(BaseModel):
    access_token: str
    token_type: Literal["bearer"] = "bearer"
    expires_at: datetime
    user: dict[str, Any]


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
