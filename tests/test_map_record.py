"""The record panel in a real browser: a violation's attributes, photos and history, and
its status moved through the lifecycle with the buttons the role is given — each move
checked through the API; a refusal shows the service's words and changes nothing."""

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.browser import Ground, build_ground, choose_compound, shoot, ui_login
from tests.conftest import ADMIN
from tests.geo import Frame
from tests.images import exif, jpeg


@pytest.fixture(scope="module")
def ground(client: TestClient) -> Ground:
    return build_ground(client, Frame(101.0, 25.0), "REC")


def open_record(page: Any, vid: int) -> Any:
    page.click(f"#violation-list tr[data-id='{vid}']")
    page.wait_for_selector(f"#record[data-id='{vid}'] .record-head")
    return page.locator("#record")


def submit_move(page: Any, action: str) -> None:
    page.click(f"#record form[data-action='{action}'] button[type=submit]")


def wait_status(page: Any, label: str) -> None:
    page.wait_for_function(
        "label => document.querySelector('#record .badge')?.textContent === label", arg=label
    )


def violation(client: TestClient, vid: int) -> dict[str, Any]:
    response = client.get(f"/api/v1/violations/{vid}")
    assert response.status_code == 200
    return response.json()["properties"]


def test_moving_a_violation_through_its_lifecycle(
    server: str, ground: Ground, open_page: Any, client: TestClient, tmp_path: Any
) -> None:
    vid = ground.violation_ids[0]
    page = open_page().page
    ui_login(page, server, *ADMIN)
    choose_compound(page, ground.community_id, ground.compound_id)
    panel = open_record(page, vid)
    assert "1号楼 东侧" in panel.inner_text()
    buttons = panel.locator(".actions > .buttons > button")
    assert sorted(buttons.evaluate_all("bs => bs.map(b => b.dataset.action)")) == [
        "edit-shape",
        "move-dismissed",
        "move-verified",
        "photo",
    ]

    # registered → verified, with the measured area changed on the way.
    page.click("#record button[data-action='move-verified']")
    page.fill("#record input[name=measured_area_m2]", "880.5")
    submit_move(page, "move-verified")
    wait_status(page, "已核实")
    props = violation(client, vid)
    assert props["status"] == "verified"
    assert float(props["measured_area_m2"]) == 880.5
    assert "已登记 → 已核实" in panel.locator(".timeline").inner_text()
    row = page.locator(f"#violation-list tr[data-id='{vid}']")
    page.wait_for_function(
        "id => document.querySelector(`#violation-list tr[data-id='${id}']`)"
        "?.dataset.status === 'verified'",
        arg=vid,
    )
    assert "已核实" in row.inner_text()

    # → planned without a deadline: the compound has none, so the service refuses it, the
    # page says why, and nothing changes.
    page.click("#record button[data-action='move-planned']")
    page.select_option("#record select[name=plan_measure]", "demolish")
    page.fill("#record input[name=plan_responsible]", "王五")
    submit_move(page, "move-planned")
    error = page.locator("#record form[data-action='move-planned'] .error")
    error.wait_for()
    assert "plan_deadline" in error.inner_text()
    assert violation(client, vid)["status"] == "verified"
    shoot(page, "record-refused")
    page.fill("#record input[name=plan_deadline]", "2030-06-30")
    submit_move(page, "move-planned")
    wait_status(page, "已制定方案")
    props = violation(client, vid)
    assert (props["status"], props["plan_measure"], props["plan_responsible"]) == (
        "planned",
        "demolish",
        "王五",
    )
    assert props["deadline"] == "2030-06-30"

    page.click("#record button[data-action='move-rectifying']")
    submit_move(page, "move-rectifying")
    wait_status(page, "整治中")

    # → demolished needs an after-photo: asked for before anything is sent.
    page.click("#record button[data-action='move-demolished']")
    submit_move(page, "move-demolished")
    error = page.locator("#record form[data-action='move-demolished'] .error")
    error.wait_for()
    assert "整治后照片" in error.inner_text()
    assert violation(client, vid)["status"] == "rectifying"
    photo = tmp_path / "after.jpg"
    photo.write_bytes(jpeg(exif_data=exif(taken="2019:08:01 10:00:00")))
    page.set_input_files("#record input[name=after_photo]", str(photo))
    area = page.input_value("#record input[name=demolished_area_m2]")
    assert float(area) == 880.5  # the measured area by default
    submit_move(page, "move-demolished")
    wait_status(page, "已拆除")
    props = violation(client, vid)
    assert props["status"] == "demolished"
    assert float(props["demolished_area_m2"]) == 880.5
    photos = client.get(f"/api/v1/photos?owner_type=violation&owner_id={vid}").json()["photos"]
    assert [p["stage"] for p in photos] == ["after"]
    gallery = panel.locator(".gallery li")
    assert gallery.count() == 1
    assert "2019-08-01 10:00" in gallery.first.inner_text()
    page.wait_for_function("() => document.querySelector('#record .gallery img')?.naturalWidth > 0")

    # Then the write-off request, which the street office decides on.
    page.click("#record button[data-action='write-off']")
    page.fill("#record textarea[name=evidence]", "拆除后照片一张，拆除面积与图斑一致")
    page.click("#record form[data-action='write-off'] button[type=submit]")
    page.wait_for_function(
        "() => [...document.querySelectorAll('#record .timeline li')]"
        ".some(li => li.dataset.kind === 'write_off_requested')"
    )
    queue = client.get("/api/v1/write-off-requests", params={"state": "pending"}).json()
    mine = [r for r in queue["requests"] if r["violation_id"] == vid]
    assert len(mine) == 1
    shoot(page, "record-demolished")


