"""Routes of the campaign workflow: status moves, stopping, ledger changes, write-offs."""

from typing import Annotated, Any

from fastapi import APIRouter, Query, Response

from api.auth.deps import Reader, RecordActor, WriteOffDecider
from api.collections.read import get_feature
from api.collections.schemas import feature_model
from api.contract.documented import ZIP, DocumentedAs, binary
from api.contract.problems import AUTHED, IF_MATCH, problems
from api.deps import CommunityParam, DbConn, IfMatch, PagingDep, SettingsDep, parse_if_match
from api.forms.survey import survey_form_xlsx
from api.geojson import GeoJSONResponse, feature_response
from api.violations.tables import VIOLATIONS
from api.vocabulary import WriteOffState
from api.workflow import dossier, service, writeoffs
from api.workflow.answers import Dossier, WriteOffQueue, WriteOffRequest
from api.workflow.schemas import DecisionIn, LedgerIn, StopIn, TransitionIn, WriteOffIn

router = APIRouter(tags=["workflow"], responses=problems(*AUTHED))

# A move answers the violation, as GET /api/v1/violations/{id} does.
MOVED: dict[int | str, dict[str, Any]] = {
    200: {"model": feature_model(VIOLATIONS), "description": "The violation, moved."},
    **problems(*IF_MATCH, s409="The lifecycle does not allow this move: see `allowed`."),
}
WriteOff = Annotated[dict[str, Any], DocumentedAs(WriteOffRequest)]


async def _violation(conn: DbConn, violation_id: int, actor: Any) -> Response:
    feature, version = await get_feature(conn, VIOLATIONS, violation_id, actor.principal)
    return feature_response(feature, version)


@router.post(
    "/violations/{violation_id}/transitions",
    response_class=GeoJSONResponse,
    responses=MOVED,
    summary="Move a violation to another status",
)
async def transition(
    violation_id: int,
    body: TransitionIn,
    conn: DbConn,
    settings: SettingsDep,
    actor: RecordActor,
    if_match: IfMatch = None,
) -> Response:
    """The lifecycle: registered → verified (needs the measured area) → planned (needs
    the measure, the person responsible and a deadline on or after the found date — the
    compound's by default, or for a violation found after the compound's deadline its
    found date plus WEIJIAN_LATE_FIND_DAYS) → rectifying → demolished (needs
    `demolished_on`, `demolished_area_m2` — more than 0, and no more than the mapped area
    plus the tolerance — and an after-photo) or rectified (needs
    `rectified_on` and an after-photo); registered or verified → dismissed (needs a
    reason). Written off only through an approved write-off request. A move the
    lifecycle does not allow answers 409 with the allowed ones; a move missing what it
    needs answers 422 saying what. `If-Match` carries the ETag you read."""
    await service.transition(conn, settings, actor, violation_id, parse_if_match(if_match), body)
    return await _violation(conn, violation_id, actor)


@router.post(
    "/violations/{violation_id}/stop",
    response_class=GeoJSONResponse,
    responses=MOVED,
    summary="Record that new construction was stopped",
)
async def stop(
    violation_id: int,
    body: StopIn,
    conn: DbConn,
    settings: SettingsDep,
    actor: RecordActor,
    if_match: IfMatch = None,
) -> Response:
    """Zero tolerance for new construction (发现一起，制止一起): record the day it was
    stopped. New construction not stopped within WEIJIAN_NEW_CONSTRUCTION_DAYS of being
    found is flagged (`stop_overdue`)."""
    await service.stop(conn, settings, actor, violation_id, parse_if_match(if_match), body)
    return await _violation(conn, violation_id, actor)


