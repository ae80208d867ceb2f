"""The status lifecycle: allowed moves, what each needs, and the history it leaves."""

import io
from datetime import date, timedelta
from typing import Any

import psycopg
import pytest
from fastapi.testclient import TestClient
from PIL import Image

from api.campaign import lifecycle
from tests.conftest import District

TODAY = date.today().isoformat()


def move(client: TestClient, vid: int, headers: dict[str, str] | None = None, **body: Any) -> Any:
    version = client.get(f"/api/v1/violations/{vid}").headers["etag"]
    return client.post(
        f"/api/v1/violations/{vid}/transitions",
        json=body,
        headers={"If-Match": version, **(headers or {})},
    )


def after_photo(client: TestClient, vid: int) -> None:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (120, 90, 60)).save(buffer, "JPEG")
    response = client.post(
        "/api/v1/photos",
        data={"owner_type": "violation", "owner_id": str(vid), "stage": "after"},
        files={"file": ("after.jpg", buffer.getvalue(), "image/jpeg")},
    )
    assert response.status_code == 201, response.text


def to_rectifying(client: TestClient, vid: int) -> None:
    assert move(client, vid, to="verified").status_code == 200
    response = move(
        client,
        vid,
        to="planned",
        plan_measure="demolish",
        plan_responsible="吴晓航",
        plan_deadline="2030-01-01",
    )
    assert response.status_code == 200, response.text
    assert move(client, vid, to="rectifying").status_code == 200


@pytest.fixture()
def measured(make_violation: Any) -> int:
    return int(make_violation((120, 120, 130, 130), measured_area_m2=98.5)["id"])


def test_the_whole_way_to_demolished(client: TestClient, measured: int) -> None:
    to_rectifying(client, measured)
    after_photo(client, measured)
    done = move(
        client,
        measured,
        to="demolished",
        demolished_on=TODAY,
        demolished_area_m2=95,
        reason="业主自拆",
    )
    assert done.status_code == 200, done.text
    props = done.json()["properties"]
    assert props["status"] == "demolished" and props["demolished_area_m2"] == 95
    history = client.get(f"/api/v1/violations/{measured}/history").json()["events"]
    moves = [(e["from_status"], e["to_status"]) for e in history if e["kind"] == "status_changed"]
    assert moves == [
        ("registered", "verified"),
        ("verified", "planned"),
        ("planned", "rectifying"),
        ("rectifying", "demolished"),
    ]
    assert history[-1]["diff"] == {
        "demolished_on": [None, TODAY],
        "demolished_area_m2": [None, 95.0],
    }
    assert history[-1]["reason"] == "业主自拆" and history[-1]["actor"] == "admin"
    assert any(e["kind"] == "photo_added" for e in history)


def test_illegal_moves_answer_409_with_the_allowed_ones(client: TestClient, measured: int) -> None:
    response = move(client, measured, to="demolished")
    assert response.status_code == 409
    assert response.json()["allowed"] == ["verified", "dismissed"]
    assert "cannot become demolished" in response.json()["detail"]
    written = move(client, measured, to="written_off")
    assert written.status_code == 409 and "write-off" in written.json()["detail"]


def test_each_move_says_what_it_needs(client: TestClient, make_violation: Any) -> None:
    vid = make_violation()["id"]  # not measured
    refused = move(client, vid, to="verified")
    assert refused.status_code == 422 and "measured_area_m2" in refused.json()["detail"]
    dismissed = move(client, vid, to="dismissed")
    assert dismissed.status_code == 422 and "reason" in dismissed.json()["detail"]
    assert move(client, vid, to="dismissed", reason="经核实为合法建筑").status_code == 200
    assert move(client, vid, to="verified").status_code == 409  # dismissed is final


