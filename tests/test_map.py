"""The map app in a real browser: Debian's chromium driven by Playwright, against the
service served by uvicorn on a free local port. Logs in through the form, chooses a
community and compound, and checks the list, the polygons, the popups and the legend."""

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from fastapi.testclient import TestClient

from api.main import create_app
from api.settings import Settings
from tests.conftest import ADMIN, created, feature, violation_properties
from tests.geo import Frame

playwright_api = pytest.importorskip("playwright.sync_api")

CHROMIUM = os.environ.get("WEIJIAN_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
LEAFLET = Path(__file__).resolve().parent.parent / "frontend/node_modules/leaflet/dist/leaflet.js"


@pytest.fixture(scope="module")
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


def move(client: TestClient, vid: int, **body: Any) -> None:
    version = client.get(f"/api/v1/violations/{vid}").headers["etag"]
    response = client.post(
        f"/api/v1/violations/{vid}/transitions", json=body, headers={"If-Match": version}
    )
    assert response.status_code == 200, response.text


@pytest.fixture(scope="module")
def ground(client: TestClient) -> dict[str, Any]:
    """A community with one compound of four cells (one swept) and five violations,
    on ground of its own (far from the other tests' frames)."""
    frame = Frame(100.0, 25.0)
    community = created(
        client.post(
            "/api/v1/communities",
            json=feature(frame.rect(0, 0, 1000, 1000), code="MAP-C1", name="地图测试社区"),
        )
    )
    compound = created(
        client.post(
            "/api/v1/compounds",
            json=feature(
                frame.rect(100, 100, 500, 500),
                community_id=community["id"],
                code="MAP-K1",
                name="地图测试小区",
            ),
        )
    )
    for name, (x, y) in {
        "sw": (100, 100),
        "se": (300, 100),
        "nw": (100, 300),
        "ne": (300, 300),
    }.items():
        created(
            client.post(
                "/api/v1/grids",
                json=feature(
                    frame.rect(x, y, x + 200, y + 200),
                    compound_id=compound["id"],
                    code=f"MAP-G-{name}",
                    name=f"网格{name}",
                ),
            )
        )
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
    return {
        "community_id": community["id"],
        "compound_id": compound["id"],
        "violation_ids": [v["id"] for v in violations],
    }


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"no chromium at {CHROMIUM} (make test installs it; or set WEIJIAN_CHROMIUM)")
    with playwright_api.sync_playwright() as p:
        launched = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield launched
        launched.close()


@pytest.mark.parametrize(
    "viewport",
    [{"width": 1280, "height": 800}, {"width": 390, "height": 844}],
    ids=["desktop", "phone"],
)
def test_map_shows_a_compound(
    server: str, ground: dict[str, Any], browser: Any, viewport: dict[str, int], request: Any
) -> None:
    assert LEAFLET.is_file(), "run `npm install` in frontend/ (scripts/setup.sh does it)"
    context = browser.new_context(viewport=viewport, locale="zh-CN")
    page = context.new_page()
    outside: list[str] = []
    page.route(
        lambda url: not url.startswith(server),
        lambda route: (outside.append(route.request.url), route.abort()),
    )
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(server + "/")
        page.fill("#username", ADMIN[0])
        page.fill("#password", ADMIN[1])
        page.click("#login-form button[type=submit]")
        page.wait_for_selector("#app-view:not([hidden])")
        assert page.evaluate("sessionStorage.getItem('weijian.token')")

        page.wait_for_selector(
            f"#community option[value='{ground['community_id']}']", state="attached"
        )
        page.select_option("#community", str(ground["community_id"]))
        page.wait_for_selector(
            f"#compound option[value='{ground['compound_id']}']", state="attached"
        )
        page.select_option("#compound", str(ground["compound_id"]))

        rows = page.locator("#violation-list tr")
        rows.nth(4).wait_for()
        assert rows.count() == 5
        listed = [int(rows.nth(i).get_attribute("data-id")) for i in range(5)]
        assert listed == ground["violation_ids"]
        assert "已核实" in rows.nth(1).inner_text()
        assert "不予认定" in rows.nth(2).inner_text()
        assert page.locator("path.wj-violation").count() == 5
        assert page.locator("path.wj-grid").count() == 4
        assert page.locator("path.wj-compound").count() == 1

        legend = page.locator("#legend")
        assert legend.is_visible()
        if viewport["width"] < 700:  # folded on a phone, so that it does not hide the map
            assert not legend.locator(".legend-body").is_visible()
            legend.locator(".legend-toggle").click()
        assert legend.locator(".legend-body").is_visible()
        assert "违建状态" in legend.inner_text()
        assert "网格排查覆盖率" in legend.inner_text()
        assert "已登记" in legend.inner_text()

        ARTIFACTS.mkdir(exist_ok=True)
        shot = ARTIFACTS / f"map-{request.node.callspec.id}"
        page.screenshot(path=f"{shot}-compound.png")

        rows.nth(1).click()
        popup = page.locator(".leaflet-popup-content")
        popup.wait_for()
        assert f"违建 #{ground['violation_ids'][1]}" in popup.inner_text()
        assert "2号楼 东侧" in popup.inner_text()
        assert "selected" in (rows.nth(1).get_attribute("class") or "")

        page.wait_for_timeout(300)  # the popup fades in
        page.screenshot(path=f"{shot}-popup.png")
        assert outside == [], f"the page reached outside: {outside}"
        assert errors == [], errors
    finally:
        context.close()
