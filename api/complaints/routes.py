"""Routes for complaints, for staff and systems: list, read, history, register (from the
12345 platform or the phone), correct the place, and move through the lifecycle."""

from datetime import date, datetime, time, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response, status

from api.auth.deps import Reader
from api.complaints import events, service, transitions
from api.complaints.access import ComplaintHandler, ComplaintSender, StreetOffice
from api.complaints.lifecycle import STATUSES
from api.complaints.schemas import ComplaintCreate, ComplaintMove, ComplaintPatch
from api.complaints.tables import complaints_for
from api.db.records import get_feature, list_features
from api.deps import (
    BBoxParam,
    CommunityParam,
    CompoundParam,
    DbConn,
    IfMatch,
    PagingDep,
    Repair,
    SettingsDep,
    check_date_range,
    parse_bbox,
    parse_choices,
    parse_if_match,
)
from api.features import FeatureIn, FeaturePatch
from api.geojson import GEOJSON_RESPONSE, feature_collection, feature_response, repaired_members
from api.settings import Settings
from api.vocabulary import COMPLAINT_CHANNELS as CHANNELS

router = APIRouter(prefix="/complaints", tags=["complaints"])

DateParam = Annotated[
    date | None, Query(description="A day, YYYY-MM-DD (inclusive, campaign time zone).")
]


def _day_start(day: date | None, settings: Settings, after: bool = False) -> datetime | None:
    """The start of a campaign day (or of the day after it), as an instant."""
    if day is None:
        return None
    return datetime.combine(day + timedelta(days=1 if after else 0), time(), settings.zone)


@router.get("", response_class=Response, responses=GEOJSON_RESPONSE, summary="List complaints")
async def list_complaints(
    request: Request,
    conn: DbConn,
    settings: SettingsDep,
    viewer: Reader,
    paging: PagingDep,
    bbox: BBoxParam = None,
    community_id: CommunityParam = None,
    compound_id: CompoundParam = None,
    status_: Annotated[
        str | None,
        Query(alias="status", description=f"Comma-separated statuses: {', '.join(STATUSES)}."),
    ] = None,
    channel: Annotated[
        str | None, Query(description=f"Comma-separated channels: {', '.join(CHANNELS)}.")
    ] = None,
    assigned_to: Annotated[str | None, Query(description="Only those handed to this user.")] = None,
    violation_id: Annotated[int | None, Query(description="Only those linked to it.")] = None,
    received_from: DateParam = None,
    received_to: DateParam = None,
    overdue: Annotated[
        bool | None,
        Query(
            description="true: not answered (still received or assigned) and past the "
            "response deadline; false: the others."
        ),
    ] = None,
) -> Response:
    """Live complaints as a GeoJSON FeatureCollection (a Point, or null geometry when
    the complaint came without one), ordered by id. Filters combine (AND).

    "Answered" means moved past `assigned` (verified or unfounded): `overdue` complaints
    are those still received or assigned after their `response_deadline`. Inspectors see
    their communities' complaints only; a complaint without a point belongs to no
    community and is seen by unscoped readers only. The reporter's name and phone are in
    the properties for the street office (admins) alone."""
    check_date_range(received_from, received_to, "received")
    filters: dict[str, Any] = {
        "bbox": parse_bbox(bbox),
        "community_id": community_id,
        "compound_id": compound_id,
        "status": parse_choices(status_, "status", STATUSES),
        "channel": parse_choices(channel, "channel", CHANNELS),
        "assigned_to": assigned_to,
        "violation_id": violation_id,
        "received_from": _day_start(received_from, settings),
        "received_to": _day_start(received_to, settings, after=True),
        "overdue": overdue,
    }
    matched, features = await list_features(
        conn, complaints_for(viewer), filters, viewer, limit=paging.limit, offset=paging.offset
    )
    return feature_collection(request, features, matched, paging)


@router.get(
    "/{complaint_id}",
    response_class=Response,
    responses=GEOJSON_RESPONSE,
    summary="Get one complaint",
)
async def get_complaint(complaint_id: int, conn: DbConn, viewer: Reader) -> Response:
    """One complaint as a GeoJSON Feature with its `ETag` (send it back in `If-Match`
    to move it). `allowed_moves` lists the moves its status allows, each with the roles
    that may make it (`by`) and what it needs. Another community's complaint answers 404."""
    feature, version = await get_feature(conn, complaints_for(viewer), complaint_id, viewer)
    return feature_response(feature, version)


