"""Routes for households (一户一档): the collection's resource, built from its
declaration."""

from api.auth.deps import RecordActor
from api.collections.router import (
    Created,
    Operation,
    Texts,
    WriteCall,
    Writes,
    collection_router,
)
from api.features import FeatureIn, FeaturePatch
from api.households import service
from api.households.schemas import HouseholdCreate, HouseholdPatch
from api.households.tables import HOUSEHOLDS


async def _create(call: WriteCall, body: FeatureIn[HouseholdCreate]) -> Created:
    return await service.create_household(call.conn, call.actor, body), None


async def _patch(
    call: WriteCall, household_id: int, version: int | None, body: FeaturePatch[HouseholdPatch]
) -> None:
    await service.patch_household(call.conn, call.actor, household_id, version, body)


async def _delete(call: WriteCall, household_id: int, version: int | None, reason: str) -> None:
    await service.delete_household(call.conn, household_id, version, call.actor, reason)


router = collection_router(
    HOUSEHOLDS,
    Texts(
        list_summary="List households",
        list_description="Live households as a GeoJSON FeatureCollection; the geometry is the "
        "household's point when one was recorded, else null.",
        get_summary="Get one household",
        get_description="One household as a GeoJSON Feature with its `ETag`.",
    ),
    Writes(
        create=Operation(
            _create,
            RecordActor,
            "Create a household",
            "Create a household from a GeoJSON Feature whose geometry is a Point on its "
            "building (inside its compound) or null.",
            HouseholdCreate,
        ),
        patch=Operation(
            _patch,
            RecordActor,
            "Change a household",
            "Change some properties and/or the point; `If-Match` carries the ETag you read.",
            HouseholdPatch,
        ),
        delete=Operation(
            _delete,
            RecordActor,
            "Delete a household",
            "Soft-delete a household (refused, 409, while it has live violations).",
        ),
    ),
    tag="households",
)
