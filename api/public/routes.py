"""Public routes: no login, no personal data, no single violation's details."""

from typing import Annotated

from fastapi import APIRouter, Request, Response

from api import vocabulary
from api.contract.documented import DocumentedAs, answers, content
from api.db.sqlfiles import load
from api.deps import DbConn
from api.geojson import GEOJSON
from api.public.schemas import CompoundProgressCollection, Vocabulary
from api.vocabulary import DEALT_WITH, STANDING

router = APIRouter(prefix="/public", tags=["public"])

COMPOUND_SUMMARY_SQL = load("compound_summary")


@router.get(
    "/compounds",
    response_class=Response,
    responses=answers("Every compound's progress.", content(GEOJSON, CompoundProgressCollection)),
    summary="Progress per compound (public)",
)
async def compound_summary(request: Request, conn: DbConn) -> Response:
    """Every compound as a GeoJSON Feature with how many illegal structures were found,
    how many still stand and how many were dealt with. Open to the public: no personal
    data and no single structure's details."""
    cur = await conn.execute(
        COMPOUND_SUMMARY_SQL, {"standing": list(STANDING), "dealt": list(DEALT_WITH)}
    )
    features = ",".join(row[0] for row in await cur.fetchall())
    body = '{"type": "FeatureCollection", "features": [' + features + "]}"
    return Response(body.encode(), media_type=GEOJSON)


@router.get("/vocabulary", summary="The closed vocabularies (public)")
async def vocabulary_values(
    response: Response,
) -> Annotated[dict[str, dict[str, list[str]]], DocumentedAs(Vocabulary)]:
    """The values of each closed vocabulary the map shows (violation statuses, ledger
    categories, structure types, uses, how found, plan measures, photo stages, complaint
    statuses and channels) and the sets it reasons with (`standing`, `dealt_with`,
    `write_off_from`, complaints `open`), from the one module that also ties them to
    the database's CHECKs. The same for everyone; cacheable for ten minutes."""
    response.headers["Cache-Control"] = "public, max-age=600"
    return vocabulary.public()