@router.get("/{complaint_id}/history", summary="A complaint's history")
async def complaint_history(complaint_id: int, conn: DbConn, viewer: Reader) -> dict[str, Any]:
    """Every event of the complaint, oldest first: received, assigned, verified or
    unfounded, closed, corrected — who (a username, `key:<name>`, or `public`), when,
    why, and the diff `{field: [old, new]}`. The reporter's identity is never in it."""
    return {
        "complaint_id": complaint_id,
        "events": await events.history(conn, complaint_id, viewer),
    }


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_class=Response,
    responses={201: GEOJSON_RESPONSE[200]},
    summary="Register a complaint (12345 platform, hotline, staff)",
)
async def create_complaint(
    body: FeatureIn[ComplaintCreate], conn: DbConn, settings: SettingsDep, actor: ComplaintSender
) -> Response:
    """Register a complaint taken in elsewhere — pushed by the 12345 hotline platform
    (an API key with the `complaints:write` scope), or entered by the street office or
    a community inspector. The geometry is the Point it is about (lon/lat), or null when
    the caller gave only an address (inspectors must give a point in their communities).
    A point outside the district is refused (422). `external_ref` is the number on the
    sending system: the same channel and number twice answers 409 naming the first.
    The complaint starts `received`, with a tracking number and a response deadline."""
    point = service.point_text(body.geometry) if body.geometry is not None else None
    props = body.properties
    received = await service.receive(
        conn,
        settings,
        actor,
        service.NewComplaint(
            description=props.description,
            channel=props.channel,
            point=point,
            address=props.address,
            reporter_name=props.reporter_name,
            reporter_phone=props.reporter_phone,
            external_ref=props.external_ref,
            received_at=props.received_at,
        ),
    )
    feature, version = await get_feature(
        conn, complaints_for(actor.principal), received.id, actor.principal
    )
    return feature_response(feature, version, 201, f"/api/v1/complaints/{received.id}")


@router.patch(
    "/{complaint_id}",
    response_class=Response,
    responses=GEOJSON_RESPONSE,
    summary="Correct where a complaint is",
)
async def patch_complaint(
    complaint_id: int,
    body: FeaturePatch[ComplaintPatch],
    conn: DbConn,
    actor: StreetOffice,
    if_match: IfMatch = None,
) -> Response:
    """The street office places a complaint that came without a point (or with a wrong
    one): a new Point geometry (or null) and/or `address`. Its community and compound
    are derived anew. Only while the complaint is `received`; needs `If-Match`."""
    version = parse_if_match(if_match)
    await service.replace(conn, actor, complaint_id, version, body)
    feature, new_version = await get_feature(
        conn, complaints_for(actor.principal), complaint_id, actor.principal
    )
    return feature_response(feature, new_version)


@router.post(
    "/{complaint_id}/transitions",
    response_class=Response,
    responses=GEOJSON_RESPONSE,
    summary="Move a complaint through its lifecycle",
)
async def move_complaint(
    complaint_id: int,
    body: ComplaintMove,
    conn: DbConn,
    settings: SettingsDep,
    actor: ComplaintHandler,
    if_match: IfMatch = None,
    repair: bool = Repair,
) -> Response:
    """Move the complaint to status `to`; `If-Match` must carry its ETag (412 when it
    changed meanwhile, 428 when missing). The moves:

    | from | to | who | send |
    |---|---|---|---|
    | received | assigned | street office | `assigned_to`: an active inspector of its community, or an admin |
    | received | unfounded | street office | `reason` |
    | assigned | assigned | street office | `assigned_to` (hand it to someone else) |
    | assigned | verified | street office, inspector of its community | `violation_id`, or `violation`: a Feature registering a new violation (found_by `complaint`) |
    | assigned | unfounded | street office, inspector of its community | `reason` |
    | verified, unfounded | closed | street office, inspector of its community | |

    `reason` is welcome on every move and kept in the history. Any other move answers
    409 with the moves allowed from the current status. Verifying appends a
    `complaint_linked` event to the violation's history. Answers the complaint."""  # noqa: E501
    version = parse_if_match(if_match)
    checked = await transitions.move_complaint(
        conn, settings, actor, complaint_id, version, body, repair
    )
    feature, new_version = await get_feature(
        conn, complaints_for(actor.principal), complaint_id, actor.principal
    )
    return feature_response(feature, new_version, **repaired_members(checked))
