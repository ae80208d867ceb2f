"""What the map app is told about its base map, the pages it serves at readable
addresses, and the moves each violation offers; and, in a real browser, that a
configured tile server is what the map asks for its tiles."""

import asyncio
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError

from api.campaign.lifecycle import MOVES
from api.main import create_app
from api.settings import Settings
from demo.accounts import DEMO_USERS, record_logins
from tests.browser import NODE_MODULES
from tests.conftest import ANONYMOUS, District
from tests.images import png


def config_of(settings: Settings, **changes: Any) -> dict[str, Any]:
    changed = Settings(**{**settings.model_dump(), **changes})
    with TestClient(create_app(changed)) as client:
        response = client.get("/api/v1/public/map-config", headers=ANONYMOUS)
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body


def test_no_base_map_by_default(client: TestClient, district: District) -> None:
    response = client.get("/api/v1/public/map-config", headers=ANONYMOUS)
    assert response.status_code == 200
    body = response.json()
    assert body["basemap"] == {"kind": "none", "layers": [], "attribution": "", "max_zoom": 22}
    west, south, east, north = body["extent"]
    assert west < east and south < north
    # The extent holds every community, the district's included.
    lon, lat = district.frame.point(0, 0)["coordinates"]
    assert west <= lon <= east and south <= lat <= north
    assert body["street_name"]
    assert body["tz"] == "Asia/Shanghai"


def record_demo_logins(url: str) -> None:
    """What `weijian demo load` records of its accounts, into the test database."""

    async def record() -> None:
        async with await psycopg.AsyncConnection.connect(url, autocommit=True) as conn:
            await record_logins(conn)

    asyncio.run(record())


def test_demo_logins_only_in_a_demo(client: TestClient, settings: Settings) -> None:
    """The login page's demo accounts come from what the demo loader recorded in the
    database, and only with WEIJIAN_ENV=demo."""
    assert client.get("/api/v1/public/map-config").json()["demo_logins"] == []
    assert config_of(settings, env="demo")["demo_logins"] == []  # no demo loaded: none
    record_demo_logins(settings.database_url)
    try:
        assert client.get("/api/v1/public/map-config").json()["demo_logins"] == []
        for env in ("production", "development"):
            assert config_of(settings, env=env, secret_key="s" * 40)["demo_logins"] == []
        offered = config_of(settings, env="demo")["demo_logins"]
        assert [(d["username"], d["password"], d["role"], d["name"]) for d in offered] == [
            (username, password, role, name) for username, password, role, name in DEMO_USERS
        ]
    finally:
        with psycopg.connect(settings.database_url, autocommit=True) as conn:
            conn.execute("DELETE FROM demo_login")


def test_tianditu_and_xyz(settings: Settings) -> None:
    key = "0123456789abcdef0123456789abcdef"
    tianditu = config_of(settings, basemap="tianditu", tianditu_key=key)["basemap"]
    assert tianditu["kind"] == "tianditu"
    urls = [layer["url"] for layer in tianditu["layers"]]
    assert len(urls) == 2  # the vector base and its labels
    assert all(f"tk={key}" in url and "{z}" in url and "{s}" in url for url in urls)
    assert "T=vec_w" in urls[0] and "T=cva_w" in urls[1]
    assert "天地图" in tianditu["attribution"]

    url = "http://tiles.intranet.local/{z}/{x}/{y}.png"
    xyz = config_of(settings, basemap="xyz", basemap_url=url, basemap_attribution="区测绘院")
    assert xyz["basemap"]["layers"] == [{"url": url, "subdomains": "abc"}]
    assert xyz["basemap"]["attribution"] == "区测绘院"


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"basemap": "tianditu"}, "WEIJIAN_TIANDITU_KEY"),
        ({"basemap": "xyz"}, "WEIJIAN_BASEMAP_URL"),
        ({"basemap": "xyz", "basemap_url": "http://tiles.local/tile.png"}, "{z}, {x} and {y}"),
        ({"basemap": "bing"}, "basemap"),
    ],
)
def test_a_base_map_missing_what_it_needs_is_refused(changes: dict[str, Any], words: str) -> None:
    with pytest.raises(ValidationError, match=words.replace("{", r"\{").replace("}", r"\}")):
        Settings(env="test", **changes)


