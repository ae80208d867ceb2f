"""The maintained figures (now, over all time) are never stale: after every kind of
write they equal the figures computed afresh."""

from typing import Any

import psycopg
import pytest
from fastapi.testclient import TestClient

from tests.conftest import feature
from tests.test_analytics import Cells

# A moment in the future and a period from the past: the same figures as "now, over
# all time", but computed afresh rather than read from grid_stat.
AFRESH = {"at": "2100-01-01", "from": "1970-01-01"}
FIGURES = (
    "area_m2",
    "occupied_m2",
    "demolished_m2",
    "violations_standing",
    "swept_m2",
    "coverage_ratio",
    "occupied_ratio",
    "sweeps",
    "last_swept_at",
)


@pytest.fixture()
def cells(client: TestClient, frame: Any) -> Cells:
    return Cells(client, frame)


def assert_current(cells: Cells) -> list[dict[str, Any]]:
    client = cells.client
    kept = client.get("/api/v1/stats/grids", params={"compound_id": cells.compound}).json()
    fresh = client.get(
        "/api/v1/stats/grids", params={"compound_id": cells.compound, **AFRESH}
    ).json()
    pick = [{k: row[k] for k in ("grid_id", *FIGURES)} for row in kept["rows"]]
    assert pick == [{k: row[k] for k in ("grid_id", *FIGURES)} for row in fresh["rows"]]
    for level in ("compounds", "communities"):
        params = (
            {"compound_id": cells.compound}
            if level == "compounds"
            else {"community_id": cells.community}
        )
        kept_rows = client.get(f"/api/v1/stats/{level}", params=params).json()["rows"]
        fresh_rows = client.get(f"/api/v1/stats/{level}", params={**params, **AFRESH}).json()[
            "rows"
        ]
        assert kept_rows == fresh_rows
    return pick


def test_every_write_keeps_the_figures_current(cells: Cells, db: psycopg.Connection) -> None:
    client = cells.client
    assert_current(cells)
    vid = cells.violation((110, 110, 120, 120))
    standing = {r["grid_id"]: r["violations_standing"] for r in assert_current(cells)}
    assert standing == {cells.west: 1, cells.east: 0}

    moved = client.patch(
        f"/api/v1/violations/{vid}",
        headers={"If-Match": '"1"'},
        json={"geometry": cells.frame.rect(210, 110, 240, 120)},
    )
    assert moved.status_code == 200
    rows = assert_current(cells)
    standing = {r["grid_id"]: r["violations_standing"] for r in rows}
    assert standing == {cells.west: 0, cells.east: 1}
    sid = cells.sweep(cells.frame.rect(100, 100, 160, 200))
    assert_current(cells)
    assert (
        client.patch(
            f"/api/v1/sweeps/{sid}",
            headers={"If-Match": '"1"'},
            json={"geometry": cells.frame.rect(100, 100, 200, 200)},
        ).status_code
        == 200
    )
    assert_current(cells)
    assert client.delete(f"/api/v1/sweeps/{sid}", params={"reason": "重复"}).status_code == 204
    assert_current(cells)

    # A status change, as the workflow writes it: the row and its event.
    with db.transaction():
        db.execute(
            "UPDATE violation SET status = 'demolished', version = version + 1 WHERE id = %s",
            (vid,),
        )
        db.execute(
            "INSERT INTO violation_event (violation_id, actor, kind, from_status, "
            "to_status) VALUES (%s, 'test', 'status_changed', 'registered', "
            "'demolished')",
            (vid,),
        )
    rows = assert_current(cells)
    assert sum(r["violations_standing"] for r in rows) == 0
    assert sum(r["demolished_m2"] for r in rows) == pytest.approx(300, rel=1e-3)

    other = cells.violation((150, 150, 160, 160))
    assert (
        client.delete(f"/api/v1/violations/{other}", params={"reason": "误报"}).status_code == 204
    )
    assert_current(cells)

    # Redraw the cells: the boundary moves, the violations move with it.
    for cell, rect in ((cells.east, (250, 100, 300, 200)), (cells.west, (100, 100, 250, 200))):
        response = client.patch(
            f"/api/v1/grids/{cell}",
            headers={"If-Match": '"1"'},
            json={"geometry": cells.frame.rect(*rect)},
        )
        assert response.status_code == 200, response.text
    assert_current(cells)
    new_cell = client.post(
        "/api/v1/grids",
        json=feature(
            cells.frame.rect(100, 100, 110, 110),
            compound_id=cells.compound,
            code=f"x{cells.compound}",
            name="x",
        ),
    )
    assert new_cell.status_code == 422  # cells of a compound may not overlap
    assert "overlaps grid cell" in new_cell.json()["detail"]
