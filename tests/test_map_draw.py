"""Drawing and editing in the map app, in a real browser over the real PostGIS: an inspector
registers a violation by clicking its corners (the live area against pyproj's), a refused
drawing shows the service's words and is kept to be corrected, an edit of a footprint
changed meanwhile shows the conflict and never overwrites, a GPX track records a sweep and
raises the cell's coverage, and a viewer gets no drawing tools. Every outcome is checked
through the API."""

import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from fastapi.testclient import TestClient
from shapely.geometry import LineString, box

from tests.browser import Ground, build_ground, choose_compound, map_pixel, shoot, ui_login
from tests.conftest import ADMIN
from tests.geo import GEOD, Frame, geodesic_area

XY = tuple[float, float]


@pytest.fixture(scope="module")
def ground(client: TestClient) -> Ground:
    return build_ground(client, Frame(104.0, 25.0), "DRAW")


# ---- helpers ----


def lonlat(ground: Ground, x: float, y: float) -> list[float]:
    coordinates: list[float] = ground.frame.point(x, y)["coordinates"]
    return coordinates


def pixel(page: Any, ground: Ground, x: float, y: float) -> XY:
    """Where (x, y) metres of the ground is on the screen, by the map's own projection."""
    return map_pixel(page, *lonlat(ground, x, y))


def click_at(page: Any, ground: Ground, x: float, y: float) -> None:
    page.mouse.click(*pixel(page, ground, x, y))  # moves there first: Geoman follows


def drag(page: Any, ground: Ground, start: XY, end: XY) -> None:
    x0, y0 = pixel(page, ground, *start)
    x1, y1 = pixel(page, ground, *end)
    page.mouse.move(x0, y0)
    page.mouse.down()
    page.mouse.move((x0 + x1) / 2, (y0 + y1) / 2, steps=4)
    page.mouse.move(x1, y1, steps=4)
    page.mouse.up()


def look_at(page: Any, ground: Ground, x0: float, y0: float, x1: float, y1: float) -> None:
    """Zoom the map to this part of the ground, as a user would before drawing."""
    (w, s), (e, n) = lonlat(ground, x0, y0), lonlat(ground, x1, y1)
    page.evaluate("b => weijian.state.map.fitBounds(b, {animate: false})", [[s, w], [n, e]])


def shown_area(page: Any) -> float:
    match = re.search(r"([\d.]+)\s*m²", page.locator("#live-area").inner_text())
    assert match
    return float(match.group(1))


def violations_of(client: TestClient, compound_id: int) -> dict[int, dict[str, Any]]:
    response = client.get(f"/api/v1/violations?compound_id={compound_id}&limit=1000")
    assert response.status_code == 200, response.text
    return {f["id"]: f for f in response.json()["features"]}


def assert_corners(ground: Ground, geometry: dict[str, Any], corners: list[XY]) -> None:
    """The footprint is one ring with exactly these corners (to a pixel's worth: 0.5 m)."""
    assert geometry["type"] == "MultiPolygon" and len(geometry["coordinates"]) == 1
    assert len(geometry["coordinates"][0]) == 1
    ring = geometry["coordinates"][0][0]
    stored = ring[:-1]
    assert ring[0] == ring[-1] and len(stored) == len(corners), ring
    for x, y in corners:
        lon, lat = lonlat(ground, x, y)
        gaps = [GEOD.inv(lon, lat, s[0], s[1])[2] for s in stored]
        assert min(gaps) < 0.5, (x, y, gaps)


def emit(page: Any, name: str, detail: dict[str, Any]) -> None:
    """What the record panel's buttons do: an event on the app's bus."""
    page.evaluate(
        "async ([name, detail]) => (await import('/js/bus.js')).emit(name, detail)", [name, detail]
    )


def start_register(page: Any) -> None:
    page.click("#tools button[data-tool=register]")
    page.wait_for_selector("#draw-panel[data-tool=register][data-phase=draw]")


