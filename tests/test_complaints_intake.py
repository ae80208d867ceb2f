"""Complaints coming in: from the public (JSON, or a form with a photo), from the 12345
platform and from staff; the receipt, the tracking page, and the refusals that write
nothing."""

import re
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import psycopg
import pytest
from fastapi.testclient import TestClient

from api.complaints.tracking import normalise
from api.settings import Settings
from tests.complaints import (
    PATH,
    PUBLIC_PATH,
    REPORTER_NAME,
    REPORTER_PHONE,
    complaint_id,
    hotline,
    intake,
    other_community,
    received_day,
    reset_window,
    send_public,
)
from tests.conftest import ANONYMOUS, District, count_rows
from tests.images import gif, jpeg, photo_app

TRACKING = re.compile(r"^TS-\d{8}-[0-9A-HJKMNP-TV-Z]{6}$")


@pytest.fixture(autouse=True)
def _fresh_window(client: TestClient) -> None:
    reset_window(client)


@pytest.fixture()
def photo_client(settings: Settings, tmp_path: Path) -> Iterator[TestClient]:
    with photo_app(settings, tmp_path / "photos") as app_client:
        yield app_client


def test_public_complaint_as_json(
    client: TestClient, district: District, db: psycopg.Connection
) -> None:
    response = client.post(PUBLIC_PATH, json=intake(district), headers=ANONYMOUS)
    assert response.status_code == 201, response.text
    assert response.headers["content-type"] == "application/json"
    receipt = response.json()
    assert TRACKING.match(receipt["tracking_no"])
    assert receipt["tracking_no"][3:11] == received_day(receipt["received_at"]).strftime("%Y%m%d")
    assert receipt["status"] == "received" and receipt["status_label"] == "已受理"
    deadline = received_day(receipt["received_at"]) + timedelta(days=15)
    assert receipt["response_deadline"] == deadline.isoformat()
    # The receipt's link is the page a person follows it on; Location, the resource.
    assert receipt["track_url"] == f"/track/{receipt['tracking_no']}"
    assert response.headers["location"] == f"{PUBLIC_PATH}/{receipt['tracking_no']}"
    page = client.get(receipt["track_url"], headers=ANONYMOUS)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert REPORTER_NAME not in response.text and REPORTER_PHONE not in response.text

    row = db.execute(
        "SELECT channel, community_id, compound_id, reporter_name, reporter_phone, status "
        "FROM complaint WHERE tracking_no = %s",
        (receipt["tracking_no"],),
    ).fetchone()
    assert row == (
        "web",
        district.community_id,
        district.compound_id,
        REPORTER_NAME,
        REPORTER_PHONE,
        "received",
    )
    event = db.execute(
        "SELECT actor, kind, to_status, diff FROM complaint_event WHERE complaint_id = %s",
        (complaint_id(db, receipt["tracking_no"]),),
    ).fetchone()
    assert event is not None and event[:3] == ("public", "received", "received")
    assert REPORTER_NAME not in str(event[3]) and REPORTER_PHONE not in str(event[3])


def test_tracking_page(client: TestClient, district: District) -> None:
    receipt = send_public(client, district)
    response = client.get(f"{PUBLIC_PATH}/{receipt['tracking_no']}", headers=ANONYMOUS)
    assert response.status_code == 200
    page = response.json()
    assert page["tracking_no"] == receipt["tracking_no"]
    assert page["status"] == "received" and page["closed_at"] is None
    assert page["response_deadline"] == receipt["response_deadline"]
    assert [entry["status"] for entry in page["timeline"]] == ["received"]
    assert set(page) == {
        "tracking_no",
        "status",
        "status_label",
        "received_at",
        "response_deadline",
        "closed_at",
        "timeline",
    }
    # Typed sloppily: lower case, with spaces.
    sloppy = " " + receipt["tracking_no"].lower() + " "
    assert client.get(f"{PUBLIC_PATH}/{sloppy}", headers=ANONYMOUS).status_code == 200
    missing = client.get(f"{PUBLIC_PATH}/TS-20191015-ZZZZZZ", headers=ANONYMOUS)
    assert missing.status_code == 404
    assert missing.headers["content-type"] == "application/problem+json"
    assert "tracking number" in missing.json()["detail"]
    assert client.get(f"{PUBLIC_PATH}/nonsense", headers=ANONYMOUS).status_code == 404


