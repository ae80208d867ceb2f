"""Routes for sweeps (排查): the collection's resource, built from its declaration."""

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
from api.sweeps import service
from api.sweeps.schemas import SweepCreate, SweepPatch
from api.sweeps.tables import SWEEPS


async def _create(call: WriteCall, body: FeatureIn[SweepCreate]) -> Created:
    sweep_id = await service.create_sweep(call.conn, call.settings, call.actor, body, call.repair)
    return sweep_id, None


async def _patch(
    call: WriteCall, sweep_id: int, version: int | None, body: FeaturePatch[SweepPatch]
) -> None:
    await service.patch_sweep(
        call.conn, call.settings, call.actor, sweep_id, version, body, call.repair
    )


async def _delete(call: WriteCall, sweep_id: int, version: int | None, reason: str) -> None:
    await service.delete_sweep(call.conn, sweep_id, version, call.actor, reason)


router = collection_router(
    SWEEPS,
    Texts(
        list_summary="List sweeps",
        list_description="Live sweeps as a GeoJSON FeatureCollection: each footprint with who "
        "swept, when, and for GPS tracks the track and sight radius.",
        get_summary="Get one sweep",
        get_description="One sweep as a GeoJSON Feature with its `ETag`.",
    ),
    Writes(
        create=Operation(
            _create,
            RecordActor,
            "Record a sweep",
            "Record a sweep from a GeoJSON Feature. The geometry is the ground covered "
            "(Polygon/MultiPolygon), or the GPS track walked (LineString) with `sight_radius_m` "
            "(default 10): the footprint is then the track widened by that many metres.",
            SweepCreate,
        ),
        patch=Operation(
            _patch,
            RecordActor,
            "Change a sweep",
            "Change some properties and/or the geometry; `If-Match` carries the ETag you read.",
            SweepPatch,
        ),
        delete=Operation(
            _delete,
            RecordActor,
            "Delete a sweep",
            "Soft-delete a sweep recorded by mistake; it no longer counts towards coverage.",
        ),
        repair=True,
    ),
    tag="sweeps",
)
