"""Browser-test fixtures: the service served by uvicorn on a free local port, Debian's
chromium driven by Playwright (headless; never a downloaded browser), pages that fail the
test on any request leaving the host or any JavaScript error, screenshots into
test-artifacts/, and the ground the map tests look at. Loaded by conftest.py."""

import os
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from fastapi.testclient import TestClient

from api.main import create_app
from api.settings import Settings
from tests.conftest import (
    build_district,
    create_user,
    created,
    feature,
    violation_properties,
)
from tests.geo import Frame

CHROMIUM = os.environ.get("WEIJIAN_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
NODE_MODULES = Path(__file__).resolve().parent.parent / "frontend/node_modules"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="session")
def server(settings: Settings) -> Iterator[str]:
    """The service on a free 127.0.0.1 port, in a background thread."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    config = uvicorn.Config(
        create_app(settings), host="127.0.0.1", port=port, log_level="warning", lifespan="on"
    )
    uvicorn_server = uvicorn.Server(config)
    thread = threading.Thread(target=uvicorn_server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not uvicorn_server.started:
        assert thread.is_alive(), "uvicorn stopped while starting"
        assert time.monotonic() < deadline, "uvicorn did not start within 30 s"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    uvicorn_server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Chromium, for one test module: Playwright's sync API keeps an event loop running in
    the main thread while it is open, which later tests calling asyncio.run must not see."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"no chromium at {CHROMIUM} (make test installs it; or set WEIJIAN_CHROMIUM)")
    assert (NODE_MODULES / "leaflet/dist/leaflet.js").is_file(), (
        "run `npm ci` in frontend/ (scripts/setup.sh does it)"
    )
    with sync_playwright() as p:
        launched = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield launched
        launched.close()


@dataclass
class Watched:
    """A page with what went wrong on it: requests off the host, JavaScript errors."""

    page: Any
    outside: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def check(self) -> None:
        assert self.outside == [], f"the page reached outside: {self.outside}"
        assert self.errors == [], f"JavaScript errors: {self.errors}"


@pytest.fixture()
def open_page(server: str, browser: Any) -> Iterator[Callable[..., Watched]]:
    """open_page(viewport=DESKTOP, locale="zh-CN", touch=False) → a Watched page on a
    context of its own (touch: a phone's touch screen); at the end of the test, any
    off-host request or JavaScript error fails it."""
    opened: list[tuple[Any, Watched]] = []

    def open_(
        viewport: dict[str, int] | None = None, locale: str = "zh-CN", touch: bool = False
    ) -> Watched:
        context = browser.new_context(
            viewport=viewport or DESKTOP, locale=locale, has_touch=touch, is_mobile=touch
        )
        page = context.new_page()
        watched = Watched(page)

        def refuse(route: Any) -> None:
            watched.outside.append(route.request.url)
            route.abort()

        page.route(lambda url: not url.startswith(server), refuse)
        page.on("pageerror", lambda error: watched.errors.append(str(error)))
        opened.append((context, watched))
        return watched

    yield open_
    try:
        for _, watched in opened:
            watched.check()
    finally:
        for context, _ in opened:
            context.close()


@pytest.fixture()
def make_user(client: TestClient) -> Callable[..., tuple[str, str]]:
    """make_user(role, [community ids]) → (username, password) of a new account, for
    logging in through the browser's form."""
    return lambda role, communities=None: create_user(client, role, communities)


def shoot(page: Any, name: str) -> Path:
    """A screenshot into test-artifacts/<name>.png (kept as a test artifact)."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path))
    return path


def ui_login(page: Any, server: str, username: str, password: str, hash_: str = "") -> None:
    """Log in through the form and wait for the map view."""
    page.goto(server + "/" + hash_)
    page.fill("#username", username)
    page.fill("#password", password)
    page.click("#login-form button[type=submit]")
    page.wait_for_selector("#app-view:not([hidden])")


def map_pixel(page: Any, lon: float, lat: float) -> tuple[float, float]:
    """Where (lon, lat) is on the page, by the map app's own projection (its Leaflet map is
    window.weijian.state.map)."""
    x, y = page.evaluate(
        "([lat, lon]) => { const map = window.weijian.state.map;"
        " const p = map.latLngToContainerPoint([lat, lon]);"
        " const box = map.getContainer().getBoundingClientRect();"
        " return [box.left + p.x, box.top + p.y]; }",
        [lat, lon],
    )
    return float(x), float(y)


def choose_compound(page: Any, community_id: int, compound_id: int) -> None:
    page.wait_for_selector(f"#community option[value='{community_id}']", state="attached")
    page.select_option("#community", str(community_id))
    page.wait_for_selector(f"#compound option[value='{compound_id}']", state="attached")
    page.select_option("#compound", str(compound_id))
    page.wait_for_selector("#violation-list tr", state="attached")


def move(client: TestClient, vid: int, **body: Any) -> None:
    version = client.get(f"/api/v1/violations/{vid}").headers["etag"]
    response = client.post(
        f"/api/v1/violations/{vid}/transitions", json=body, headers={"If-Match": version}
    )
    assert response.status_code == 200, response.text


@dataclass
class Ground:
    frame: Frame
    community_id: int
    compound_id: int
    grid_ids: list[int]
    violation_ids: list[int]


def build_ground(client: TestClient, frame: Frame, tag: str) -> Ground:
    """The tests' district (tests/conftest.py: a community, its compound, four 200 m
    cells) named after `tag`, with the south-west cell swept and five violations (the
    second verified, the third dismissed)."""
    district = build_district(client, frame, tag)
    grid_ids = [district.cells[name] for name in ("sw", "se", "nw", "ne")]
    created(  # sweeps the south-west cell
        client.post(
            "/api/v1/sweeps",
            json=feature(
                frame.rect(100, 100, 300, 300),
                inspectors=["周八"],
                started_at="2019-07-20T09:00",
                ended_at="2019-07-20T10:00",
            ),
        )
    )
    rects = [
        (130, 130, 160, 160),
        (330, 140, 370, 170),
        (140, 340, 180, 380),
        (350, 350, 380, 390),
        (220, 220, 250, 260),
    ]
    violations = [
        created(
            client.post(
                "/api/v1/violations",
                json=feature(
                    frame.rect(*rect),
                    **violation_properties(address=f"{i + 1}号楼 东侧", measured_area_m2=1000),
                ),
            )
        )
        for i, rect in enumerate(rects)
    ]
    move(client, violations[1]["id"], to="verified")
    move(client, violations[2]["id"], to="dismissed", reason="经核实为合法建筑")
    ids = [v["id"] for v in violations]
    return Ground(frame, district.community_id, district.compound_id, grid_ids, ids)
