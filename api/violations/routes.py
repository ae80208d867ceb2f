"""Routes for violations: the collection's resource (list and filter, read, register,
change, delete — built from its declaration) and its history."""

from typing import Annotated, Any

from api.auth.deps import Reader, RecordActor
from api.collections.router import (
    Created,
    Operation,
    QueryOption,
    Texts,
    WriteCall,
    Writes,
    collection_router,
)
from api.contract.documented import DocumentedAs
from api.contract.history import ViolationHistory
from api.contract.problems import AUTHED, problems
from api.deps import DbConn
from api.features import FeatureIn, FeaturePatch
from api.violations import duplicates, events, service
from api.violations.schemas import ViolationCreate, ViolationPatch
from api.violations.tables import VIOLATIONS
from spatial.validate import CheckedPolygonal

CONFIRM_OVERLAP = QueryOption(duplicates.CONFIRM, bool, False, duplicates.CONFIRM_DESCRIPTION)


async def _create(call: WriteCall, body: FeatureIn[ViolationCreate]) -> Created:
    return await service.create_violation(
        call.conn,
        call.settings,
        call.actor,
        body,
        call.repair,
        confirm_overlap=call.options[duplicates.CONFIRM],
    )


async def _patch(
    call: WriteCall, violation_id: int, version: int | None, body: FeaturePatch[ViolationPatch]
) -> CheckedPolygonal | None:
    return await service.patch_violation(
        call.conn,
        call.settings,
        call.actor,
        violation_id,
        version,
        body,
        call.repair,
        confirm_overlap=call.options[duplicates.CONFIRM],
    )


async def _delete(call: WriteCall, violation_id: int, version: int | None, reason: str) -> None:
    await service.delete_violation(call.conn, call.actor, violation_id, version, reason)


router = collection_router(
    VIOLATIONS,
    Texts(
        list_summary="List violations",
        list_description="Live violations as a GeoJSON FeatureCollection, ordered by id. "
        "Filters combine (AND); date ranges include both ends. Each feature carries its "
        "derived grid cell, compound and community, its ledger category, status and mapped "
        "area (m², geodesic).",
        get_summary="Get one violation",
        get_description="One violation as a GeoJSON Feature with its `ETag` (send it back in "
        "`If-Match`). `allowed_moves` lists the statuses it may move to next "
        "(POST …/transitions).",
    ),
    Writes(
        create=Operation(
            _create,
            RecordActor,
            "Register a violation",
            "Register a violation from a GeoJSON Feature whose geometry is its footprint "
            "(Polygon or MultiPolygon, lon/lat). Its grid cell, compound and community are "
            "derived from the footprint (the cell holding its largest part); a footprint outside "
            "every compound is refused (422). Its ledger category follows from `built_date` and "
            "the ledger flags. It starts as `registered`, and a `created` event is recorded. "
            "A footprint overlapping a standing violation by more than "
            "WEIJIAN_DUPLICATE_OVERLAP (80%) of the smaller one (geodesic areas) is probably "
            "the same structure registered twice: 409 naming it, unless "
            "`confirm_overlap=true`.",
            ViolationCreate,
            query=(CONFIRM_OVERLAP,),
        ),
        patch=Operation(
            _patch,
            RecordActor,
            "Change a violation",
            "Change some properties and/or the footprint. `If-Match` must carry the ETag you "
            "read (412 when someone changed it meanwhile, 428 when missing). A new footprint "
            "re-derives the grid cell, compound and community; the change is recorded as an "
            "`updated` event with the old and new values. A standing violation's new "
            "footprint is checked for duplicates as on registering (409 unless "
            "`confirm_overlap=true`).",
            ViolationPatch,
            query=(CONFIRM_OVERLAP,),
        ),
        delete=Operation(
            _delete,
            RecordActor,
            "Delete a violation",
            "Soft-delete a violation registered by mistake: it leaves lists and maps, keeps its "
            "data, and a `deleted` event records who, when and why.",
        ),
        repair=True,
    ),
    tag="violations",
)


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
