"""Routes for households (一户一档)."""

from fastapi import APIRouter, Request, Response, status

from api.auth.deps import Reader, RecordActor
from api.db.records import get_feature, list_features
from api.deps import (
    BBoxParam,
    CommunityParam,
    CompoundParam,
    DbConn,
    DeleteReason,
    IfMatch,
    PagingDep,
    parse_bbox,
    parse_if_match,
)
from api.features import FeatureIn, FeaturePatch
from api.geojson import GEOJSON_RESPONSE, feature_collection, feature_response
from api.households import service
from api.households.schemas import HouseholdCreate, HouseholdPatch
from api.households.tables import HOUSEHOLDS

router = APIRouter(prefix="/households", tags=["households"])


@router.get("", response_class=Response, responses=GEOJSON_RESPONSE, summary="List households")
async def list_households(
    request: Request,
    conn: DbConn,
    viewer: Reader,
    paging: PagingDep,
    bbox: BBoxParam = None,
    community_id: CommunityParam = None,
    compound_id: CompoundParam = None,
) -> Response:
    """Live households as a GeoJSON FeatureCollection; the geometry is the household's
    point when one was recorded, else null."""
    filters = {"bbox": parse_bbox(bbox), "community_id": community_id, "compound_id": compound_id}
    matched, features = await list_features(
        conn, HOUSEHOLDS, filters, viewer, limit=paging.limit, offset=paging.offset
    )
    return feature_collection(request, features, matched, paging)


@router.get(
    "/{household_id}",
    response_class=Response,
    responses=GEOJSON_RESPONSE,
    summary="Get one household",
)
async def get_household(household_id: int, conn: DbConn, viewer: Reader) -> Response:
    """One household as a GeoJSON Feature with its `ETag`."""
    feature, version = await get_feature(conn, HOUSEHOLDS, household_id, viewer)
    return feature_response(feature, version)


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_class=Response,
    responses={201: GEOJSON_RESPONSE[200]},
    summary="Create a household",
)
async def create_household(
    body: FeatureIn[HouseholdCreate], conn: DbConn, actor: RecordActor
) -> Response:
    """Create a household from a GeoJSON Feature whose geometry is a Point on its
    building (inside its compound) or null."""
    household_id = await service.create_household(conn, actor, body)
    feature, version = await get_feature(conn, HOUSEHOLDS, household_id, actor.principal)
    return feature_response(feature, version, 201, f"/api/v1/households/{household_id}")


@router.patch(
    "/{household_id}",
    response_class=Response,
    responses=GEOJSON_RESPONSE,
    summary="Change a household",
)
async def patch_household(
    household_id: int,
    body: FeaturePatch[HouseholdPatch],
    conn: DbConn,
    actor: RecordActor,
    if_match: IfMatch = None,
) -> Response:
    """Change some properties and/or the point; `If-Match` carries the ETag you read."""
    await service.patch_household(conn, actor, household_id, parse_if_match(if_match), body)
    feature, version = await get_feature(conn, HOUSEHOLDS, household_id, actor.principal)
    return feature_response(feature, version)


@router.delete(
    "/{household_id}", status_code=status.HTTP_204_NO_CONTENT, summary="Delete a household"
)
async def delete_household(
    household_id: int,
    conn: DbConn,
    actor: RecordActor,
    reason: DeleteReason,
    if_match: IfMatch = None,
) -> Response:
    """Soft-delete a household (refused, 409, while it has live violations)."""
    version = parse_if_match(if_match) if if_match else None
    await service.delete_household(conn, household_id, version, actor, reason)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
