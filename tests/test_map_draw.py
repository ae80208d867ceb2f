"""Drawing and editing violations in the map app, in a real browser over the real PostGIS:
an inspector registers a violation by clicking its corners (the live area against
pyproj's), a refused drawing shows the service's words and is kept to be corrected, an
edit of a footprint changed meanwhile shows the conflict and never overwrites, and a viewer
gets no drawing tools. Every outcome is checked through the API."""

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from fastapi.testclient import TestClient

from tests.browser import PHONE, Ground, build_ground, choose_compound, shoot, ui_login
from tests.conftest import ADMIN
from tests.drawing import (
    assert_corners,
    click_at,
    drag,
    emit,
    fill,
    look_at,
    pixel,
    shown_area,
    start_register,
    violations_of,
)
from tests.geo import Frame, geodesic_area


@pytest.fixture(scope="module")
def ground(client: TestClient) -> Ground:
    return build_ground(client, Frame(104.0, 25.0), "DRAW")


def test_inspector_registers_a_violation_by_drawing_it(
    server: str, ground: Ground, open_page: Any, client: TestClient, make_user: Any
) -> None:
    page = open_page().page
    ui_login(page, server, *make_user("inspector", [ground.community_id]))
    register = page.locator("#tools button[data-tool=register]")
    register.wait_for(state="attached")
    assert not register.is_visible()  # no compound chosen yet
    choose_compound(page, ground.community_id, ground.compound_id)
    assert register.is_visible()
    assert page.locator("#tools button[data-tool=sweep]").is_visible()
    before = violations_of(client, ground.compound_id)

    start_register(page)
    look_at(page, ground, 300, 300, 500, 500)  # the north-east cell
    corners = [(320.0, 410.0), (470.0, 405.0), (460.0, 480.0), (330.0, 470.0)]
    for x, y in corners[:3]:
        click_at(page, ground, x, y)
    assert shown_area(page) > 0  # live while drawing
    click_at(page, ground, *corners[3])
    shoot(page, "draw-register-drawing")
    click_at(page, ground, *corners[0])  # the first corner again closes it
    page.wait_for_selector("#draw-panel[data-phase=form]")
    live = shown_area(page)
    assert (
        page.locator("#draw-panel .live-area").inner_text()
        == page.locator("#live-area").inner_text()
    )

    form = page.locator("#draw-panel form")
    today = datetime.now(ZoneInfo("Asia/Shanghai")).date().isoformat()
    assert form.locator("[name=found_date]").input_value() == today
    for name in ("structure_type", "built_date", "found_date"):  # marked required
        assert form.locator(f"[name={name}]").evaluate("n => n.required")
        assert form.locator(f"label:has([name={name}]) .req").count() == 1
    fill(form, structure_type="rooftop_room", use="dwelling", floors="2", built_date="2017-03-01")
    fill(form, address="7号楼 顶层", party_name="王建国", party_phone="13812345678")
    fill(form, measured_area_m2="100.5", notes="屋顶加建彩钢房")
    shoot(page, "draw-register-form")
    form.locator("button[data-action=save]").click()
    page.wait_for_selector("#draw-panel", state="hidden")

    after = violations_of(client, ground.compound_id)
    new = [vid for vid in after if vid not in before]
    assert len(new) == 1
    vid = new[0]
    got = client.get(f"/api/v1/violations/{vid}").json()
    assert_corners(ground, got["geometry"], corners)
    props = got["properties"]
    assert props["compound_id"] == ground.compound_id
    assert props["grid_id"] == ground.grid_ids[3]  # the north-east cell
    want = {"structure_type": "rooftop_room", "use": "dwelling", "floors": 2, "found_by": "sweep"}
    want |= {"ledger": "stock_missed", "built_date": "2017-03-01", "found_date": today}
    want |= {"address": "7号楼 顶层", "party_name": "王建国", "party_phone": "13812345678"}
    assert {k: props[k] for k in want} == want
    assert float(props["measured_area_m2"]) == 100.5
    true_area = geodesic_area(got["geometry"])
    assert float(props["mapped_area_m2"]) == pytest.approx(true_area, rel=1e-3)
    assert live == pytest.approx(true_area, rel=5e-3)

    # It is listed, chosen and opened.
    page.wait_for_selector(f"#violation-list tr.selected[data-id='{vid}']")
    assert page.locator(f"path.wj-violation[data-violation-id='{vid}']").count() == 1
    assert f"violation={vid}" in page.url
    assert page.locator("#live-area").count() == 0  # the temporary drawing is gone
    assert page.locator("path.wj-drawn").count() == 0


