"""When the database cannot do its part — no connection free, a statement running too
long, a lock held too long by someone else, a connection that died — the client gets
503 problem+json with Retry-After, saying what to do, never a 500; and a write that
met the fault keeps nothing."""

import time
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from api.settings import Settings
from tests.conftest import District, count_rows, feature, violation_properties


@pytest.fixture()
def key(api_key: Any) -> dict[str, str]:
    """A key made through the session's app, so the fault apps need not log in."""
    headers: dict[str, str] = api_key("read", "write")
    return headers


@pytest.fixture()
def app_with(settings: Settings) -> Iterator[Any]:
    """Start an app over the test database with some settings changed."""
    clients: list[TestClient] = []

    def start(**changes: Any) -> TestClient:
        client = TestClient(create_app(settings.model_copy(update=changes)))
        client.__enter__()
        clients.append(client)
        return client

    yield start
    for client in clients:
        client.__exit__(None, None, None)


def unavailable(response: Any, *words: str) -> dict[str, Any]:
    assert response.status_code == 503, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["retry-after"] == "5"
    problem: dict[str, Any] = response.json()
    assert problem["retry_after"] == 5
    for word in words:
        assert word in problem["detail"], problem["detail"]
    return problem


def test_no_free_connection_answers_503_quickly(app_with: Any, key: dict[str, str]) -> None:
    client = app_with(pool_min_size=1, pool_max_size=1, pool_timeout_s=0.5)
    pool = client.app.state.pool  # type: ignore[attr-defined]
    held = client.portal.call(pool.getconn)  # another request's connection  # type: ignore[union-attr]
    try:
        started = time.monotonic()
        response = client.get("/api/v1/violations", headers=key)
        waited = time.monotonic() - started
    finally:
        client.portal.call(pool.putconn, held)  # type: ignore[union-attr]
    unavailable(response, "no database connection was free")
    assert waited < 3, f"waited {waited:.1f} s"
    assert client.get("/api/v1/violations", headers=key).status_code == 200


@pytest.fixture()
def locked_violations(database_url: str) -> Iterator[None]:
    """Another session holds the violation table locked until the test ends."""
    with psycopg.connect(database_url) as other:
        other.execute("LOCK TABLE violation IN ACCESS EXCLUSIVE MODE")
        yield
        other.rollback()


def test_a_statement_timeout_answers_503_saying_to_narrow(
    app_with: Any, key: dict[str, str], locked_violations: None
) -> None:
    """The list waits on the lock until the statement timeout (lock_timeout is off)."""
    client = app_with(statement_timeout_ms=300, lock_timeout_ms=0)
    unavailable(client.get("/api/v1/violations", headers=key), "took longer", "narrow it")


def test_a_lock_wait_answers_503_and_writes_nothing(
    app_with: Any,
    key: dict[str, str],
    district: District,
    db: psycopg.Connection,
    locked_violations: None,
) -> None:
    client = app_with(lock_timeout_ms=200, statement_timeout_ms=30_000)
    before = count_rows(db, "audit_log")
    body = feature(district.rect(120, 120, 130, 130), **violation_properties())
    started = time.monotonic()
    response = client.post("/api/v1/violations", json=body, headers=key)
    unavailable(response, "being changed by another request")
    assert time.monotonic() - started < 5
    # Rolled back: only the attempt's audit line, recording the 503.
    rows = db.execute(
        "SELECT status FROM audit_log ORDER BY id DESC LIMIT %s",
        (count_rows(db, "audit_log") - before,),
    ).fetchall()
    assert rows == [(503,)]


def test_a_dead_connection_answers_503(
    app_with: Any, key: dict[str, str], db: psycopg.Connection
) -> None:
    client = app_with(pool_min_size=1, pool_max_size=1)
    pool = client.app.state.pool  # type: ignore[attr-defined]
    conn = client.portal.call(pool.getconn)  # type: ignore[union-attr]
    pid = conn.info.backend_pid
    client.portal.call(pool.putconn, conn)  # type: ignore[union-attr]
    db.execute("SELECT pg_terminate_backend(%s)", (pid,))
    time.sleep(0.2)
    unavailable(client.get("/api/v1/violations", headers=key), "could not be reached")
    # The pool drops the dead connection and makes a new one.
    assert client.get("/api/v1/violations", headers=key).status_code == 200
