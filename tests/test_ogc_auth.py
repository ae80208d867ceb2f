"""How desktop GIS logs in to /ogc: HTTP Basic auth (username and password, or an API
key as the password), the X-API-Key header, or a bearer token — each with exactly the
REST API's scoping and personal-data masking, per role."""

import base64
from typing import Any

import psycopg
import pytest
from fastapi.testclient import TestClient

from tests.conftest import ADMIN, ANONYMOUS, District, build_district, create_user, created, feature
from tests.conftest import violation_properties as props
from tests.geo import Frame

ITEMS = "/ogc/collections/violations/items"
NAME, PHONE = "欧阳锋", "13912345678"
MASKED_NAME, MASKED_PHONE = "欧**", "139****5678"


def basic(username: str, password: str) -> dict[str, str]:
    token = base64.b64encode(f"{username}:{password}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


def key(client: TestClient, *scopes: str) -> str:
    response = client.post("/api/v1/api-keys", json={"name": "QGIS", "scopes": list(scopes)})
    assert response.status_code == 201, response.text
    secret: str = response.json()["key"]
    return secret


@pytest.fixture()
def two_communities(client: TestClient, district: District) -> tuple[District, District, int, int]:
    """The district and a second one beside it, each with one violation of a named party."""
    other = build_district(client, Frame(district.frame.lon0 + 0.02, district.frame.lat0))
    ids = []
    for place in (district, other):
        body = feature(place.rect(120, 120, 130, 130), **props(party_name=NAME, party_phone=PHONE))
        ids.append(created(client.post("/api/v1/violations", json=body))["id"])
    return district, other, ids[0], ids[1]


def seen(client: TestClient, headers: dict[str, str], *places: District) -> dict[int, Any]:
    """The violations of these places, by id, with their party as this login sees it."""
    found: dict[int, Any] = {}
    for place in places:
        response = client.get(ITEMS, params={"community_id": place.community_id}, headers=headers)
        assert response.status_code == 200, response.text
        for f in response.json()["features"]:
            found[f["id"]] = (f["properties"]["party_name"], f["properties"]["party_phone"])
    return found


def test_each_role_logs_in_with_basic_auth_and_sees_what_the_rest_api_shows(
    client: TestClient, two_communities: tuple[District, District, int, int]
) -> None:
    home, other, mine, theirs = two_communities
    inspector = create_user(client, "inspector", [home.community_id])
    viewer = create_user(client, "viewer")
    read_key = key(client, "read")
    pii_key = key(client, "read", "pii")
    logins: dict[str, dict[str, str]] = {
        "admin": basic(*ADMIN),
        "inspector": basic(*inspector),
        "viewer": basic(*viewer),
        "key as password": basic("qgis", read_key),
        "key as password, any username": basic("", read_key),
        "X-API-Key": {"X-API-Key": read_key, **ANONYMOUS},
        "pii key as password": basic("qgis", pii_key),
    }
    clear, masked = (NAME, PHONE), (MASKED_NAME, MASKED_PHONE)
    expected = {
        "admin": {mine: clear, theirs: clear},
        "inspector": {mine: clear},  # their community only
        "viewer": {mine: masked, theirs: masked},
        "key as password": {mine: masked, theirs: masked},
        "key as password, any username": {mine: masked, theirs: masked},
        "X-API-Key": {mine: masked, theirs: masked},
        "pii key as password": {mine: clear, theirs: clear},
    }
    for role, headers in logins.items():
        assert seen(client, headers, home, other) == expected[role], role
        # The REST API shows the same to the same login (by bearer token or key).
    rest_inspector = client.post(
        "/api/v1/auth/token",
        data={"username": inspector[0], "password": inspector[1]},
        headers=ANONYMOUS,
    ).json()["access_token"]
    bearer = {"Authorization": f"Bearer {rest_inspector}"}
    assert seen(client, bearer, home, other) == expected["inspector"]
    rest = client.get(
        "/api/v1/violations", params={"community_id": other.community_id}, headers=bearer
    )
    assert rest.json()["features"] == []
    # Another community's feature is not found for the inspector, by Basic auth too.
    one = client.get(f"{ITEMS}/{theirs}", headers=basic(*inspector))
    assert one.status_code == 404
    assert client.get(f"{ITEMS}/{mine}", headers=basic(*inspector)).status_code == 200


def test_an_inspectors_collections_extent_is_their_community(
    client: TestClient, two_communities: tuple[District, District, int, int]
) -> None:
    home, other, _, _ = two_communities
    inspector = create_user(client, "inspector", [home.community_id])
    listed = client.get("/ogc/collections/violations", headers=basic(*inspector)).json()
    xmin, ymin, xmax, ymax = listed["extent"]["spatial"]["bbox"][0]
    lon, lat = home.frame.point(125, 125)["coordinates"]
    assert xmin <= lon <= xmax and ymin <= lat <= ymax
    other_lon, _ = other.frame.point(125, 125)["coordinates"]
    assert not xmin <= other_lon <= xmax


@pytest.mark.parametrize(
    "headers",
    [
        ANONYMOUS,
        basic("admin", "not-the-password"),
        basic("nobody-here", "whatever-secret"),
        basic("qgis", "wjk_not_a_key"),
        {"X-API-Key": "wjk_not_a_key", **ANONYMOUS},
    ],
    ids=["no login", "wrong password", "no such user", "unknown key", "unknown X-API-Key"],
)
def test_a_failed_login_answers_401_with_a_basic_challenge(
    client: TestClient, headers: dict[str, str]
) -> None:
    for path in ("/ogc", ITEMS):
        response = client.get(path, headers=headers)
        assert response.status_code == 401, response.text
        assert response.headers["WWW-Authenticate"].startswith("Basic realm=")
        assert response.headers["content-type"] == "application/problem+json"


def test_basic_failures_count_towards_the_lock_like_logins(
    client: TestClient, db: psycopg.Connection
) -> None:
    username, _password = create_user(client, "viewer")
    for _ in range(2):
        assert client.get("/ogc", headers=basic(username, "wrong-password")).status_code == 401
    row = db.execute(
        "SELECT failed_logins FROM app_user WHERE username = %s", (username,)
    ).fetchone()
    assert row == (2,)
    audited = db.execute(
        "SELECT count(*) FROM audit_log WHERE action = 'login failed' AND detail->>'username' = %s",
        (username,),
    ).fetchone()
    assert audited == (2,)
    assert client.get("/ogc", headers=basic(username, _password)).status_code == 200
    row = db.execute(
        "SELECT failed_logins FROM app_user WHERE username = %s", (username,)
    ).fetchone()
    assert row == (0,)


def test_a_key_without_read_and_a_revoked_key_are_refused(client: TestClient) -> None:
    pii_only = key(client, "pii")
    assert client.get("/ogc", headers=basic("qgis", pii_only)).status_code == 403
    response = client.post("/api/v1/api-keys", json={"name": "QGIS", "scopes": ["read"]})
    revoked, key_id = response.json()["key"], response.json()["id"]
    assert client.get("/ogc", headers=basic("qgis", revoked)).status_code == 200
    assert client.delete(f"/api/v1/api-keys/{key_id}").status_code in (200, 204)
    assert client.get("/ogc", headers=basic("qgis", revoked)).status_code == 401


def test_a_changed_password_a_disabled_or_locked_account_ends_basic_logins_at_once(
    client: TestClient, db: psycopg.Connection
) -> None:
    """A right Basic login is remembered for a minute (QGIS sends one with every
    request); a change to the account ends it on the next request."""
    username, password = create_user(client, "viewer")
    row = db.execute("SELECT id FROM app_user WHERE username = %s", (username,)).fetchone()
    assert row is not None
    user = f"/api/v1/users/{row[0]}"
    for _ in range(2):  # the second from memory
        assert client.get("/ogc", headers=basic(username, password)).status_code == 200
    assert client.patch(user, json={"password": "another-password"}).status_code == 200
    assert client.get("/ogc", headers=basic(username, password)).status_code == 401
    assert client.get("/ogc", headers=basic(username, "another-password")).status_code == 200
    db.execute(
        "UPDATE app_user SET locked_until = now() + interval '5 minutes' WHERE id = %s", (row[0],)
    )
    assert client.get("/ogc", headers=basic(username, "another-password")).status_code == 429
    db.execute("UPDATE app_user SET locked_until = NULL WHERE id = %s", (row[0],))
    assert client.get("/ogc", headers=basic(username, "another-password")).status_code == 200
    assert client.patch(user, json={"active": False}).status_code == 200
    assert client.get("/ogc", headers=basic(username, "another-password")).status_code == 401
