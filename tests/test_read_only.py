"""Reads never write: every GET route answers from a database session that refuses
writes (default_transaction_read_only, as a replica would), for a user and for an
API key alike."""

import re
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient

from api.main import create_app
from api.settings import Settings
from tests.complaints import PATH as COMPLAINTS
from tests.complaints import hotline
from tests.conftest import ADMIN, District, count_rows, created, feature, login
from tests.images import jpeg, upload
from tests.test_households import household
from tests.test_sweeps import sweep
from tests.tiles import tile_of

MONTH = "2019-10"
# Routes needing one of several optional parameters: the one the test gives.
ONE_OF = {"/api/v1/forms/registration": ["compound_id"]}


@pytest.fixture()
def read_only(settings: Settings) -> Iterator[TestClient]:
    """The app over the same database, every session read-only (no admin made at start:
    that would be a write)."""
    replica = settings.model_copy(
        update={"database_read_only": True, "admin_username": None, "admin_password": None}
    )
    with TestClient(create_app(replica)) as app:
        yield app


def records(client: TestClient, district: District, make_violation: Any) -> dict[str, Any]:
    """One record of each kind, made through the normal app."""
    violation = make_violation((120, 120, 130, 130))
    made_sweep = created(
        client.post("/api/v1/sweeps", json=feature(district.rect(100, 100, 200, 200), **sweep()))
    )
    made_household = created(
        client.post(
            "/api/v1/households",
            json=feature(district.frame.point(150, 150), **household(district)),
        )
    )
    complaint = created(client.post(COMPLAINTS, json=hotline(district)))
    photo = upload(client, "violation", violation["id"], jpeg(seed=4242))
    assert photo.status_code == 201, photo.text
    created(
        client.post(
            f"/api/v1/reports/monthly/{MONTH}/submissions",
            json={"community_id": district.community_id},
        )
    )
    return {
        "communities": district.community_id,
        "compounds": district.compound_id,
        "grids": district.cells["sw"],
        "violations": violation["id"],
        "sweeps": made_sweep["id"],
        "households": made_household["id"],
        "complaints": complaint["id"],
        "photos": photo.json()["id"],
        "tracking_no": complaint["properties"]["tracking_no"],
        "service_request_id": complaint["properties"]["tracking_no"],  # Open311
        "month": MONTH,
        # The tiles: the grid cells' tile holding the marked cell (read afresh).
        "collection": "grids",
        **dict(
            zip("zxy", tile_of(*district.frame.point(150, 150)["coordinates"], 15), strict=True)
        ),
    }


def url_for(path: str, made: dict[str, Any]) -> str:
    """The path with its parameters filled: an id named by the collection before it."""

    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        if name == "format":  # /api/v1/exports/violations.{format}, /open311/v2/….{format}
            return "json" if path.startswith("/open311") else "geojson"
        if name in made:
            return str(made[name])
        segments = path[: match.start()].rstrip("/").split("/")
        # /api/v1/violations/{violation_id}; OGC's /ogc/collections/violations/items/{featureId}
        collection = segments[-2] if segments[-1] == "items" else segments[-1]
        assert collection in made, f"no record to fill {{{name}}} of {path}"
        return str(made[collection])

    return re.sub(r"\{(\w+)\}", fill, path)


def query_for(path: str, spec: dict[str, Any], made: dict[str, Any]) -> dict[str, Any]:
    """The route's required query parameters, filled."""
    values = {
        "owner_type": "violation",
        "owner_id": made["violations"],
        "household_id": made["households"],
        "compound_id": made["compounds"],
        "community_id": made["communities"],
        "month": MONTH,
    }
    operation = spec["paths"].get(path, {}).get("get", {})
    required = [
        p["name"]
        for p in operation.get("parameters", [])
        if p["in"] == "query" and p.get("required")
    ]
    required += ONE_OF.get(path, [])
    unknown = [name for name in required if name not in values]
    assert not unknown, f"{path} needs {unknown}: give the test a value for them"
    return {name: values[name] for name in required}


def test_every_get_route_answers_from_a_read_only_database(
    client: TestClient,
    read_only: TestClient,
    district: District,
    make_violation: Any,
    api_key: Any,
    db: psycopg.Connection,
) -> None:
    made = records(client, district, make_violation)
    key = api_key("read", "pii")
    admin = login(client, *ADMIN)  # logging in is a write: on the normal app

    # The read-only app really refuses a write, and says why.
    before = count_rows(db, "community")
    refused = read_only.post(
        "/api/v1/communities",
        json=feature(district.rect(0, 0, 10, 10), code="RO-1", name="只读"),
        headers=admin,
    )
    assert refused.status_code == 503, refused.text
    assert refused.headers["content-type"] == "application/problem+json"
    assert "read-only" in refused.json()["detail"]
    assert count_rows(db, "community") == before
    key_used = "SELECT last_used_at FROM api_key WHERE prefix = %s"
    prefix = (key["X-API-Key"][:8],)
    last_used = db.execute(key_used, prefix).fetchone()

    # A cell marked by a write that did not refresh it (by hand): its readers compute
    # it afresh rather than store it.
    db.execute("INSERT INTO grid_stat_dirty (grid_id) VALUES (%s)", (made["grids"],))

    spec = read_only.get("/openapi.json").json()
    routes = [
        r.path
        for r in iter_route_contexts(read_only.app.routes)  # type: ignore[attr-defined]
        if r.path and "GET" in (getattr(r, "methods", None) or ())
    ]
    assert len(routes) > 40  # the enumeration found the app's routes
    failures, refused_admin = [], []
    for path in routes:
        url, params = url_for(path, made), query_for(path, spec, made)
        for who, headers in (("admin", admin), ("API key", key)):
            response = read_only.get(url, params=params, headers=headers)
            if response.status_code >= 500:
                failures.append(f"{who} GET {url}: {response.status_code} {response.text[:200]}")
            elif who == "admin" and response.status_code >= 400:
                refused_admin.append(f"GET {url}: {response.status_code} {response.text[:200]}")
    assert failures == []
    assert refused_admin == []  # the admin may read everything: each route was exercised
    # Reading with the key did not record its use (a read never writes).
    assert db.execute(key_used, prefix).fetchone() == last_used