def test_the_public_pages_have_addresses(client: TestClient) -> None:
    for path, page in (("/report", "report.html"), ("/track/TS-20191015-7K3QXM", "track.html")):
        response = client.get(path, headers=ANONYMOUS)
        assert response.status_code == 200, path
        assert response.headers["content-type"].startswith("text/html")
        assert response.text == (NODE_MODULES.parent / page).read_text(encoding="utf-8")
    assert client.get("/", headers=ANONYMOUS).text.startswith("<!doctype html>")


def test_a_violation_offers_the_moves_its_status_allows(
    client: TestClient, make_violation: Any
) -> None:
    vid = make_violation()["id"]
    offered = client.get(f"/api/v1/violations/{vid}").json()["properties"]["allowed_moves"]
    assert offered == [m.to for m in MOVES["registered"]] == ["verified", "dismissed"]
    version = client.get(f"/api/v1/violations/{vid}").headers["etag"]
    response = client.post(
        f"/api/v1/violations/{vid}/transitions",
        json={"to": "dismissed", "reason": "经核实为合法建筑"},
        headers={"If-Match": version},
    )
    assert response.status_code == 200, response.text
    assert response.json()["properties"]["allowed_moves"] == []
    listed = client.get("/api/v1/violations", params={"status": "dismissed"}).json()
    assert all(f["properties"]["allowed_moves"] == [] for f in listed["features"])


@pytest.fixture()
def tile_page(server: str, browser: Any) -> Iterator[tuple[Any, list[str]]]:
    """A page whose requests to the (made-up) tile server are answered with a PNG and
    recorded; any other off-host request is refused and recorded as well."""
    # The page is the service's, whose Content-Security-Policy names no tile host (its
    # base map is none); the tile server is configured here, in the page only, so the
    # policy is bypassed (tests/test_security_headers.py checks the configured host).
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    asked: list[str] = []
    tile = png(256, 256)

    def answer(route: Any) -> None:
        asked.append(route.request.url)
        if route.request.url.startswith("http://tiles.test/"):
            route.fulfill(status=200, body=tile, content_type="image/png")
        else:
            route.abort()

    page.route(lambda url: not url.startswith(server), answer)
    yield page, asked
    context.close()


def test_the_map_asks_the_configured_tile_server(
    server: str, tile_page: tuple[Any, list[str]]
) -> None:
    page, asked = tile_page
    page.goto(server + "/")  # on the service's origin, so that its modules load
    page.set_content(
        f"""<!doctype html><html><head>
        <link rel="stylesheet" href="{server}/node_modules/leaflet/dist/leaflet.css">
        <script src="{server}/node_modules/leaflet/dist/leaflet.js"></script></head>
        <body><div id="m" style="width:512px;height:512px"></div></body></html>"""
    )
    page.evaluate(
        """async (base) => {
            const { createMap } = await import(base + "/js/basemap.js");
            window.m = createMap(document.getElementById("m"), {
                basemap: { kind: "xyz", layers: [{ url: "http://tiles.test/{z}/{x}/{y}.png" }],
                           attribution: "区测绘院", max_zoom: 18 },
                extent: [117.7, 39.2, 117.8, 39.3] });
        }""",
        server,
    )
    page.wait_for_function("() => document.querySelectorAll('img.leaflet-tile-loaded').length > 0")
    assert asked and all(url.startswith("http://tiles.test/") for url in asked)
    zooms = {int(url.split("/")[3]) for url in asked}
    assert zooms == {int(page.evaluate("Math.round(window.m.getZoom())"))}
    assert "区测绘院" in page.inner_text(".leaflet-control-attribution")
    assert page.get_attribute("#m", "data-basemap") == "xyz"
