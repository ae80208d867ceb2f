"""The map's district overview from vector tiles, in a real browser: before a compound is
chosen, the grid cells are shaded from /api/v1/tiles/grids (a swept cell darker than an
unswept one) and the violations drawn from /api/v1/tiles/violations; a repeat answers
304; choosing a compound draws it from GeoJSON and the overview steps aside."""

import io
from typing import Any

import pytest
from fastapi.testclient import TestClient
from PIL import Image

from tests.browser import Ground, build_ground, choose_compound, map_pixel, shoot, ui_login
from tests.conftest import ADMIN
from tests.geo import Frame
from tests.tiles import MVT


@pytest.fixture(scope="module")
def ground(client: TestClient) -> Ground:
    return build_ground(client, Frame(106.0, 25.0), "TILES")


def pixel(page: Any, ground: Ground, x: float, y: float) -> tuple[int, int, int]:
    px, py = map_pixel(page, *ground.frame.point(x, y)["coordinates"])
    shot = Image.open(io.BytesIO(page.screenshot())).convert("RGB")
    scale = shot.width / page.viewport_size["width"]
    rgb: tuple[int, int, int] = shot.getpixel((int(px * scale), int(py * scale)))
    return rgb


def test_the_overview_is_drawn_from_vector_tiles(
    server: str, ground: Ground, open_page: Any
) -> None:
    page = open_page().page
    answers: list[tuple[str, int, str]] = []
    page.on(
        "response",
        lambda r: (
            answers.append((r.url, r.status, r.headers.get("content-type", "")))
            if "/api/v1/tiles/" in r.url
            else None
        ),
    )
    ui_login(page, server, *ADMIN)
    centre = ground.frame.point(300, 300)["coordinates"]
    page.evaluate(
        "([lat, lon]) => window.weijian.state.map.setView([lat, lon], 16, {animate: false})",
        [centre[1], centre[0]],
    )
    page.wait_for_function("document.getElementById('map').dataset.overview === 'tiles'")
    page.wait_for_function(
        "() => document.querySelectorAll('.leaflet-overview-pane canvas').length >= 2"
    )
    page.wait_for_load_state("networkidle")
    grids = [a for a in answers if "/tiles/grids/16/" in a[0]]
    violations = [a for a in answers if "/tiles/violations/16/" in a[0]]
    assert grids and violations, answers
    assert all(status in (200, 304) for _, status, _ in answers), answers
    assert any(kind == MVT for _, status, kind in grids if status == 200)
    assert page.locator("path.wj-grid").count() == 0  # no GeoJSON cells yet
    shoot(page, "map-tiles-overview")

    swept = pixel(page, ground, 270, 130)  # the swept south-west cell, no violation there
    unswept = pixel(page, ground, 450, 450)  # the north-east cell, never swept
    assert sum(swept) < sum(unswept) - 150, (swept, unswept)
    assert swept[2] > swept[0]  # blue: the coverage shading

    dismissed = pixel(page, ground, 160, 360)  # the third violation, dismissed
    assert dismissed != pixel(page, ground, 120, 380)

    choose_compound(page, ground.community_id, ground.compound_id)
    page.wait_for_function("() => !document.querySelector('.leaflet-overview-pane canvas')")
    assert page.locator("path.wj-grid").count() == 4
