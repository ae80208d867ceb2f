"""Logging in and out: tokens, failures slowed down and then locked, disabled users."""

import os
import subprocess
import sys
from typing import Any

import psycopg
from fastapi.testclient import TestClient

from tests.conftest import ANONYMOUS, login


def new_user(client: TestClient, username: str, role: str = "viewer") -> str:
    password = f"{username}-password"
    response = client.post(
        "/api/v1/users", json={"username": username, "password": password, "role": role}
    )
    assert response.status_code == 201, response.text
    assert "password" not in response.text and "hash" not in response.text
    return password


def attempt(client: TestClient, username: str, password: str) -> Any:
    return client.post(
        "/api/v1/auth/token", data={"username": username, "password": password}, headers=ANONYMOUS
    )


def test_login_me_and_logout(client: TestClient) -> None:
    password = new_user(client, "leader1")
    response = attempt(client, "leader1", password)
    assert response.status_code == 200
    body = response.json()
    assert body["token_type"] == "bearer" and body["expires_at"]
    assert body["user"]["role"] == "viewer"
    headers = {"Authorization": f"Bearer {body['access_token']}"}
    me = client.get("/api/v1/auth/me", headers=headers).json()
    assert me["username"] == "leader1" and me["role"] == "viewer"
    assert "write_records" not in me["permissions"]
    assert client.post("/api/v1/auth/logout", headers=headers).status_code == 204
    after = client.get("/api/v1/violations", headers=headers)
    assert after.status_code == 401
    assert after.headers["www-authenticate"] == "Bearer"


def test_wrong_password_and_unknown_user_look_alike(client: TestClient) -> None:
    new_user(client, "leader2")
    wrong = attempt(client, "leader2", "not-the-password")
    unknown = attempt(client, "nobody-at-all", "not-the-password")
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json()["detail"] == unknown.json()["detail"]


def test_failures_are_slowed_then_locked(client: TestClient, db: psycopg.Connection) -> None:
    password = new_user(client, "leader3")
    for _ in range(3):
        assert attempt(client, "leader3", "wrong-password").status_code == 401
    slowed = attempt(client, "leader3", password)  # even the right password must wait
    assert slowed.status_code == 429
    assert int(slowed.headers["retry-after"]) >= 1
    for _ in range(2):  # let the waits pass, and fail again
        db.execute(
            "UPDATE app_user SET last_failed_at = now() - interval '1 hour' "
            "WHERE username = 'leader3'"
        )
        assert attempt(client, "leader3", "wrong-password").status_code == 401
    locked = attempt(client, "leader3", password)
    assert locked.status_code == 429
    assert "locked" in locked.json()["detail"]
    assert int(locked.headers["retry-after"]) > 14 * 60
    # The street office resets the password, which unlocks.
    uid = db.execute("SELECT id FROM app_user WHERE username = 'leader3'").fetchone()
    assert uid is not None
    reset = client.patch(f"/api/v1/users/{uid[0]}", json={"password": "a-new-password"})
    assert reset.status_code == 200
    assert attempt(client, "leader3", "a-new-password").status_code == 200


def test_expired_and_disabled(client: TestClient, db: psycopg.Connection) -> None:
    password = new_user(client, "leader4")
    headers = login(client, "leader4", password)
    db.execute(
        "UPDATE auth_token SET expires_at = now() - interval '1 minute' WHERE user_id = "
        "(SELECT id FROM app_user WHERE username = 'leader4')"
    )
    assert client.get("/api/v1/communities", headers=headers).status_code == 401
    headers = login(client, "leader4", password)
    uid = db.execute("SELECT id FROM app_user WHERE username = 'leader4'").fetchone()
    assert uid is not None
    assert client.patch(f"/api/v1/users/{uid[0]}", json={"active": False}).status_code == 200
    assert client.get("/api/v1/communities", headers=headers).status_code == 401
    assert attempt(client, "leader4", password).status_code == 401


def test_passwords_are_argon2_hashes(client: TestClient, db: psycopg.Connection) -> None:
    password = new_user(client, "leader5")
    row = db.execute("SELECT password_hash FROM app_user WHERE username = 'leader5'").fetchone()
    assert row is not None and row[0].startswith("$argon2id$") and password not in row[0]
    tokens = db.execute("SELECT digest FROM auth_token").fetchall()
    assert all(len(t[0]) == 64 for t in tokens)  # HMAC digests, never the tokens


def test_user_rules(client: TestClient) -> None:
    cases = [
        ({"username": "i1", "password": "long-enough", "role": "inspector"}, 422, "community"),
        (
            {"username": "v1", "password": "long-enough", "role": "viewer", "communities": [1]},
            422,
            "only inspectors",
        ),
        ({"username": "s1", "password": "short", "role": "viewer"}, 422, "password"),
        ({"username": "bad name", "password": "long-enough", "role": "viewer"}, 422, "username"),
        ({"username": "admin", "password": "long-enough", "role": "viewer"}, 409, "taken"),
        ({"username": "r1", "password": "long-enough", "role": "root"}, 422, "role"),
    ]
    for body, status, words in cases:
        response = client.post("/api/v1/users", json=body)
        assert response.status_code == status, body
        assert words in response.json()["detail"], response.json()["detail"]


def test_cli_creates_a_user(database_url: str, client: TestClient) -> None:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "WEIJIAN_ENV": "test",
        "WEIJIAN_NEW_PASSWORD": "cli-password-1",
    }
    done = subprocess.run(
        [sys.executable, "-m", "api.cli", "user", "create", "cliadmin", "--role", "admin"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "created admin cliadmin" in done.stdout
    assert attempt(client, "cliadmin", "cli-password-1").status_code == 200
    again = subprocess.run(
        [sys.executable, "-m", "api.cli", "user", "create", "cliadmin", "--role", "admin"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert again.returncode != 0 and "taken" in again.stderr
