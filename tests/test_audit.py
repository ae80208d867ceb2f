"""Every authenticated write lands in the audit log, which cannot be changed."""

from typing import Any

import psycopg
import pytest
from fastapi.testclient import TestClient

from tests.conftest import District, feature, violation_properties


def test_writes_are_audited(client: TestClient, district: District, login_as: Any) -> None:
    inspector = login_as("inspector", [district.community_id])
    created = client.post(
        "/api/v1/violations",
        headers={**inspector, "X-Request-ID": "audit-1"},
        json=feature(district.rect(120, 120, 130, 130), **violation_properties()),
    )
    assert created.status_code == 201
    vid = created.json()["id"]
    assert created.headers["location"] == f"/api/v1/violations/{vid}"
    client.patch(
        f"/api/v1/violations/{vid}",
        json={"properties": {"floors": 2}},
        headers={**inspector, "If-Match": '"1"', "X-Request-ID": "audit-2"},
    )
    refused = client.patch(
        f"/api/v1/violations/{vid}",
        json={"properties": {"floors": 3}},
        headers={**inspector, "If-Match": '"1"', "X-Request-ID": "audit-3"},
    )
    assert refused.status_code == 412

    log = client.get("/api/v1/audit", params={"record_type": "violations", "record_id": vid})
    assert log.status_code == 200
    entries = sorted(log.json()["entries"], key=lambda e: e["id"])
    assert [(e["action"], e["status"], e["request_id"]) for e in entries] == [
        ("POST /api/v1/violations", 201, "audit-1"),
        (f"PATCH /api/v1/violations/{vid}", 200, "audit-2"),
        (f"PATCH /api/v1/violations/{vid}", 412, "audit-3"),
    ]
    assert {e["actor"] for e in entries} == {entries[0]["actor"]}
    assert entries[0]["actor"].startswith("inspector") and entries[0]["actor_kind"] == "user"
    by_actor = client.get("/api/v1/audit", params={"actor": entries[0]["actor"]}).json()
    assert by_actor["numberMatched"] >= 3


def test_logins_and_failures_are_audited(client: TestClient) -> None:
    client.post(
        "/api/v1/auth/token",
        data={"username": "admin", "password": "wrong!"},
        headers={"Authorization": ""},
    )
    entries = client.get("/api/v1/audit", params={"action": "login"}).json()["entries"]
    kinds = {e["action"] for e in entries}
    assert {"login", "login failed"} <= kinds
    failed = [e for e in entries if e["action"] == "login failed"][0]
    assert failed["detail"] == {"username": "admin"} and failed["status"] == 401
    assert "wrong!" not in str(entries)


def test_reads_and_public_requests_are_not_audited(
    client: TestClient, db: psycopg.Connection
) -> None:
    before = db.execute("SELECT count(*) FROM audit_log").fetchone()
    client.get("/api/v1/communities")
    client.post("/api/v1/violations", json={}, headers={"Authorization": ""})  # public: 401
    after = db.execute("SELECT count(*) FROM audit_log").fetchone()
    assert before == after


def test_audit_log_cannot_be_changed(client: TestClient, db: psycopg.Connection) -> None:
    client.get("/api/v1/audit")  # make sure there is something
    for statement in (
        "UPDATE audit_log SET actor = 'x'",
        "DELETE FROM audit_log",
        "TRUNCATE audit_log",
    ):
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="append-only"):
            db.execute(statement)
    spec = client.get("/openapi.json").json()["paths"]["/api/v1/audit"]
    assert set(spec) == {"get"}  # no route writes to it


def test_api_keys(client: TestClient, district: District, db: psycopg.Connection) -> None:
    made = client.post("/api/v1/api-keys", json={"name": "区GIS平台", "scopes": ["read", "write"]})
    assert made.status_code == 201
    key = made.json()["key"]
    assert key.startswith("wjk_")
    listed = client.get("/api/v1/api-keys").text
    assert key not in listed and made.json()["prefix"] in listed
    stored = db.execute("SELECT digest FROM api_key WHERE id = %s", (made.json()["id"],)).fetchone()
    assert stored is not None and key not in stored[0]

    headers = {"X-API-Key": key, "Authorization": ""}
    pushed = client.post(
        "/api/v1/violations",
        headers=headers,
        json=feature(district.rect(120, 120, 130, 130), **violation_properties()),
    )
    assert pushed.status_code == 201
    history = client.get(f"/api/v1/violations/{pushed.json()['id']}/history").json()
    assert history["events"][0]["actor"] == "key:区GIS平台"

    bad_scope = client.post("/api/v1/api-keys", json={"name": "x", "scopes": ["everything"]})
    assert bad_scope.status_code == 422
    assert client.delete(f"/api/v1/api-keys/{made.json()['id']}").status_code == 200
    revoked = client.get("/api/v1/communities", headers=headers)
    assert revoked.status_code == 401
    assert (
        client.get(
            "/api/v1/communities", headers={"X-API-Key": "wjk_made_up", "Authorization": ""}
        ).status_code
        == 401
    )
