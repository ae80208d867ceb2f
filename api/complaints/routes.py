"""Routes for complaints, for staff and systems: list, read, history, register (from the
12345 platform or the phone), correct the place, and move through the lifecycle."""

from typing import Annotated, Any

from fastapi import APIRouter, Query, Response

from api.auth.deps import Reader
from api.collections.read import get_feature
from api.collections.router import (
    Created,
    Operation,
    Texts,
    WriteCall,
    Writes,
    collection_router,
)
from api.collections.schemas import feature_model
from api.complaints import events, service, transitions
from api.complaints.access import ComplaintHandler, ComplaintSender, StreetOffice
from api.complaints.schemas import ComplaintCreate, ComplaintMove, ComplaintPatch
from api.complaints.tables import COMPLAINTS
from api.contract.documented import DocumentedAs
from api.contract.history import ComplaintHistory
from api.contract.problems import AUTHED, IF_MATCH, problems
from api.deps import DbConn, IfMatch, Repair, SettingsDep, parse_if_match
from api.features import FeatureIn, FeaturePatch
from api.geojson import GeoJSONResponse, feature_response, repaired_members
from api.violations import duplicates


async def _create(call: WriteCall, body: FeatureIn[ComplaintCreate]) -> Created:
    point = service.point_text(body.geometry) if body.geometry is not None else None
    props = body.properties
    received = await service.receive(
        call.conn,
        call.settings,
        call.actor,
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
    return received.id, None


async def _patch(
    call: WriteCall, complaint_id: int, version: int | None, body: FeaturePatch[ComplaintPatch]
) -> None:
    await service.replace(call.conn, call.actor, complaint_id, version, body)


# The resource: list and read (reporters for the street office alone), register, re-place.
resource = collection_router(
    COMPLAINTS,
    Texts(
        list_summary="List complaints",
        list_description="""Live complaints as a GeoJSON FeatureCollection (a Point, or null
geometry when the complaint came without one), ordered by id. Filters combine (AND).

"Answered" means moved past `assigned` (verified or unfounded): `overdue` complaints
are those still received or assigned after their `response_deadline`. Inspectors see
their communities' complaints only; a complaint without a point belongs to no
community and is seen by unscoped readers only. The reporter's name and phone are in
the properties for the street office (admins) alone.""",
        get_summary="Get one complaint",
        get_description="One complaint as a GeoJSON Feature with its `ETag` (send it back in "
        "`If-Match` to move it). `allowed_moves` lists the moves its status allows, each with "
        "the roles that may make it (`by`) and what it needs. Another community's complaint "
        "answers 404.",
    ),
    Writes(
        create=Operation(
            _create,
            ComplaintSender,
            "Register a complaint (12345 platform, hotline, staff)",
            """Register a complaint taken in elsewhere — pushed by the 12345 hotline platform
(an API key with the `complaints:write` scope), or entered by the street office or
a community inspector. The geometry is the Point it is about (lon/lat), or null when
the caller gave only an address (inspectors must give a point in their communities).
A point outside the district is refused (422). `external_ref` is the number on the
sending system: the same channel and number twice answers 409 naming the first.
The complaint starts `received`, with a tracking number and a response deadline.""",
            ComplaintCreate,
        ),
        patch=Operation(
            _patch,
            StreetOffice,
            "Correct where a complaint is",
            """The street office places a complaint that came without a point (or with a wrong
one): a new Point geometry (or null) and/or `address`. Its community and compound
are derived anew. Only while the complaint is `received`; needs `If-Match`.""",
            ComplaintPatch,
        ),
    ),
    tag="complaints",
)

# Its history and its moves through the lifecycle.
router = APIRouter(prefix="/complaints", tags=["complaints"])


@router.get(
    "/{complaint_id}/history",
    summary="A complaint's history",
    responses=problems(*AUTHED, 404),
)
async def complaint_history(
    complaint_id: int, conn: DbConn, viewer: Reader
) -> Annotated[dict[str, Any], DocumentedAs(ComplaintHistory)]:
    """Every event of the complaint, oldest first: received, assigned, verified or
    unfounded, closed, corrected — who (a username, `key:<name>`, or `public`), when,
    why, and the diff `{field: [old, new]}`. The reporter's identity is never in it."""
    return {
        "complaint_id": complaint_id,
        "events": await events.history(conn, complaint_id, viewer),
    }


@router.post(
    "/{complaint_id}/transitions",
    response_class=GeoJSONResponse,
    responses={
        200: {"model": feature_model(COMPLAINTS), "description": "The complaint, moved."},
        **problems(*AUTHED, *IF_MATCH, s409="Its status does not allow this move: see `allowed`."),
    },
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
    confirm_overlap: Annotated[
        bool, Query(description="With `violation`: " + duplicates.CONFIRM_DESCRIPTION)
    ] = False,
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
        conn, settings, actor, complaint_id, version, body, repair, confirm_overlap
    )
    feature, new_version = await get_feature(conn, COMPLAINTS, complaint_id, actor.principal)
    return feature_response(feature, new_version, **repaired_members(checked))
