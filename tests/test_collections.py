"""The registry of collections: every geometric resource is built from its declaration,
and a new collection is served — listed, filtered, scoped, masked and documented — by
declaring it once."""

from datetime import date
from typing import Any

import psycopg
import pytest
from fastapi.testclient import TestClient
from starlette.routing import Mount

from api.collections.declare import BBOX, Collection, Property, choice_filter, id_filter
from api.collections.registry import COLLECTIONS
from api.collections.router import Texts, collection_router
from api.main import create_app
from api.settings import Settings
from tests.conftest import District, create_user, login

SAMPLE = {int: "1", bool: "true", date: "2020-01-01", str: "x"}


def _query_params(client: TestClient, path: str) -> set[str]:
    operation = client.get("/openapi.json").json()["paths"][path]["get"]
    return {p["name"] for p in operation.get("parameters", []) if p["in"] == "query"}


@pytest.mark.parametrize("name", sorted(COLLECTIONS))
def test_each_collection_is_a_resource_with_exactly_its_filters(
    client: TestClient, name: str
) -> None:
    collection = COLLECTIONS[name]
    assert _query_params(client, f"/api/v1/{name}") == {*collection.filters, "limit", "offset"}
    paths = client.get("/openapi.json").json()["paths"]
    assert "get" in paths[f"/api/v1/{name}/{{{collection.item_param}}}"]


@pytest.mark.parametrize("name", sorted(COLLECTIONS))
def test_every_declared_filter_runs(client: TestClient, district: District, name: str) -> None:
    """Each filter's SQL is valid and its value is parsed as declared."""
    collection = COLLECTIONS[name]
    for filter_name, declared in collection.filters.items():
        value = declared.examples[0] if declared.examples else SAMPLE[declared.type]
        response = client.get(f"/api/v1/{name}", params={filter_name: value})
        assert response.status_code == 200, (filter_name, response.text)
        assert response.headers["content-type"] == "application/geo+json"


@pytest.mark.parametrize("name", sorted(COLLECTIONS))
def test_queryables_are_columns_of_the_table(db: psycopg.Connection, name: str) -> None:
    collection = COLLECTIONS[name]
    columns = {
        row[0]
        for row in db.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = %s",
            (collection.name,),
        )
    }
    assert collection.queryables
    for prop in collection.queryables.values():
        assert prop.sql.startswith("t.") and prop.sql[2:] in columns, prop.sql


@pytest.mark.parametrize("name", sorted(COLLECTIONS))
def test_the_openapi_documents_typed_features(client: TestClient, name: str) -> None:
    collection = COLLECTIONS[name]
    spec = client.get("/openapi.json").json()
    content = spec["paths"][f"/api/v1/{name}"]["get"]["responses"]["200"]["content"]
    ref = content["application/geo+json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    schemas = spec["components"]["schemas"]
    assert {"features", "numberMatched", "numberReturned", "links"} <= set(
        schemas[ref]["properties"]
    )
    properties = next(
        s
        for n, s in schemas.items()
        if n.endswith("Properties") and set(collection.properties) == set(s.get("properties", {}))
    )
    assert properties["properties"]["version"]["anyOf"][0]["type"] == "integer"


# A collection a newcomer adds: a table, and one declaration.
LANDMARKS = Collection(
    name="test_landmark",
    label="landmark",
    path="landmarks",
    title="Landmarks",
    description="Landmarks, a collection declared by a test.",
    geometry_type="Point",
    properties={
        "community_id": Property("t.community_id", int, "Its community.", queryable=True),
        "kind": Property("t.kind", str, "What it is.", queryable=True),
        "keeper": Property("t.keeper", str, "Who keeps it.", personal="name"),
        "version": Property("t.version", int),
    },
    filters={
        "bbox": BBOX,
        "community_id": id_filter("t.community_id = %(community_id)s", "Only this community."),
        "kind": choice_filter("t.kind = ANY(%(kind)s)", "kind", ("well", "gate"), "kinds"),
    },
)
TABLE = """
CREATE TABLE IF NOT EXISTS test_landmark (
    id bigserial PRIMARY KEY, community_id bigint NOT NULL, kind text NOT NULL,
    keeper text, geom geometry(Point, 4326), version int NOT NULL DEFAULT 1,
    deleted_at timestamptz, deleted_reason text
)"""


@pytest.fixture()
def landmarks(settings: Settings, db: psycopg.Connection) -> Any:
    db.execute(TABLE)
    app = create_app(settings)
    app.include_router(
        collection_router(
            LANDMARKS,
            Texts("List landmarks", "All landmarks.", "Get a landmark", "One landmark."),
            tag="landmarks",
        ),
        prefix="/api/v1",
    )
    # Added after create_app: keep the map app's catch-all mount last.
    mounts = [r for r in app.router.routes if isinstance(r, Mount)]
    app.router.routes[:] = [r for r in app.router.routes if r not in mounts] + mounts
    with TestClient(app) as landmark_client:
        yield landmark_client
    db.execute("DROP TABLE test_landmark")  # the schema's own tests see every table


def test_a_collection_declared_once_is_served(
    client: TestClient, landmarks: TestClient, district: District, db: psycopg.Connection
) -> None:
    lon, lat = district.frame.point(150, 150)["coordinates"]
    ids = [
        db.execute(
            "INSERT INTO test_landmark (community_id, kind, keeper, geom) VALUES "
            "(%s, %s, '王小明', ST_SetSRID(ST_MakePoint(%s, %s), 4326)) RETURNING id",
            (community, kind, lon, lat),
        ).fetchone()[0]  # type: ignore[index]
        for community, kind in (
            (district.community_id, "well"),
            (district.community_id + 1000, "gate"),
        )
    ]
    admin = login(landmarks, "admin", "admin-test-password")
    everything = landmarks.get("/api/v1/landmarks", headers=admin).json()
    assert {f["id"] for f in everything["features"]} >= set(ids)
    wells = landmarks.get(
        "/api/v1/landmarks",
        params={"kind": "well", "community_id": district.community_id},
        headers=admin,
    ).json()
    assert [f["id"] for f in wells["features"]] == ids[:1]
    assert wells["features"][0]["properties"]["keeper"] == "王小明"
    assert wells["features"][0]["geometry"]["coordinates"] == pytest.approx([lon, lat])

    # Scoped: an inspector of the district's community sees its landmark only.
    inspector = login(landmarks, *create_user(client, "inspector", [district.community_id]))
    seen = landmarks.get("/api/v1/landmarks", headers=inspector).json()
    assert [f["id"] for f in seen["features"]] == ids[:1]
    assert landmarks.get(f"/api/v1/landmarks/{ids[1]}", headers=inspector).status_code == 404

    # Masked: a viewer reads the keeper's name masked.
    viewer = login(landmarks, *create_user(client, "viewer"))
    one = landmarks.get(f"/api/v1/landmarks/{ids[0]}", headers=viewer)
    assert one.status_code == 200 and one.headers["etag"] == '"1"'
    assert one.json()["properties"]["keeper"] == "王**"

    # Refused value, and documented with typed properties.
    bad = landmarks.get("/api/v1/landmarks", params={"kind": "tower"}, headers=admin)
    assert bad.status_code == 400 and "well, gate" in bad.json()["detail"]
    schemas = landmarks.get("/openapi.json").json()["components"]["schemas"]
    assert set(schemas["LandmarkProperties"]["properties"]) == {
        "community_id",
        "kind",
        "keeper",
        "version",
    }
