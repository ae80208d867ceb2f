"""Communities, compounds and grid cells: create, change, delete, and their rules."""

from typing import Any

import psycopg
from fastapi.testclient import TestClient

from tests.conftest import District, count_rows, feature, violation_properties
from tests.geo import Frame


def test_grid_cell_takes_its_community_from_its_compound(
    client: TestClient, district: District
) -> None:
    cell = client.get(f"/api/v1/grids/{district.cells['ne']}")
    assert cell.status_code == 200
    assert cell.headers["etag"] == '"1"'
    props = cell.json()["properties"]
    assert props["compound_id"] == district.compound_id
    assert props["community_id"] == district.community_id


def test_codes_are_unique(client: TestClient, district: District, db: psycopg.Connection) -> None:
    code = client.get(f"/api/v1/grids/{district.cells['sw']}").json()["properties"]["code"]
    before = count_rows(db, "grid_cell")
    response = client.post(
        "/api/v1/grids",
        json=feature(
            district.rect(100, 100, 150, 150),
            compound_id=district.compound_id,
            code=code,
            name="重复",
        ),
    )
    assert response.status_code == 409
    assert code in response.json()["detail"]
    assert count_rows(db, "grid_cell") == before


def test_missing_parent_is_refused(client: TestClient, frame: Frame) -> None:
    response = client.post(
        "/api/v1/compounds",
        json=feature(frame.rect(0, 0, 10, 10), community_id=99999999, code="X", name="无"),
    )
    assert response.status_code == 422
    assert "community 99999999 does not exist" in response.json()["detail"]


def test_a_place_holding_records_cannot_be_deleted(
    client: TestClient, district: District, make_violation: Any
) -> None:
    make_violation()
    response = client.delete(f"/api/v1/compounds/{district.compound_id}", params={"reason": "合并"})
    assert response.status_code == 409
    assert "4 live grid cells" in response.json()["detail"]
    response = client.delete(f"/api/v1/grids/{district.cells['sw']}", params={"reason": "合并"})
    assert response.status_code == 409
    assert "1 live violations" in response.json()["detail"]
    empty = client.delete(
        f"/api/v1/grids/{district.cells['ne']}", params={"reason": "并入相邻网格"}
    )
    assert empty.status_code == 204
    assert client.get(f"/api/v1/grids/{district.cells['ne']}").status_code == 410


def test_moving_a_compound_to_another_community_carries_its_records(
    client: TestClient, district: District, make_violation: Any, frame: Frame
) -> None:
    vid = make_violation()["id"]
    other = client.post(
        "/api/v1/communities",
        json=feature(
            district.rect(0, 0, 1000, 1000), code=f"other-{district.community_id}", name="邻社区"
        ),
    ).json()
    response = client.patch(
        f"/api/v1/compounds/{district.compound_id}",
        json={"properties": {"community_id": other["id"]}},
        headers={"If-Match": '"1"'},
    )
    assert response.status_code == 200, response.text
    assert (
        client.get(f"/api/v1/grids/{district.cells['sw']}").json()["properties"]["community_id"]
        == other["id"]
    )
    assert (
        client.get(f"/api/v1/violations/{vid}").json()["properties"]["community_id"] == other["id"]
    )


def test_community_round_trip(client: TestClient, frame: Frame) -> None:
    made = client.post(
        "/api/v1/communities",
        json=feature(frame.rect(0, 0, 300, 200), code=f"R{frame.lon0}", name="河东社区"),
    )
    assert made.status_code == 201
    cid = made.json()["id"]
    got = client.get(f"/api/v1/communities/{cid}").json()
    assert got["properties"]["name"] == "河东社区"
    changed = client.patch(
        f"/api/v1/communities/{cid}",
        json={"type": "Feature", "geometry": frame.rect(0, 0, 300, 300)},
        headers={"If-Match": '"1"'},
    )
    assert changed.status_code == 200
    assert changed.json()["properties"]["area_m2"] > got["properties"]["area_m2"]
    assert client.delete(f"/api/v1/communities/{cid}", params={"reason": "撤销"}).status_code == 204
    assert client.get(f"/api/v1/communities/{cid}").status_code == 410


