"""No request can fill the server with its body: a body announced larger than the limit
is refused unread, one sent in chunks is refused as it passes the limit — 413 with a
problem+json saying the limit, and nothing written."""

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from api.settings import Settings
from tests.conftest import ADMIN, ANONYMOUS, District, feature, login, violation_properties

LIMIT = 64 * 1024


@pytest.fixture(scope="module")
def small(settings: Settings) -> Iterator[TestClient]:
    """The service with a 64 KB body limit, logged in as the admin."""
    limited = Settings(**{**settings.model_dump(), "max_body_bytes": LIMIT})
    with TestClient(create_app(limited)) as client:
        client.headers.update(login(client, *ADMIN))
        yield client


def count(db: Any, table: str) -> int:
    return int(db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def padded_violation(district: District, size: int) -> dict[str, Any]:
    return feature(
        district.rect(120, 120, 130, 130), **violation_properties(notes="记" * (size // 3))
    )


def test_a_body_announced_too_large_is_refused_unread(
    small: TestClient, district: District, db: Any
) -> None:
    before = count(db, "violation")
    response = small.post("/api/v1/violations", json=padded_violation(district, 2 * LIMIT))
    assert response.status_code == 413, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert "64 KB" not in response.json()["detail"]  # said in MB, as people read it
    assert "0.1 MB accepted" in response.json()["detail"]
    assert response.json()["request_id"]
    assert count(db, "violation") == before

    # Under the limit, the same request goes through.
    fine = small.post("/api/v1/violations", json=padded_violation(district, 12_000))
    assert fine.status_code == 201, fine.text


def test_a_chunked_body_is_refused_as_it_passes_the_limit(
    small: TestClient, district: District, db: Any
) -> None:
    before = count(db, "complaint")

    def chunks() -> Iterator[bytes]:
        yield b'{"lon": 117.8, "lat": 39.25, "description": "'
        for _ in range(100):  # 400 KB in all
            yield b"x" * 4096
        yield b'"}'

    response = small.post(
        "/api/v1/public/complaints",
        content=chunks(),
        headers={**ANONYMOUS, "Content-Type": "application/json"},
    )
    assert response.status_code == 413, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert "larger than 0.1 MB" in response.json()["detail"]
    assert count(db, "complaint") == before


def test_the_default_limit_leaves_room_for_a_photo(settings: Settings) -> None:
    assert settings.body_limit == settings.photo_max_bytes + 1024 * 1024
    assert Settings(env="test", max_body_bytes=5_000_000).body_limit == 5_000_000
