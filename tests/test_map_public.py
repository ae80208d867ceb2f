"""The public pages in a real browser, as a member of the public on a phone: /report
(tap the map, describe, attach a photo, send; the receipt) and /track/{number} (where
the complaint stands, as the street office moves it), checked against what the staff
API then holds. Also the checks made before anything is sent, the service's refusal
shown in words, an unknown number, "use my location" and the English pages.

The public intake is rate-limited per address (tests use the production default, 5 per
10 minutes; the browser's requests all come from 127.0.0.1 to the session's server):
these tests send two complaints from the browser in all, one accepted, one refused."""

import hashlib
import re
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import psycopg
import pytest
from fastapi.testclient import TestClient
from playwright.sync_api import expect
from pyproj import Geod

from tests.browser import PHONE, Ground, Watched, build_ground, shoot
from tests.complaints import PATH, move
from tests.conftest import count_rows, created, feature
from tests.geo import Frame
from tests.images import jpeg

TRACKING = re.compile(r"^TS-\d{8}-[0-9A-HJKMNP-TV-Z]{6}$")
INTAKE = "/api/v1/public/complaints"
GEOD = Geod(ellps="WGS84")
TZ = ZoneInfo("Asia/Shanghai")
NAME, PHONE_NO = "欧阳锋明", "13900001111"


@pytest.fixture(scope="module")
def ground(client: TestClient) -> Ground:
    return build_ground(client, Frame(102.0, 25.0), "PUB")


def open_report(open_page: Any, server: str) -> tuple[Watched, list[str]]:
    """/report on a phone, once its map and compounds are drawn; and the list the
    complaints it POSTs are recorded in."""
    watched = open_page(PHONE)
    page = watched.page
    posts: list[str] = []
    page.on(
        "request",
        lambda r: posts.append(r.url) if r.method == "POST" and INTAKE in r.url else None,
    )
    page.goto(server + "/report")
    page.wait_for_function("() => window.weijianReport && window.weijianReport.ready")
    return watched, posts


def look_at(page: Any, frame: Frame, x: float, y: float, zoom: float = 17) -> None:
    """Centre the page's map on (x, y) metres of `frame`."""
    lon, lat = frame.point(x, y)["coordinates"]
    page.locator("#map").scroll_into_view_if_needed()
    page.evaluate(
        "([lat, lon, zoom]) => weijianReport.map.setView([lat, lon], zoom, {animate: false})",
        [lat, lon, zoom],
    )


def tap(page: Any, frame: Frame, x: float, y: float) -> tuple[float, float]:
    """Click the map on the pixel showing (x, y) metres of `frame`; the lon/lat of the
    pixel clicked, as the page's Leaflet map converts it."""
    lon, lat = frame.point(x, y)["coordinates"]
    spot = page.evaluate(
        """([lat, lon]) => {
          const map = weijianReport.map, box = map.getContainer();
          const rect = box.getBoundingClientRect();
          const at = map.latLngToContainerPoint([lat, lon]);
          const x = Math.round(rect.left + box.clientLeft + at.x);
          const y = Math.round(rect.top + box.clientTop + at.y);
          const picked = map.containerPointToLatLng(
            [x - rect.left - box.clientLeft, y - rect.top - box.clientTop]);
          const hit = document.elementFromPoint(x, y);
          return {x, y, lon: picked.lng, lat: picked.lat, onMap: box.contains(hit)};
        }""",
        [lat, lon],
    )
    assert spot["onMap"], f"({x}, {y}) is not on the visible map: {spot}"
    page.mouse.click(spot["x"], spot["y"])
    return spot["lon"], spot["lat"]


def metres(a: tuple[float, float], b: tuple[float, float]) -> float:
    return float(GEOD.inv(a[0], a[1], b[0], b[1])[2])


def marker_at(page: Any) -> tuple[float, float]:
    at = page.evaluate("(() => { const m = weijianReport.marker(); return m && m.getLatLng(); })()")
    assert at is not None, "no marker on the map"
    return at["lng"], at["lat"]


def minute(value: str) -> str:
    """A time from the API as the pages show it: YYYY-MM-DD HH:MM in the campaign's zone."""
    return datetime.fromisoformat(value).astimezone(TZ).strftime("%Y-%m-%d %H:%M")


def staff_complaint(client: TestClient, frame: Frame) -> dict[str, Any]:
    """A complaint the street office registers (no rate limit): its Feature."""
    return created(
        client.post(
            PATH,
            json=feature(
                frame.point(250, 250), description="热线来电：小区内私搭棚屋", channel="hotline"
            ),
        )
    )


