"""Helpers for the complaint tests: sending complaints (public, hotline), moving them,
the accounts that handle them. The reporter's identity is distinctive, so a search of
any response body for it is exact."""

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from fastapi.testclient import TestClient

from tests.conftest import ANONYMOUS, District, created, feature
from tests.geo import Frame

PUBLIC_PATH = "/api/v1/public/complaints"
PATH = "/api/v1/complaints"
REPORTER_NAME, REPORTER_PHONE = "慕容复兴", "10055556666"
TZ = ZoneInfo("Asia/Shanghai")


def reset_window(client: TestClient) -> None:
    """Forget the rate limit's counts: the session's tests all come from 'testclient'."""
    window = getattr(client.app.state, "complaint_window", None)  # type: ignore[attr-defined]
    if window is not None:
        window.clear()


def intake(district: District, x: float = 200, y: float = 200, **overrides: Any) -> dict[str, Any]:
    """A public complaint about the point (x, y) metres into the district."""
    lon, lat = district.frame.point(x, y)["coordinates"]
    body = {
        "lon": lon,
        "lat": lat,
        "description": "3号楼楼顶新搭了一间彩钢板房",
        "address": "3号楼 楼顶",
        "reporter_name": REPORTER_NAME,
        "reporter_phone": REPORTER_PHONE,
    }
    body.update(overrides)
    return body


def send_public(client: TestClient, district: District, **overrides: Any) -> dict[str, Any]:
    """Send a public complaint; its receipt."""
    response = client.post(PUBLIC_PATH, json=intake(district, **overrides), headers=ANONYMOUS)
    assert response.status_code == 201, response.text
    receipt: dict[str, Any] = response.json()
    return receipt


def complaint_id(db: Any, tracking_no: str) -> int:
    row = db.execute("SELECT id FROM complaint WHERE tracking_no = %s", (tracking_no,)).fetchone()
    assert row is not None
    return int(row[0])


def hotline(
    district: District | None, x: float = 200, y: float = 200, **properties: Any
) -> dict[str, Any]:
    """A complaint Feature as the 12345 platform pushes it (no point when no district)."""
    props = {
        "description": "群众来电反映：小区内有人私搭乱建",
        "reporter_name": REPORTER_NAME,
        "reporter_phone": REPORTER_PHONE,
    }
    props.update(properties)
    geometry = district.frame.point(x, y) if district is not None else None
    return feature(geometry, **props)


def received_day(value: str) -> Any:
    return datetime.fromisoformat(value).astimezone(TZ).date()


def move(
    client: TestClient,
    cid: int,
    to: str,
    headers: dict[str, str] | None = None,
    if_match: str | None = None,
    **body: Any,
) -> Any:
    """POST a transition, with If-Match: the complaint's current ETag unless given."""
    if if_match is None:
        if_match = client.get(f"{PATH}/{cid}").headers["etag"]  # as the admin
    return client.post(
        f"{PATH}/{cid}/transitions",
        json={"to": to, **body},
        headers={**(headers or {}), "If-Match": if_match},
    )


def username(client: TestClient, headers: dict[str, str]) -> str:
    name: str = client.get("/api/v1/auth/me", headers=headers).json()["username"]
    return name


def other_community(client: TestClient, district: District) -> int:
    """A second community, east of the district (between the ground of other tests)."""
    frame = Frame(district.frame.lon0 + 0.035, district.frame.lat0)
    tag = f"{frame.lon0:.3f}-{frame.lat0:.3f}"
    made = created(
        client.post(
            "/api/v1/communities",
            json=feature(frame.rect(0, 0, 1000, 1000), code=f"CX{tag}", name="另一社区"),
        )
    )
    return int(made["id"])
