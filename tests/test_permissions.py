"""The permission matrix: every route of the application × every role → allowed or not.

The routes come from the application's own route table, so a new route without a rule
here makes this test fail until someone decides who may call it.
"""

from typing import Any

import pytest
from fastapi.testclient import TestClient
from starlette.routing import Route

from tests.conftest import ADMIN as ADMIN_LOGIN
from tests.conftest import ANONYMOUS, District, login

# Rules: who may call a route.
PUBLIC, LOGIN, READ, WRITE_RECORDS, WRITE_PLACES, ADMIN = (
    "public",
    "login",
    "read",
    "write_records",
    "write_places",
    "admin",
)

RECORDS = ("households", "violations", "sweeps", "photos")
PLACES = ("communities", "compounds", "grids")
# Complaints: registered by staff or the 12345 platform's key; moved by people only.
COMPLAINTS_WRITE, COMPLAINTS_HANDLE = "complaints_write", "complaints_handle"
# Monthly reports: submitted by people who answer for a community.
REPORTS_SUBMIT = "reports_submit"


def rule_for(method: str, path: str) -> str | None:
    fixed = {
        ("GET", "/healthz"): PUBLIC,
        ("GET", "/readyz"): PUBLIC,
        ("GET", "/openapi.json"): PUBLIC,
        ("GET", "/docs"): PUBLIC,
        ("GET", "/docs/oauth2-redirect"): PUBLIC,
        ("GET", "/redoc"): PUBLIC,
        ("POST", "/api/v1/auth/token"): PUBLIC,
        ("GET", "/api/v1/public/compounds"): PUBLIC,
        ("GET", "/api/v1/public/map-config"): PUBLIC,
        ("GET", "/api/v1/public/vocabulary"): PUBLIC,
        ("GET", "/report"): PUBLIC,
        ("GET", "/track/{tracking_no}"): PUBLIC,
        ("POST", "/api/v1/auth/logout"): LOGIN,
        ("GET", "/api/v1/auth/me"): LOGIN,
        ("GET", "/api/v1/violations/{violation_id}/history"): READ,
        ("GET", "/api/v1/grids/{grid_id}/stats"): READ,
        ("GET", "/api/v1/grids/{grid_id}/gaps"): READ,
        ("POST", "/api/v1/public/complaints"): PUBLIC,
        ("GET", "/api/v1/public/complaints/{tracking_no}"): PUBLIC,
        ("GET", "/api/v1/complaints"): READ,
        ("GET", "/api/v1/complaints/{complaint_id}"): READ,
        ("GET", "/api/v1/complaints/{complaint_id}/history"): READ,
        ("POST", "/api/v1/complaints"): COMPLAINTS_WRITE,
        ("PATCH", "/api/v1/complaints/{complaint_id}"): ADMIN,
        ("POST", "/api/v1/complaints/{complaint_id}/transitions"): COMPLAINTS_HANDLE,
        ("GET", "/api/v1/photos/{photo_id}/file"): READ,
        ("GET", "/api/v1/photos/{photo_id}/thumbnail"): READ,
        ("POST", "/api/v1/violations/{violation_id}/transitions"): WRITE_RECORDS,
        ("POST", "/api/v1/violations/{violation_id}/stop"): WRITE_RECORDS,
        ("POST", "/api/v1/violations/{violation_id}/ledger"): WRITE_RECORDS,
        ("POST", "/api/v1/violations/{violation_id}/write-off-requests"): WRITE_RECORDS,
        ("GET", "/api/v1/write-off-requests"): READ,
        ("POST", "/api/v1/write-off-requests/{request_id}/approve"): ADMIN,
        ("POST", "/api/v1/write-off-requests/{request_id}/reject"): ADMIN,
        ("GET", "/api/v1/households/{household_id}/dossier"): READ,
        ("GET", "/api/v1/households/{household_id}/dossier.zip"): READ,
        ("GET", "/api/v1/reports/monthly"): READ,
        ("GET", "/api/v1/reports/monthly/months"): READ,
        ("GET", "/api/v1/reports/monthly/{month}/submissions"): READ,
        ("POST", "/api/v1/reports/monthly/{month}/submissions"): REPORTS_SUBMIT,
        ("GET", "/api/v1/reports/monthly/{month}/compare"): ADMIN,
        ("GET", "/api/v1/forms/survey"): READ,
        ("GET", "/api/v1/forms/registration"): READ,
        ("GET", "/api/v1/forms/task-plan"): READ,
        ("GET", "/api/v1/quality"): READ,
        ("POST", "/api/v1/users/{user_id}/unlock"): ADMIN,
        ("GET", "/open311/v2/discovery.{format}"): PUBLIC,
        ("GET", "/open311/v2/services.{format}"): PUBLIC,
        ("GET", "/open311/v2/requests.{format}"): READ,
        ("GET", "/open311/v2/requests/{service_request_id}.{format}"): READ,
        ("POST", "/open311/v2/requests.{format}"): COMPLAINTS_WRITE,
        ("GET", "/api/v1/tiles/{collection}/{z}/{x}/{y}.mvt"): READ,
        ("GET", "/api/v1/tiles/{collection}/tilejson.json"): READ,
    }
    if (method, path) in fixed:
        return fixed[(method, path)]
    if path == "/ogc" or path.startswith("/ogc/"):  # OGC API – Features: desktop GIS reads
        return READ if method == "GET" else None
    parts = path.split("/")
    if path.startswith("/api/v1/") and len(parts) in (4, 5):
        resource = parts[3]
        if resource == "exports" and method == "GET":
            return READ
        if resource in ("users", "api-keys", "audit"):
            return ADMIN
        if resource == "stats" and method == "GET":
            return READ
        if resource in RECORDS + PLACES:
            if method == "GET":
                return READ
            return WRITE_RECORDS if resource in RECORDS else WRITE_PLACES
    return None


