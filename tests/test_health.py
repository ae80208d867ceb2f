"""Liveness, readiness and the API description."""

import time

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from api.migrate import head_revision
from api.settings import Settings
from tests.conftest import create_database, database_url_for_tests


def test_healthz(client: TestClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readyz_when_migrated(client: TestClient) -> None:
    response = client.get("/readyz")
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["status"] == "ready"
    assert body["schema_revision"] == head_revision()


def test_readyz_refuses_an_unmigrated_database() -> None:
    url = database_url_for_tests().rsplit("/", 1)[0] + "/weijian_test_unmigrated"
    create_database(url, migrate=False)
    with TestClient(create_app(Settings(database_url=url, env="test"))) as client:
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.headers["content-type"] == "application/problem+json"
    assert "weijian db upgrade" in response.json()["detail"]


def test_readyz_when_the_database_is_unreachable(caplog: pytest.LogCaptureFixture) -> None:
    """503 at once (the pool's wait, not 30 s), saying nothing of the database's own
    words — which go to the log."""
    settings = Settings(
        database_url="postgresql://nobody@127.0.0.1:1/none", env="test", pool_timeout_s=1
    )
    with TestClient(create_app(settings)) as client:
        started = time.monotonic()
        response = client.get("/readyz")
        waited = time.monotonic() - started
        assert client.get("/healthz").status_code == 200
    assert response.status_code == 503
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["retry-after"] == "5"
    assert waited < 5
    body = response.text
    assert "cannot be reached" in response.json()["detail"]
    for leak in ("127.0.0.1", "port", "nobody", "refused", "Pool", "timeout", "connection"):
        assert leak not in body, leak
    assert "readyz: the database cannot be reached" in caplog.text


def test_openapi_describes_the_api(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert "/api/v1/violations" in spec["paths"]
    listing = spec["paths"]["/api/v1/violations"]["get"]
    assert "FeatureCollection" in listing["description"]
    names = {p["name"] for p in listing["parameters"]}
    assert {
        "bbox",
        "community_id",
        "compound_id",
        "grid_id",
        "status",
        "ledger",
        "found_from",
        "found_to",
        "built_from",
        "built_to",
        "limit",
        "offset",
    } <= names
    assert client.get("/docs").status_code == 200
    stats = spec["paths"]["/api/v1/grids/{grid_id}/stats"]["get"]["description"]
    assert "occupied_m2" in stats and "coverage_ratio" in stats


def test_unknown_path_is_a_problem(client: TestClient) -> None:
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["detail"].startswith("there is no resource")


def test_map_placeholder_is_served(client: TestClient) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert "违建" in response.text
