"""A record's history as the history routes answer it (violations and complaints keep
the same shape of event), as schemas for the OpenAPI."""

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field


class HistoryEvent(BaseModel):
    id: int
    at: datetime
    actor: str = Field(description="A username, `key:<name>`, or `public`.")
    kind: str = Field(description="What happened, e.g. created, status_changed, photo_added.")
    from_status: str | None
    to_status: str | None
    reason: str | None
    diff: dict[str, Any] | None = Field(
        description="What changed: {field: [old, new]} (personal data masked for those who "
        "may not see it)."
    )
    request_id: str | None


class ViolationHistory(BaseModel):
    violation_id: int
    events: list[HistoryEvent] = Field(description="Oldest first.")


class ComplaintHistory(BaseModel):
    complaint_id: int
    events: list[HistoryEvent] = Field(description="Oldest first.")
