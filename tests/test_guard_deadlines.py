"""Guard rails on deadlines and demolitions: a deadline never before the found date, a
late find never born overdue (found date + WEIJIAN_LATE_FIND_DAYS), and no demolished
area of 0 or less. Every refusal writes nothing."""

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import psycopg
import pytest
from fastapi.testclient import TestClient

from api.campaign.deadlines import default_deadline
from tests.conftest import District, count_rows, feature, violation_properties
from tests.quality import problems
from tests.test_workflow import after_photo, move, to_rectifying

TODAY = datetime.now(ZoneInfo("Asia/Shanghai")).date()
LATE_DAYS = 30  # the default of WEIJIAN_LATE_FIND_DAYS


def snapshot(client: TestClient, db: psycopg.Connection, vid: int) -> tuple[Any, ...]:
    """What a refusal must leave as it was: the record's version, its history, row counts."""
    record = client.get(f"/api/v1/violations/{vid}")
    history = client.get(f"/api/v1/violations/{vid}/history").json()["events"]
    return (
        record.headers["etag"],
        record.json()["properties"],
        len(history),
        count_rows(db, "violation"),
        count_rows(db, "violation_event"),
    )


def set_compound_deadline(client: TestClient, district: District, deadline: date) -> None:
    path = f"/api/v1/compounds/{district.compound_id}"
    etag = client.get(path).headers["etag"]
    response = client.patch(
        path,
        json={"type": "Feature", "properties": {"deadline": deadline.isoformat()}},
        headers={"If-Match": etag},
    )
    assert response.status_code == 200, response.text


def test_the_rule_itself() -> None:
    deadline = date(2020, 6, 30)
    assert default_deadline(date(2020, 6, 1), deadline, 30) == deadline
    assert default_deadline(date(2020, 6, 30), deadline, 30) == deadline  # found that day
    assert default_deadline(date(2020, 7, 1), deadline, 30) == date(2020, 7, 31)
    assert default_deadline(date(2020, 7, 1), None, 30) is None


def test_a_plan_deadline_before_the_found_date_is_refused(
    client: TestClient, db: psycopg.Connection, make_violation: Any
) -> None:
    vid = make_violation(measured_area_m2=50, found_date="2019-07-20")["id"]
    assert move(client, vid, to="verified").status_code == 200
    before = snapshot(client, db, vid)
    refused = move(
        client,
        vid,
        to="planned",
        plan_measure="demolish",
        plan_responsible="吴晓航",
        plan_deadline="2019-07-19",
    )
    assert refused.status_code == 422, refused.text
    assert refused.headers["content-type"] == "application/problem+json"
    assert (
        "plan_deadline 2019-07-19 is before the violation was found (2019-07-20)"
        in (refused.json()["detail"])
    )
    assert snapshot(client, db, vid) == before
    # The found day itself is a deadline that may be set.
    same_day = move(
        client,
        vid,
        to="planned",
        plan_measure="demolish",
        plan_responsible="吴晓航",
        plan_deadline="2019-07-20",
    )
    assert same_day.status_code == 200, same_day.text


def test_registering_or_changing_a_deadline_before_the_found_date_is_refused(
    client: TestClient, db: psycopg.Connection, district: District, make_violation: Any
) -> None:
    rows = count_rows(db, "violation"), count_rows(db, "violation_event")
    sent = feature(
        district.rect(120, 120, 130, 130),
        **violation_properties(found_date="2019-07-20", plan_deadline="2019-05-01"),
    )
    refused = client.post("/api/v1/violations", json=sent)
    assert refused.status_code == 422, refused.text
    assert "before the violation was found" in refused.json()["detail"]
    assert (count_rows(db, "violation"), count_rows(db, "violation_event")) == rows

    vid = make_violation(found_date="2019-07-20", plan_deadline="2019-12-31")["id"]
    before = snapshot(client, db, vid)
    for change in ({"plan_deadline": "2019-07-01"}, {"found_date": "2020-01-15"}):
        response = client.patch(
            f"/api/v1/violations/{vid}",
            json={"type": "Feature", "properties": change},
            headers={"If-Match": before[0]},
        )
        assert response.status_code == 422, response.text
        assert "must be on or after the found date" in response.json()["detail"]
        assert snapshot(client, db, vid) == before


def test_a_late_find_is_not_born_overdue(
    client: TestClient, district: District, make_violation: Any
) -> None:
    compound_deadline = TODAY - timedelta(days=10)
    set_compound_deadline(client, district, compound_deadline)
    found = TODAY - timedelta(days=2)
    late = make_violation((120, 120, 130, 130), found_date=found.isoformat(), measured_area_m2=90)
    early_found = TODAY - timedelta(days=20)
    early = make_violation((140, 120, 150, 130), found_date=early_found.isoformat())
    expected = found + timedelta(days=LATE_DAYS)
    assert late["properties"]["deadline"] == expected.isoformat()
    assert late["properties"]["overdue"] is False
    # Found before the compound's deadline: that deadline holds, and it has passed.
    assert early["properties"]["deadline"] == compound_deadline.isoformat()
    assert early["properties"]["overdue"] is True

    listed = client.get(
        "/api/v1/violations", params={"compound_id": district.compound_id, "overdue": "true"}
    ).json()
    assert [f["id"] for f in listed["features"]] == [early["id"]]
    assert set(problems(client, district, "past_deadline")) == {early["id"]}

    # The monthly report (the running month) counts the same overdue one only.
    month = f"{TODAY:%Y-%m}"
    report = client.get(
        "/api/v1/reports/monthly", params={"month": month, "community_id": district.community_id}
    )
    assert report.status_code == 200, report.text
    (community,) = report.json()["communities"]
    assert community["overdue"] == 1
    assert report.json()["rules"]["late_find_days"] == LATE_DAYS

    # Planned without a deadline of its own: it gets the same default, recorded.
    assert move(client, late["id"], to="verified").status_code == 200
    planned = move(
        client, late["id"], to="planned", plan_measure="demolish", plan_responsible="吴晓航"
    )
    assert planned.status_code == 200, planned.text
    assert planned.json()["properties"]["plan_deadline"] == expected.isoformat()
    history = client.get(f"/api/v1/violations/{late['id']}/history").json()["events"]
    assert history[-1]["diff"]["plan_deadline"] == [None, expected.isoformat()]


@pytest.mark.parametrize("area", [0, -5, "0.00"])
def test_a_demolished_area_of_zero_or_less_is_refused(
    client: TestClient, db: psycopg.Connection, make_violation: Any, area: Any
) -> None:
    vid = make_violation(measured_area_m2=98.5)["id"]
    to_rectifying(client, vid)
    after_photo(client, vid)
    before = snapshot(client, db, vid)
    refused = move(
        client,
        vid,
        to="demolished",
        demolished_on=TODAY.isoformat(),
        demolished_area_m2=area,
    )
    assert refused.status_code == 422, refused.text
    assert refused.headers["content-type"] == "application/problem+json"
    assert "is not an area: send the area demolished, more than 0 m²" in refused.json()["detail"]
    assert snapshot(client, db, vid) == before
