"""Data-quality rules on the campaign's course: dates out of order, removal without
evidence, deadlines passed, new construction not stopped in time, photos taken far
away. Each rule flags the bad record and passes the good one; states the API refuses
are made by direct SQL, as a legacy import would."""

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import psycopg
from fastapi.testclient import TestClient

from tests.conftest import District
from tests.images import exif, jpeg, upload
from tests.quality import legacy_update, problems
from tests.test_workflow import after_photo, move, to_rectifying

TODAY = datetime.now(ZoneInfo("Asia/Shanghai")).date()  # the campaign's day (WEIJIAN_TZ)


def days_ago(n: int) -> str:
    return (TODAY - timedelta(days=n)).isoformat()


def test_dates_out_of_order(
    client: TestClient, district: District, make_violation: Any, db: psycopg.Connection
) -> None:
    good = make_violation((120, 120, 130, 130))["id"]
    built_late = make_violation((140, 120, 150, 130))["id"]
    legacy_update(db, built_late, built_date=date(2019, 8, 1))  # found 2019-07-20
    early = make_violation((160, 120, 170, 130))["id"]
    legacy_update(db, early, demolished_on=date(2019, 7, 1), rectified_on=date(2019, 7, 2))
    found = problems(client, district, "dates_out_of_order")
    assert set(found) == {built_late, early}
    assert found[built_late]["message"].startswith(
        "built 2019-08-01, after it was found 2019-07-20"
    )
    assert "demolished 2019-07-01, before it was found" in found[early]["message"]
    assert "rectified 2019-07-02, before it was found" in found[early]["message"]
    assert found[early]["severity"] == "error" and good not in found


def test_demolished_without_evidence(
    client: TestClient, district: District, make_violation: Any, db: psycopg.Connection
) -> None:
    done = make_violation((120, 120, 130, 130), measured_area_m2=100)["id"]
    to_rectifying(client, done)
    after_photo(client, done)
    response = move(
        client, done, to="demolished", demolished_on=TODAY.isoformat(), demolished_area_m2=100
    )
    assert response.status_code == 200, response.text
    no_area = make_violation((140, 120, 150, 130), measured_area_m2=100)["id"]
    after_photo(client, no_area)
    legacy_update(db, no_area, status="demolished", demolished_on=TODAY)
    found = problems(client, district, "removed_without_evidence")
    assert set(found) == {no_area}  # the demolition with its date, area and photo passes
    message = found[no_area]["message"]
    assert message.startswith("demolished without the demolished area (demolished_area_m2)")
    assert "after-photo" not in message.split(":")[0]

    # The after-photo taken away: the demolition has no evidence left.
    listed = client.get("/api/v1/photos", params={"owner_type": "violation", "owner_id": done})
    (after,) = listed.json()["photos"]
    removed = client.delete(f"/api/v1/photos/{after['id']}", params={"reason": "拍错了"})
    assert removed.status_code == 204, removed.text
    found = problems(client, district, "removed_without_evidence")
    assert found[done]["message"].startswith("demolished without an after-photo")


def test_past_the_deadline(client: TestClient, district: District, make_violation: Any) -> None:
    late, early = (
        make_violation(rect, measured_area_m2=100)["id"]
        for rect in ((120, 120, 130, 130), (140, 120, 150, 130))
    )
    for vid, deadline in ((late, "2020-01-01"), (early, "2030-01-01")):
        assert move(client, vid, to="verified").status_code == 200
        planned = move(
            client,
            vid,
            to="planned",
            plan_measure="demolish",
            plan_responsible="吴晓航",
            plan_deadline=deadline,
        )
        assert planned.status_code == 200, planned.text
    found = problems(client, district, "past_deadline")
    assert set(found) == {late}
    assert (
        f"{(TODAY - date(2020, 1, 1)).days} days past its deadline 2020-01-01"
        in (found[late]["message"])
    )


def test_new_construction_not_stopped(
    client: TestClient, district: District, make_violation: Any
) -> None:
    new = {"built_date": "2019-01-01", "party_name": "孙八"}
    unstopped = make_violation((120, 120, 130, 130), found_date=days_ago(30), **new)["id"]
    fresh = make_violation((140, 120, 150, 130), found_date=days_ago(2), **new)["id"]
    in_time = make_violation((160, 120, 170, 130), found_date=days_ago(30), **new)["id"]
    late = make_violation((180, 120, 190, 130), found_date=days_ago(30), **new)["id"]
    stock = make_violation((200, 120, 210, 130), found_date=days_ago(30))["id"]
    for vid, day in ((in_time, days_ago(27)), (late, days_ago(10))):
        etag = client.get(f"/api/v1/violations/{vid}").headers["etag"]
        stopped = client.post(
            f"/api/v1/violations/{vid}/stop", json={"stopped_on": day}, headers={"If-Match": etag}
        )
        assert stopped.status_code == 200, stopped.text

    not_stopped = problems(client, district, "new_not_stopped")
    assert set(not_stopped) == {unstopped}
    assert "still not stopped 30 days later (the limit is 7)" in not_stopped[unstopped]["message"]
    assert f"/violations/{unstopped}/stop" in not_stopped[unstopped]["message"]
    stopped_late = problems(client, district, "new_stopped_late")
    assert set(stopped_late) == {late} and stopped_late[late]["severity"] == "warning"
    assert "20 days later" in stopped_late[late]["message"]
    assert fresh and stock


def test_photo_far_from_its_violation(
    client: TestClient, district: District, make_violation: Any
) -> None:
    vid = make_violation((120, 120, 130, 130))["id"]

    def taken_at(x: float, y: float, seed: int) -> int:
        lon, lat = district.frame.point(x, y)["coordinates"]
        response = upload(
            client, "violation", vid, jpeg(exif_data=exif(lonlat=(lon, lat)), seed=seed)
        )
        assert response.status_code == 201, response.text
        return int(response.json()["id"])

    near = taken_at(125, 140, seed=vid * 10 + 1)  # 10 m away
    far = taken_at(125, 630, seed=vid * 10 + 2)  # 500 m away
    found = problems(client, district, "photo_far_from_violation")
    assert set(found) == {far} and near not in found
    problem = found[far]
    assert problem["record"] == {"type": "photo", "id": far}
    assert problem["related"] == {"type": "violation", "id": vid}
    assert "m from its footprint (more than 100 m)" in problem["message"]