def fill(form: Any, **values: str) -> None:
    for name, value in values.items():
        field = form.locator(f"[name={name}]")
        if field.evaluate("n => n.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)


def sweep_ids(client: TestClient) -> set[int]:
    return {f["id"] for f in client.get("/api/v1/sweeps?limit=1000").json()["features"]}


# ---- tests ----


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
    look_at(page, ground, 100, 100, 220, 220)
    read = client.get(f"/api/v1/violations/{vid}")
    emit(page, "edit-geometry", {"id": vid, "etag": read.headers["etag"]})
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


GPX = """<?xml version="1.0" encoding="UTF-8"?>
<gpx version="1.1" creator="weijian-test" xmlns="http://www.topografix.com/GPX/1/1">
  <trk><name>排查轨迹</name><trkseg>
{points}
  </trkseg></trk>
</gpx>
"""


def test_a_gpx_track_records_a_sweep(
    server: str,
    ground: Ground,
    open_page: Any,
    client: TestClient,
    make_user: Any,
    tmp_path: Path,
) -> None:
    cell = ground.grid_ids[1]  # the south-east cell, (300, 100)–(500, 300), not yet swept
    walked = [(320.0, 200.0), (400.0, 200.0), (480.0, 200.0), (480.0, 260.0), (400.0, 260.0)]
    times = [datetime(2019, 8, 1, 1, 4 * i, 30, tzinfo=UTC) for i in range(len(walked))]
    points = "\n".join(
        f'    <trkpt lat="{lat}" lon="{lon}"><ele>3.5</ele>'
        f"<time>{at:%Y-%m-%dT%H:%M:%SZ}</time></trkpt>"
        for (lon, lat), at in zip((lonlat(ground, x, y) for x, y in walked), times, strict=True)
    )
    gpx = tmp_path / "track.gpx"
    gpx.write_text(GPX.format(points=points), encoding="utf-8")
    coverage_before = client.get(f"/api/v1/grids/{cell}/stats").json()["coverage_ratio"] or 0
    assert coverage_before == 0
    sweeps_before = sweep_ids(client)

    page = open_page().page
    ui_login(page, server, *make_user("inspector", [ground.community_id]))
    choose_compound(page, ground.community_id, ground.compound_id)
    page.click("#tools button[data-tool=sweep]")
    page.wait_for_selector("#draw-panel[data-tool=sweep][data-phase=choose]")
    page.set_input_files("#draw-panel input[data-action=file]", str(gpx))
    page.wait_for_selector("#draw-panel[data-phase=form][data-kind=track]")
    assert page.locator("path.wj-sight-band").count() == 1  # the preview, with its band
    form = page.locator("#draw-panel form")
    # The track's first and last times, in campaign time (UTC+8).
    assert form.locator("[name=started_at]").input_value() == "2019-08-01T09:00:30"
    assert form.locator("[name=ended_at]").input_value() == "2019-08-01T09:16:30"
    assert form.locator("[name=sight_radius_m]").input_value() == "10"
    fill(form, inspectors="张三，李四", team="汉沽一组")
    shoot(page, "draw-sweep-gpx")
    form.locator("button[data-action=save]").click()
    page.wait_for_selector("#draw-panel", state="hidden")

    found = client.get(f"/api/v1/sweeps?compound_id={ground.compound_id}&limit=1000").json()
    new = [f for f in found["features"] if f["id"] not in sweeps_before]
    assert len(new) == 1
    props = new[0]["properties"]
    assert props["inspectors"] == ["张三", "李四"] and props["team"] == "汉沽一组"
    assert datetime.fromisoformat(props["started_at"]) == times[0]
    assert datetime.fromisoformat(props["ended_at"]) == times[-1]
    assert props["sight_radius_m"] == 10
    assert len(props["track"]["coordinates"]) == len(walked)

    # The cell's coverage rises by the track widened 10 m (in the metric frame).
    band = LineString(walked).buffer(10, quad_segs=8).intersection(box(300, 100, 500, 300))
    coverage = client.get(f"/api/v1/grids/{cell}/stats").json()["coverage_ratio"]
    assert coverage == pytest.approx(band.area / 40000, rel=0.02)
    page.wait_for_function(
        "() => document.getElementById('status-line').textContent.includes('已记录排查')"
    )


def test_a_drawn_route_records_a_sweep_after_a_refusal(
    server: str, ground: Ground, open_page: Any, client: TestClient
) -> None:
    sweeps_before = sweep_ids(client)
    page = open_page().page
    ui_login(page, server, *ADMIN)
    choose_compound(page, ground.community_id, ground.compound_id)
    page.click("#tools button[data-tool=sweep]")
    page.click("#draw-panel button[data-action=line]")
    page.wait_for_selector("#draw-panel[data-tool=sweep][data-phase=draw]")
    look_at(page, ground, 100, 300, 300, 500)
    route = [(120.0, 320.0), (200.0, 420.0), (280.0, 330.0)]
    for x, y in route:
        click_at(page, ground, x, y)
    page.click("#draw-panel button[data-action=finish]")
    page.wait_for_selector("#draw-panel[data-phase=form][data-kind=track]")
    form = page.locator("#draw-panel form")
    assert form.locator("[name=started_at]").input_value() == ""  # no times to take
    fill(form, inspectors="周八、吴九", started_at="2019-08-02T10:00:00", sight_radius_m="15")
    fill(form, ended_at="2019-08-02T09:00:00")  # before the start
    form.locator("button[data-action=save]").click()
    error = page.locator("#draw-panel .draw-error")
    error.wait_for()
    assert "is before started_at" in error.inner_text()  # the service's words
    assert sweep_ids(client) == sweeps_before

    form.locator("[name=ended_at]").fill("2019-08-02T11:30:00")
    form.locator("button[data-action=save]").click()
    page.wait_for_selector("#draw-panel", state="hidden")
    found = client.get("/api/v1/sweeps?limit=1000").json()["features"]
    new = [f for f in found if f["id"] not in sweeps_before]
    assert len(new) == 1
    props = new[0]["properties"]
    assert props["inspectors"] == ["周八", "吴九"] and props["sight_radius_m"] == 15
    assert props["started_at"] == "2019-08-02T10:00:00+08:00"
    assert props["ended_at"] == "2019-08-02T11:30:00+08:00"
    walked = props["track"]["coordinates"]
    assert len(walked) == len(route)
    for (x, y), (lon, lat) in zip(route, walked, strict=True):
        want = lonlat(ground, x, y)
        assert GEOD.inv(want[0], want[1], lon, lat)[2] < 0.5


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
