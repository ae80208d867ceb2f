"""Routes of the monthly report (月报): figures as JSON or Excel, submissions, and the
comparison of a submission with the figures now."""

from datetime import datetime, timedelta
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Response, status
from fastapi.responses import JSONResponse

from api.auth.deps import Admin, Reader
from api.contract.documented import BINARY, DocumentedAs, content
from api.contract.problems import AUTHED, problems
from api.deps import CommunityParam, DbConn, SettingsDep
from api.errors import BadRequest
from api.forms.download import XlsxFile, xlsx_response
from api.reports import monthly, submissions, xlsx
from api.reports.access import ReportSubmitter
from api.reports.answers import (
    MonthlyReport,
    MonthSubmissions,
    ReportMonths,
    Submission,
    SubmissionComparison,
)
from api.reports.months import Month, ended_month, parse_month
from api.reports.schemas import SubmissionIn
from api.settings import Settings

router = APIRouter(prefix="/reports/monthly", tags=["reports"], responses=problems(*AUTHED))

MonthQuery = Annotated[
    str,
    Query(description="The month, YYYY-MM, in the campaign's time zone.", examples=["2019-10"]),
]
Format = Annotated[
    Literal["json", "xlsx"],
    Query(alias="format", description="`xlsx` for the Excel sheet to print and sign."),
]
DEFINITIONS = """

Every figure is as recorded at the end of the month (the first instant of the next
month, campaign time zone), replayed from the violations' histories: re-running a past
month gives the same figures whatever was recorded since. A violation deleted by
month end is in no figure of that month (it was registered by mistake); one deleted
later still counts. "This month" means the event — registration, the move into
demolished / rectified / dismissed, the write-off — happened in the month.

* `found` — registered in the month / by month end, by ledger category as recorded
  then (`stock_ministry`, `stock_survey5`, `stock_missed`, `new`) and `total`.
* `dealt` — `demolished`, `rectified`, `total`: each violation once, by its furthest
  state (a written-off one as what it was before the write-off).
* `demolitions` — `count`, `footprint_m2` (geodesic area of the mapped footprint as
  recorded), `floor_area_m2` (as recorded; missing ones add 0).
* `dismissed`, `written_off` — in the month and cumulative.
* `standing` — still standing at month end; `overdue` — standing past the deadline
  (the plan deadline, else the compound's, else for a violation found after the
  compound's deadline its found date plus WEIJIAN_LATE_FIND_DAYS); `stop_overdue` —
  new construction not stopped within WEIJIAN_NEW_CONSTRUCTION_DAYS of its found date
  (still unstopped, or stopped late), by the stops recorded by month end.
* `progress_pct` — dealt.cumulative.total ÷ (found.cumulative.total −
  dismissed.cumulative) × 100, one decimal; null when that denominator is 0.

`total` (合计) adds up the communities shown; its progress is computed from the sums."""


def _now(settings: Settings) -> datetime:
    return datetime.now(settings.zone)


def _as_of_zh(month: Month, now: datetime) -> str:
    if month.ended(now):
        last = month.end - timedelta(days=1)
        return f"{last.year}年{last.month}月{last.day}日"
    return f"{now:%Y}年{now.month}月{now.day}日{now:%H:%M}（本月尚未结束）"


MONTHS_SQL = """
SELECT to_char(min(at) AT TIME ZONE %(tz)s, 'YYYY-MM'),
       to_char(max(at) AT TIME ZONE %(tz)s, 'YYYY-MM')
FROM violation_event
"""


@router.get("/months", summary="The months the campaign's history covers")
async def report_months(
    conn: DbConn, settings: SettingsDep, viewer: Reader
) -> Annotated[dict[str, Any], DocumentedAs(ReportMonths)]:
    """`first`: the month of the first event recorded (the campaign's first report),
    `last`: the month of the latest, `current`: this month (campaign time zone); `first`
    and `last` are null before anything is recorded. What a client offers to choose
    from; any month can still be asked for."""
    cur = await conn.execute(MONTHS_SQL, {"tz": settings.tz})
    row = await cur.fetchone()
    first, last = row if row else (None, None)
    return {"first": first, "last": last, "current": f"{_now(settings):%Y-%m}"}


