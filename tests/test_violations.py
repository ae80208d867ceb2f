"""Registering, reading, changing and deleting violations; what is derived from them."""

from typing import Any

import psycopg
from fastapi.testclient import TestClient

from tests.conftest import District, count_rows, feature, violation_properties


def test_round_trip(client: TestClient, district: District, make_violation: Any) -> None:
    made = make_violation(
        (120, 120, 130, 128),
        party_name="王建国",
        party_phone="10012345678",
        floors=2,
        measured_area_m2=81.5,
        plan_measure="demolish",
        notes="彩钢板房",
    )
    response = client.get(f"/api/v1/violations/{made['id']}")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/geo+json"
    assert response.headers["etag"] == '"1"'
    got = response.json()
    assert got == made
    props = got["properties"]
    assert got["type"] == "Feature" and got["geometry"]["type"] == "MultiPolygon"
    assert props["status"] == "registered"
    assert props["party_name"] == "王建国" and props["floors"] == 2
    assert props["measured_area_m2"] == 81.5
    assert props["plan_measure"] == "demolish"
    assert props["version"] == 1


def test_place_is_derived_from_the_footprint(district: District, make_violation: Any) -> None:
    made = make_violation((350, 120, 360, 130))  # inside the south-east cell
    props = made["properties"]
    assert props["grid_id"] == district.cells["se"]
    assert props["compound_id"] == district.compound_id
    assert props["community_id"] == district.community_id


def test_a_footprint_across_cells_belongs_to_the_larger_part(
    district: District, make_violation: Any
) -> None:
    # 30 m wide: 20 m in the south-west cell (x < 300), 10 m in the south-east one.
    west_heavy = make_violation((280, 150, 310, 160))
    assert west_heavy["properties"]["grid_id"] == district.cells["sw"]
    east_heavy = make_violation((290, 150, 320, 160))
    assert east_heavy["properties"]["grid_id"] == district.cells["se"]
    # Across four cells, most of it in the north-east one.
    corner = make_violation((295, 295, 320, 320))
    assert corner["properties"]["grid_id"] == district.cells["ne"]


def test_outside_every_compound_is_refused(
    client: TestClient, district: District, db: psycopg.Connection
) -> None:
    before = count_rows(db, "violation")
    # Inside the community but outside its compound (which spans 100..500 m).
    response = client.post(
        "/api/v1/violations",
        json=feature(district.rect(700, 700, 710, 710), **violation_properties()),
    )
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert "outside every compound" in response.json()["detail"]
    assert count_rows(db, "violation") == before


def test_ledger_categories(make_violation: Any) -> None:
    spots = iter(range(120, 400, 20))  # one footprint each: none is a duplicate

    def ledger(**props: Any) -> str:
        x = next(spots)
        return str(make_violation((x, 120, x + 10, 130), **props)["properties"]["ledger"])

    assert ledger(built_date="2010-01-01", on_ministry_ledger=True) == "stock_ministry"
    assert ledger(built_date="2018-04-30", on_survey5_ledger=True) == "stock_survey5"
    assert ledger(built_date="2018-04-30") == "stock_missed"
    assert ledger(built_date="2018-05-01") == "new"
    assert ledger(built_date="2019-06-01") == "new"


def test_ledger_contradiction_is_refused(client: TestClient, district: District) -> None:
    props = violation_properties(built_date="2019-01-01", on_ministry_ledger=True)
    response = client.post(
        "/api/v1/violations", json=feature(district.rect(120, 120, 130, 130), **props)
    )
    assert response.status_code == 422
    assert "cutoff" in response.json()["detail"]


def test_a_patch_may_not_change_the_ledger_category(
    client: TestClient, make_violation: Any
) -> None:
    made = make_violation(built_date="2016-01-01")
    response = client.patch(
        f"/api/v1/violations/{made['id']}",
        json={"properties": {"built_date": "2019-01-01"}},
        headers={"If-Match": '"1"'},
    )
    assert response.status_code == 422, response.text
    assert "from ledger stock_missed to new" in response.json()["detail"]


def test_dates_out_of_order_are_refused(client: TestClient, district: District) -> None:
    for props, words in [
        (
            violation_properties(built_date="2019-08-01", found_date="2019-07-20"),
            "after found_date",
        ),
        (violation_properties(found_date="2099-01-01"), "in the future"),
    ]:
        response = client.post(
            "/api/v1/violations", json=feature(district.rect(120, 120, 130, 130), **props)
        )
        assert response.status_code == 422
        assert words in response.json()["detail"]


def test_bad_properties_are_refused(client: TestClient, district: District) -> None:
    cases = [
        ({"structure_type": "castle"}, "structure_type"),
        ({"floors": 0}, "floors"),
        ({"measured_area_m2": -3}, "measured_area_m2"),
        ({"colour": "blue"}, "colour"),
        ({"status": "demolished"}, "status changes through the lifecycle"),
        ({"mapped_area_m2": 5}, "computed from the geometry"),
    ]
    for overrides, words in cases:
        response = client.post(
            "/api/v1/violations",
            json=feature(district.rect(120, 120, 130, 130), **violation_properties(**overrides)),
        )
        assert response.status_code == 422, overrides
        assert words in response.json()["detail"], response.json()["detail"]


def test_patch_moves_the_footprint_and_rederives(
    client: TestClient, district: District, make_violation: Any
) -> None:
    made = make_violation((120, 120, 130, 130))
    response = client.patch(
        f"/api/v1/violations/{made['id']}",
        json={"geometry": district.rect(420, 420, 430, 440)},
        headers={"If-Match": '"1"'},
    )
    assert response.status_code == 200, response.text
    props = response.json()["properties"]
    assert props["grid_id"] == district.cells["ne"]
    assert props["mapped_area_m2"] > made["properties"]["mapped_area_m2"]
    assert response.headers["etag"] == '"2"'


def test_patch_cannot_empty_a_required_field(client: TestClient, make_violation: Any) -> None:
    made = make_violation()
    response = client.patch(
        f"/api/v1/violations/{made['id']}",
        json={"properties": {"built_date": None}},
        headers={"If-Match": '"1"'},
    )
    assert response.status_code == 422
    assert "built_date" in response.json()["detail"]


def test_delete_is_soft_and_needs_a_reason(
    client: TestClient, make_violation: Any, db: psycopg.Connection
) -> None:
    made = make_violation()
    path = f"/api/v1/violations/{made['id']}"
    assert client.delete(path).status_code == 400  # no reason (a query parameter)
    assert client.delete(path, params={"reason": "重复登记 registered twice"}).status_code == 204
    gone = client.get(path)
    assert gone.status_code == 410
    assert "registered twice" in gone.json()["detail"]
    row = db.execute(
        "SELECT deleted_reason, deleted_by, structure_type FROM violation WHERE id = %s",
        (made["id"],),
    ).fetchone()
    assert row == ("重复登记 registered twice", "admin", "shed")
    listed = client.get(
        "/api/v1/violations", params={"compound_id": made["properties"]["compound_id"]}
    )
    assert made["id"] not in [f["id"] for f in listed.json()["features"]]
    assert (
        client.patch(
            path, json={"properties": {"floors": 2}}, headers={"If-Match": '"2"'}
        ).status_code
        == 410
    )


def test_unknown_violation(client: TestClient) -> None:
    response = client.get("/api/v1/violations/987654321")
    assert response.status_code == 404
    assert response.json()["detail"] == "there is no violation 987654321"
    assert client.get("/api/v1/violations/987654321/history").status_code == 404
