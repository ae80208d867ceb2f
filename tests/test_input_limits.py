"""Input no column can hold, or no campaign could mean, is refused with a 4xx Problem
naming where it is — never a 500 — and writes nothing."""

import json
import math
from collections.abc import Callable, Iterator
from typing import Any

import psycopg
import pytest
from fastapi.testclient import TestClient

from api.jsondepth import json_depth
from api.main import create_app
from api.settings import Settings
from tests.complaints import PATH, PUBLIC_PATH, hotline, intake, reset_window
from tests.conftest import (
    ADMIN,
    ANONYMOUS,
    District,
    count_rows,
    feature,
    login,
    violation_properties,
)
from tests.test_households import household
from tests.test_sweeps import sweep

TABLES = (
    "violation",
    "violation_event",
    "sweep",
    "household",
    "compound",
    "complaint",
    "complaint_event",
)
TOO_BIG = 2**63


@pytest.fixture()
def unchanged(db: psycopg.Connection) -> Iterator[None]:
    """The test's refusals add no row to (and remove none from) the touched tables;
    tests that set up records first use `counts` themselves."""
    before = counts(db)
    yield
    assert counts(db) == before


def counts(db: psycopg.Connection) -> dict[str, int]:
    return {t: count_rows(db, t) for t in TABLES}


def refused(response: Any, status: int, *words: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    problem: dict[str, Any] = response.json()
    for word in words:
        assert word in problem["detail"], problem["detail"]
    return problem


def post_raw(client: TestClient, path: str, body: Any, **kw: Any) -> Any:
    """Send `body` as JSON text exactly (json.dumps escapes lone surrogates as \\udXXX)."""
    headers = {"Content-Type": "application/json", **kw.pop("headers", {})}
    return client.post(path, content=json.dumps(body), headers=headers, **kw)


NUL = "3号楼\u0000东侧"
SURROGATE = "3号楼\ud800东侧"


@pytest.mark.parametrize("text, words", [(NUL, "NUL character"), (SURROGATE, "surrogate")])
def test_text_no_column_can_hold(
    client: TestClient,
    district: District,
    unchanged: Any,
    text: str,
    words: str,
) -> None:
    rect = district.rect(150, 150, 160, 160)
    cases = [
        ("/api/v1/violations", feature(rect, **violation_properties(address=text)), "address"),
        ("/api/v1/sweeps", feature(rect, **sweep(notes=text)), "notes"),
        (
            "/api/v1/households",
            feature(district.frame.point(150, 150), **household(district, room=text)),
            "room",
        ),
        (
            "/api/v1/compounds",
            feature(rect, community_id=district.community_id, code="K-nul", name=text),
            "name",
        ),
        (PATH, hotline(district, description="群众来电反映：" + text), "description"),
    ]
    for path, body, field in cases:
        refused(post_raw(client, path, body), 422, field, words)
    reset_window(client)
    public = post_raw(client, PUBLIC_PATH, intake(district, address=text), headers=ANONYMOUS)
    refused(public, 422, "address", words)


def test_text_in_parameters_and_forms(
    client: TestClient, make_violation: Any, db: psycopg.Connection
) -> None:
    vid = make_violation()["id"]
    before = counts(db)
    problem = refused(
        client.delete(f"/api/v1/violations/{vid}", params={"reason": "误报\u0000"}),
        400,
        "query parameter reason",
        "NUL",
    )
    assert problem["parameter"] == "reason"
    refused(client.get("/api/v1/violations", params={"status": "x\u0000"}), 400, "NUL")
    refused(client.get(f"{PUBLIC_PATH}/TS-2019%00"), 422, "path parameter tracking_no", "NUL")
    login_form = {"username": "admin\u0000", "password": "whatever-it-is"}
    refused(
        client.post("/api/v1/auth/token", data=login_form, headers=ANONYMOUS),
        422,
        "form parameter username",
        "NUL",
    )
    assert counts(db) == before


@pytest.mark.parametrize(
    "method, path, params, status",
    [
        ("GET", "/api/v1/violations", {"offset": str(TOO_BIG)}, 400),
        ("GET", "/api/v1/violations", {"limit": str(TOO_BIG)}, 400),
        ("GET", "/api/v1/violations", {"household_id": str(TOO_BIG)}, 400),
        ("GET", f"/api/v1/violations/{TOO_BIG}", {}, 422),
        ("GET", f"/api/v1/compounds/{TOO_BIG}", {}, 422),
        ("GET", f"/api/v1/households/{TOO_BIG}/dossier", {}, 422),
        ("GET", f"/api/v1/complaints/{TOO_BIG}/history", {}, 422),
        ("GET", f"/api/v1/photos/{TOO_BIG}", {}, 422),
        ("GET", "/api/v1/photos", {"owner_type": "violation", "owner_id": str(TOO_BIG)}, 400),
        ("DELETE", f"/api/v1/sweeps/{TOO_BIG}", {"reason": "误报"}, 422),
        ("GET", f"/api/v1/violations/{-TOO_BIG - 1}", {}, 422),
    ],
)
def test_integers_beyond_bigint(
    client: TestClient, method: str, path: str, params: dict[str, str], status: int
) -> None:
    response = client.request(method, path, params=params)
    refused(response, status, str(params.get("offset") or TOO_BIG).lstrip("-")[:5])


def test_integers_beyond_bigint_in_bodies(
    client: TestClient, district: District, unchanged: Any
) -> None:
    rect = district.rect(150, 150, 160, 160)
    body = feature(rect, **violation_properties(household_id=TOO_BIG))
    refused(client.post("/api/v1/violations", json=body), 422, "household_id", "outside")


def test_deeply_nested_json_is_refused_unparsed(
    client: TestClient, district: District, unchanged: Any
) -> None:
    deep = "[" * 100_000 + "]" * 100_000
    reset_window(client)
    for path in (PUBLIC_PATH, "/api/v1/violations"):
        response = client.post(
            path, content=deep, headers={"Content-Type": "application/json", **ANONYMOUS}
        )
        assert refused(response, 400, "nests more than 32 levels")["max_depth"] == 32
    # Brackets inside strings do not count; a real Feature nests a few levels.
    assert json_depth(json.dumps({"a": "[" * 100}).encode()) == 1
    assert json_depth(json.dumps(feature(district.rect(1, 1, 2, 2))).encode()) == 5


@pytest.mark.parametrize(
    "path, make, field",
    [
        (PATH, lambda d: hotline(d, received_at="0001-01-01T00:00:00+14:00"), "received_at"),
        (
            "/api/v1/sweeps",
            lambda d: feature(
                d.rect(150, 150, 160, 160),
                **sweep(started_at="9999-07-20T09:00:00", ended_at="9999-07-20T10:00:00"),
            ),
            "started_at",
        ),
        (
            "/api/v1/sweeps",
            lambda d: feature(
                d.rect(150, 150, 160, 160), **sweep(started_at="0001-07-20T09:00:00")
            ),
            "started_at",
        ),
        (
            "/api/v1/compounds",
            lambda d: feature(
                d.rect(150, 150, 160, 160),
                community_id=d.community_id,
                code="K-9999",
                name="远",
                deadline="9999-12-31",
            ),
            "deadline",
        ),
        (
            "/api/v1/violations",
            lambda d: feature(
                d.rect(150, 150, 160, 160), **violation_properties(found_date="9999-12-31")
            ),
            "found_date",
        ),
    ],
    ids=["received-at-overflow", "sweep-9999", "sweep-0001", "deadline-9999", "found-9999"],
)
def test_absurd_dates(
    client: TestClient,
    district: District,
    unchanged: Any,
    path: str,
    make: Callable[[District], Any],
    field: str,
) -> None:
    refused(client.post(path, json=make(district)), 422, field, "year must lie in 1900–2100")


def test_over_long_text(client: TestClient, district: District, unchanged: Any) -> None:
    body = feature(
        district.rect(150, 150, 160, 160),
        community_id=district.community_id,
        code="K-long",
        name="长",
        address="楼" * 1_000_000,
    )
    refused(client.post("/api/v1/compounds", json=body), 422, "address", "500 characters")
    notes = feature(district.rect(150, 150, 160, 160), **sweep(team="组" * 20_000))
    refused(client.post("/api/v1/sweeps", json=notes), 422, "team")


@pytest.fixture(scope="module")
def few_vertices(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings.model_copy(update={"max_vertices": 50}))) as app:
        app.headers.update(login(app, *ADMIN))
        yield app