@router.post(
    "/violations/{violation_id}/ledger",
    response_class=GeoJSONResponse,
    responses=MOVED,
    summary="Change the ledger category, with a reason",
)
async def change_ledger(
    violation_id: int,
    body: LedgerIn,
    conn: DbConn,
    settings: SettingsDep,
    actor: RecordActor,
    if_match: IfMatch = None,
) -> Response:
    """Change `built_date` or the ledger flags, which decide the ledger category (stock
    on the ministry's ledger, on the 5th survey's, missed stock, or new). A reason is
    required and kept in the history as a `ledger_changed` event."""
    await service.change_ledger(conn, settings, actor, violation_id, parse_if_match(if_match), body)
    return await _violation(conn, violation_id, actor)


@router.post(
    "/violations/{violation_id}/write-off-requests",
    status_code=201,
    summary="Ask for a write-off (销账)",
    responses=problems(404, 409, s409="Not demolished or rectified, or a request waits."),
)
async def request_write_off(
    violation_id: int, body: WriteOffIn, conn: DbConn, actor: RecordActor
) -> WriteOff:
    """The community asks the street office to take a demolished or rectified violation
    off the ledger, with its evidence. One request may wait at a time."""
    return await writeoffs.request(conn, actor, violation_id, body.evidence)


@router.get("/write-off-requests", summary="The write-off queue", responses=problems(404))
async def write_off_queue(
    conn: DbConn,
    viewer: Reader,
    paging: PagingDep,
    state: Annotated[
        WriteOffState | None,
        Query(description="Default: all. `pending` is the street office's queue."),
    ] = None,
    community_id: CommunityParam = None,
) -> Annotated[dict[str, Any], DocumentedAs(WriteOffQueue)]:
    """Write-off requests, oldest first, with the violation's status and evidence."""
    total, rows = await writeoffs.queue(
        conn, viewer, state, community_id, paging.limit, paging.offset
    )
    return {"numberMatched": total, "numberReturned": len(rows), "requests": rows}


DECIDED = problems(404, 409, s409="The request was already decided.")


@router.post(
    "/write-off-requests/{request_id}/approve", summary="Approve a write-off", responses=DECIDED
)
async def approve(
    request_id: int, body: DecisionIn, conn: DbConn, settings: SettingsDep, actor: WriteOffDecider
) -> WriteOff:
    """The street office approves: the violation becomes written_off."""
    return await writeoffs.decide(conn, settings, actor, request_id, True, body.reason)


@router.post(
    "/write-off-requests/{request_id}/reject", summary="Send a write-off back", responses=DECIDED
)
async def reject(
    request_id: int, body: DecisionIn, conn: DbConn, settings: SettingsDep, actor: WriteOffDecider
) -> WriteOff:
    """The street office sends the request back to the community, with a reason."""
    return await writeoffs.decide(conn, settings, actor, request_id, False, body.reason)


@router.get(
    "/households/{household_id}/dossier",
    summary="The household's file (一户一档)",
    responses=problems(404),
)
async def household_dossier(
    household_id: int, conn: DbConn, settings: SettingsDep, viewer: Reader
) -> Annotated[dict[str, Any], DocumentedAs(Dossier)]:
    """Everything about one household: the party, each of its violations with the full
    history, its photos and the complaints that led to it. Personal data is masked for
    those who may not see it; complainants are shown to the street office only."""
    return await dossier.dossier(conn, settings, household_id, viewer)


@router.get(
    "/households/{household_id}/dossier.zip",
    response_class=Response,
    responses={**binary(ZIP, description="The file as a zip."), **problems(404)},
    summary="The household's file as a zip",
)
async def household_dossier_zip(
    household_id: int, conn: DbConn, settings: SettingsDep, viewer: Reader
) -> Response:
    """The same file as a zip: `dossier.json`, the household's survey form (附件1
    违法建设摸底调查表, as from GET /api/v1/forms/survey) and the photos' original files
    under `photos/`."""
    file = await dossier.dossier(conn, settings, household_id, viewer)
    form = await survey_form_xlsx(conn, settings, household_id, viewer)
    return Response(
        dossier.as_zip(file, settings, form),
        media_type=ZIP,
        headers={"Content-Disposition": f'attachment; filename="household-{household_id}.zip"'},
    )
