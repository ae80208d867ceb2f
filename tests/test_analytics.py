"""Grid analytics on cases whose answer is known exactly."""

import json
import math
from datetime import datetime, timedelta, timezone
from typing import Any

import psycopg
import pytest
from fastapi.testclient import TestClient

from api.db.locate import locate_sync
from tests.conftest import created, feature, violation_properties
from tests.geo import Frame

CST = timezone(timedelta(hours=8))


class Cells:
    """A compound of two 100 × 100 m cells side by side: west (x 100..200) and east
    (x 200..300), y 100..200."""

    def __init__(self, client: TestClient, frame: Frame):
        self.client, self.frame = client, frame
        tag = f"A{frame.lon0:.2f}-{frame.lat0:.2f}"
        self.community = created(
            client.post(
                "/api/v1/communities",
                json=feature(frame.rect(0, 0, 1000, 1000), code=f"C{tag}", name="统计社区"),
            )
        )["id"]
        self.compound = created(
            client.post(
                "/api/v1/compounds",
                json=feature(
                    frame.rect(100, 100, 300, 200),
                    community_id=self.community,
                    code=f"K{tag}",
                    name="统计小区",
                ),
            )
        )["id"]
        self.west = created(
            client.post(
                "/api/v1/grids",
                json=feature(
                    frame.rect(100, 100, 200, 200),
                    compound_id=self.compound,
                    code=f"G{tag}-w",
                    name="西网格",
                ),
            )
        )["id"]
        self.east = created(
            client.post(
                "/api/v1/grids",
                json=feature(
                    frame.rect(200, 100, 300, 200),
                    compound_id=self.compound,
                    code=f"G{tag}-e",
                    name="东网格",
                ),
            )
        )["id"]

    def violation(self, rect: tuple[float, float, float, float]) -> int:
        response = self.client.post(
            "/api/v1/violations", json=feature(self.frame.rect(*rect), **violation_properties())
        )
        return int(created(response)["id"])

    def sweep(self, geometry: dict[str, Any], **props: Any) -> int:
        body = {
            "inspectors": ["周八"],
            "started_at": "2019-07-20T09:00",
            "ended_at": "2019-07-20T10:00",
            **props,
        }
        return int(
            created(self.client.post("/api/v1/sweeps", json=feature(geometry, **body)))["id"]
        )

    def stats(self, cell: int, **params: Any) -> dict[str, Any]:
        response = self.client.get(f"/api/v1/grids/{cell}/stats", params=params)
        assert response.status_code == 200, response.text
        return dict(response.json())


@pytest.fixture()
def cells(client: TestClient, frame: Frame) -> Cells:
    return Cells(client, frame)


def test_overlapping_footprints_count_once(cells: Cells) -> None:
    cells.violation((110, 110, 120, 120))
    cells.violation((115, 115, 125, 125))  # overlaps the first by 5 × 5 m
    stats = cells.stats(cells.west)
    assert stats["area_m2"] == pytest.approx(10_000, rel=1e-3)
    assert stats["occupied_m2"] == pytest.approx(175, rel=1e-3)
    assert stats["occupied_ratio"] == pytest.approx(0.0175, rel=1e-3)
    assert stats["violations_standing"] == 2
    assert cells.stats(cells.east)["occupied_m2"] == 0


def test_a_sweep_of_the_west_half(cells: Cells) -> None:
    cells.sweep(cells.frame.rect(100, 100, 150, 200))
    stats = cells.stats(cells.west)
    assert stats["coverage_ratio"] == pytest.approx(0.5, rel=1e-3)
    assert stats["swept_m2"] == pytest.approx(5_000, rel=1e-3)
    assert stats["sweeps"] == 1
    assert stats["last_swept_at"].startswith("2019-07-20T10:00")
    assert cells.stats(cells.east)["coverage_ratio"] == 0


def test_a_footprint_across_two_cells_is_split_by_area(cells: Cells) -> None:
    cells.violation((190, 150, 220, 160))  # 10 m west of the line, 20 m east
    west, east = cells.stats(cells.west), cells.stats(cells.east)
    assert west["occupied_m2"] == pytest.approx(100, rel=1e-3)
    assert east["occupied_m2"] == pytest.approx(200, rel=1e-3)
    # It belongs to the east cell, where most of it lies.
    assert (west["violations_standing"], east["violations_standing"]) == (0, 1)


def test_a_track_widened_by_its_sight_radius(cells: Cells) -> None:
    track = cells.frame.line((130, 150), (230, 150))  # 100 m, across both cells
    cells.sweep(track, sight_radius_m=10)
    swept = cells.stats(cells.west)["swept_m2"] + cells.stats(cells.east)["swept_m2"]
    assert swept == pytest.approx(100 * 2 * 10 + math.pi * 10**2, rel=0.01)


