"""Handling complaints on the map, in a real browser: the street office opens a complaint
from its marker and assigns it to the community's inspector, who confirms it by linking
the violation it reports, then closes it — each move checked through the API; the moves
offered follow the role (a viewer gets none)."""

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.browser import Ground, build_ground, choose_compound, shoot, ui_login
from tests.complaints import PATH
from tests.conftest import ADMIN, created, feature
from tests.geo import Frame


@pytest.fixture(scope="module")
def ground(client: TestClient) -> Ground:
    return build_ground(client, Frame(105.0, 25.0), "CPL")


def complaint(client: TestClient, ground: Ground) -> dict[str, Any]:
    """A hotline complaint in the north-east cell, beside violation 4 (350..380, 350..390)."""
    return created(
        client.post(
            PATH,
            json=feature(
                ground.frame.point(420, 420),
                description="群众来电反映：4号楼旁新搭建彩钢房",
                channel="hotline",
                address="4号楼 西侧",
            ),
        )
    )


def open_complaint(page: Any, ground: Ground, cid: int) -> Any:
    choose_compound(page, ground.community_id, ground.compound_id)
    page.click("#layer-controls summary")
    page.check("#show-complaints")
    marker = page.locator(f"path.wj-complaint[data-complaint-id='{cid}']")
    marker.wait_for()
    marker.click()
    page.wait_for_selector(f"#record[data-kind=complaint][data-id='{cid}'] .record-head")
    return page.locator("#record")


def offered(panel: Any) -> list[str]:
    return sorted(
        panel.locator(".actions > .buttons > button").evaluate_all(
            "bs => bs.map(b => b.dataset.action)"
        )
    )


def wait_badge(page: Any, text: str) -> None:
    page.wait_for_function(
        "t => document.querySelector('#record .badge')?.textContent === t", arg=text
    )


def test_assign_confirm_and_close_a_complaint(
    server: str, ground: Ground, open_page: Any, client: TestClient, make_user: Any
) -> None:
    cid = complaint(client, ground)["id"]
    inspector = make_user("inspector", [ground.community_id])
    viewer = make_user("viewer")  # reads only: not someone to assign it to

    page = open_page().page
    ui_login(page, server, *ADMIN)
    panel = open_complaint(page, ground, cid)
    assert "群众来电反映：4号楼旁新搭建彩钢房" in panel.inner_text()
    assert offered(panel) == ["complaint-assigned", "complaint-unfounded"]
    page.click("#record button[data-action=complaint-assigned]")
    choices = page.locator("#record select[name=assigned_to] option")
    page.wait_for_selector(
        f"#record select[name=assigned_to] option[value='{inspector[0]}']", state="attached"
    )
    values = choices.evaluate_all("os => os.map(o => o.value)")
    assert inspector[0] in values and ADMIN[0] in values
    assert viewer[0] not in values
    page.select_option("#record select[name=assigned_to]", inspector[0])
    page.click("#record form[data-action=complaint-assigned] button[type=submit]")
    wait_badge(page, "已派单，核查中")
    props = client.get(f"{PATH}/{cid}").json()["properties"]
    assert (props["status"], props["assigned_to"]) == ("assigned", inspector[0])
    shoot(page, "complaint-assigned")

    # The inspector confirms it: the violation it reports, from those nearby.
    page = open_page().page
    ui_login(page, server, *inspector)
    panel = open_complaint(page, ground, cid)
    assert offered(panel) == ["complaint-unfounded", "complaint-verified"]
    page.click("#record button[data-action=complaint-verified]")
    vid = ground.violation_ids[3]
    page.wait_for_selector(
        f"#record select[name=violation_id] option[value='{vid}']", state="attached"
    )
    page.select_option("#record select[name=violation_id]", str(vid))
    page.click("#record form[data-action=complaint-verified] button[type=submit]")
    wait_badge(page, "经核查属实，已立案处理")
    props = client.get(f"{PATH}/{cid}").json()["properties"]
    assert (props["status"], props["violation_id"]) == ("verified", vid)
    assert offered(panel) == ["complaint-closed"]

    page.click("#record button[data-action=complaint-closed]")
    page.click("#record form[data-action=complaint-closed] button[type=submit]")
    wait_badge(page, "已办结")
    assert client.get(f"{PATH}/{cid}").json()["properties"]["status"] == "closed"
    kinds = [e["kind"] for e in client.get(f"{PATH}/{cid}/history").json()["events"]]
    assert kinds == ["received", "assigned", "verified", "closed"]
    assert panel.locator(".timeline li").count() == 4

    # From the complaint to the violation it reports.
    page.click("#record button[data-action=open-violation]")
    page.wait_for_selector(f"#record[data-kind=violation][data-id='{vid}'] .record-head")
    shoot(page, "complaint-to-violation")


def test_a_refused_move_and_a_viewer(
    server: str, ground: Ground, open_page: Any, client: TestClient, make_user: Any
) -> None:
    cid = complaint(client, ground)["id"]
    page = open_page().page
    ui_login(page, server, *ADMIN)
    panel = open_complaint(page, ground, cid)
    page.click("#record button[data-action=complaint-unfounded]")
    page.fill(
        "#record form[data-action=complaint-unfounded] textarea[name=reason]", "无"
    )  # too short
    page.click("#record form[data-action=complaint-unfounded] button[type=submit]")
    error = page.locator("#record form[data-action=complaint-unfounded] .error")
    error.wait_for()
    assert "reason" in error.inner_text()
    assert client.get(f"{PATH}/{cid}").json()["properties"]["status"] == "received"

    page = open_page().page
    ui_login(page, server, *make_user("viewer"))
    panel = open_complaint(page, ground, cid)
    assert panel.locator(".actions").count() == 0
    assert "4号楼 西侧" in panel.inner_text()