def test_demolition_needs_its_date_area_and_an_after_photo(
    client: TestClient, measured: int
) -> None:
    to_rectifying(client, measured)
    bare = move(client, measured, to="demolished")
    unmet = bare.json()["unmet"]
    assert any("demolished_on" in u for u in unmet) and any(
        "demolished_area_m2" in u for u in unmet
    )
    assert any("after' photo" in u for u in unmet)
    too_big = move(client, measured, to="demolished", demolished_on=TODAY, demolished_area_m2=150)
    assert "more than the footprint's mapped area" in too_big.json()["detail"]
    future = (date.today() + timedelta(days=3)).isoformat()
    assert (
        "in the future"
        in move(
            client, measured, to="demolished", demolished_on=future, demolished_area_m2=90
        ).json()["detail"]
    )
    stray = move(client, measured, to="rectified", demolished_on=TODAY)
    assert stray.status_code == 422 and "do not belong" in stray.json()["detail"]
    after_photo(client, measured)
    # 100 m² footprint + 10 % tolerance: 109 m² passes, as tape measures around eaves do.
    assert (
        move(
            client, measured, to="demolished", demolished_on=TODAY, demolished_area_m2=109
        ).status_code
        == 200
    )


def test_plan_deadline_defaults_to_the_compounds(
    client: TestClient, district: District, measured: int
) -> None:
    compound = client.get(f"/api/v1/compounds/{district.compound_id}")
    client.patch(
        f"/api/v1/compounds/{district.compound_id}",
        json={"properties": {"deadline": "2020-06-30"}},
        headers={"If-Match": compound.headers["etag"]},
    )
    assert move(client, measured, to="verified").status_code == 200
    planned = move(
        client, measured, to="planned", plan_measure="rectify", plan_responsible="陈思瑞"
    )
    assert planned.status_code == 200, planned.text
    assert planned.json()["properties"]["plan_deadline"] == "2020-06-30"
    assert planned.json()["properties"]["overdue"] is True
    overdue = client.get(
        "/api/v1/violations", params={"compound_id": district.compound_id, "overdue": "true"}
    ).json()
    assert [f["id"] for f in overdue["features"]] == [measured]


def test_if_match_and_roles(
    client: TestClient, measured: int, login_as: Any, district: District
) -> None:
    stale = client.post(
        f"/api/v1/violations/{measured}/transitions",
        json={"to": "verified"},
        headers={"If-Match": '"99"'},
    )
    assert stale.status_code == 412
    viewer = login_as("viewer")
    assert move(client, measured, viewer, to="verified").status_code == 403
    inspector = login_as("inspector", [district.community_id])
    assert move(client, measured, inspector, to="verified").status_code == 200


def test_the_table_is_the_design() -> None:
    assert lifecycle.allowed("registered") == ["verified", "dismissed"]
    assert lifecycle.allowed("verified") == ["planned", "dismissed"]
    assert lifecycle.allowed("planned") == ["rectifying"]
    assert lifecycle.allowed("rectifying") == ["demolished", "rectified"]
    for final in ("demolished", "rectified", "written_off", "dismissed"):
        assert lifecycle.allowed(final) == []
    reached = {m.to for moves in lifecycle.MOVES.values() for m in moves}
    assert reached | {"registered", "written_off"} == set(lifecycle.MOVES)


def test_events_replay_to_the_status(
    client: TestClient, measured: int, db: psycopg.Connection
) -> None:
    to_rectifying(client, measured)
    row = db.execute(
        "SELECT to_status FROM violation_event WHERE violation_id = %s AND to_status IS NOT NULL "
        "ORDER BY at DESC, id DESC LIMIT 1",
        (measured,),
    ).fetchone()
    assert row == ("rectifying",)


def test_rectified_needs_its_date_and_an_after_photo(client: TestClient, measured: int) -> None:
    to_rectifying(client, measured)
    refused = move(client, measured, to="rectified")
    assert refused.status_code == 422
    assert any("rectified_on" in u for u in refused.json()["unmet"])
    assert any("after' photo" in u for u in refused.json()["unmet"])
    after_photo(client, measured)
    done = move(client, measured, to="rectified", rectified_on=TODAY, reason="改为合规车棚")
    assert done.status_code == 200, done.text
    assert done.json()["properties"]["rectified_on"] == TODAY
    assert done.json()["properties"]["overdue"] is False  # dealt with: no longer overdue