def test_report_then_track(
    server: str, ground: Ground, open_page: Any, client: TestClient, db: psycopg.Connection
) -> None:
    watched, posts = open_report(open_page, server)
    page = watched.page
    frame = ground.frame
    expect(page.locator("h1")).to_have_text("举报违法建设")
    expect(page.locator("#lang")).to_have_text("English")
    expect(page.locator("#where")).to_have_text("尚未选择位置")
    assert page.locator("path.wj-public-compound").count() >= 1

    # Tap once, then again elsewhere: one marker, at the second place, named by compound.
    look_at(page, frame, 300, 310)
    first = tap(page, frame, 280, 290)
    assert metres(marker_at(page), first) < 1.2  # a pixel at zoom 17 is 1.08 m here
    expect(page.locator("#where")).to_have_text("已选位置：PUB测试社区 · PUB测试小区")
    second = tap(page, frame, 330, 330)
    assert page.locator(".leaflet-marker-icon").count() == 1
    assert metres(marker_at(page), second) < 1.2
    assert metres(second, tuple(frame.point(330, 330)["coordinates"])) < 2.5

    description = "PUB 5号楼楼顶新搭了一间彩钢板房，约20平方米"
    photo = jpeg(seed=4242)
    page.fill("#description", description)
    page.fill("#address", "5号楼 楼顶")
    page.fill("#reporter-name", NAME)
    page.fill("#reporter-phone", PHONE_NO)
    page.set_input_files("#photo", {"name": "roof.jpg", "mimeType": "image/jpeg", "buffer": photo})
    assert "仅街道办事处可见" in page.locator(".hint.private").inner_text()
    page.evaluate("window.scrollTo(0, 0)")
    shoot(page, "public-report-form")
    page.locator("#submit").scroll_into_view_if_needed()
    shoot(page, "public-report-form-details")
    before = count_rows(db, "complaint")
    page.click("#submit")

    receipt = page.locator("#receipt")
    expect(receipt).to_be_visible()
    assert page.locator("#report-form").is_hidden()
    number = page.locator("#tracking-no").inner_text().strip()
    assert TRACKING.match(number), number
    expect(page.locator("#photos")).to_have_text("1 张")
    assert page.locator("#track-link").get_attribute("href") == f"/track/{number}"
    shoot(page, "public-report-receipt")
    assert len(posts) == 1 and count_rows(db, "complaint") == before + 1

    # The street office sees it, where it was tapped, with the photo sent.
    listed = client.get(PATH, params={"community_id": ground.community_id}).json()["features"]
    mine = [f for f in listed if f["properties"]["tracking_no"] == number]
    assert len(mine) == 1
    complaint = mine[0]
    props = complaint["properties"]
    assert props["status"] == "received" and props["channel"] == "web"
    assert props["description"] == description and props["address"] == "5号楼 楼顶"
    assert props["reporter_name"] == NAME and props["reporter_phone"] == PHONE_NO
    assert props["compound_id"] == ground.compound_id
    stored = tuple(complaint["geometry"]["coordinates"])
    assert metres(stored, second) < 2.0, (stored, second)
    assert metres(stored, marker_at(page)) < 0.05  # sent as the marker stands
    assert page.locator("#deadline").inner_text() == props["response_deadline"]
    assert page.locator("#received-at").inner_text() == minute(props["received_at"])
    photos = client.get(
        "/api/v1/photos", params={"owner_type": "complaint", "owner_id": complaint["id"]}
    ).json()["photos"]
    assert len(photos) == 1
    assert photos[0]["sha256"] == hashlib.sha256(photo).hexdigest()
    assert photos[0]["content_type"] == "image/jpeg" and photos[0]["stage"] == "before"

    # The receipt's link: where it stands, then as the street office moves it.
    page.click("#track-link")
    page.wait_for_url(f"**/track/{number}")
    status, timeline = page.locator("#status"), page.locator("#timeline li")
    expect(status).to_have_text("已受理")
    expect(page.locator("#tracking-no")).to_have_text(number)
    assert timeline.count() == 1
    assert page.locator("#deadline").inner_text() == props["response_deadline"]
    assert page.locator("#closed-at").inner_text() == "尚未办结"
    shoot(page, "public-track-received")

    answer = move(client, complaint["id"], "assigned", assigned_to="admin")
    assert answer.status_code == 200, answer.text
    page.reload()
    expect(status).to_have_text("已派单，核查中")
    expect(timeline).to_have_count(2)

    reason = "现场核查为已批准的阳光房"
    answer = move(client, complaint["id"], "unfounded", reason=reason)
    assert answer.status_code == 200, answer.text
    answer = move(client, complaint["id"], "closed")
    assert answer.status_code == 200, answer.text
    closed_at = client.get(f"{INTAKE}/{number}").json()["closed_at"]
    page.reload()
    expect(status).to_have_text("已办结")
    expect(timeline).to_have_count(4)
    steps = [timeline.nth(i).get_attribute("data-status") for i in range(4)]
    assert steps == ["received", "assigned", "unfounded", "closed"]
    assert "经核查不属实" in timeline.nth(2).inner_text()
    expect(page.locator("#closed-at")).to_have_text(minute(closed_at))
    text = page.locator("body").inner_text()
    assert NAME not in text and PHONE_NO not in text and reason not in text
    shoot(page, "public-track-closed")


