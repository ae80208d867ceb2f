"""What clients send to submit a month's report."""

from typing import Annotated

from pydantic import Field

from api.features import StrictModel


class SubmissionIn(StrictModel):
    community_id: int = Field(description="The community whose month is submitted.")
    reason: Annotated[str, Field(min_length=2, max_length=2000)] | None = Field(
        default=None,
        description="Why the month is submitted again (required then; street office only).",
    )
