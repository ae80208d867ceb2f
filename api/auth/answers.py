"""What the auth and administration routes answer, as schemas for the OpenAPI (the
routes send PostgreSQL's JSON as it is: see api/contract/documented.py)."""

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field


class Me(BaseModel):
    """The caller, and what the role may do."""

    username: str
    role: Literal["admin", "inspector", "viewer", "system", "public"]
    communities: list[int] | None = Field(description="An inspector's; null: every community.")
    permissions: list[str]


class ApiKeyOut(BaseModel):
    """An API key's record; the key itself is never shown again."""

    id: int
    name: str
    prefix: str = Field(description="The key's first characters, to tell keys apart.")
    scopes: list[str]
    created_by: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None
    revoked_by: str | None


class ApiKeyCreated(ApiKeyOut):
    key: str = Field(description="The key, shown this once: send it as X-API-Key.")


class AuditEntry(BaseModel):
    id: int
    at: datetime
    actor: str
    actor_kind: Literal["user", "api_key", "public", "system"]
    action: str = Field(description="e.g. PATCH /api/v1/violations/3, or login.")
    record_type: str | None
    record_id: int | None
    status: int | None = Field(description="The answer's HTTP status.")
    request_id: str | None
    detail: dict[str, Any] | None


class AuditPage(BaseModel):
    numberMatched: int
    numberReturned: int
    entries: list[AuditEntry]
