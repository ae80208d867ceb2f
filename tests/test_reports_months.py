"""The months a client offers for the monthly report: from the month of the first event
recorded to the month of the latest, in the campaign's time zone."""

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from fastapi.testclient import TestClient

from tests.conftest import ANONYMOUS

ZONE = ZoneInfo("Asia/Shanghai")


def test_the_months_of_the_history(client: TestClient, make_violation: Any, db: Any) -> None:
    make_violation()  # at least one event, now
    response = client.get("/api/v1/reports/monthly/months")
    assert response.status_code == 200, response.text
    body = response.json()
    first, last = db.execute("SELECT min(at), max(at) FROM violation_event").fetchone()
    assert body["first"] == first.astimezone(ZONE).strftime("%Y-%m")
    assert body["last"] == last.astimezone(ZONE).strftime("%Y-%m")
    assert body["current"] == datetime.now(ZONE).strftime("%Y-%m")
    assert body["first"] <= body["last"] <= body["current"]
    assert client.get("/api/v1/reports/monthly/months", headers=ANONYMOUS).status_code == 401