def test_a_viewer_gets_no_buttons(
    server: str, ground: Ground, open_page: Any, make_user: Any
) -> None:
    page = open_page().page
    ui_login(page, server, *make_user("viewer"))
    choose_compound(page, ground.community_id, ground.compound_id)
    panel = open_record(page, ground.violation_ids[3])
    assert panel.locator(".attributes").is_visible()
    assert panel.locator(".actions").count() == 0
    assert panel.locator("button.action").count() == 0
    assert page.locator("#tools button").count() == 0
    # Personal data is masked for a viewer, in the panel as in the API.
    assert "东侧" in panel.inner_text()


def test_the_english_switch_keeps_the_view(server: str, ground: Ground, open_page: Any) -> None:
    page = open_page().page
    ui_login(page, server, *ADMIN)
    choose_compound(page, ground.community_id, ground.compound_id)
    open_record(page, ground.violation_ids[1])
    assert page.locator("#lang").inner_text() == "English"
    page.click("#lang")
    page.wait_for_selector(f"#record[data-id='{ground.violation_ids[1]}'] .record-head")
    assert page.locator(".topbar h1").inner_text() == "Illegal construction inventory"
    assert page.locator("#lang").inner_text() == "中文"
    assert page.input_value("#compound") == str(ground.compound_id)
    assert "Violation status" in page.locator("#legend").inner_text()
    assert page.locator("#violation-table th[data-sort=status]").inner_text() == "Status"
    assert (
        "Verified"
        in page.locator(f"#violation-list tr[data-id='{ground.violation_ids[1]}']").inner_text()
    )
    assert f"Violation #{ground.violation_ids[1]}" in page.locator("#record").inner_text()
    assert page.evaluate("document.documentElement.lang") == "en"
    shoot(page, "map-english")


def test_the_plan_form_shows_the_default_deadline(
    server: str, ground: Ground, open_page: Any, client: TestClient
) -> None:
    """Found 2019-07-20 in a compound whose deadline was 2019-06-30 (a late find): the form
    says the default is 30 days after the found date, in both languages, and uses it."""
    path = f"/api/v1/compounds/{ground.compound_id}"

    def set_deadline(deadline: str | None) -> None:
        etag = client.get(path).headers["etag"]
        response = client.patch(
            path,
            json={"type": "Feature", "properties": {"deadline": deadline}},
            headers={"If-Match": etag},
        )
        assert response.status_code == 200, response.text

    vid = ground.violation_ids[1]  # verified
    set_deadline("2019-06-30")
    try:
        page = open_page().page
        ui_login(page, server, *ADMIN)
        choose_compound(page, ground.community_id, ground.compound_id)
        open_record(page, vid)
        page.click("#record button[data-action='move-planned']")
        hint = page.locator("#record form[data-action='move-planned'] [data-hint=plan_deadline]")
        assert hint.inner_text() == (
            "发现日期 2019-07-20 晚于小区期限 2019-06-30："
            "默认期限为发现日期后 30 天，即 2019-08-19。"
        )
        assert page.get_attribute("#record input[name=plan_deadline]", "min") == "2019-07-20"
        page.click("#lang")
        page.wait_for_selector(f"#record[data-id='{vid}'] .record-head")
        page.click("#record button[data-action='move-planned']")
        assert hint.inner_text() == (
            "Found 2019-07-20, after the compound's deadline 2019-06-30: the default is 30 days "
            "after it was found, 2019-08-19."
        )
        page.select_option("#record select[name=plan_measure]", "demolish")
        page.fill("#record input[name=plan_responsible]", "王五")
        submit_move(page, "move-planned")
        page.wait_for_function(
            "() => document.querySelector('#record .badge')?.textContent !== 'Verified'"
        )
        assert violation(client, vid)["plan_deadline"] == "2019-08-19"
        page.evaluate("localStorage.removeItem('weijian.lang')")
    finally:
        set_deadline(None)
