"""Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) under /open311/v2, each
answer as `.json` or `.xml`: discovery and the services for anyone; service requests
(complaints) read by those who may read complaints, scoped as the REST list; POSTed by
those who may register complaints (an API key with `complaints:write`)."""

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Form, Query, Request, Response

from api.auth.deps import Reader
from api.complaints.access import ComplaintSender
from api.contract.documented import BINARY, content
from api.contract.problems import AUTHED, problems
from api.deps import DbConn, SettingsDep, parse_choices
from api.errors import BadRequest
from api.open311 import intake, requests
from api.open311.render import XML, answer
from api.open311.schemas import Created, Discovery, Service, ServiceRequest
from api.open311.services import services
from api.vocabulary import COMPLAINT_CHANNELS

PREFIX = "/open311/v2"
SPEC = "http://wiki.open311.org/GeoReport_v2"
CHANGESET = "2026-12-01T00:00:00Z"

FormatParam = Annotated[Literal["json", "xml"], "the answer's format"]


def _content(shape: Any) -> dict[str, Any]:
    return {**content("application/json", shape), XML: {"schema": dict(BINARY)}}


router = APIRouter(prefix=PREFIX, tags=["open311"])


@router.get(
    "/discovery.{format}",
    response_class=Response,
    responses={200: {"description": "The endpoint", "content": _content(Discovery)}},
    summary="Open311 discovery",
)
async def discovery(request: Request, format: FormatParam) -> Response:
    """Where this GeoReport v2 endpoint is and what it speaks."""
    url = str(request.base_url).rstrip("/") + PREFIX
    return answer(
        format,
        "discovery",
        "endpoint",
        {
            "changeset": CHANGESET,
            "contact": "the street office (街道办事处)",
            "key_service": "API keys with the 'complaints:write' scope are issued by the street "
            "office (POST /api/v1/api-keys); send one as X-API-Key",
            "endpoints": [
                {
                    "specification": SPEC,
                    "url": url,
                    "changeset": CHANGESET,
                    "type": "production",
                    "formats": ["application/json", XML],
                }
            ],
        },
    )


@router.get(
    "/services.{format}",
    response_class=Response,
    responses={200: {"description": "The services", "content": _content(list[Service])}},
    summary="Open311 services (complaint channels)",
)
async def service_list(format: FormatParam) -> Response:
    """The services: one per complaint channel; `service_code` is the channel."""
    return answer(format, "services", "service", services())


@router.get(
    "/requests.{format}",
    response_class=Response,
    responses={
        200: {"description": "The service requests", "content": _content(list[ServiceRequest])},
        **problems(*AUTHED),
    },
    summary="Open311 service requests (complaints)",
)
async def request_list(
    format: FormatParam,
    conn: DbConn,
    viewer: Reader,
    service_request_id: Annotated[
        str | None, Query(description="Comma-separated tracking numbers (TS-…).")
    ] = None,
    service_code: Annotated[
        str | None, Query(description=f"Comma-separated: {', '.join(COMPLAINT_CHANNELS)}.")
    ] = None,
    start_date: Annotated[
        str | None, Query(description="Received at or after (W3C date-time with offset).")
    ] = None,
    end_date: Annotated[
        str | None, Query(description="Received at or before (W3C date-time with offset).")
    ] = None,
    status: Annotated[
        str | None, Query(description="`open` (received, assigned) or `closed` (the others).")
    ] = None,
) -> Response:
    """Complaints as GeoReport service requests, the first 1,000 by id; without dates or
    ids, those received in the last 90 days. Inspectors get their communities' only. No
    request carries who reported it."""
    if status is not None and status not in requests.STATUSES_OF:
        raise BadRequest(f"status {status!r}: use open or closed", parameter="status")
    start = intake.parse_time(start_date, "start_date")
    end = intake.parse_time(end_date, "end_date")
    if start and end and start > end:
        raise BadRequest("start_date is after end_date", parameter="start_date")
    ids = (
        [i.strip() for i in service_request_id.split(",") if i.strip()]
        if service_request_id
        else None
    )
    found = await requests.find(
        conn,
        viewer,
        ids=ids,
        service_codes=parse_choices(service_code, "service_code", COMPLAINT_CHANNELS),
        status=status,
        start=start,
        end=end,
    )
    return answer(format, "service_requests", "request", found)


@router.get(
    "/requests/{service_request_id}.{format}",
    response_class=Response,
    responses={
        200: {"description": "The service request", "content": _content(list[ServiceRequest])},
        **problems(*AUTHED, 404),
    },
    summary="One Open311 service request",
)
async def request_one(
    service_request_id: str, format: FormatParam, conn: DbConn, viewer: Reader
) -> Response:
    """One complaint by its tracking number, as a list of one (as GeoReport has it)."""
    found = await requests.one(conn, viewer, service_request_id)
    return answer(format, "service_requests", "request", [found])


@router.post(
    "/requests.{format}",
    status_code=201,
    response_class=Response,
    responses={
        201: {"description": "The request registered", "content": _content(list[Created])},
        **problems(*AUTHED, 409),
    },
    summary="Register an Open311 service request (a complaint)",
)
async def request_create(
    format: FormatParam,
    conn: DbConn,
    settings: SettingsDep,
    actor: ComplaintSender,
    service_code: Annotated[str, Form(description="The channel it came by.")],
    description: Annotated[str | None, Form()] = None,
    lat: Annotated[float | None, Form()] = None,
    long: Annotated[float | None, Form()] = None,
    address_string: Annotated[str | None, Form()] = None,
    first_name: Annotated[str | None, Form()] = None,
    last_name: Annotated[str | None, Form()] = None,
    phone: Annotated[str | None, Form()] = None,
    email: Annotated[str | None, Form()] = None,
    device_id: Annotated[str | None, Form()] = None,
    account_id: Annotated[str | None, Form()] = None,
    media_url: Annotated[str | None, Form()] = None,
) -> Response:
    """A GeoReport request (form-encoded) registered as a complaint, as POST
    /api/v1/complaints does: for the street office, inspectors, and systems whose API key
    (X-API-Key) has the `complaints:write` scope. The reporter's name and phone are kept
    for the street office alone; email, device_id, account_id and media_url are not
    kept."""
    form = {
        "service_code": service_code,
        "description": description,
        "lat": lat,
        "long": long,
        "address_string": address_string,
        "first_name": first_name,
        "last_name": last_name,
        "phone": phone,
    }
    created = await intake.register(conn, settings, actor, form)
    return answer(format, "service_requests", "request", [created], 201)
