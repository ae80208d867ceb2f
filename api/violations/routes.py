"""Routes for violations: list and filter, read, register, change, delete, history."""

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response, status

from api.auth.deps import Reader, RecordActor
from api.contract.documented import DocumentedAs
from api.contract.history import ViolationHistory
from api.contract.problems import AUTHED, problems
from api.db.records import get_feature, list_features
from api.deps import (
    BBoxParam,
    CommunityParam,
    CompoundParam,
    DbConn,
    DeleteReason,
    GridParam,
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
from api.violations import events, service
from api.violations.schemas import ViolationCreate, ViolationPatch
from api.violations.tables import VIOLATIONS
from api.violations.vocab import LEDGERS, STATUSES

router = APIRouter(prefix="/violations", tags=["violations"])

DateParam = Annotated[date | None, Query(description="A date, YYYY-MM-DD (inclusive).")]


@router.get("", response_class=Response, responses=GEOJSON_RESPONSE, summary="List violations")
async def list_violations(
    request: Request,
    conn: DbConn,
    viewer: Reader,
    paging: PagingDep,
    bbox: BBoxParam = None,
    community_id: CommunityParam = None,
    compound_id: CompoundParam = None,
    grid_id: GridParam = None,
    household_id: Annotated[int | None, Query(description="Only this household's.")] = None,
    status_: Annotated[
        str | None,
        Query(alias="status", description=f"Comma-separated statuses: {', '.join(STATUSES)}."),
    ] = None,
    ledger: Annotated[
        str | None, Query(description=f"Comma-separated ledger categories: {', '.join(LEDGERS)}.")
    ] = None,
    found_from: DateParam = None,
    found_to: DateParam = None,
    built_from: DateParam = None,
    built_to: DateParam = None,
    overdue: Annotated[
        bool | None,
        Query(
            description="true: still standing past the deadline (the plan's, else the "
            "compound's); false: the others."
        ),
    ] = None,
    stop_overdue: Annotated[
        bool | None,
        Query(
            description="true: new construction not stopped within "
            "WEIJIAN_NEW_CONSTRUCTION_DAYS of being found, or stopped late."
        ),
    ] = None,
) -> Response:
    """Live violations as a GeoJSON FeatureCollection, ordered by id. Filters combine
    (AND); date ranges include both ends. Each feature carries its derived grid cell,
    compound and community, its ledger category, status and mapped area (m², geodesic)."""
    check_date_range(found_from, found_to, "found")
    check_date_range(built_from, built_to, "built")
    filters: dict[str, Any] = {
        "bbox": parse_bbox(bbox),
        "community_id": community_id,
        "compound_id": compound_id,
        "grid_id": grid_id,
        "household_id": household_id,
        "status": parse_choices(status_, "status", STATUSES),
        "ledger": parse_choices(ledger, "ledger", LEDGERS),
        "found_from": found_from,
        "found_to": found_to,
        "built_from": built_from,
        "built_to": built_to,
        "overdue": overdue,
        "stop_overdue": stop_overdue,
    }
    matched, features = await list_features(
        conn, VIOLATIONS, filters, viewer, limit=paging.limit, offset=paging.offset
    )
    return feature_collection(request, features, matched, paging)


@router.get(
    "/{violation_id}",
    response_class=Response,
    responses=GEOJSON_RESPONSE,
    summary="Get one violation",
)
async def get_violation(violation_id: int, conn: DbConn, viewer: Reader) -> Response:
    """One violation as a GeoJSON Feature with its `ETag` (send it back in `If-Match`).
    `allowed_moves` lists the statuses it may move to next (POST …/transitions)."""
    feature, version = await get_feature(conn, VIOLATIONS, violation_id, viewer)
    return feature_response(feature, version)


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_class=Response,
    responses={201: GEOJSON_RESPONSE[200]},
    summary="Register a violation",
)
async def create_violation(
    body: FeatureIn[ViolationCreate],
    conn: DbConn,
    settings: SettingsDep,
    actor: RecordActor,
    repair: bool = Repair,
) -> Response:
    """Register a violation from a GeoJSON Feature whose geometry is its footprint
    (Polygon or MultiPolygon, lon/lat). Its grid cell, compound and community are
    derived from the footprint (the cell holding its largest part); a footprint outside
    every compound is refused (422). Its ledger category follows from `built_date` and
    the ledger flags. It starts as `registered`, and a `created` event is recorded."""
    violation_id, checked = await service.create_violation(conn, settings, actor, body, repair)
    feature, version = await get_feature(conn, VIOLATIONS, violation_id, actor.principal)
    location = f"/api/v1/violations/{violation_id}"
    return feature_response(feature, version, 201, location, **repaired_members(checked))


@router.patch(
    "/{violation_id}",
    response_class=Response,
    responses=GEOJSON_RESPONSE,
    summary="Change a violation",
)
async def patch_violation(
    violation_id: int,
    body: FeaturePatch[ViolationPatch],
    conn: DbConn,
    settings: SettingsDep,
    actor: RecordActor,
    if_match: IfMatch = None,
    repair: bool = Repair,
) -> Response:
    """Change some properties and/or the footprint. `If-Match` must carry the ETag you
    read (412 when someone changed it meanwhile, 428 when missing). A new footprint
    re-derives the grid cell, compound and community; the change is recorded as an
    `updated` event with the old and new values."""
    version = parse_if_match(if_match)
    checked = await service.patch_violation(
        conn, settings, actor, violation_id, version, body, repair
    )
    feature, new_version = await get_feature(conn, VIOLATIONS, violation_id, actor.principal)
    return feature_response(feature, new_version, **repaired_members(checked))


@router.delete(
    "/{violation_id}", status_code=status.HTTP_204_NO_CONTENT, summary="Delete a violation"
)
async def delete_violation(
    violation_id: int,
    conn: DbConn,
    actor: RecordActor,
    reason: DeleteReason,
    if_match: IfMatch = None,
) -> Response:
    """Soft-delete a violation registered by mistake: it leaves lists and maps, keeps its
    data, and a `deleted` event records who, when and why."""
    version = parse_if_match(if_match) if if_match else None
    await service.delete_violation(conn, actor, violation_id, version, reason)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get(
    "/{violation_id}/history",
    summary="A violation's history",
    responses=problems(*AUTHED, 404),
)
async def violation_history(
    violation_id: int, conn: DbConn, viewer: Reader
) -> Annotated[dict[str, Any], DocumentedAs(ViolationHistory)]:
    """Every event of the violation, oldest first: who did what when, why, and the
    diff `{field: [old, new]}`. Deleted violations keep their history. Personal data in
    the diffs is masked for those who may not see it."""
    return {
        "violation_id": violation_id,
        "events": await events.history(conn, violation_id, viewer),
    }
