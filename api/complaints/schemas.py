"""What clients send about complaints, and what the public is answered."""

from datetime import date, datetime
from typing import Annotated, Any

from pydantic import AwareDatetime, BaseModel, Field, model_validator

from api.features import FeatureIn, StrictModel
from api.violations.schemas import ViolationCreate
from api.vocabulary import ComplaintChannel as Channel
from api.vocabulary import ComplaintStatus as Status

Description = Annotated[
    str,
    Field(
        min_length=5,
        max_length=4000,
        description="What is being built or was built, where exactly, since when (5+ characters).",
    ),
]
Address = Annotated[str, Field(max_length=500, description="Where, in words (楼号、单元、位置).")]
ReporterName = Annotated[
    str,
    Field(
        max_length=100,
        description="The reporter's name (optional). Protected: only the street office sees it.",
    ),
]
ReporterPhone = Annotated[
    str,
    Field(
        pattern=r"^[0-9+\-() ]{3,40}$",
        description="A phone number to call the reporter back (optional). Protected: only "
        "the street office sees it.",
    ),
]
Reason = Annotated[str, Field(min_length=2, max_length=4000)]


class ComplaintIntake(StrictModel):
    """A complaint from the public: where (lon/lat, WGS84 — convert from GCJ-02 first if
    the point comes from a consumer map), what, and optionally who."""

    lon: float = Field(description="Longitude of the place, WGS84/CGCS2000.")
    lat: float = Field(description="Latitude of the place, WGS84/CGCS2000.")
    description: Description
    channel: Channel = "web"
    address: Address | None = None
    reporter_name: ReporterName | None = None
    reporter_phone: ReporterPhone | None = None


class ComplaintCreate(StrictModel):
    """A complaint pushed by a system (the 12345 hotline platform) or registered by staff."""

    description: Description
    channel: Channel = "12345"
    external_ref: Annotated[str, Field(min_length=1, max_length=100)] | None = Field(
        default=None,
        description="The complaint's number on the sending system (e.g. the 12345 work order "
        "number). A second complaint with the same channel and number is refused (409).",
    )
    received_at: AwareDatetime | None = Field(
        default=None,
        description="When the sending system received it (with a time zone offset); the "
        "response deadline counts from that day. Default: now.",
    )
    address: Address | None = None
    reporter_name: ReporterName | None = None
    reporter_phone: ReporterPhone | None = None


class ComplaintPatch(StrictModel):
    address: Address | None = None


class ComplaintMove(StrictModel):
    """One move of a complaint's lifecycle."""

    to: Status = Field(description="The status to move to.")
    reason: Reason | None = Field(
        default=None, description="Why; required for unfounded. Kept in the history."
    )
    assigned_to: Annotated[str, Field(min_length=2, max_length=64)] | None = Field(
        default=None,
        description="For assigned: the username of an active inspector of the complaint's "
        "community, or an admin.",
    )
    violation_id: int | None = Field(
        default=None, description="For verified: the violation the complaint reports."
    )
    violation: FeatureIn[ViolationCreate] | None = Field(
        default=None,
        description="For verified, instead of violation_id: a new violation to register "
        "(as for POST /api/v1/violations; found_by is 'complaint').",
    )

    @model_validator(mode="after")
    def _one_violation(self) -> "ComplaintMove":
        if self.violation_id is not None and self.violation is not None:
            raise ValueError("send violation_id (an existing violation) or violation (a new one)")
        return self

    def sent(self) -> set[str]:
        """The lifecycle inputs this request carries."""
        names = set()
        if self.reason is not None:
            names.add("reason")
        if self.assigned_to is not None:
            names.add("assigned_to")
        if self.violation_id is not None or self.violation is not None:
            names.add("violation")
        return names


class ComplaintReceipt(BaseModel):
    """What the public is answered on sending a complaint: keep the tracking number."""

    tracking_no: str = Field(description="The number to follow the complaint with.")
    status: Status
    status_label: str
    received_at: datetime
    response_deadline: date = Field(description="The street office answers by this day.")
    track_url: str = Field(
        description="The page where a person follows the complaint: /track/{tracking_no}."
    )
    photos: int = Field(default=0, description="Photos received with the complaint.")
    warnings: list[str] = Field(default_factory=list)


class TimelineEntry(BaseModel):
    at: datetime
    status: Status
    status_label: str


class ComplaintTracking(BaseModel):
    """Where a complaint stands, for the one who sent it: no names, no internal notes."""

    tracking_no: str
    status: Status
    status_label: str
    received_at: datetime
    response_deadline: date
    closed_at: datetime | None
    timeline: list[TimelineEntry]


def blank_to_none(data: dict[str, Any]) -> dict[str, Any]:
    """Form fields left empty are not given."""
    return {k: v for k, v in data.items() if not (isinstance(v, str) and not v.strip())}
