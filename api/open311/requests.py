"""Service requests are complaints: reading them (through the collection's one reader,
so scoping holds) and mapping them onto GeoReport's fields. The reporter is never in a
service request: GeoReport's fields have no place for who asked, and the complaint's
reporter is the street office's alone, as everywhere else."""

from datetime import datetime, timedelta
from typing import Any

from psycopg import AsyncConnection, sql

from api.auth.principal import Principal
from api.collections.read import rows_after
from api.complaints.tables import COMPLAINTS
from api.errors import NotFound
from api.open311.services import NAMES
from api.vocabulary import COMPLAINT_OPEN, COMPLAINT_STATUSES

AGENCY = "街道综合行政执法队 (the street office)"
LIMIT = 1000  # GeoReport: at most 1000 requests an answer
DEFAULT_DAYS = 90  # GeoReport: without dates, the last 90 days

# GeoReport has two statuses: open (not answered yet) and closed (answered or closed).
OPEN311_STATUS = {s: "open" if s in COMPLAINT_OPEN else "closed" for s in COMPLAINT_STATUSES}
STATUSES_OF = {
    "open": [s for s, o in OPEN311_STATUS.items() if o == "open"],
    "closed": [s for s, o in OPEN311_STATUS.items() if o == "closed"],
}

GEOMETRY = [
    sql.SQL("ST_Y({})").format(sql.SQL(COMPLAINTS.geometry)),
    sql.SQL("ST_X({})").format(sql.SQL(COMPLAINTS.geometry)),
]


def _time(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat(timespec="seconds")


def as_request(row: dict[str, Any]) -> dict[str, Any]:
    """One complaint as a GeoReport service request."""
    deadline = row["response_deadline"]
    return {
        "service_request_id": row["tracking_no"],
        "status": OPEN311_STATUS[row["status"]],
        "status_notes": row["status_label"],
        "service_name": NAMES[row["channel"]],
        "service_code": row["channel"],
        "description": row["description"],
        "agency_responsible": AGENCY,
        "service_notice": None,
        "requested_datetime": _time(row["received_at"]),
        "updated_datetime": _time(row["updated_at"]),
        "expected_datetime": None if deadline is None else f"{deadline.isoformat()}T23:59:59",
        "address": row["address"],
        "address_id": None,
        "zipcode": None,
        "lat": row["lat"],
        "long": row["lon"],
        "media_url": None,
    }


async def find(
    conn: AsyncConnection,
    viewer: Principal,
    *,
    ids: list[str] | None = None,
    service_codes: list[str] | None = None,
    status: str | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
) -> list[dict[str, Any]]:
    """The service requests matching, by id (the first LIMIT)."""
    filters: dict[str, Any] = {
        "channel": service_codes,
        "status": STATUSES_OF[status] if status else None,
    }
    extra: dict[str, tuple[str, Any]] = {}
    if ids:
        extra["o311_ids"] = ("t.tracking_no = ANY(%(o311_ids)s)", ids)
    else:  # GeoReport: the last 90 days unless told otherwise
        if start is None:
            start = (end or datetime.now().astimezone()) - timedelta(days=DEFAULT_DAYS)
        extra["o311_start"] = ("t.received_at >= %(o311_start)s", start)
        if end is not None:
            extra["o311_end"] = ("t.received_at <= %(o311_end)s", end)
    rows = await rows_after(
        conn, COMPLAINTS, filters, viewer, GEOMETRY, after=0, limit=LIMIT, extra=extra
    )
    names = ["id", "lat", "lon", *COMPLAINTS.shown(viewer)]
    return [as_request(dict(zip(names, row, strict=True))) for row in rows]


async def one(conn: AsyncConnection, viewer: Principal, request_id: str) -> dict[str, Any]:
    found = await find(conn, viewer, ids=[request_id])
    if not found:
        raise NotFound(f"there is no service request {request_id}")
    return found[0]
