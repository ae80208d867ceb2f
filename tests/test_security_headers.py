"""Every answer carries the security headers; the policy allows the service's own
files plus the configured base map's tiles; /docs and /redoc keep their own policy."""

from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from api.contract.docs import CSP as DOCS_CSP
from api.main import create_app
from api.security_headers import content_security_policy
from api.settings import Settings
from tests.conftest import ANONYMOUS


def directives(policy: str) -> dict[str, list[str]]:
    parts = (d.split() for d in policy.split(";") if d.strip())
    return {name: sources for name, *sources in parts}


@pytest.mark.parametrize(
    "method, path, status",
    [
        ("GET", "/", 200),
        ("GET", "/report", 200),
        ("GET", "/js/main.js", 200),
        ("GET", "/api/v1/public/map-config", 200),
        ("GET", "/api/v1/violations", 401),
        ("GET", "/api/v1/nothing-here", 404),
        ("GET", "/healthz", 200),
        ("POST", "/api/v1/auth/token", 422),
    ],
)
def test_every_answer_has_them(client: TestClient, method: str, path: str, status: int) -> None:
    response = client.request(method, path, headers=ANONYMOUS)
    assert response.status_code == status, response.text
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["referrer-policy"] == "strict-origin-when-cross-origin"
    policy = directives(response.headers["content-security-policy"])
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["script-src"] == ["'self'"]  # no inline script, no eval
    assert policy["connect-src"] == ["'self'"]
    assert policy["img-src"] == ["'self'", "data:", "blob:"]  # no base map by default


def test_a_body_refused_unread_has_them(settings: Settings) -> None:
    small = settings.model_copy(update={"max_body_bytes": 2048})
    with TestClient(create_app(small)) as client:
        response = client.post("/api/v1/public/complaints", content=b"x" * 5000)
    assert response.status_code == 413
    assert response.headers["x-frame-options"] == "DENY"


def test_the_docs_keep_their_own_policy(client: TestClient) -> None:
    for page in ("/docs", "/redoc"):
        response = client.get(page)
        assert response.status_code == 200
        assert response.headers["content-security-policy"] == DOCS_CSP
        assert response.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize(
    "changes, hosts",
    [
        (
            {"basemap": "tianditu", "tianditu_key": SecretStr("k" * 32)},
            ["https://*.tianditu.gov.cn"],
        ),
        (
            {"basemap": "xyz", "basemap_url": "http://tiles.intranet.local/{z}/{x}/{y}.png"},
            ["http://tiles.intranet.local"],
        ),
        (
            {"basemap": "xyz", "basemap_url": "https://{s}.tile.example.org/{z}/{x}/{y}.png"},
            ["https://*.tile.example.org"],
        ),
        ({"basemap": "xyz", "basemap_url": "/tiles/{z}/{x}/{y}.png"}, []),
    ],
    ids=["tianditu", "xyz", "xyz-subdomains", "xyz-same-origin"],
)
def test_the_tile_hosts_of_the_base_map(
    settings: Settings, changes: dict[str, Any], hosts: list[str]
) -> None:
    configured = settings.model_copy(update=changes)
    policy = directives(content_security_policy(configured))
    assert policy["img-src"] == ["'self'", "data:", "blob:", *hosts]
    with TestClient(create_app(configured)) as client:
        served = client.get("/", headers=ANONYMOUS).headers["content-security-policy"]
    assert directives(served)["img-src"] == policy["img-src"]
