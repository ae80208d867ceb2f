"""Query parameters a route does not define, or values it cannot use, answer 400
problem+json naming them (OGC API – Features, /req/core/query-param-unknown)."""

import re
from typing import Annotated, Any

import psycopg
from fastapi import FastAPI, Query
from fastapi.routing import APIRoute, iter_route_contexts
from fastapi.testclient import TestClient
from pydantic import BaseModel, Field

from api.main import create_app
from api.settings import Settings
from tests.conftest import District, feature, violation_properties

UNKNOWN = "no_such_parameter"
PROBLEM = "application/problem+json"


def api_get_routes(app: FastAPI) -> list[str]:
    """Every GET route of the API, as its path template, from the app's route table."""
    return sorted(
        {
            str(route.path_format)
            for route in iter_route_contexts(app.routes)
            if isinstance(route.original_route, APIRoute)
            and (route.path_format or "").startswith("/api/v1/")
            and "GET" in (route.methods or ())
        }
    )


def documented_query_parameters(app: FastAPI, path: str) -> list[str]:
    operation = app.openapi()["paths"][path]["get"]
    return sorted(p["name"] for p in operation.get("parameters", []) if p["in"] == "query")


def fill(path: str, district: District, violation_id: int) -> str:
    """The path with its parameters filled: a real record's id where the test has one,
    a harmless value elsewhere (the check comes before any record is looked up)."""
    collection = path.removeprefix("/api/v1/").split("/")[0]
    values = {
        "violation_id": violation_id,
        "grid_id": district.cells["sw"],
        "month": "2019-10",
        "tracking_no": "TS-20191016-0001",
        "record_id": {
            "communities": district.community_id,
            "compounds": district.compound_id,
            "grids": district.cells["sw"],
        }.get(collection, 1),
    }
    return re.sub(r"\{(\w+)\}", lambda m: str(values.get(m.group(1), 1)), path)


def assert_unknown(response: Any, unknown: list[str], accepted: list[str]) -> None:
    assert response.status_code == 400, response.text
    assert response.headers["content-type"] == PROBLEM
    body = response.json()
    assert body["unknown"] == unknown and body["accepted"] == accepted
    for name in unknown:
        assert f"'{name}'" in body["detail"], body["detail"]
    if accepted:
        assert "accepts " + ", ".join(accepted) in body["detail"], body["detail"]
    else:
        assert "accepts no query parameters" in body["detail"], body["detail"]


def test_every_api_route_refuses_an_unknown_parameter(
    client: TestClient, district: District, make_violation: Any
) -> None:
    app = client.app
    assert isinstance(app, FastAPI)
    violation_id = make_violation()["id"]
    paths = api_get_routes(app)
    assert "/api/v1/violations" in paths and "/api/v1/stats/grids" in paths  # the table is read
    for path in paths:
        accepted = documented_query_parameters(app, path)
        response = client.get(fill(path, district, violation_id), params={UNKNOWN: "1"})
        assert_unknown(response, [UNKNOWN], accepted)


def test_every_api_route_is_checked(client: TestClient) -> None:
    """Only routes hidden from the OpenAPI document are not checked: none is the API's."""
    hidden = [
        route.path_format
        for route in iter_route_contexts(client.app.routes)  # type: ignore[attr-defined]
        if isinstance(route.original_route, APIRoute)
        and (route.path_format or "").startswith("/api/")
        and not route.include_in_schema
    ]
    assert hidden == []


def test_the_issues_cases_on_violations(client: TestClient, make_violation: Any) -> None:
    make_violation()
    assert client.get("/api/v1/violations").status_code == 200
    accepted = documented_query_parameters(client.app, "/api/v1/violations")  # type: ignore[arg-type]
    assert "community_id" in accepted and "limit" in accepted
    for name, value in [
        ("communty_id", "1"),
        ("crs", "EPSG:3857"),
        ("filter", "status='registered'"),
        ("f", "csv"),
    ]:
        response = client.get("/api/v1/violations", params={name: value})
        assert_unknown(response, [name], accepted)
    several = client.get("/api/v1/violations", params={"crs": "x", "f": "csv", "limit": 5})
    assert_unknown(several, ["crs", "f"], accepted)


