"""The map's layers in a real browser: grid cells shaded by sweep coverage over a chosen
period or by the share occupied by standing violations — each cell's colour checked
against the class of a ratio computed independently (pyproj) — with the legend for the
shading shown; and the sweeps, complaints and unswept-gaps layers."""

from typing import Any

import pytest
from fastapi.testclient import TestClient
from shapely.geometry import shape

from tests.browser import Ground, build_ground, choose_compound, map_pixel, shoot, ui_login
from tests.conftest import ADMIN, created, feature
from tests.geo import Frame, geodesic_area

# The legend's classes (frontend/js/shading.js): upper bounds and colours.
COVERAGE = [(0.25, "#deebf7"), (0.5, "#9ecae1"), (0.75, "#4292c6"), (2.0, "#08519c")]
OCCUPIED = [(0.02, "#fee5d9"), (0.05, "#fcae91"), (0.1, "#fb6a4a"), (2.0, "#cb181d")]
NONE = "#ffffff"
STANDING = ("registered", "verified", "planned", "rectifying")


def colour(classes: list[tuple[float, str]], ratio: float) -> str:
    return next(c for upper, c in classes if ratio < upper)


@pytest.fixture(scope="module")
def ground(client: TestClient) -> Ground:
    ground = build_ground(client, Frame(101.5, 25.0), "LYR")
    created(  # a complaint from the 12345 hotline, in the north-east cell
        client.post(
            "/api/v1/complaints",
            json=feature(
                ground.frame.point(450, 450),
                description="群众来电反映：小区内有人私搭乱建",
                channel="hotline",
            ),
        )
    )
    return ground


def occupied_ratios(client: TestClient, ground: Ground) -> dict[int, float]:
    """Each cell's share covered by standing violations, from the records' geometries
    with Shapely and pyproj (the footprints lie inside single cells and do not overlap)."""
    cells = client.get(f"/api/v1/grids?compound_id={ground.compound_id}").json()["features"]
    violations = client.get(f"/api/v1/violations?compound_id={ground.compound_id}").json()
    ratios = {}
    for cell in cells:
        ground_ = shape(cell["geometry"])
        occupied = sum(
            geodesic_area(v["geometry"])
            for v in violations["features"]
            if v["properties"]["status"] in STANDING and ground_.contains(shape(v["geometry"]))
        )
        ratios[cell["id"]] = occupied / geodesic_area(cell["geometry"])
    return ratios


def fill(page: Any, grid_id: int) -> str:
    return str(page.get_attribute(f"path.wj-grid[data-grid-id='{grid_id}']", "fill")).lower()


def click_at(page: Any, ground: Ground, x: float, y: float) -> None:
    page.mouse.click(*map_pixel(page, *ground.frame.point(x, y)["coordinates"]))


def test_cells_are_shaded_by_coverage_and_occupied_ratio(
    server: str, ground: Ground, open_page: Any, client: TestClient
) -> None:
    sw, se, nw, ne = ground.grid_ids
    page = open_page().page
    ui_login(page, server, *ADMIN)
    choose_compound(page, ground.community_id, ground.compound_id)
    page.wait_for_selector(f"path.wj-grid[data-grid-id='{ne}']")

    # Coverage over all time: the south-west cell was swept whole, the others not at all.
    assert fill(page, sw) == colour(COVERAGE, 1.0)
    assert {fill(page, c) for c in (se, nw, ne)} == {colour(COVERAGE, 0.0)}
    legend = page.locator("#legend .legend-body")
    assert "网格排查覆盖率" in legend.inner_text() and "≥ 75%" in legend.inner_text()
    shoot(page, "layers-coverage")

    # A period after the sweep: nothing is covered any more.
    page.click("#layer-controls summary")
    page.fill("#period-from", "2019-08-01")
    page.dispatch_event("#period-from", "change")
    page.wait_for_function(
        "([id, c]) => document.querySelector(`path.wj-grid[data-grid-id='${id}']`)"
        "?.getAttribute('fill') === c",
        arg=[sw, colour(COVERAGE, 0.0)],
    )
    page.fill("#period-from", "")
    page.dispatch_event("#period-from", "change")
    page.wait_for_function(
        "([id, c]) => document.querySelector(`path.wj-grid[data-grid-id='${id}']`)"
        "?.getAttribute('fill') === c",
        arg=[sw, colour(COVERAGE, 1.0)],
    )

    # The share occupied by standing violations (the dismissed one in the north-west
    # cell does not count), each class from an independent computation.
    ratios = occupied_ratios(client, ground)
    assert ratios[nw] == 0 and 0.05 < ratios[sw] < 0.1 and 0.02 < ratios[se] < 0.05
    page.select_option("#shading", "occupied")
    for cell, ratio in ratios.items():
        assert fill(page, cell) == (NONE if ratio == 0 else colour(OCCUPIED, ratio)), cell
    assert "网格违建占地率" in legend.inner_text()
    assert "网格排查覆盖率" not in legend.inner_text()
    stats = client.get(f"/api/v1/stats/grids?compound_id={ground.compound_id}").json()
    served = {row["grid_id"]: row["occupied_ratio"] for row in stats["rows"]}
    for cell, ratio in ratios.items():
        assert float(served[cell]) == pytest.approx(ratio, rel=0.005)
    shoot(page, "layers-occupied")


def test_sweeps_complaints_and_gaps(server: str, ground: Ground, open_page: Any) -> None:
    sw, se, _, _ = ground.grid_ids
    page = open_page().page
    ui_login(page, server, *ADMIN)
    choose_compound(page, ground.community_id, ground.compound_id)
    page.click("#layer-controls summary")
    page.check("#show-sweeps")
    page.wait_for_selector("path.wj-sweep")
    assert page.locator("path.wj-sweep").count() == 1
    page.check("#show-complaints")
    page.wait_for_selector("path.wj-complaint")
    assert page.locator("path.wj-complaint").count() == 1
    assert "投诉举报" in page.locator("#legend").inner_text()

    # The gaps of a cell nobody swept: the whole cell; of the swept one: none.
    page.check("#show-gaps")
    click_at(page, ground, 450, 250)  # in the south-east cell, clear of its violation
    page.wait_for_selector("path.wj-gap")
    shoot(page, "layers-gaps")
    click_at(page, ground, 270, 130)  # the south-west cell, swept whole
    page.wait_for_function("() => !document.querySelector('path.wj-gap')")
    page.wait_for_function(
        "() => document.getElementById('status-line').textContent.includes('已全部排查')"
    )