def test_redrawing_a_cell_moves_the_violations_it_now_holds(
    client: TestClient, district: District, make_violation: Any
) -> None:
    vid = make_violation((280, 150, 310, 160))["id"]  # 20 m in sw, 10 m in se
    assert (
        client.get(f"/api/v1/violations/{vid}").json()["properties"]["grid_id"]
        == district.cells["sw"]
    )
    # Move the boundary between sw and se west to x = 285: now most of it is in se.
    for name, rect in {"sw": (100, 100, 285, 300), "se": (285, 100, 500, 300)}.items():
        response = client.patch(
            f"/api/v1/grids/{district.cells[name]}",
            json={"geometry": district.rect(*rect)},
            headers={"If-Match": '"1"'},
        )
        assert response.status_code == 200, response.text
    moved = client.get(f"/api/v1/violations/{vid}").json()
    assert moved["properties"]["grid_id"] == district.cells["se"]
    events = client.get(f"/api/v1/violations/{vid}/history").json()["events"]
    assert events[-1]["diff"] == {"grid_id": [district.cells["sw"], district.cells["se"]]}
    assert "redrawn" in events[-1]["reason"]


def test_a_compound_cannot_be_redrawn_away_from_its_violations(
    client: TestClient, district: District
) -> None:
    bare = client.post(
        "/api/v1/compounds",
        json=feature(
            district.rect(600, 600, 900, 900),
            community_id=district.community_id,
            code=f"bare-{district.compound_id}",
            name="无网格小区",
        ),
    ).json()
    vid = client.post(
        "/api/v1/violations",
        json=feature(district.rect(850, 850, 860, 860), **violation_properties()),
    ).json()["id"]
    response = client.patch(
        f"/api/v1/compounds/{bare['id']}",
        json={"geometry": district.rect(600, 600, 800, 800)},
        headers={"If-Match": '"1"'},
    )
    assert response.status_code == 409
    assert response.json()["orphans"] == {"violation": [vid]}
    assert client.get(f"/api/v1/compounds/{bare['id']}").json()["properties"]["version"] == 1


def test_places_nest(client: TestClient, district: District) -> None:
    sticking_out = client.post(
        "/api/v1/grids",
        json=feature(
            district.rect(450, 450, 550, 550),
            compound_id=district.compound_id,
            code=f"out-{district.compound_id}",
            name="出界网格",
        ),
    )
    assert sticking_out.status_code == 422
    assert "outside its compound" in sticking_out.json()["detail"]
    shrink = client.patch(
        f"/api/v1/compounds/{district.compound_id}",
        json={"geometry": district.rect(100, 100, 400, 400)},
        headers={"If-Match": '"1"'},
    )
    assert shrink.status_code == 409
    assert "sticking out" in shrink.json()["detail"]
    outside_community = client.post(
        "/api/v1/compounds",
        json=feature(
            district.rect(900, 900, 1100, 1100),
            community_id=district.community_id,
            code=f"far-{district.compound_id}",
            name="越界小区",
        ),
    )
    assert outside_community.status_code == 422


def test_a_new_cell_claims_the_violations_inside_it(
    client: TestClient, frame: Frame, make_violation: Any, district: District
) -> None:
    # Split the ne cell: delete is refused while it holds violations, so draw a new
    # cell over part of it instead and watch the violation there move.
    vid = make_violation((450, 450, 460, 460))["id"]
    assert (
        client.get(f"/api/v1/violations/{vid}").json()["properties"]["grid_id"]
        == district.cells["ne"]
    )
    client.patch(
        f"/api/v1/grids/{district.cells['ne']}",
        json={"geometry": district.rect(300, 300, 440, 500)},
        headers={"If-Match": '"1"'},
    )
    new = client.post(
        "/api/v1/grids",
        json=feature(
            district.rect(440, 300, 500, 500),
            compound_id=district.compound_id,
            code=f"new-{district.compound_id}",
            name="新网格",
        ),
    )
    assert new.status_code == 201, new.text
    assert (
        client.get(f"/api/v1/violations/{vid}").json()["properties"]["grid_id"] == new.json()["id"]
    )
