"""Clients and schemas: OWSLib's OGC API – Features client against the service on a local
port (HTTP Basic auth, as an inspector and with an API key), and the /ogc API definition
checked against the official OpenAPI 3.0 schema (openapi-spec-validator ships it).

The OGC API – Features schemas themselves (ogcapi-features-1.yaml and its
landingPage/confClasses/collections/featureCollectionGeoJSON schemas) ship in no PyPI
package and cannot be fetched here: see docs/ogc.md."""

from typing import Any

import pytest
from fastapi.testclient import TestClient
from geojson_pydantic import Feature, FeatureCollection
from openapi_spec_validator import validate
from owslib.ogcapi.features import Features
from owslib.util import Authentication

from tests.conftest import District, build_district, create_user, created, feature
from tests.conftest import violation_properties as props
from tests.geo import Frame


@pytest.fixture()
def ground(client: TestClient, district: District) -> tuple[tuple[str, str], list[int], int]:
    """An inspector of the district, its 4 violations (one found in August), and one of a
    neighbour's community."""
    other = build_district(client, Frame(district.frame.lon0 + 0.02, district.frame.lat0))
    mine = []
    for i in range(4):
        found = "2019-08-02" if i == 3 else "2019-07-20"
        body = feature(
            district.rect(120 + 30 * i, 120, 140 + 30 * i, 140), **props(found_date=found)
        )
        mine.append(created(client.post("/api/v1/violations", json=body))["id"])
    theirs = created(
        client.post("/api/v1/violations", json=feature(other.rect(120, 120, 140, 140), **props()))
    )["id"]
    return create_user(client, "inspector", [district.community_id]), mine, theirs


def test_owslib_reads_the_layers_as_an_inspector(
    server: str, ground: tuple[tuple[str, str], list[int], int]
) -> None:
    (username, password), mine, theirs = ground
    api = Features(f"{server}/ogc", auth=Authentication(username, password))
    assert (
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core"
        in (api.conformance()["conformsTo"])
    )
    assert set(api.feature_collections()) >= {"violations", "grids", "complaints"}
    assert api.collection("violations")["title"].startswith("Violations")
    page = api.collection_items("violations", limit=3)
    FeatureCollection.model_validate(page)  # a GeoJSON FeatureCollection (RFC 7946)
    assert page["numberMatched"] == 4 and page["numberReturned"] == 3
    rest = api.collection_items("violations", limit=3, offset=3)
    assert [f["id"] for f in page["features"] + rest["features"]] == mine
    august = api.collection_items("violations", filter="found_date >= DATE('2019-08-01')")
    assert [f["id"] for f in august["features"]] == [mine[3]]
    newest = api.collection_items("violations", sortby=("found_date", "desc"), limit=1)
    assert newest["features"][0]["id"] == mine[3]
    one = api.collection_item("violations", str(mine[0]))
    Feature.model_validate(one)
    queryables = api.collection_queryables("violations")
    assert "found_date" in queryables["properties"]
    with pytest.raises(RuntimeError):  # another community's: not found
        api.collection_item("violations", str(theirs))


def test_owslib_with_an_api_key_as_the_password(
    server: str, client: TestClient, ground: tuple[tuple[str, str], list[int], int]
) -> None:
    _, mine, theirs = ground
    response = client.post("/api/v1/api-keys", json={"name": "区GIS平台", "scopes": ["read"]})
    api = Features(f"{server}/ogc", auth=Authentication("gis", response.json()["key"]))
    one = api.collection_item("violations", str(theirs))
    assert one["properties"]["party_name"] is None or "*" in one["properties"]["party_name"]
    assert api.collection_item("violations", str(mine[0]))["id"] == mine[0]


def test_the_api_definition_is_valid_openapi_30(client: TestClient) -> None:
    document: dict[str, Any] = client.get("/ogc/api").json()
    validate(document)  # raises on any departure from the OpenAPI 3.0 schema
    assert document["openapi"].startswith("3.0.")
    items = document["paths"]["/ogc/collections/violations/items"]["get"]
    names = {p["name"] for p in items["parameters"]}
    assert {"bbox", "bbox-crs", "crs", "datetime", "filter", "filter-lang", "sortby"} <= names
    assert {"limit", "offset", "status", "found_from"} <= names