def test_registering_on_a_phone_by_tapping(
    server: str, ground: Ground, open_page: Any, client: TestClient, make_user: Any
) -> None:
    """A grid worker's phone: the corners tapped on the touch screen, the first tapped
    again to close, the form filled under the map."""
    page = open_page(PHONE, touch=True).page
    ui_login(page, server, *make_user("inspector", [ground.community_id]))
    choose_compound(page, ground.community_id, ground.compound_id)
    before = violations_of(client, ground.compound_id)
    page.tap("#tools button[data-tool=register]")
    page.wait_for_selector("#draw-panel[data-tool=register][data-phase=draw]")
    look_at(page, ground, 300, 100, 500, 300)  # the south-east cell
    corners = [(420.0, 200.0), (480.0, 200.0), (480.0, 260.0), (420.0, 260.0)]
    for x, y in corners + corners[:1]:
        page.touchscreen.tap(*pixel(page, ground, x, y))
    page.wait_for_selector("#draw-panel[data-phase=form]")
    form = page.locator("#draw-panel form")
    fill(form, structure_type="shed", built_date="2019-06-01", address="3号楼 南侧")
    shoot(page, "draw-phone-form")
    form.locator("button[data-action=save]").tap()
    page.wait_for_selector("#draw-panel", state="hidden")
    new = [vid for vid in violations_of(client, ground.compound_id) if vid not in before]
    assert len(new) == 1
    got = client.get(f"/api/v1/violations/{new[0]}").json()
    assert_corners(ground, got["geometry"], corners)
    assert got["properties"]["grid_id"] == ground.grid_ids[1]


def test_a_refused_drawing_shows_why_and_is_kept_to_be_corrected(
    server: str, ground: Ground, open_page: Any, client: TestClient
) -> None:
    page = open_page().page
    ui_login(page, server, *ADMIN)
    choose_compound(page, ground.community_id, ground.compound_id)
    before = violations_of(client, ground.compound_id)

    start_register(page)
    look_at(page, ground, 100, 300, 300, 500)  # the north-west cell
    bow_tie = [(200.0, 400.0), (280.0, 480.0), (280.0, 400.0), (200.0, 480.0)]
    for x, y in bow_tie:
        click_at(page, ground, x, y)
    page.click("#draw-panel button[data-action=finish]")
    page.wait_for_selector("#draw-panel[data-phase=form]")
    form = page.locator("#draw-panel form")
    fill(form, structure_type="shed", built_date="2019-06-01")
    form.locator("button[data-action=save]").click()

    error = page.locator("#draw-panel .draw-error")
    error.wait_for()
    text = error.inner_text()
    assert "invalid geometry: Self-intersection at [" in text  # the service's words
    assert "?repair=true" in text
    assert page.locator("path.wj-fault").count() == 1  # where, on the map
    assert violations_of(client, ground.compound_id).keys() == before.keys()  # nothing made
    # The drawing is kept, with its corners to drag.
    assert page.locator("path.wj-drawn").count() == 1
    assert page.locator(".marker-icon:not(.marker-icon-middle)").count() == 4
    shoot(page, "draw-register-refused")

    drag(page, ground, bow_tie[3], (240.0, 360.0))  # untie it
    fixed = bow_tie[:3] + [(240.0, 360.0)]
    form.locator("button[data-action=save]").click()
    page.wait_for_selector("#draw-panel", state="hidden")
    new = [v for v in violations_of(client, ground.compound_id) if v not in before]
    assert len(new) == 1
    got = client.get(f"/api/v1/violations/{new[0]}").json()
    assert_corners(ground, got["geometry"], fixed)
    assert got["properties"]["ledger"] == "new"
    assert page.locator("path.wj-fault").count() == 0


def test_editing_a_footprint_changed_meanwhile_shows_the_conflict(
    server: str, ground: Ground, open_page: Any, client: TestClient
) -> None:
    vid = ground.violation_ids[0]  # rectangle (130, 130)–(160, 160)
    page = open_page().page
    ui_login(page, server, *ADMIN)
    choose_compound(page, ground.community_id, ground.compound_id)
    page.click(f"#violation-list tr[data-id='{vid}']")
    page.wait_for_selector(f"#record[data-id='{vid}'] .record-head")
    look_at(page, ground, 100, 100, 220, 220)
    read = client.get(f"/api/v1/violations/{vid}")
    page.click("#record button[data-action=edit-shape]")
    page.wait_for_selector(f"#draw-panel[data-tool=edit-shape][data-phase=edit][data-id='{vid}']")
    assert shown_area(page) == pytest.approx(geodesic_area(read.json()["geometry"]), rel=5e-3)

    # Meanwhile, someone changes its footprint and address through the API.
    theirs = ground.frame.rect(130, 130, 165, 160)
    changed = client.patch(
        f"/api/v1/violations/{vid}",
        json={"type": "Feature", "geometry": theirs, "properties": {"address": "1号楼 东侧 车棚"}},
        headers={"If-Match": read.headers["etag"]},
    )
    assert changed.status_code == 200, changed.text
    theirs_stored = changed.json()["geometry"]

    drag(page, ground, (160, 160), (175, 170))
    assert shown_area(page) > geodesic_area(read.json()["geometry"])  # live while editing
    page.click("#draw-panel button[data-action=save]")
    page.wait_for_selector("#draw-panel[data-phase=conflict]")
    conflict = page.locator("#draw-panel .draw-conflict")
    assert "已被他人修改" in conflict.inner_text()
    assert conflict.locator(".draw-shape-change").get_attribute("data-changed") == "true"
    row = conflict.locator("tr[data-property=address]")
    assert "1号楼 东侧" in row.inner_text() and "1号楼 东侧 车棚" in row.inner_text()
    assert conflict.locator("tr[data-property=mapped_area_m2]").count() == 1
    assert conflict.locator("tr[data-property=version]").count() == 0
    shoot(page, "draw-edit-conflict")
    kept = client.get(f"/api/v1/violations/{vid}")
    assert kept.json()["geometry"] == theirs_stored  # the API's version stands
    assert kept.headers["etag"] == changed.headers["etag"]

    # Load the current version, edit again, save.
    page.click("#draw-panel button[data-action=reload]")
    page.wait_for_selector("#draw-panel[data-phase=edit]")
    assert shown_area(page) == pytest.approx(geodesic_area(theirs_stored), rel=5e-3)
    drag(page, ground, (165, 160), (180, 175))
    page.click("#draw-panel button[data-action=save]")
    page.wait_for_selector("#draw-panel", state="hidden")
    saved = client.get(f"/api/v1/violations/{vid}")
    assert saved.headers["etag"] != changed.headers["etag"]
    assert_corners(
        ground, saved.json()["geometry"], [(130, 130), (180, 175), (130, 160), (165, 130)]
    )
    assert saved.json()["properties"]["address"] == "1号楼 东侧 车棚"  # theirs kept
    page.wait_for_function(
        "t => document.getElementById('status-line').textContent.includes(t)", arg=f"#{vid}"
    )
    # The record panel shows the saved footprint's area.
    area = f"{float(saved.json()['properties']['mapped_area_m2']):.2f}"
    page.wait_for_function(
        "a => document.querySelector('#record tr[data-field=mapped_area_m2] td')"
        "?.textContent === a",
        arg=area,
    )


