"""The HTML encoding of /ogc in a real browser: a person logs in with Basic auth, opens a
layer, sees its features on a map and in a table, and follows one to its page."""

import base64
from collections.abc import Callable
from typing import Any

from fastapi.testclient import TestClient

from tests.browser import Watched, shoot
from tests.conftest import District, create_user


def test_a_person_browses_a_layer(
    server: str,
    client: TestClient,
    district: District,
    make_violation: Any,
    open_page: Callable[..., Watched],
) -> None:
    made = [make_violation((120 + 40 * i, 120, 150 + 40 * i, 150))["id"] for i in range(3)]
    username, password = create_user(client, "inspector", [district.community_id])
    watched = open_page()
    page = watched.page
    token = base64.b64encode(f"{username}:{password}".encode()).decode()
    page.set_extra_http_headers({"Authorization": f"Basic {token}"})
    page.goto(f"{server}/ogc")
    page.click("text=The collections")
    page.click("text=Violations (违法建设)")
    page.click("text=Browse the features")
    page.wait_for_selector("#map .leaflet-interactive")
    assert page.locator("#map path.leaflet-interactive").count() == len(made)
    rows = page.locator("table tr td:first-child a")
    assert [int(rows.nth(i).inner_text()) for i in range(rows.count())] == made
    shoot(page, "ogc-items")
    rows.first.click()
    page.wait_for_selector("th:text('found_date')")
    assert page.url.endswith(f"/ogc/collections/violations/items/{made[0]}?f=html")
