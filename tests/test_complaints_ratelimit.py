"""The public intake's rate limit: a sliding window per client address."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from fastapi.testclient import TestClient

from api.complaints.ratelimit import SlidingWindow
from api.settings import Settings
from tests.complaints import PUBLIC_PATH, intake
from tests.conftest import ANONYMOUS, District, count_rows
from tests.images import photo_app


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_the_window_slides() -> None:
    clock = Clock()
    window = SlidingWindow(3, 60, clock)
    assert [window.hit("a") for _ in range(3)] == [None, None, None]
    assert window.hit("a") == 60
    assert window.hit("b") is None  # others are not affected
    clock.now += 20
    assert window.hit("a") == 40  # refusals do not count: the wait only shrinks
    clock.now += 40
    assert window.hit("a") is None  # the first three have left the window
    assert window.hit("a") is None and window.hit("a") is None
    assert window.hit("a") == pytest.approx(60)


@pytest.fixture()
def small_limit(settings: Settings, tmp_path: Path) -> Iterator[TestClient]:
    with photo_app(settings, tmp_path, complaint_rate_limit=2) as app_client:
        yield app_client


@pytest.fixture()
def behind_proxy(settings: Settings, tmp_path: Path) -> Iterator[TestClient]:
    with photo_app(
        settings, tmp_path, complaint_rate_limit=2, trust_forwarded_for=True
    ) as app_client:
        yield app_client


def send(client: TestClient, district: District, **headers: str) -> Any:
    return client.post(PUBLIC_PATH, json=intake(district), headers={**ANONYMOUS, **headers})


def test_too_many_complaints_from_one_address(
    small_limit: TestClient, district: District, db: psycopg.Connection
) -> None:
    assert send(small_limit, district).status_code == 201
    bad = small_limit.post(PUBLIC_PATH, json={"lon": 1}, headers=ANONYMOUS)
    assert bad.status_code == 422  # attempts count, good or bad
    before = count_rows(db, "complaint")
    refused = send(small_limit, district)
    assert refused.status_code == 429
    assert refused.headers["content-type"] == "application/problem+json"
    wait = int(refused.headers["retry-after"])
    assert 0 < wait <= 600 and refused.json()["retry_after"] == wait
    assert "at most 2 in 10 minute(s)" in refused.json()["detail"]
    assert count_rows(db, "complaint") == before
    # X-Forwarded-For is not trusted unless configured: it does not get around the limit.
    assert send(small_limit, district, **{"X-Forwarded-For": "10.1.2.3"}).status_code == 429
    # The tracking page is not limited.
    assert small_limit.get(f"{PUBLIC_PATH}/TS-20191015-AAAAAA").status_code == 404


def test_behind_a_trusted_proxy_each_client_has_its_own_window(
    behind_proxy: TestClient, district: District
) -> None:
    one = {"X-Forwarded-For": "203.0.113.7"}
    for _ in range(2):
        assert send(behind_proxy, district, **one).status_code == 201
    assert send(behind_proxy, district, **one).status_code == 429
    # Another client: unaffected. A spoofed first entry does not help: the proxy's last counts.
    assert send(behind_proxy, district, **{"X-Forwarded-For": "198.51.100.9"}).status_code == 201
    spoofed = {"X-Forwarded-For": "192.0.2.1, 203.0.113.7"}
    assert send(behind_proxy, district, **spoofed).status_code == 429