def ring(district: District, n: int) -> dict[str, Any]:
    """A polygon of n positions around (300, 300) m of the district."""
    points = [
        district.frame.point(
            300 + 50 * math.cos(2 * math.pi * i / (n - 1)),
            300 + 50 * math.sin(2 * math.pi * i / (n - 1)),
        )["coordinates"]
        for i in range(n - 1)
    ]
    return {"type": "Polygon", "coordinates": [[*points, points[0]]]}


def test_too_many_vertices(
    client: TestClient, few_vertices: TestClient, district: District, db: psycopg.Connection
) -> None:
    before = counts(db)
    big = feature(ring(district, 100_001), **violation_properties())
    problem = refused(client.post("/api/v1/violations", json=big), 422, "more than 10000 positions")
    assert problem["limit_vertices"] == 10_000
    refused(
        few_vertices.post(
            "/api/v1/violations", json=feature(ring(district, 60), **violation_properties())
        ),
        422,
        "more than 50 positions",
        "WEIJIAN_MAX_VERTICES",
    )
    assert counts(db) == before
    made = few_vertices.post(
        "/api/v1/violations", json=feature(ring(district, 40), **violation_properties())
    )
    assert made.status_code == 201, made.text
    vid = made.json()["id"]
    before = counts(db)
    patch = few_vertices.patch(
        f"/api/v1/violations/{vid}",
        json={"geometry": ring(district, 60)},
        headers={"If-Match": made.headers["etag"]},
    )
    refused(patch, 422, "more than 50 positions")
    assert counts(db) == before
    few_vertices.delete(f"/api/v1/violations/{vid}", params={"reason": "测试"})


@pytest.mark.parametrize("value", ["9999-12-31", "0001-01-01T00:00:00+14:00", "1850-01-01"])
def test_absurd_moments_in_the_figures_queries(
    client: TestClient, district: District, value: str
) -> None:
    cell = district.cells["sw"]
    for name in ("at", "from", "to"):
        response = client.get(f"/api/v1/grids/{cell}/stats", params={name: value})
        problem = refused(response, 400, f"{name}: ", "year must lie in 1900–2100")
        assert problem["parameter"] == name