@router.get(
    "",
    response_class=Response,
    responses={
        200: {
            "description": "The report as JSON, or with format=xlsx as an Excel sheet.",
            "content": {
                **content("application/json", MonthlyReport),
                xlsx.XLSX: {"schema": dict(BINARY)},
            },
        },
        **problems(404),
    },
    summary="The monthly progress report (月报)",
)
async def monthly_report(
    conn: DbConn,
    settings: SettingsDep,
    viewer: Reader,
    month: MonthQuery,
    community_id: CommunityParam = None,
    format_: Format = "json",
) -> Response:
    """Per community and for the total (合计): what was found, dealt with, demolished,
    dismissed and written off in the month and cumulatively, what still stands, what
    is overdue, and the cumulative progress. Inspectors get their communities (and
    their total) only; another community answers 404. The running month is reported
    as of now (`complete: false`); a month not yet begun answers 400. With
    `format=xlsx`, the same as an Excel sheet to print, sign and send up."""
    now = _now(settings)
    chosen = parse_month(month, now, settings.zone, refusal=BadRequest)
    report = await monthly.report(conn, settings, chosen, now, viewer, community_id)
    if format_ == "json":
        return JSONResponse(report)
    content = xlsx.workbook(report, settings.street_name, chosen.label_zh, _as_of_zh(chosen, now))
    fallback, name = xlsx.filename(settings.street_name, chosen.label_zh, chosen.label)
    return xlsx_response(XlsxFile(name=name, fallback=fallback, content=content))


monthly_report.__doc__ = (monthly_report.__doc__ or "") + DEFINITIONS


@router.post(
    "/{month}/submissions",
    status_code=status.HTTP_201_CREATED,
    summary="Submit a community's month (上报)",
    responses=problems(404, 409, s409="The month was submitted already (see the detail)."),
)
async def submit(
    month: str,
    body: SubmissionIn,
    conn: DbConn,
    settings: SettingsDep,
    actor: ReportSubmitter,
) -> Annotated[dict[str, Any], DocumentedAs(Submission)]:
    """Freeze the community's figures for an ended month as they are computed now: the
    submitted report no longer changes when the data is edited later. A community's
    inspector submits its own month, or the street office does; a month not yet over
    answers 422. A month already submitted may be submitted again only by the street
    office, with a `reason`; the new submission supersedes the old one, which is kept
    (an inspector gets 409)."""
    now = _now(settings)
    chosen = ended_month(month, now, settings.zone)
    return await submissions.submit(
        conn, settings, actor, chosen, now, body.community_id, body.reason
    )


@router.get("/{month}/submissions", summary="Submissions of a month", responses=problems(404))
async def list_submissions(
    month: str,
    conn: DbConn,
    settings: SettingsDep,
    viewer: Reader,
    community_id: CommunityParam = None,
) -> Annotated[dict[str, Any], DocumentedAs(MonthSubmissions)]:
    """Every submission of the month, superseded ones included (`current` marks the one
    that stands; `superseded_at`/`superseded_by` say when and by which one it was
    replaced), with the frozen figures, who submitted it and when. Inspectors see their
    communities' only."""
    chosen = parse_month(month, _now(settings), settings.zone)
    found = await submissions.listing(conn, chosen, viewer, community_id)
    return {"month": chosen.label, "submissions": found}


@router.get(
    "/{month}/compare", summary="A submission beside the figures now", responses=problems(404)
)
async def compare(
    month: str,
    community_id: Annotated[int, Query(description="The community whose month to compare.")],
    conn: DbConn,
    settings: SettingsDep,
    viewer: Admin,
) -> Annotated[dict[str, Any], DocumentedAs(SubmissionComparison)]:
    """For the street office: each figure of the community's current submission for the
    month, the same figure recomputed now, and the difference (now − submitted). Past
    months do not change through the service, so a difference means the past was
    edited around it — a backdated record or a change made outside the history — and
    `changed` lists the fields it touched. 404 when the month was not submitted."""
    now = _now(settings)
    chosen = parse_month(month, now, settings.zone)
    return await submissions.compare(conn, settings, chosen, now, viewer, community_id)
