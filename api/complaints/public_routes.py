"""Public complaint routes: send a complaint without logging in (rate-limited), and
follow it by its tracking number. Nothing here shows who complained, who handles it,
or why: only where it stands."""

import json
from typing import Any

from fastapi import APIRouter, Depends, Request, Response, status
from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError
from starlette.datastructures import UploadFile

from api.auth.principal import PUBLIC, Actor
from api.complaints import events, service, tracking
from api.complaints.lifecycle import LABELS_ZH
from api.complaints.ratelimit import limit_public_intake
from api.complaints.schemas import (
    ComplaintIntake,
    ComplaintReceipt,
    ComplaintTracking,
    TimelineEntry,
    blank_to_none,
)
from api.complaints.tables import TRACKING_SQL
from api.contract.problems import problems
from api.deps import DbConn, SettingsDep
from api.errors import NotFound, Problem, Unprocessable
from api.photos.service import store_upload

router = APIRouter(prefix="/public/complaints", tags=["public"])

# Where a complaint is followed: the page for people (api/mapapp/routes.py), and the
# resource the page reads (this router's GET /{tracking_no}).
TRACK_PAGE = "/track/"
TRACK_PATH = "/api/v1/public/complaints/"
PHOTO_FIELD = "photo"


class UnsupportedMediaType(Problem):
    status = 415


_INTAKE_SCHEMA = ComplaintIntake.model_json_schema()
_FORM_SCHEMA = {
    **_INTAKE_SCHEMA,
    "properties": {
        **_INTAKE_SCHEMA["properties"],
        PHOTO_FIELD: {
            "type": "string",
            "format": "binary",
            "description": "A photo of the structure (JPEG or PNG), optional.",
        },
    },
}
INTAKE_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": _INTAKE_SCHEMA},
            "multipart/form-data": {"schema": _FORM_SCHEMA},
        },
    }
}


async def read_intake(request: Request) -> tuple[ComplaintIntake, UploadFile | None]:
    """The complaint from a JSON body or a form (multipart, with an optional photo)."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    photo = None
    data: Any
    if kind == "application/json" or kind.endswith("+json"):
        try:
            data = json.loads(await request.body())
        except (ValueError, UnicodeDecodeError) as exc:
            raise Unprocessable(f"the body is not valid JSON: {exc}") from exc
        if not isinstance(data, dict):
            raise Unprocessable("send a JSON object: {lon, lat, description, …}")
    elif kind in ("multipart/form-data", "application/x-www-form-urlencoded"):
        form = await request.form(max_files=1, max_fields=20)
        data = {}
        for name, value in form.multi_items():
            if name == PHOTO_FIELD:
                if isinstance(value, UploadFile):
                    photo = value if value.filename or value.size else None
                elif value.strip():
                    raise Unprocessable("photo must be a file (an image), not a text field")
            elif isinstance(value, UploadFile):
                raise Unprocessable(f"{name} must be a text field, not a file")
            else:
                data[name] = value
        data = blank_to_none(data)
    else:
        raise UnsupportedMediaType(
            f"send the complaint as application/json or multipart/form-data (with a photo), "
            f"not {kind or 'a body without a Content-Type'}"
        )
    try:
        return ComplaintIntake.model_validate(data), photo
    except ValidationError as exc:
        raise RequestValidationError(exc.errors(include_url=False)) from exc


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=ComplaintReceipt,
    dependencies=[Depends(limit_public_intake)],
    openapi_extra=INTAKE_BODY,
    responses=problems(
        413,
        415,
        422,
        429,
        s413="The body or the photo is larger than the limit.",
        s415="Neither JSON nor a form; or the photo is not a JPEG or PNG image.",
        s422="Something is missing or wrong (e.g. the point is outside the district).",
        s429="Too many complaints from this address: wait `retry_after` seconds.",
    ),
    summary="Report illegal construction (public, no login)",
)
async def send_complaint(
    request: Request, response: Response, conn: DbConn, settings: SettingsDep
) -> ComplaintReceipt:
    """Report a structure you believe was built illegally (举报违法建设). No login needed.

    Send JSON `{lon, lat, description, address?, reporter_name?, reporter_phone?}`, or
    the same as form fields with an optional `photo` (JPEG or PNG). `lon`/`lat` are
    WGS84 (convert a point picked on a GCJ-02 consumer map first) and must lie inside
    the district; the description needs at least 5 characters. Your name and phone are
    optional and seen only by the street office, never shown back.

    You get a tracking number: keep it, and follow the complaint on the page at
    `track_url` (`/track/{tracking_no}`; `Location` is the same as JSON). The
    street office answers by `response_deadline`. At most a few complaints per address
    in a short time: beyond that 429, with `Retry-After` in seconds."""
    intake, photo = await read_intake(request)
    point = service.lonlat_point(intake.lon, intake.lat)
    actor = Actor(PUBLIC, getattr(request.state, "request_id", None))
    warnings: list[str] = []
    async with conn.transaction():
        received = await service.receive(
            conn,
            settings,
            actor,
            service.NewComplaint(
                description=intake.description,
                channel=intake.channel,
                point=point,
                address=intake.address,
                reporter_name=intake.reporter_name,
                reporter_phone=intake.reporter_phone,
            ),
        )
        if photo is not None:
            _, warnings = await store_upload(
                conn, settings, actor, "complaint", received.id, "before", photo
            )
    track_url = TRACK_PAGE + received.tracking_no
    response.headers["Location"] = TRACK_PATH + received.tracking_no
    return ComplaintReceipt(
        tracking_no=received.tracking_no,
        status="received",
        status_label=LABELS_ZH["received"],
        received_at=received.received_at,
        response_deadline=received.response_deadline,
        track_url=track_url,
        photos=1 if photo is not None else 0,
        warnings=warnings,
    )


@router.get(
    "/{tracking_no}",
    response_model=ComplaintTracking,
    responses=problems(404, 422, s404="No complaint has this tracking number."),
    summary="Follow a complaint by its tracking number (public)",
)
async def track_complaint(tracking_no: str, conn: DbConn) -> ComplaintTracking:
    """Where a complaint stands: its status (with a Chinese label), when it was
    received, the day the street office answers by, when it was closed, and each status
    it went through with the time. No names, no internal notes."""
    number = tracking.normalise(tracking_no)
    row = None
    if number is not None:
        cur = await conn.execute(TRACKING_SQL, {"tracking_no": number})
        row = await cur.fetchone()
    if row is None:
        raise NotFound(
            f"there is no complaint with tracking number {tracking_no!r}: check it against "
            "the receipt (it looks like TS-20191015-7K3QXM)"
        )
    complaint_id, number, status_, received_at, deadline, closed_at = row
    return ComplaintTracking(
        tracking_no=number,
        status=status_,
        status_label=LABELS_ZH[status_],
        received_at=received_at,
        response_deadline=deadline,
        closed_at=closed_at,
        timeline=[
            TimelineEntry.model_validate(entry)
            for entry in await events.timeline(conn, complaint_id)
        ],
    )