def test_public_complaint_as_a_form_with_a_photo(
    photo_client: TestClient, district: District, db: psycopg.Connection
) -> None:
    form = {k: str(v) for k, v in intake(district).items()}
    response = photo_client.post(
        PUBLIC_PATH,
        data=form,
        files={"photo": ("shed.jpg", jpeg(seed=501), "image/jpeg")},
        headers=ANONYMOUS,
    )
    assert response.status_code == 201, response.text
    receipt = response.json()
    assert receipt["photos"] == 1 and receipt["status"] == "received"
    assert REPORTER_NAME not in response.text
    cid = complaint_id(db, receipt["tracking_no"])
    photo = db.execute(
        "SELECT stage, uploaded_by, content_type FROM photo "
        "WHERE owner_type = 'complaint' AND owner_id = %s",
        (cid,),
    ).fetchone()
    assert photo == ("before", "public", "image/jpeg")

    without = photo_client.post(PUBLIC_PATH, data=form, headers=ANONYMOUS)
    assert without.status_code == 201 and without.json()["photos"] == 0
    empty_file = photo_client.post(
        PUBLIC_PATH,
        data=form,
        files={"photo": ("", b"", "application/octet-stream")},
        headers=ANONYMOUS,
    )
    assert empty_file.status_code == 201 and empty_file.json()["photos"] == 0


def test_a_refused_photo_refuses_the_complaint(
    photo_client: TestClient, district: District, db: psycopg.Connection
) -> None:
    before = count_rows(db, "complaint"), count_rows(db, "complaint_event")
    form = {k: str(v) for k, v in intake(district).items()}
    response = photo_client.post(
        PUBLIC_PATH,
        data=form,
        files={"photo": ("anim.gif", gif(), "image/gif")},
        headers=ANONYMOUS,
    )
    assert response.status_code == 415, response.text
    assert (count_rows(db, "complaint"), count_rows(db, "complaint_event")) == before


