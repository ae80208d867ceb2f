"""Failed logins are counted per client address too, in the database (so every worker
process sees them): one address guessing across many usernames is slowed down before
it can lock anyone out; and an admin can lift an account's lock, which is audited."""

import itertools
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from api.settings import Settings
from tests.conftest import ANONYMOUS, create_user, login

_addresses = itertools.count(1)


@pytest.fixture()
def address() -> str:
    """An address of the test's own (sent as X-Forwarded-For to a trusting app)."""
    return f"198.51.100.{next(_addresses)}"


@pytest.fixture(scope="module")
def guarded(settings: Settings) -> Iterator[TestClient]:
    """Three failures per address within 15 minutes; five per account lock it."""
    throttled = settings.model_copy(
        update={"login_address_max_failures": 3, "trust_forwarded_for": True}
    )
    with TestClient(create_app(throttled)) as client:
        yield client


def attempt(client: TestClient, username: str, password: str, address: str) -> Any:
    return client.post(
        "/api/v1/auth/token",
        data={"username": username, "password": password},
        headers={**ANONYMOUS, "X-Forwarded-For": address},
    )


def failures_of(db: psycopg.Connection, username: str) -> tuple[int, Any]:
    row = db.execute(
        "SELECT failed_logins, locked_until FROM app_user WHERE username = %s", (username,)
    ).fetchone()
    assert row is not None
    return row[0], row[1]


def test_many_usernames_from_one_address_are_slowed(
    client: TestClient, guarded: TestClient, db: psycopg.Connection, address: str
) -> None:
    username, password = create_user(client, "viewer")
    for n in range(3):  # three different usernames, each failing once
        assert attempt(guarded, f"nobody{n}", "guess-guess", address).status_code == 401
    slowed = attempt(guarded, username, "guess-guess", address)
    assert slowed.status_code == 429, slowed.text
    assert slowed.headers["content-type"] == "application/problem+json"
    assert "from your address" in slowed.json()["detail"]
    assert 14 * 60 < int(slowed.headers["retry-after"]) <= 15 * 60
    # Refused before the account was looked at: no failure counted on it.
    assert failures_of(db, username) == (0, None)
    # Even the right password waits, from that address; another address logs in.
    assert attempt(guarded, username, password, address).status_code == 429
    assert attempt(guarded, username, password, f"{address}9").status_code == 200
    row = db.execute(
        "SELECT failures FROM login_throttle WHERE address = %s", (address,)
    ).fetchone()
    assert row == (3,)


def test_the_window_ends(guarded: TestClient, db: psycopg.Connection, address: str) -> None:
    for _ in range(3):
        assert attempt(guarded, "nobody", "guess-guess", address).status_code == 401
    assert attempt(guarded, "nobody", "guess-guess", address).status_code == 429
    db.execute(
        "UPDATE login_throttle SET window_started_at = now() - interval '16 minutes' "
        "WHERE address = %s",
        (address,),
    )
    assert attempt(guarded, "nobody", "guess-guess", address).status_code == 401
    row = db.execute(
        "SELECT failures FROM login_throttle WHERE address = %s", (address,)
    ).fetchone()
    assert row == (1,)  # a new window


def test_an_admin_unlocks_an_account(client: TestClient, db: psycopg.Connection) -> None:
    username, password = create_user(client, "viewer")
    db.execute(
        "UPDATE app_user SET failed_logins = 0, locked_until = now() + interval '15 minutes' "
        "WHERE username = %s",
        (username,),
    )
    assert attempt(client, username, password, "-").status_code == 429
    uid = db.execute("SELECT id FROM app_user WHERE username = %s", (username,)).fetchone()
    assert uid is not None
    unlocked = client.post(f"/api/v1/users/{uid[0]}/unlock")
    assert unlocked.status_code == 200, unlocked.text
    assert unlocked.json()["username"] == username and unlocked.json()["locked_until"] is None
    assert failures_of(db, username) == (0, None)
    audit = db.execute(
        "SELECT actor, action, status FROM audit_log WHERE record_id = %s "
        "AND action LIKE '%%unlock%%' ORDER BY id DESC LIMIT 1",
        (uid[0],),
    ).fetchone()
    assert audit is not None and audit[0] == "admin" and audit[2] == 200, audit
    assert attempt(client, username, password, "-").status_code == 200
    missing = client.post("/api/v1/users/987654321/unlock")
    assert missing.status_code == 404
    viewer = login(client, username, password)
    assert client.post(f"/api/v1/users/{uid[0]}/unlock", headers=viewer).status_code == 403