def test_report_checks_before_sending(
    server: str, ground: Ground, open_page: Any, db: psycopg.Connection
) -> None:
    watched, posts = open_report(open_page, server)
    page = watched.page
    before = count_rows(db, "complaint")
    error = page.locator("#form-error")

    page.click("#submit")  # nothing at all
    expect(error).to_be_visible()
    assert "请先在地图上点选" in error.inner_text() and "至少 5 个字" in error.inner_text()
    assert page.locator("#description").get_attribute("aria-invalid") == "true"

    page.fill("#description", "楼顶有违建，请尽快处理")  # a description, no point
    page.click("#submit")
    expect(error).to_have_text("请先在地图上点选违建所在的位置。")

    look_at(page, ground.frame, 300, 300)
    tap(page, ground.frame, 300, 300)
    page.fill("#description", "  违建  ")  # a point, a description too short once trimmed
    page.click("#submit")
    expect(error).to_have_text("请描述违建情况，至少 5 个字。")
    shoot(page, "public-report-checks")

    assert page.locator("#receipt").is_hidden()
    assert posts == [] and count_rows(db, "complaint") == before


def test_report_shows_the_services_refusal(
    server: str, ground: Ground, open_page: Any, db: psycopg.Connection
) -> None:
    """A point outside every community: the service refuses it (422), and the page says
    why in the service's words."""
    watched, posts = open_report(open_page, server)
    page = watched.page
    before = count_rows(db, "complaint")
    look_at(page, ground.frame, 1100, 500, zoom=16)
    tap(page, ground.frame, 1250, 500)  # 250 m east of the community
    expect(page.locator("#where")).to_contain_text("已选位置：102.0")  # in no compound
    page.fill("#description", "河边空地上有人搭了铁皮房")
    page.click("#submit")
    error = page.locator("#form-error")
    expect(error).to_contain_text("提交未成功")
    assert "outside the district" in error.inner_text()
    assert page.locator("#receipt").is_hidden() and page.locator("#report-form").is_visible()
    assert len(posts) == 1 and count_rows(db, "complaint") == before


def test_use_my_location(server: str, ground: Ground, open_page: Any) -> None:
    watched, _ = open_report(open_page, server)
    page = watched.page
    lon, lat = ground.frame.point(420, 150)["coordinates"]
    page.context.grant_permissions(["geolocation"], origin=server)
    page.context.set_geolocation({"latitude": lat, "longitude": lon, "accuracy": 5})
    page.click("#locate")
    expect(page.locator("#where")).to_have_text("已选位置：PUB测试社区 · PUB测试小区")
    assert metres(marker_at(page), (lon, lat)) < 0.01
    assert page.evaluate("weijianReport.map.getZoom()") >= 17


def test_track_unknown_number_and_lookup(
    server: str, ground: Ground, open_page: Any, client: TestClient
) -> None:
    page = open_page(PHONE).page
    for unknown in ("TS-20190101-ZZZZZZ", "no-such-thing"):
        page.goto(f"{server}/track/{unknown}")
        missing = page.locator("#not-found")
        expect(missing).to_be_visible()
        assert "查无此编号" in missing.inner_text()
        assert unknown in missing.inner_text() and "请核对回执上的编号" in missing.inner_text()
        assert page.locator("#result").is_hidden()
    shoot(page, "public-track-missing")

    # Another number, typed as people type it (lower case, spaces), through the form.
    number = staff_complaint(client, ground.frame)["properties"]["tracking_no"]
    typed = number.lower().replace("-", " - ", 1)
    page.fill("#lookup-no", typed)
    page.click("#lookup button[type=submit]")
    expect(page.locator("#tracking-no")).to_have_text(number)
    expect(page.locator("#status")).to_have_text("已受理")
    assert page.locator("#not-found").is_hidden()


def test_pages_in_english(server: str, ground: Ground, open_page: Any, client: TestClient) -> None:
    watched, _ = open_report(open_page, server)
    page = watched.page
    page.click("#lang")  # names the other language; the page reloads in it
    page.wait_for_function("() => window.weijianReport && window.weijianReport.ready")
    assert page.evaluate("localStorage.getItem('weijian.lang')") == "en"
    expect(page.locator("h1")).to_have_text("Report illegal construction")
    expect(page.locator("#lang")).to_have_text("中文")
    assert page.evaluate("document.documentElement.lang") == "en"
    assert page.locator("label[for=description]").inner_text().startswith("What is being built")
    assert "seen only by the street office" in page.locator(".hint.private").inner_text()
    expect(page.locator("#submit")).to_have_text("Send the report")
    page.click("#submit")
    error = page.locator("#form-error")
    expect(error).to_contain_text("Tap the map to show where the structure is.")
    assert "at least 5 characters" in error.inner_text()
    shoot(page, "public-report-en")

    number = staff_complaint(client, ground.frame)["properties"]["tracking_no"]
    page.goto(f"{server}/track/{number}")
    expect(page.locator("#status")).to_have_text("Received")
    expect(page.locator("h1")).to_have_text("Complaint status")
    assert "Answer by" in page.locator(".facts").inner_text()
    expect(page.locator("#closed-at")).to_have_text("not yet")
    assert "Received" in page.locator("#timeline li").first.inner_text()
    page.goto(f"{server}/track/TS-20190101-ZZZZZZ")
    expect(page.locator("#not-found h2")).to_have_text("No such tracking number")