@pytest.mark.parametrize(
    ("overrides", "words"),
    [
        ({"x": 2500, "y": 2500}, "outside the district"),
        ({"description": "违建"}, "description"),
        ({"lat": 95.0}, "outside lon -180..180"),
        ({"lon": "east"}, "lon"),
        ({"channel": "wechat"}, "channel"),
        ({"reporter_phone": "call me"}, "reporter_phone"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_bad_public_complaints_write_nothing(
    client: TestClient,
    district: District,
    db: psycopg.Connection,
    overrides: dict[str, Any],
    words: str,
) -> None:
    before = count_rows(db, "complaint"), count_rows(db, "complaint_event")
    where = {k: overrides.pop(k) for k in ("x", "y") if k in overrides}
    response = client.post(
        PUBLIC_PATH, json=intake(district, **where, **overrides), headers=ANONYMOUS
    )
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert words in response.json()["detail"]
    assert (count_rows(db, "complaint"), count_rows(db, "complaint_event")) == before


def test_a_point_outside_the_district_says_so(client: TestClient, district: District) -> None:
    response = client.post(PUBLIC_PATH, json=intake(district, 2500, 2500), headers=ANONYMOUS)
    assert response.json()["detail"].startswith("the point lies outside the district")


def test_not_finite_and_unsupported_bodies(client: TestClient, district: District) -> None:
    form = {k: str(v) for k, v in intake(district).items()}
    form["lon"] = "nan"
    response = client.post(PUBLIC_PATH, data=form, headers=ANONYMOUS)
    assert response.status_code == 422 and "not finite" in response.json()["detail"]
    plain = client.post(
        PUBLIC_PATH, content=b"hello", headers={**ANONYMOUS, "Content-Type": "text/plain"}
    )
    assert plain.status_code == 415 and "application/json" in plain.json()["detail"]
    broken = client.post(
        PUBLIC_PATH, content=b"{", headers={**ANONYMOUS, "Content-Type": "application/json"}
    )
    assert broken.status_code == 422 and "JSON" in broken.json()["detail"]


def test_the_12345_platform_pushes_complaints(
    client: TestClient, district: District, api_key: Any, db: psycopg.Connection
) -> None:
    key = api_key("complaints:write")
    body = hotline(district, channel="12345", external_ref="GD20191015-0042")
    response = client.post(PATH, json=body, headers=key)
    assert response.status_code == 201, response.text
    assert response.headers["content-type"] == "application/geo+json"
    made = response.json()
    props = made["properties"]
    assert response.headers["location"] == f"{PATH}/{made['id']}"
    assert response.headers["etag"] == '"1"'
    assert props["channel"] == "12345" and props["external_ref"] == "GD20191015-0042"
    assert props["community_id"] == district.community_id and props["status"] == "received"
    assert "reporter_name" not in props  # the key pushed it, but may not read it back
    assert REPORTER_NAME not in response.text and REPORTER_PHONE not in response.text

    again = client.post(PATH, json=body, headers=key)
    assert again.status_code == 409
    assert again.json()["tracking_no"] == props["tracking_no"]
    assert count_rows(db, "complaint WHERE external_ref = 'GD20191015-0042'") == 1
    actor = db.execute(
        "SELECT actor FROM complaint_event WHERE complaint_id = %s", (made["id"],)
    ).fetchone()
    assert actor == ("key:测试系统",)


def test_hotline_complaints_without_a_point(client: TestClient, api_key: Any) -> None:
    body = hotline(None, channel="hotline", address="汉沽街某小区5号楼")
    response = client.post(PATH, json=body, headers=api_key("complaints:write"))
    assert response.status_code == 201, response.text
    made = response.json()
    assert made["geometry"] is None
    assert made["properties"]["community_id"] is None


def test_received_at_sets_the_day_and_the_deadline(client: TestClient, district: District) -> None:
    body = hotline(district, received_at="2019-10-15T23:30:00+08:00")
    made = client.post(PATH, json=body).json()
    props = made["properties"]
    assert props["tracking_no"].startswith("TS-20191015-")
    assert props["response_deadline"] == "2019-10-30"
    assert props["overdue"] is True
    # 16:30 UTC is already the 16th in Tianjin.
    late = client.post(PATH, json=hotline(district, received_at="2019-10-15T16:30:00Z")).json()
    assert late["properties"]["tracking_no"].startswith("TS-20191016-")
    future = (date.today() + timedelta(days=3)).isoformat() + "T10:00:00+08:00"
    refused = client.post(PATH, json=hotline(district, received_at=future))
    assert refused.status_code == 422 and "future" in refused.json()["detail"]


def test_inspectors_register_complaints_in_their_communities(
    client: TestClient, district: District, login_as: Any
) -> None:
    mine = login_as("inspector", [district.community_id])
    made = client.post(PATH, json=hotline(district, channel="other"), headers=mine)
    assert made.status_code == 201, made.text
    no_point = client.post(PATH, json=hotline(None), headers=mine)
    assert no_point.status_code == 422 and "point" in no_point.json()["detail"]
    other = login_as("inspector", [other_community(client, district)])
    refused = client.post(PATH, json=hotline(district), headers=other)
    assert refused.status_code == 403 and "not one of yours" in refused.json()["detail"]


def test_tracking_numbers_as_people_type_them() -> None:
    assert normalise("ts-20191015-7k3qxo") == "TS-20191015-7K3QX0"
    assert normalise(" TS-20191015-1LI00 ") == "TS-20191015-11100"
    assert normalise("TS-2019-1015") is None
    assert normalise("../../etc") is None
