"""Recording sweeps in the map app, in a real browser over the real PostGIS: a GPX track
uploaded records a sweep with the track's times and raises the cell's coverage; a route
drawn by clicking is refused with the service's words until its times are right. Checked
through the API."""

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from shapely.geometry import LineString, box

from tests.browser import Ground, build_ground, choose_compound, shoot, ui_login
from tests.conftest import ADMIN
from tests.drawing import click_at, fill, lonlat, look_at, sweep_ids
from tests.geo import GEOD, Frame


@pytest.fixture(scope="module")
def ground(client: TestClient) -> Ground:
    return build_ground(client, Frame(104.5, 25.0), "SWP")


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
