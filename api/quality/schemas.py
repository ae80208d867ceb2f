"""What the data-quality audit answers."""

from pydantic import BaseModel, Field

from api.quality.rule import Severity


class RecordRef(BaseModel):
    type: str = Field(description="violation, household, photo or compound.")
    id: int


class ProblemOut(BaseModel):
    rule: str
    title_zh: str
    severity: Severity
    community_id: int
    record: RecordRef = Field(description="The record that is wrong.")
    related: RecordRef | None = Field(
        default=None, description="The other record involved, if any (the one it overlaps …)."
    )
    message: str = Field(description="What is wrong and how to put it right.")


class RuleOut(BaseModel):
    name: str
    title_zh: str
    description_zh: str
    description: str
    severity: Severity
    record_type: str
    problems: int = Field(description="How many records it flags in this audit.")


class RecordCounts(BaseModel):
    violations: int = Field(description="Live violations (not dismissed).")
    households: int = Field(description="Live households.")


class CommunityQuality(BaseModel):
    community_id: int
    code: str
    name: str
    records: RecordCounts
    problems: int
    flagged: dict[Severity, int] = Field(
        description="Records whose worst problem is an error / a warning."
    )
    score: float | None = Field(
        description="100 × (1 − (flagged errors + weight × flagged warnings) / records); "
        "null without records."
    )


class QualityReport(BaseModel):
    generated_at: str
    score_definition: str
    thresholds: dict[str, float]
    communities: list[CommunityQuality]
    rules: list[RuleOut]
    problems: list[ProblemOut]
