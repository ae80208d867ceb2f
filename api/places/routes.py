"""Routes for communities, compounds and grid cells: each kind of place is a collection
whose resource is built from its declaration. The three behave alike (reference
polygons the street office maintains); the texts differ per kind."""

from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import APIRouter

from api.auth.deps import PlaceActor
from api.collections.declare import Collection
from api.collections.router import (
    Created,
    Operation,
    Texts,
    WriteCall,
    Writes,
    collection_router,
)
from api.places import schemas, service
from api.places.tables import COMMUNITIES, COMPOUNDS, GRIDS
from spatial.validate import CheckedPolygonal


def place_router(
    kind: Collection,
    create_model: type,
    patch_model: type,
    create: Callable[..., Awaitable[tuple[int, CheckedPolygonal]]],
    patch: Callable[..., Awaitable[CheckedPolygonal | None]],
) -> APIRouter:
    label = kind.label

    async def _create(call: WriteCall, body: Any) -> Created:
        return await create(call.conn, call.actor, body, call.repair)

    async def _patch(
        call: WriteCall, record_id: int, version: int | None, body: Any
    ) -> CheckedPolygonal | None:
        return await patch(call.conn, call.actor, record_id, version, body, call.repair)

    async def _delete(call: WriteCall, record_id: int, version: int | None, reason: str) -> None:
        await service.delete_place(call.conn, kind, record_id, version, call.actor, reason)

    return collection_router(
        kind,
        Texts(
            list_summary=f"List {label}s",
            list_description=f"{kind.description}\n\nA GeoJSON FeatureCollection of live "
            f"{label}s, ordered by id, with `numberMatched` and a `next` link while more remain.",
            get_summary=f"Get one {label}",
            get_description=f"One {label} as a GeoJSON Feature; its `ETag` goes into `If-Match`.",
        ),
        Writes(
            create=Operation(
                _create,
                PlaceActor,
                f"Create a {label}",
                f"Create a {label} from a GeoJSON Feature (Polygon or MultiPolygon, lon/lat in "
                "EPSG:4326 or CGCS2000). Invalid geometry answers 422 with the reason and where.",
                create_model,
            ),
            patch=Operation(
                _patch,
                PlaceActor,
                f"Change a {label}",
                f"Change some properties and/or the geometry of a {label}. Send `If-Match` with "
                "the ETag you read: a stale one answers 412, a missing one 428.",
                patch_model,
            ),
            delete=Operation(
                _delete,
                PlaceActor,
                f"Delete a {label}",
                f"Soft-delete a {label}: it leaves lists and maps but keeps its data and the "
                f"reason. Refused (409) while the {label} still holds live records.",
            ),
            repair=True,
        ),
        tag="places",
    )


COMMUNITY_ROUTES = place_router(
    COMMUNITIES,
    schemas.CommunityCreate,
    schemas.CommunityPatch,
    service.create_community,
    service.patch_community,
)
COMPOUND_ROUTES = place_router(
    COMPOUNDS,
    schemas.CompoundCreate,
    schemas.CompoundPatch,
    service.create_compound,
    service.patch_compound,
)
GRID_ROUTES = place_router(
    GRIDS, schemas.GridCreate, schemas.GridPatch, service.create_grid, service.patch_grid
)
