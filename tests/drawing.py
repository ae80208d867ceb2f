"""Helpers for the drawing tests: metres of a test's ground to the screen's pixels (by the
map's own projection), dragging, zooming, the area the page shows, and the records the API
holds."""

import re
from typing import Any

from fastapi.testclient import TestClient

from tests.browser import Ground, map_pixel
from tests.geo import GEOD

XY = tuple[float, float]


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
