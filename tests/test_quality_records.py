"""Data-quality rules on what the records say: required fields, repaired geometry,
footprints outside their compound or overlapping, measured against mapped area. Each
rule flags the bad record and passes the good one."""

from typing import Any

import psycopg
from fastapi.testclient import TestClient
from shapely import Polygon

from tests.conftest import District, feature, violation_properties
from tests.quality import legacy_update, problems
from tests.test_workflow import move


def household(client: TestClient, district: District, **properties: Any) -> int:
    response = client.post(
        "/api/v1/households",
        json=feature(None, compound_id=district.compound_id, building="1号楼", **properties),
    )
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


def test_household_fields(client: TestClient, district: District) -> None:
    complete = household(client, district, party_name="赵六", party_phone="10012345678")
    no_phone = household(client, district, party_name="钱七")
    bare = household(client, district)
    found = problems(client, district, "household_fields_missing")
    assert complete not in found
    assert found[no_phone]["record"] == {"type": "household", "id": no_phone}
    assert "party_phone (联系电话)" in found[no_phone]["message"]
    assert "party_name" not in found[no_phone]["message"]
    assert "party_name (当事人), party_phone (联系电话)" in found[bare]["message"]
    assert found[bare]["severity"] == "error"
    assert f"PATCH /api/v1/households/{bare}" in found[bare]["message"]


def test_violation_fields(
    client: TestClient, district: District, make_violation: Any, db: psycopg.Connection
) -> None:
    good = make_violation((120, 120, 130, 130), party_name="孙八")["id"]
    hid = household(client, district, party_name="赵六", party_phone="10012345678")
    of_household = make_violation((140, 120, 150, 130), household_id=hid, address=None)["id"]
    nameless = make_violation((160, 120, 170, 130), address=None)["id"]
    on_ledger = make_violation((180, 120, 190, 130), party_name="孙八", on_ministry_ledger=True)[
        "id"
    ]
    unmeasured = make_violation((200, 120, 210, 130), party_name="孙八")["id"]
    legacy_update(db, unmeasured, status="verified")  # the API wants the area first

    found = problems(client, district, "violation_fields_missing")
    assert good not in found and of_household not in found
    message = found[nameless]["message"]
    assert "address (位置)" in message and "party_name (当事人)" in message
    assert "ledger_no (台账编号)" in found[on_ledger]["message"]
    assert "measured_area_m2 (丈量面积)" in found[unmeasured]["message"]
    assert set(found) == {nameless, on_ledger, unmeasured}


def test_repaired_geometry(client: TestClient, district: District, make_violation: Any) -> None:
    bowtie = district.frame.geojson(Polygon([(120, 120), (130, 130), (130, 120), (120, 130)]))
    repaired = client.post(
        "/api/v1/violations?repair=true",
        json=feature(bowtie, **violation_properties(party_name="孙八")),
    )
    assert repaired.status_code == 201 and repaired.json()["repaired"] is True
    rid = repaired.json()["id"]
    good = make_violation((140, 120, 150, 130), party_name="孙八")["id"]
    found = problems(client, district, "geometry_repaired")
    assert set(found) == {rid} and found[rid]["severity"] == "warning"

    # Redrawn (or confirmed) as a valid footprint: no longer flagged.
    etag = client.get(f"/api/v1/violations/{rid}").headers["etag"]
    redrawn = client.patch(
        f"/api/v1/violations/{rid}",
        json={"geometry": district.rect(120, 120, 130, 130)},
        headers={"If-Match": etag},
    )
    assert redrawn.status_code == 200, redrawn.text
    assert problems(client, district, "geometry_repaired") == {}
    assert good


def test_outside_the_compound(client: TestClient, district: District, make_violation: Any) -> None:
    # The compound spans x 100..500 m. 100 m² footprints 10 m tall:
    six = make_violation((406, 120, 506, 121))["id"]  # 6 m of 100 outside: 6 %
    four = make_violation((404, 130, 504, 131))["id"]  # 4 %: within the 5 % allowed
    inside = make_violation((300, 140, 310, 150))["id"]
    found = problems(client, district, "outside_compound")
    assert set(found) == {six}
    assert found[six]["message"].startswith("6% of its footprint")
    assert found[six]["related"] == {"type": "compound", "id": district.compound_id}
    assert four and inside


def test_overlapping_footprints(
    client: TestClient, district: District, make_violation: Any
) -> None:
    first = make_violation((120, 120, 130, 130))["id"]
    twice = make_violation((122, 120, 132, 130))["id"]  # 80 % of the smaller
    touching = make_violation((132, 120, 142, 130))["id"]  # shares an edge only
    slight = make_violation((141, 120, 151, 130))["id"]  # 1 m × 10 m of 100 m²: 10 %
    found = problems(client, district, "overlapping_footprints")
    assert set(found) == {twice}  # the pair, once: on the later-registered one
    assert found[twice]["related"] == {"type": "violation", "id": first}
    assert f"overlaps violation {first} by 80%" in found[twice]["message"]
    assert touching and slight

    # A structure removed no longer stands: its footprint may be built over again.
    assert move(client, first, to="dismissed", reason="重复登记").status_code == 200
    assert problems(client, district, "overlapping_footprints") == {}


def test_measured_against_mapped_area(
    client: TestClient, district: District, make_violation: Any
) -> None:
    off = make_violation((120, 120, 130, 130), measured_area_m2=150)["id"]  # 50 % more
    close = make_violation((140, 120, 150, 130), measured_area_m2=110)["id"]  # 10 %
    unmeasured = make_violation((160, 120, 170, 130))["id"]
    found = problems(client, district, "area_mismatch")
    assert set(found) == {off}
    assert "measured area 150.00 m²" in found[off]["message"]
    assert "by 50% of it" in found[off]["message"]
    assert close and unmeasured