def test_a_viewer_gets_no_drawing_tools(
    server: str, ground: Ground, open_page: Any, make_user: Any
) -> None:
    inspector = make_user("inspector", [ground.community_id])
    page = open_page().page
    ui_login(page, server, *make_user("viewer"))
    choose_compound(page, ground.community_id, ground.compound_id)
    page.wait_for_selector("#violation-list tr", state="attached")
    # The buttons the inspector gets (test above) are not there at all.
    assert page.locator("#tools button[data-tool=register]").count() == 0
    assert page.locator("#tools button[data-tool=sweep]").count() == 0
    # Nor can the edit be started another way.
    emit(page, "edit-geometry", {"id": ground.violation_ids[0], "etag": '"1"'})
    page.wait_for_timeout(300)
    assert page.locator("#draw-panel:not([hidden])").count() == 0
    assert page.locator(".marker-icon").count() == 0

    # The same page, logged in again as an inspector: the tools appear.
    page.click("#logout")
    page.wait_for_selector("#login-view:not([hidden])")
    page.fill("#username", inspector[0])
    page.fill("#password", inspector[1])
    page.click("#login-form button[type=submit]")
    page.locator("#tools button[data-tool=register]").wait_for(state="attached")
    assert page.locator("#tools button[data-tool=sweep]").count() == 1


def test_drawing_over_a_standing_violation_asks_to_confirm(
    server: str, ground: Ground, open_page: Any, client: TestClient
) -> None:
    """The service answers 409 naming the violation underneath; the form then offers to
    register it anyway, which the history records."""
    underneath = ground.violation_ids[3]  # rectangle (350, 350)–(380, 390), registered
    page = open_page().page
    ui_login(page, server, *ADMIN)
    choose_compound(page, ground.community_id, ground.compound_id)
    before = violations_of(client, ground.compound_id)

    start_register(page)
    look_at(page, ground, 330, 330, 400, 410)
    # Around it (a click on it opens it): it lies wholly inside, 100% of the smaller.
    corners = [(345.0, 345.0), (385.0, 345.0), (385.0, 395.0), (345.0, 395.0)]
    for x, y in corners:
        click_at(page, ground, x, y)
    page.click("#draw-panel button[data-action=finish]")
    page.wait_for_selector("#draw-panel[data-phase=form]")
    form = page.locator("#draw-panel form")
    confirm = form.locator("[data-field=confirm_overlap]")
    assert confirm.is_hidden()
    fill(form, structure_type="shed", built_date="2016-06-01")
    form.locator("button[data-action=save]").click()
    error = page.locator("#draw-panel .draw-error")
    error.wait_for()
    assert f"overlaps violation {underneath} (registered) by 100% of the smaller" in (
        error.inner_text()
    )
    assert violations_of(client, ground.compound_id).keys() == before.keys()
    confirm.wait_for()
    assert "register it anyway" in confirm.inner_text() or "仍要登记" in confirm.inner_text()
    confirm.locator("input").check()
    form.locator("button[data-action=save]").click()
    page.wait_for_selector("#draw-panel", state="hidden")
    (new,) = [v for v in violations_of(client, ground.compound_id) if v not in before]
    (created,) = client.get(f"/api/v1/violations/{new}/history").json()["events"]
    assert created["diff"]["overlap_confirmed"][1]["violation_id"] == underneath
