"""Communities, compounds and grid cells: create, change, delete, and their rules."""

from typing import Any

import psycopg
from fastapi.testclient import TestClient

from tests.conftest import District, count_rows, feature
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