ROLES = (
    "anonymous",
    "admin",
    "inspector",
    "viewer",
    "key_read",
    "key_write",
    "key_pii",
    "key_complaints",
)
ALLOWED = {
    PUBLIC: set(ROLES),
    LOGIN: {"admin", "inspector", "viewer"},
    READ: {"admin", "inspector", "viewer", "key_read", "key_write"},
    WRITE_RECORDS: {"admin", "inspector", "key_write"},
    WRITE_PLACES: {"admin", "key_write"},
    ADMIN: {"admin"},
    COMPLAINTS_WRITE: {"admin", "inspector", "key_complaints"},
    COMPLAINTS_HANDLE: {"admin", "inspector"},
    REPORTS_SUBMIT: {"admin", "inspector"},
}


def _walk(entries: list[Any], prefix: str = "") -> list[tuple[str, str]]:
    """(method, path) of every route, descending into included routers."""
    found = []
    for entry in entries:
        if isinstance(entry, Route) and entry.methods:
            found += [(m, prefix + entry.path) for m in sorted(entry.methods) if m != "HEAD"]
        included = getattr(entry, "original_router", None)  # FastAPI's included routers
        if included is not None:
            found += _walk(included.routes, prefix + entry.include_context.prefix)
    return found


def routes(client: TestClient) -> list[tuple[str, str]]:
    found = _walk(client.app.routes)  # type: ignore[attr-defined]
    # Logging out ends the session: do it last.
    return sorted(set(found), key=lambda mp: (mp[1] == "/api/v1/auth/logout", mp))


def test_every_route_has_a_rule(client: TestClient) -> None:
    found = routes(client)
    documented = {
        (method.upper(), path)
        for path, operations in client.app.openapi()["paths"].items()  # type: ignore[attr-defined]
        for method in operations
    }
    assert documented <= set(found), "the route walk misses routes the OpenAPI lists"
    missing = [mp for mp in found if rule_for(*mp) is None]
    assert not missing, f"routes without a permission rule: {missing}"


@pytest.fixture()
def role_headers(
    client: TestClient, district: District, login_as: Any, api_key: Any
) -> dict[str, dict[str, str]]:
    return {
        "anonymous": ANONYMOUS,
        "admin": login(client, *ADMIN_LOGIN),  # a session of its own: the matrix logs out
        "inspector": login_as("inspector", [district.community_id]),
        "viewer": login_as("viewer"),
        "key_read": api_key("read"),
        "key_write": api_key("write"),
        "key_pii": api_key("pii"),
        "key_complaints": api_key("complaints:write"),
    }


def call(client: TestClient, method: str, path: str, headers: dict[str, str]) -> Any:
    url = path.replace("{format}", "gpkg")  # an export's file format
    for name in (
        "record_id",
        "violation_id",
        "household_id",
        "sweep_id",
        "user_id",
        "key_id",
        "grid_id",
        "request_id",
        "complaint_id",
        "photo_id",
        "featureId",
    ):
        url = url.replace("{" + name + "}", "987654321")
    for name, value in (("collection", "violations"), ("z", "0"), ("x", "0"), ("y", "0")):
        url = url.replace("{" + name + "}", value)  # a tile that exists
    kwargs: dict[str, Any] = {"headers": headers}
    if method in ("POST", "PATCH", "PUT"):
        kwargs["json"] = {}
    if method == "DELETE" and "reason" in query_parameters(client, method, path):
        kwargs["params"] = {"reason": "permission matrix"}  # only where the route takes one
    return client.request(method, url, **kwargs)


def query_parameters(client: TestClient, method: str, path: str) -> set[str]:
    operation = client.app.openapi()["paths"][path][method.lower()]  # type: ignore[attr-defined]
    return {p["name"] for p in operation.get("parameters", []) if p["in"] == "query"}


def test_permission_matrix(client: TestClient, role_headers: dict[str, dict[str, str]]) -> None:
    failures = []
    for method, path in routes(client):
        rule = rule_for(method, path)
        assert rule is not None
        for role in ROLES:
            status = call(client, method, path, role_headers[role]).status_code
            if role in ALLOWED[rule]:
                ok = status not in (401, 403)
                expected = "allowed"
            else:
                expected = "401" if role == "anonymous" or rule == LOGIN else "403"
                ok = str(status) == expected
            if not ok:
                failures.append(f"{role:9} {method:6} {path}: got {status}, expected {expected}")
    assert not failures, "\n".join(failures)