def insert_with_history(
    db: psycopg.Connection,
    frame: Frame,
    rect: tuple[float, float, float, float],
    events: list[tuple[str, str, str | None]],
) -> int:
    """A violation whose history is given: [(ISO time, kind, to_status)]. Written
    directly, as an import of an existing ledger would, so its times can be in 2019."""
    geometry = json.dumps(frame.rect(*rect))
    place = locate_sync(db, geometry)
    assert place is not None
    final = [e for e in events if e[2]][-1][2]
    row = db.execute(
        "INSERT INTO violation (geom, grid_id, compound_id, community_id, structure_type, "
        "built_date, found_date, found_by, ledger, status) VALUES (ST_Multi(ST_SetSRID("
        "ST_GeomFromGeoJSON(%s), 4326)), %s, %s, %s, 'shed', '2015-01-01', '2019-07-20', "
        "'sweep', 'stock_missed', %s) RETURNING id",
        (geometry, place.grid_id, place.compound_id, place.community_id, final),
    ).fetchone()
    assert row is not None
    previous = None
    for at, kind, to_status in events:
        diff = json.dumps({"geom": [None, json.loads(geometry)]}) if kind == "created" else "{}"
        db.execute(
            "INSERT INTO violation_event (violation_id, at, actor, kind, from_status, to_status, "
            "diff) VALUES (%s, %s, 'test', %s, %s, %s, %s)",
            (row[0], at, kind, previous, to_status, diff),
        )
        previous = to_status or previous
    return int(row[0])


def test_standing_follows_the_history(cells: Cells, db: psycopg.Connection) -> None:
    insert_with_history(
        db,
        cells.frame,
        (110, 110, 120, 120),
        [
            ("2019-07-20T10:00:00+08:00", "created", "registered"),
            ("2019-09-01T10:00:00+08:00", "status_changed", "verified"),
            ("2019-11-03T10:00:00+08:00", "status_changed", "demolished"),
        ],
    )

    def figures(at: str) -> tuple[float, int, float]:
        s = cells.stats(cells.west, at=at)
        return s["occupied_m2"], s["violations_standing"], s["demolished_m2"]

    assert figures("2019-07-19") == (0, 0, 0)  # not yet recorded
    occupied, standing, demolished = figures("2019-11-02")
    assert (round(occupied), standing, demolished) == (100, 1, 0)
    occupied, standing, demolished = figures("2019-11-04")
    assert (occupied, standing, round(demolished)) == (0, 0, 100)
    # The demolition day itself: at a date means the end of that day.
    assert figures("2019-11-03")[1] == 0
    assert figures("2019-11-03T09:59:00+08:00")[1] == 1
    assert cells.stats(cells.west)["violations_standing"] == 0  # now


def test_deleted_after_t_still_counts_at_t(cells: Cells, db: psycopg.Connection) -> None:
    insert_with_history(
        db,
        cells.frame,
        (150, 150, 160, 160),
        [
            ("2019-07-20T10:00:00+08:00", "created", "registered"),
            ("2019-08-10T10:00:00+08:00", "deleted", "registered"),
        ],
    )
    db.execute(
        "UPDATE violation SET deleted_at = '2019-08-10T10:00:00+08:00', deleted_by = 'test', "
        "deleted_reason = '重复' WHERE id = (SELECT max(id) FROM violation)"
    )
    assert cells.stats(cells.west, at="2019-08-01")["violations_standing"] == 1
    assert cells.stats(cells.west, at="2019-08-11")["violations_standing"] == 0


def test_a_redrawn_footprint_counts_with_its_shape_at_t(cells: Cells) -> None:
    vid = cells.violation((110, 110, 120, 120))
    before = datetime.now(CST).isoformat()
    response = cells.client.patch(
        f"/api/v1/violations/{vid}",
        headers={"If-Match": '"1"'},
        json={"geometry": cells.frame.rect(110, 110, 130, 130)},
    )
    assert response.status_code == 200
    assert cells.stats(cells.west)["occupied_m2"] == pytest.approx(400, rel=1e-3)
    assert cells.stats(cells.west, at=before)["occupied_m2"] == pytest.approx(100, rel=1e-3)


def test_sweeps_in_the_period(cells: Cells) -> None:
    cells.sweep(cells.frame.rect(100, 100, 150, 200))  # 2019-07-20
    cells.sweep(
        cells.frame.rect(150, 100, 200, 200),
        started_at="2019-09-02T09:00",
        ended_at="2019-09-02T11:00",
    )
    assert cells.stats(cells.west)["coverage_ratio"] == pytest.approx(1, rel=1e-3)
    july = cells.stats(cells.west, **{"from": "2019-07-01", "to": "2019-08-01"})
    assert july["coverage_ratio"] == pytest.approx(0.5, rel=1e-3) and july["sweeps"] == 1
    assert cells.stats(cells.west, **{"from": "2019-09-02"})["sweeps"] == 1
    assert cells.stats(cells.west, to="2019-07-20")["sweeps"] == 0  # to is exclusive


