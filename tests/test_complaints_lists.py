"""Listing complaints: filters (status, channel, days received in the campaign's time
zone, overdue, assignee), paging, and bad filters."""

from datetime import date, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.complaints import PATH, hotline, move, reset_window


@pytest.fixture(autouse=True)
def _fresh_window(client: TestClient) -> None:
    reset_window(client)


def push(client: TestClient, district: Any, **properties: Any) -> int:
    response = client.post(PATH, json=hotline(district, **properties))
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


def ids(client: TestClient, district: Any, **params: Any) -> set[int]:
    response = client.get(PATH, params={"community_id": district.community_id, **params})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/geo+json"
    return {f["id"] for f in response.json()["features"]}


def test_days_received_are_campaign_days(client: TestClient, district: Any) -> None:
    late_evening = push(client, district, received_at="2019-10-15T23:30:00+08:00")
    after_midnight = push(client, district, received_at="2019-10-15T16:30:00Z")  # 00:30 on 16th
    assert ids(client, district, received_to="2019-10-15") == {late_evening}
    assert ids(client, district, received_from="2019-10-16", received_to="2019-10-16") == {
        after_midnight
    }
    assert ids(client, district, received_from="2019-10-15", received_to="2019-10-16") == {
        late_evening,
        after_midnight,
    }
    wrong = client.get(PATH, params={"received_from": "2019-10-16", "received_to": "2019-10-15"})
    assert wrong.status_code == 400 and "after" in wrong.json()["detail"]


def test_overdue_means_not_answered_by_the_deadline(client: TestClient, district: Any) -> None:
    month_ago = (date.today() - timedelta(days=30)).isoformat() + "T10:00:00+08:00"
    old = push(client, district, received_at=month_ago)
    new = push(client, district)
    assert ids(client, district, overdue="true") == {old}
    assert ids(client, district, overdue="false") == {new}
    assert client.get(f"{PATH}/{old}").json()["properties"]["overdue"] is True
    # Assigned is not answered yet; unfounded is.
    assert move(client, old, "assigned", assigned_to="admin").status_code == 200
    assert ids(client, district, overdue="true") == {old}
    assert move(client, old, "unfounded", reason="现场无违建").status_code == 200
    assert ids(client, district, overdue="true") == set()
    assert client.get(f"{PATH}/{old}").json()["properties"]["overdue"] is False


def test_status_channel_and_assignee(client: TestClient, district: Any) -> None:
    hotline_call = push(client, district, channel="hotline")
    letter = push(client, district, channel="letter")
    assert move(client, letter, "assigned", assigned_to="admin").status_code == 200
    assert ids(client, district, status="assigned") == {letter}
    assert ids(client, district, status="received,assigned") == {hotline_call, letter}
    assert ids(client, district, channel="hotline") == {hotline_call}
    assert ids(client, district, assigned_to="Admin") == {letter}
    bad = client.get(PATH, params={"status": "lost"})
    assert bad.status_code == 400 and "received, assigned" in bad.json()["detail"]


def test_paging_and_features(client: TestClient, district: Any) -> None:
    made = [push(client, district, address=f"{n}号楼") for n in range(3)]
    page = client.get(PATH, params={"community_id": district.community_id, "limit": 2}).json()
    assert page["numberMatched"] == 3 and page["numberReturned"] == 2
    assert any(link["rel"] == "next" for link in page["links"])
    first = page["features"][0]
    assert first["id"] == made[0] and first["geometry"]["type"] == "Point"
    props = first["properties"]
    assert props["status_label"] == "已受理" and props["version"] == 1
    one = client.get(f"{PATH}/{made[0]}")
    assert one.headers["etag"] == '"1"' and one.json() == first
    assert client.get(f"{PATH}/987654321").status_code == 404
