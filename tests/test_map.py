"""The map app in a real browser, reviewing a compound: log in through the form, choose
a community and compound, and see its violations on the map and in the list (sortable),
the grid cells shaded by coverage with the legend — on a desktop and on a phone."""

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.browser import (
    DESKTOP,
    PHONE,
    Ground,
    build_ground,
    choose_compound,
    map_pixel,
    shoot,
    ui_login,
)
from tests.conftest import ADMIN
from tests.geo import Frame


@pytest.fixture(scope="module")
def ground(client: TestClient) -> Ground:
    return build_ground(client, Frame(100.0, 25.0), "MAP")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_map_shows_a_compound(
    server: str, ground: Ground, open_page: Any, viewport: dict[str, int], request: Any
) -> None:
    page = open_page(viewport).page
    ui_login(page, server, *ADMIN)
    assert page.evaluate("sessionStorage.getItem('weijian.token')")
    choose_compound(page, ground.community_id, ground.compound_id)

    rows = page.locator("#violation-list tr")
    rows.nth(4).wait_for()
    assert rows.count() == 5
    listed = [int(rows.nth(i).get_attribute("data-id")) for i in range(5)]
    assert listed == ground.violation_ids
    assert "已核实" in rows.nth(1).inner_text()
    assert "不属违建" in rows.nth(2).inner_text()
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
    shoot(page, f"map-{request.node.callspec.id}-compound")

    # Sorting by status puts the dismissed one last, and back again.
    page.click("#violation-table th[data-sort=status]")
    order = [rows.nth(i).get_attribute("data-status") for i in range(5)]
    assert order[-1] == "dismissed" and order[-2] == "verified"
    page.click("#violation-table th[data-sort=status]")
    assert rows.nth(0).get_attribute("data-status") == "dismissed"

    row = page.locator(f"#violation-list tr[data-id='{ground.violation_ids[1]}']")
    row.click()
    panel = page.locator("#record")
    page.wait_for_selector("#record .record-head")
    assert f"#{ground.violation_ids[1]}" in panel.inner_text()
    assert "2号楼 东侧" in panel.inner_text()
    assert "selected" in (row.get_attribute("class") or "")
    assert f"violation={ground.violation_ids[1]}" in page.url
    shoot(page, f"map-{request.node.callspec.id}-record")


def test_finding_a_compound_on_the_map(server: str, ground: Ground, open_page: Any) -> None:
    """A newcomer clicks the community's outline, then the compound's, instead of the
    pickers: the pickers follow, and the compound's violations are listed."""
    page = open_page().page
    ui_login(page, server, *ADMIN)
    page.wait_for_selector("path.wj-community", state="attached")
    frame = ground.frame
    centre = frame.point(500, 500)["coordinates"]
    page.evaluate(
        "([lat, lon]) => window.weijian.state.map.setView([lat, lon], 15, {animate: false})",
        [centre[1], centre[0]],
    )
    page.mouse.click(*map_pixel(page, *frame.point(800, 800)["coordinates"]))
    page.wait_for_function(
        "id => document.getElementById('community').value === String(id)",
        arg=ground.community_id,
    )
    page.wait_for_selector("path.wj-compound-choice")
    assert "MAP测试小区" in page.locator(".place-label").all_inner_texts()
    shoot(page, "map-find-compound")
    page.mouse.click(*map_pixel(page, *frame.point(480, 480)["coordinates"]))
    page.wait_for_function(
        "id => document.getElementById('compound').value === String(id)",
        arg=ground.compound_id,
    )
    page.locator("#violation-list tr").nth(4).wait_for()
    assert page.locator("#violation-list tr").count() == 5
    assert f"compound={ground.compound_id}" in page.url


def test_a_demo_offers_its_logins(server: str, ground: Ground, open_page: Any) -> None:
    """In a demo, the login page lists the demo accounts (as map-config gives them, here
    the test's admin): one click logs in."""
    page = open_page().page

    def with_demo_logins(route: Any) -> None:
        config = route.fetch().json()
        assert config["demo_logins"] == []  # not a demo: nothing offered
        config["demo_logins"] = [
            {"username": ADMIN[0], "password": ADMIN[1], "role": "admin", "name": "街道"}
        ]
        route.fulfill(json=config)

    page.route(f"{server}/api/v1/public/map-config", with_demo_logins)
    page.goto(server + "/")
    button = page.locator(f"#demo-logins button[data-username='{ADMIN[0]}']")
    button.wait_for()
    assert "演示账号" in page.inner_text("#demo-logins")
    shoot(page, "map-demo-logins")
    button.click()
    page.wait_for_selector("#app-view:not([hidden])")
    assert ADMIN[0] in page.inner_text("#whoami")
