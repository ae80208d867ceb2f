"""Test fixtures: a fresh, migrated PostGIS database for the session, the app over it,
and small factories that lay out places in metres, each test on its own ground.

The database comes from WEIJIAN_TEST_DATABASE_URL (default: weijian_test on the
server at 127.0.0.1:5432); it is dropped and created anew for every session, so
it must never be a database holding data you want.
"""

import itertools
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import psycopg
import pytest
from fastapi.testclient import TestClient
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from api.main import create_app
from api.migrate import upgrade
from api.settings import Settings
from tests.geo import Frame

DEFAULT_TEST_URL = "postgresql://postgres@127.0.0.1:5432/weijian_test"


def database_url_for_tests() -> str:
    return os.environ.get("WEIJIAN_TEST_DATABASE_URL", DEFAULT_TEST_URL)


def create_database(url: str, *, migrate: bool = True) -> str:
    """Drop and create the database named in `url`, with PostGIS; migrate it."""
    name = conninfo_to_dict(url)["dbname"]
    if not name or "test" not in name:
        raise RuntimeError(
            f"refusing to recreate {name!r}: test databases have 'test' in their name"
        )
    with psycopg.connect(make_conninfo(url, dbname="postgres"), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("CREATE EXTENSION IF NOT EXISTS postgis")
    if migrate:
        upgrade(url)
    return url


@pytest.fixture(scope="session")
def database_url() -> str:
    return create_database(database_url_for_tests())


ADMIN = ("admin", "admin-test-password")
ANONYMOUS = {"Authorization": ""}  # overrides the client's own login: acts as the public


@pytest.fixture(scope="session")
def settings(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return Settings(
        database_url=database_url,
        env="test",
        admin_username=ADMIN[0],
        admin_password=ADMIN[1],
        photo_dir=str(tmp_path_factory.mktemp("photos")),
        # Every test logs in from the same address ('testclient'): the per-address
        # throttle is tested on addresses of its own (tests/test_login_throttle.py).
        login_address_max_failures=100_000,
    )


def login(client: TestClient, username: str, password: str) -> dict[str, str]:
    """Headers carrying a fresh token for this user."""
    response = client.post(
        "/api/v1/auth/token", data={"username": username, "password": password}, headers=ANONYMOUS
    )
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


@pytest.fixture(scope="session")
def client(settings: Settings) -> Iterator[TestClient]:
    """The app, logged in as the admin made from WEIJIAN_ADMIN_USERNAME at start."""
    with TestClient(create_app(settings)) as test_client:
        test_client.headers.update(login(test_client, *ADMIN))
        yield test_client


_users = itertools.count()


def create_user(
    client: TestClient, role: str, communities: list[int] | None = None
) -> tuple[str, str]:
    """A new account with this role (and communities): its username and password."""
    username = f"{role}{next(_users)}"
    password = f"pw-{username}-secret"
    response = client.post(
        "/api/v1/users",
        json={
            "username": username,
            "password": password,
            "role": role,
            "communities": communities or [],
        },
    )
    assert response.status_code == 201, response.text
    return username, password


@pytest.fixture()
def login_as(client: TestClient) -> Callable[..., dict[str, str]]:
    """Create a user with this role (and communities) and return headers logged in as it."""

    def make(role: str, communities: list[int] | None = None) -> dict[str, str]:
        return login(client, *create_user(client, role, communities))

    return make


@pytest.fixture()
def api_key(client: TestClient) -> Callable[..., dict[str, str]]:
    """Create an API key with these scopes and return headers carrying it."""

    def make(*scopes: str) -> dict[str, str]:
        response = client.post(
            "/api/v1/api-keys", json={"name": "测试系统", "scopes": list(scopes)}
        )
        assert response.status_code == 201, response.text
        return {"X-API-Key": response.json()["key"], **ANONYMOUS}

    return make


@pytest.fixture()
def db(database_url: str) -> Iterator[psycopg.Connection]:
    """A direct connection, for looking at what the API wrote (autocommit)."""
    with psycopg.connect(database_url, autocommit=True) as conn:
        yield conn


_grounds = itertools.count()


@pytest.fixture()
def frame() -> Frame:
    """A fresh origin for each test, 0.05° apart, so tests never share ground."""
    k = next(_grounds)
    return Frame(110.0 + (k % 200) * 0.05, 30.0 + (k // 200) * 0.05)


@dataclass
class District:
    """A community (1000×1000 m) holding one compound (x, y in 100..500 m) cut into
    four 200×200 m grid cells: sw, se, nw, ne."""

    frame: Frame
    community_id: int
    compound_id: int
    cells: dict[str, int]

    def rect(self, x0: float, y0: float, x1: float, y1: float) -> dict[str, Any]:
        return self.frame.rect(x0, y0, x1, y1)


def feature(geometry: Any, **properties: Any) -> dict[str, Any]:
    return {"type": "Feature", "geometry": geometry, "properties": properties}


def created(response: Any) -> dict[str, Any]:
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


@pytest.fixture()
def district(client: TestClient, frame: Frame) -> District:
    return build_district(client, frame)


def build_district(client: TestClient, frame: Frame, label: str = "") -> District:
    """A community, its compound and four cells on `frame` (see District); `label`
    starts their names (测试社区, 测试小区), for tests that look for them on a page."""
    tag = f"{frame.lon0:.2f}-{frame.lat0:.2f}"
    community = created(
        client.post(
            "/api/v1/communities",
            json=feature(frame.rect(0, 0, 1000, 1000), code=f"C{tag}", name=f"{label}测试社区"),
        )
    )
    compound = created(
        client.post(
            "/api/v1/compounds",
            json=feature(
                frame.rect(100, 100, 500, 500),
                community_id=community["id"],
                code=f"K{tag}",
                name=f"{label}测试小区",
            ),
        )
    )
    cells = {}
    for name, (x, y) in {
        "sw": (100, 100),
        "se": (300, 100),
        "nw": (100, 300),
        "ne": (300, 300),
    }.items():
        cell = created(
            client.post(
                "/api/v1/grids",
                json=feature(
                    frame.rect(x, y, x + 200, y + 200),
                    compound_id=compound["id"],
                    code=f"G{tag}-{name}",
                    name=f"网格{name}",
                ),
            )
        )
        cells[name] = cell["id"]
    return District(frame, community["id"], compound["id"], cells)


def violation_properties(**overrides: Any) -> dict[str, Any]:
    props = {
        "structure_type": "shed",
        "use": "storage",
        "floors": 1,
        "built_date": "2016-05-01",
        "found_date": "2019-07-20",
        "found_by": "sweep",
        "address": "3号楼 2单元 东侧",
    }
    props.update(overrides)
    return props


@pytest.fixture()
def make_violation(client: TestClient, district: District) -> Callable[..., dict[str, Any]]:
    """Register a violation over metric rectangle (x0, y0, x1, y1) of the district."""

    def make(
        rect: tuple[float, float, float, float] = (120, 120, 130, 130), **overrides: Any
    ) -> dict[str, Any]:
        return created(
            client.post(
                "/api/v1/violations",
                json=feature(district.rect(*rect), **violation_properties(**overrides)),
            )
        )

    return make


def count_rows(db: psycopg.Connection, table: str) -> int:
    row = db.execute(f"SELECT count(*) FROM {table}").fetchone()  # table names are fixed
    assert row is not None
    return int(row[0])