def test_gaps(cells: Cells) -> None:
    cells.sweep(cells.frame.rect(100, 100, 150, 200))
    cells.sweep(cells.frame.rect(100, 100, 199.995, 150))  # leaves a sliver 0.005 m wide
    response = cells.client.get(f"/api/v1/grids/{cells.west}/gaps")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/geo+json"
    gap = response.json()
    assert gap["geometry"]["type"] == "MultiPolygon"
    assert gap["properties"]["gap_m2"] == pytest.approx(50 * 50, rel=1e-3)  # the NE quarter
    assert len(gap["geometry"]["coordinates"]) == 1  # the sliver was dropped
    none_yet = cells.client.get(f"/api/v1/grids/{cells.east}/gaps").json()
    assert none_yet["properties"]["gap_m2"] == pytest.approx(10_000, rel=1e-3)
    cells.sweep(cells.frame.rect(200, 100, 300, 200))
    done = cells.client.get(f"/api/v1/grids/{cells.east}/gaps").json()
    assert done["geometry"] is None and done["properties"]["gap_m2"] == 0


def test_roll_ups(cells: Cells) -> None:
    cells.violation((110, 110, 120, 120))
    cells.violation((190, 150, 220, 160))
    cells.sweep(cells.frame.rect(100, 100, 250, 200))  # the whole west cell, half the east
    rows = cells.client.get("/api/v1/stats/grids", params={"compound_id": cells.compound}).json()
    by_id = {r["grid_id"]: r for r in rows["rows"]}
    assert set(by_id) == {cells.west, cells.east}
    compound = cells.client.get(
        "/api/v1/stats/compounds", params={"compound_id": cells.compound}
    ).json()["rows"]
    assert len(compound) == 1
    k = compound[0]
    assert k["area_m2"] == pytest.approx(20_000, rel=1e-3)
    assert k["occupied_m2"] == pytest.approx(400, rel=1e-3)  # 100 + 300, each once
    assert k["coverage_ratio"] == pytest.approx(0.75, rel=1e-3)  # 15,000 of 20,000 m²
    # not the average of the cells' ratios (1.0 and 0.5 → 0.75 here by chance; see
    # the community, whose area is 50 times the compound's)
    assert k["sweeps"] == 1 and k["violations_standing"] == 2
    community = cells.client.get(
        "/api/v1/stats/communities", params={"community_id": cells.community}
    ).json()["rows"][0]
    assert community["area_m2"] == pytest.approx(1_000_000, rel=1e-3)
    assert community["coverage_ratio"] == pytest.approx(15_000 / 1_000_000, rel=1e-3)
    assert community["grid_cells"] == 2


def test_choropleth_as_geojson(cells: Cells) -> None:
    response = cells.client.get(
        "/api/v1/stats/grids",
        params={"compound_id": cells.compound},
        headers={"Accept": "application/geo+json"},
    )
    assert response.headers["content-type"] == "application/geo+json"
    body = response.json()
    assert body["type"] == "FeatureCollection" and len(body["features"]) == 2
    first = body["features"][0]
    assert first["geometry"]["type"] == "MultiPolygon"
    assert {"coverage_ratio", "occupied_ratio", "code"} <= set(first["properties"])


def test_bad_periods_and_scope(cells: Cells, login_as: Any) -> None:
    bad = cells.client.get(f"/api/v1/grids/{cells.west}/stats", params={"at": "yesterday"})
    assert bad.status_code == 400 and "date" in bad.json()["detail"]
    backwards = cells.client.get(
        f"/api/v1/grids/{cells.west}/stats", params={"from": "2019-09-01", "to": "2019-08-01"}
    )
    assert backwards.status_code == 400
    stats = "/api/v1/stats/grids"
    csv = cells.client.get(stats, params={"compound_id": cells.compound, "f": "csv"})
    assert csv.status_code == 400 and "query parameter f='csv'" in csv.json()["detail"]
    rows = cells.client.get(
        stats,
        params={"compound_id": cells.compound, "f": "json"},
        headers={"Accept": "application/geo+json"},
    )
    assert rows.headers["content-type"] == "application/json" and len(rows.json()["rows"]) == 2
    assert cells.client.get("/api/v1/grids/987654321/stats").status_code == 404
    outsider = login_as("inspector", [cells.community])
    other = Cells(cells.client, Frame(cells.frame.lon0 + 0.01, cells.frame.lat0))
    assert (
        cells.client.get(f"/api/v1/grids/{other.west}/stats", headers=outsider).status_code == 404
    )
    assert cells.client.get(f"/api/v1/grids/{other.west}/gaps", headers=outsider).status_code == 404
    rows = cells.client.get("/api/v1/stats/grids", headers=outsider).json()["rows"]
    assert {r["community_id"] for r in rows} == {cells.community}