def test_bad_values_answer_400_naming_the_parameter(client: TestClient) -> None:
    cases = {
        "limit=abc": ["query parameter limit='abc'", "integer"],
        "limit=1000000": ["limit 1000000", "largest page"],
        "bbox=1,2,3": ["bbox '1,2,3'", "four numbers"],
        "status=nonsense": ["status 'nonsense'", "choose from"],
        "found_from=2019-09-01&found_to=2019-08-01": ["found_from 2019-09-01 is after found_to"],
        "overdue=perhaps": ["query parameter overdue='perhaps'", "boolean"],
    }
    for query, words in cases.items():
        response = client.get(f"/api/v1/violations?{query}")
        assert response.status_code == 400, (query, response.text)
        assert response.headers["content-type"] == PROBLEM
        for word in words:
            assert word in response.json()["detail"], (query, response.json()["detail"])


def test_a_missing_required_parameter_answers_400(client: TestClient) -> None:
    response = client.get("/api/v1/forms/survey")
    assert response.status_code == 400 and response.headers["content-type"] == PROBLEM
    assert "query parameter household_id is required" in response.json()["detail"]


def test_a_body_the_service_cannot_use_still_answers_422(client: TestClient) -> None:
    response = client.post("/api/v1/violations", json={"type": "Feature", "properties": 3})
    assert response.status_code == 422 and response.headers["content-type"] == PROBLEM


def test_a_write_with_an_unknown_parameter_writes_nothing(
    client: TestClient, make_violation: Any, db: psycopg.Connection
) -> None:
    vid = make_violation()["id"]
    path = f"/api/v1/violations/{vid}"
    refused = client.delete(path, params={"reason": "登记错误", "force": "true"})
    assert_unknown(refused, ["force"], ["reason"])
    assert client.get(path).status_code == 200
    row = db.execute("SELECT deleted_at FROM violation WHERE id = %s", (vid,)).fetchone()
    assert row == (None,)


def test_unknown_parameter_on_a_creation_writes_nothing(
    client: TestClient, district: District, db: psycopg.Connection
) -> None:
    before = db.execute("SELECT count(*) FROM violation").fetchone()
    body = feature(district.rect(120, 120, 130, 130), **violation_properties())
    refused = client.post("/api/v1/violations", json=body, params={"repiar": "true"})
    assert_unknown(refused, ["repiar"], ["confirm_overlap", "repair"])
    assert db.execute("SELECT count(*) FROM violation").fetchone() == before


def test_pages_and_files_outside_the_api_are_not_checked(client: TestClient) -> None:
    for path in ("/report?from=qr-code", "/index.html?v=2", "/?lang=en"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.headers["content-type"].startswith("text/html")


def test_the_fields_of_a_query_model_are_accepted(
    settings: Settings,
) -> None:
    """A route generated later (e.g. from a registry) is covered with nothing to list:
    the names come from its own parameters and the fields of a query model."""
    app = create_app(settings)

    class Filters(BaseModel):
        status: str | None = None
        found_after: str | None = Field(default=None, alias="found-after")

    @app.get("/api/v1/generated")
    async def generated(
        filters: Annotated[Filters, Query()],
        page: Annotated[int, Query(alias="p")] = 1,
    ) -> dict[str, Any]:
        return {"status": filters.status, "page": page}

    app.router.routes.insert(0, app.router.routes.pop())  # ahead of the map app's mount
    with TestClient(app) as client:
        good = client.get("/api/v1/generated", params={"status": "x", "found-after": "y", "p": 2})
        assert good.status_code == 200, good.text
        assert good.json() == {"status": "x", "page": 2}
        refused = client.get("/api/v1/generated", params={"page": 2})
        assert_unknown(refused, ["page"], ["found-after", "p", "status"])
