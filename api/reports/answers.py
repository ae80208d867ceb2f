"""What the monthly-report routes answer, as schemas for the OpenAPI (the routes send
the figures as computed: see api/contract/documented.py). The figures' definitions are
in the description of GET /api/v1/reports/monthly."""

from datetime import datetime

from pydantic import BaseModel, Field


class FoundFigures(BaseModel):
    stock_ministry: int
    stock_survey5: int
    stock_missed: int
    new: int
    total: int


class DealtFigures(BaseModel):
    demolished: int
    rectified: int
    total: int


class DemolitionFigures(BaseModel):
    count: int
    footprint_m2: float
    floor_area_m2: float


class InMonthAndCumulative(BaseModel):
    month: int
    cumulative: int


class Found(BaseModel):
    month: FoundFigures
    cumulative: FoundFigures


class Dealt(BaseModel):
    month: DealtFigures
    cumulative: DealtFigures


class Demolitions(BaseModel):
    month: DemolitionFigures
    cumulative: DemolitionFigures


class MonthFigures(BaseModel):
    found: Found
    dealt: Dealt
    demolitions: Demolitions
    dismissed: InMonthAndCumulative
    written_off: InMonthAndCumulative
    standing: int
    overdue: int
    stop_overdue: int
    progress_pct: float | None


class CommunityMonth(MonthFigures):
    community_id: int
    code: str
    name: str


class ReportRules(BaseModel):
    """The settings the figures were computed under."""

    tz: str
    new_construction_days: int


class MonthlyReport(BaseModel):
    month: str = Field(description="YYYY-MM.")
    generated_at: datetime
    as_of: datetime = Field(description="The figures are as recorded at this moment.")
    complete: bool = Field(description="false while the month runs.")
    rules: ReportRules
    communities: list[CommunityMonth]
    total: MonthFigures = Field(description="合计 of the communities shown.")


class ReportMonths(BaseModel):
    first: str | None = Field(description="YYYY-MM of the first event recorded.")
    last: str | None = Field(description="YYYY-MM of the latest event recorded.")
    current: str = Field(description="This month, YYYY-MM.")


class SubmissionRecord(BaseModel):
    """Who submitted a community's month (上报), when and why."""

    id: int
    community_id: int
    code: str
    name: str
    month: str
    as_of: datetime
    submitted_by: str
    submitted_at: datetime
    reason: str | None
    supersedes: int | None
    superseded_by: int | None
    superseded_at: datetime | None
    current: bool = Field(description="The submission that stands.")
    rules: ReportRules


class Submission(SubmissionRecord):
    """A community's month as submitted (上报), with its frozen figures."""

    figures: MonthFigures


class MonthSubmissions(BaseModel):
    month: str
    submissions: list[Submission]


class ComparedField(BaseModel):
    field: str = Field(description="The figure's dotted path, e.g. found.month.new.")
    label: str
    submitted: float | None
    now: float | None
    difference: float | None = Field(description="now − submitted.")
    changed: bool


class SubmissionComparison(BaseModel):
    month: str
    community_id: int
    code: str
    name: str
    submission: SubmissionRecord = Field(description="The one compared; figures below.")
    recomputed_at: datetime
    rules_now: ReportRules
    changed: list[str] = Field(description="The fields whose figure differs.")
    fields: list[ComparedField]
