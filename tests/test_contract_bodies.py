"""The documented answers are what the routes send: real bodies, from a district with a
demolished violation, a household, a written-off request, sweeps' figures, a complaint
and a submitted month, validated against the schemas /openapi.json gives for them (and
errors against the Problem)."""

from typing import Any

import pytest
from fastapi.testclient import TestClient
from jsonschema import Draft202012Validator

from api.errors import PROBLEM_JSON
from tests.conftest import ADMIN, ANONYMOUS, District, feature
from tests.test_dossier import household_with_a_violation
from tests.test_writeoffs import demolished


@pytest.fixture(scope="module")
def document(client: TestClient) -> dict[str, Any]:
    return client.get("/openapi.json").json()


def operation_of(document: dict[str, Any], method: str, url: str) -> dict[str, Any]:
    """The operation whose path template matches `url` (literal segments first)."""
    parts = url.split("/")
    matches = []
    for template, item in document["paths"].items():
        pieces = template.split("/")
        if method not in item or len(pieces) != len(parts):
            continue
        templated = [p.startswith("{") for p in pieces]
        if all(t or p == q for p, q, t in zip(pieces, parts, templated, strict=True)):
            matches.append((sum(templated), item[method]))
    assert matches, f"{method.upper()} {url} is not in the document"
    return dict(min(matches, key=lambda match: match[0])[1])


def check(document: dict[str, Any], response: Any) -> Any:
    """Validate the response's body against what the document declares for its status
    and media type; answer the body."""
    request = response.request
    operation = operation_of(document, request.method.lower(), request.url.path)
    declared = operation["responses"].get(str(response.status_code))
    assert declared, f"{request.method} {request.url.path} answered an undeclared {response}"
    media_type = response.headers["content-type"].split(";")[0]
    schema = declared["content"][media_type]["schema"]
    body = response.json()
    validator = Draft202012Validator({**schema, "components": document["components"]})
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(body)]
    assert errors == [], f"{request.method} {request.url.path} → {response.status_code}: {errors}"
    return body


def test_auth_and_administration(client: TestClient, document: dict[str, Any]) -> None:
    token = client.post(
        "/api/v1/auth/token", data={"username": ADMIN[0], "password": ADMIN[1]}, headers=ANONYMOUS
    )
    check(document, token)
    check(document, client.get("/api/v1/auth/me"))
    user = check(
        document,
        client.post(
            "/api/v1/users",
            json={"username": "contract-viewer", "password": "a-long-password", "role": "viewer"},
        ),
    )
    check(document, client.patch(f"/api/v1/users/{user['id']}", json={"display_name": "读者"}))
    check(document, client.get("/api/v1/users"))
    key = check(
        document, client.post("/api/v1/api-keys", json={"name": "契约", "scopes": ["read"]})
    )
    check(document, client.get("/api/v1/api-keys"))
    check(document, client.delete(f"/api/v1/api-keys/{key['id']}"))
    check(document, client.get("/api/v1/audit", params={"limit": 5}))
    check(document, client.get("/healthz"))
    check(document, client.get("/readyz"))
    check(document, client.get("/api/v1/public/map-config"))


def test_workflow_and_dossier(
    client: TestClient, document: dict[str, Any], district: District, make_violation: Any
) -> None:
    vid = demolished(client, make_violation)
    etag = client.get(f"/api/v1/violations/{vid}").headers["etag"]
    check(
        document,
        client.post(
            f"/api/v1/violations/{vid}/ledger",
            json={"on_ministry_ledger": True, "reason": "住建部台账核对"},
            headers={"If-Match": etag},
        ),
    )
    request = check(
        document,
        client.post(f"/api/v1/violations/{vid}/write-off-requests", json={"evidence": "拆后照片"}),
    )
    check(document, client.get("/api/v1/write-off-requests"))
    check(document, client.post(f"/api/v1/write-off-requests/{request['id']}/approve", json={}))
    check(document, client.get(f"/api/v1/violations/{vid}/history"))
    hid, _ = household_with_a_violation(client, district, make_violation)
    check(document, client.get(f"/api/v1/households/{hid}/dossier"))
    conflict = client.post(f"/api/v1/write-off-requests/{request['id']}/approve", json={})
    assert conflict.status_code == 409
    check(document, conflict)


def test_analytics_public_and_reports(
    client: TestClient, document: dict[str, Any], district: District, make_violation: Any
) -> None:
    make_violation()
    sweep = client.post(
        "/api/v1/sweeps",
        json=feature(
            district.rect(100, 100, 300, 300),
            started_at="2019-10-02T09:00:00",
            ended_at="2019-10-02T11:00:00",
            team="一组",
            inspectors=["张伟"],
        ),
    )
    assert sweep.status_code == 201, sweep.text
    cell = district.cells["sw"]
    check(document, client.get(f"/api/v1/grids/{cell}/stats"))
    check(document, client.get(f"/api/v1/grids/{cell}/gaps"))
    scope = {"community_id": district.community_id}
    for level in ("grids", "compounds", "communities"):
        check(document, client.get(f"/api/v1/stats/{level}", params=scope))
        check(document, client.get(f"/api/v1/stats/{level}", params={**scope, "f": "geojson"}))
    check(document, client.get("/api/v1/public/compounds"))
    check(document, client.get("/api/v1/reports/monthly/months"))
    check(document, client.get("/api/v1/reports/monthly", params={"month": "2019-10"}))
    check(
        document,
        client.post("/api/v1/reports/monthly/2019-10/submissions", json=scope),
    )
    check(document, client.get("/api/v1/reports/monthly/2019-10/submissions", params=scope))
    check(document, client.get("/api/v1/reports/monthly/2019-10/compare", params=scope))
    check(document, client.get("/api/v1/quality", params=scope))
    future = client.get("/api/v1/reports/monthly", params={"month": "2999-01"})
    assert future.status_code == 400 and future.headers["content-type"] == PROBLEM_JSON
    check(document, future)


def test_complaint_move_and_history(
    client: TestClient, document: dict[str, Any], district: District
) -> None:
    complaint = client.post(
        "/api/v1/complaints",
        json=feature(
            district.frame.point(125, 125), description="院内新搭彩钢板房", channel="hotline"
        ),
    )
    assert complaint.status_code == 201, complaint.text
    cid = complaint.json()["id"]
    moved = client.post(
        f"/api/v1/complaints/{cid}/transitions",
        json={"to": "unfounded", "reason": "现场核实无违建"},
        headers={"If-Match": complaint.headers["etag"]},
    )
    check(document, moved)
    check(document, client.get(f"/api/v1/complaints/{cid}/history"))
    refused = client.post(
        f"/api/v1/complaints/{cid}/transitions",
        json={"to": "assigned", "assigned_to": "admin"},
        headers={"If-Match": moved.headers["etag"]},
    )
    assert refused.status_code == 409, refused.text
    check(document, refused)


def test_the_check_catches_a_body_unlike_its_schema(document: dict[str, Any]) -> None:
    """The validation itself: a body missing a member its schema requires is refused."""

    class Sent:
        status_code = 200
        headers = {"content-type": "application/json"}

        class request:  # noqa: N801 - shaped like httpx's
            method = "GET"

            class url:  # noqa: N801
                path = "/api/v1/reports/monthly/months"

        @staticmethod
        def json() -> Any:
            return {"first": "2019-10", "last": None}

    with pytest.raises(AssertionError, match="'current' is a required property"):
        check(document, Sent())
