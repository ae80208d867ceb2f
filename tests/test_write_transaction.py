"""A write and its audit line are one transaction on one connection: both commit, or
neither does (503), and writes never wait for a second connection."""

import asyncio
import itertools
from collections.abc import Iterator
from typing import Any

import httpx
import psycopg
import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from api.settings import Settings
from tests.conftest import District, feature, violation_properties

REFUSED = "refuse-audit"
_tags = itertools.count()


@pytest.fixture()
def audit_refused(db: psycopg.Connection) -> Iterator[None]:
    """While it lasts, the audit log refuses the line of any request with id REFUSED."""
    db.execute(
        "CREATE FUNCTION test_refuse_audit() RETURNS trigger LANGUAGE plpgsql AS "
        "$$ BEGIN RAISE EXCEPTION 'the test refuses this audit line'; END $$"
    )
    db.execute(
        "CREATE TRIGGER test_refuse_audit BEFORE INSERT ON audit_log FOR EACH ROW "
        f"WHEN (NEW.request_id = '{REFUSED}') EXECUTE FUNCTION test_refuse_audit()"
    )
    try:
        yield
    finally:
        db.execute("DROP TRIGGER test_refuse_audit ON audit_log")
        db.execute("DROP FUNCTION test_refuse_audit()")


def audit_lines(db: psycopg.Connection, request_id: str) -> list[tuple[Any, ...]]:
    return db.execute(
        "SELECT action, status, xmin::text FROM audit_log WHERE request_id = %s ORDER BY id",
        (request_id,),
    ).fetchall()


def test_a_write_and_its_audit_line_are_one_transaction(
    client: TestClient, login_as: Any, db: psycopg.Connection
) -> None:
    viewer = login_as("viewer")
    me = client.get("/api/v1/auth/me", headers=viewer).json()["username"]
    rid = f"tx-logout-{next(_tags)}"
    assert (
        client.post("/api/v1/auth/logout", headers={**viewer, "X-Request-ID": rid}).status_code
        == 204
    )
    token = db.execute(
        "SELECT t.xmin::text FROM auth_token t JOIN app_user u ON u.id = t.user_id "
        "WHERE u.username = %s AND t.revoked_at IS NOT NULL",
        (me,),
    ).fetchall()
    # The revoked token and its audit line were written by the same transaction.
    assert audit_lines(db, rid) == [("POST /api/v1/auth/logout", 204, token[0][0])]


def test_a_write_whose_audit_line_fails_is_rolled_back(
    client: TestClient, district: District, db: psycopg.Connection, audit_refused: None
) -> None:
    made = client.post(
        "/api/v1/violations",
        json=feature(district.rect(120, 120, 130, 130), **violation_properties()),
    )
    assert made.status_code == 201
    vid = made.json()["id"]
    before = client.get(f"/api/v1/violations/{vid}/history").json()["events"]

    refused = client.patch(
        f"/api/v1/violations/{vid}",
        json={"properties": {"floors": 3}},
        headers={"If-Match": '"1"', "X-Request-ID": REFUSED},
    )
    assert refused.status_code == 503
    assert refused.headers["content-type"] == "application/problem+json"
    assert int(refused.headers["retry-after"]) > 0
    assert "nothing was changed" in refused.json()["detail"]
    kept = client.get(f"/api/v1/violations/{vid}")
    assert kept.headers["etag"] == '"1"' and kept.json()["properties"]["floors"] == 1
    assert client.get(f"/api/v1/violations/{vid}/history").json()["events"] == before
    assert audit_lines(db, REFUSED) == []

    address = f"拒绝审计 {next(_tags)}"
    not_made = client.post(
        "/api/v1/violations",
        json=feature(district.rect(140, 140, 150, 150), **violation_properties(address=address)),
        headers={"X-Request-ID": REFUSED},
    )
    assert not_made.status_code == 503
    assert db.execute(
        "SELECT count(*) FROM violation WHERE address = %s", (address,)
    ).fetchone() == (0,)

    # Without the mark the same change goes through, with its line.
    again = client.patch(
        f"/api/v1/violations/{vid}",
        json={"properties": {"floors": 3}},
        headers={"If-Match": '"1"', "X-Request-ID": "after-refusal"},
    )
    assert again.status_code == 200 and again.headers["etag"] == '"2"'


def test_concurrent_writes_with_a_smaller_pool_all_commit_with_their_lines(
    settings: Settings, client: TestClient, district: District, db: psycopg.Connection
) -> None:
    writes, tag = 6, f"crowd-{next(_tags)}"
    small = settings.model_copy(
        update={
            "pool_min_size": 1,
            "pool_max_size": 2,
            "admin_username": None,
            "admin_password": None,
        }
    )
    token = {"Authorization": client.headers["Authorization"]}

    async def crowd() -> list[httpx.Response]:
        app = create_app(small)
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(
                transport=transport, base_url="http://test", headers=token
            ) as http:
                return await asyncio.gather(
                    *(
                        http.post(
                            "/api/v1/violations",
                            json=feature(
                                district.rect(110 + 25 * i, 110, 120 + 25 * i, 120),
                                **violation_properties(),
                            ),
                            headers={"X-Request-ID": f"{tag}-{i}"},
                        )
                        for i in range(writes)
                    )
                )

    responses = asyncio.run(asyncio.wait_for(crowd(), timeout=60))
    assert [r.status_code for r in responses] == [201] * writes
    lines = db.execute(
        "SELECT request_id, status, record_id FROM audit_log WHERE request_id LIKE %s "
        "ORDER BY request_id",
        (f"{tag}-%",),
    ).fetchall()
    assert lines == [(f"{tag}-{i}", 201, responses[i].json()["id"]) for i in range(writes)]
    # Each write brought the cell's figures up to date without losing another's.
    stats = client.get(f"/api/v1/grids/{district.cells['sw']}/stats").json()
    assert stats["violations_standing"] == writes


def test_a_failed_write_is_rolled_back_and_its_attempt_audited(
    settings: Settings, client: TestClient, district: District, db: psycopg.Connection
) -> None:
    made = client.post(
        "/api/v1/violations",
        json=feature(district.rect(120, 120, 130, 130), **violation_properties()),
    )
    vid = made.json()["id"]
    db.execute(
        "CREATE FUNCTION test_fail_write() RETURNS trigger LANGUAGE plpgsql AS "
        "$$ BEGIN RAISE EXCEPTION 'the test breaks this write'; END $$"
    )
    db.execute(
        "CREATE TRIGGER test_fail_write BEFORE UPDATE ON violation FOR EACH ROW "
        "WHEN (NEW.floors = 7) EXECUTE FUNCTION test_fail_write()"
    )
    rid = f"broken-{next(_tags)}"
    try:
        with TestClient(create_app(settings), raise_server_exceptions=False) as app:
            broken = app.patch(
                f"/api/v1/violations/{vid}",
                json={"properties": {"floors": 7}},
                headers={
                    "Authorization": client.headers["Authorization"],
                    "If-Match": '"1"',
                    "X-Request-ID": rid,
                },
            )
    finally:
        db.execute("DROP TRIGGER test_fail_write ON violation")
        db.execute("DROP FUNCTION test_fail_write()")
    assert broken.status_code == 500
    assert broken.headers["content-type"] == "application/problem+json"
    assert client.get(f"/api/v1/violations/{vid}").headers["etag"] == '"1"'
    assert [line[:2] for line in audit_lines(db, rid)] == [(f"PATCH /api/v1/violations/{vid}", 500)]
