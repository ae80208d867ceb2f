"""Figures at a past moment come from the violations' versions (migration 0009): a
footprint moved, redrawn, moved on in its lifecycle or deleted after T counts at T where
and as it was — checked against an independent replay written here (Shapely + pyproj)."""

import itertools
from dataclasses import dataclass, field
from typing import Any

import psycopg
import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from shapely.geometry import box, mapping
from shapely.ops import unary_union

from tests.conftest import District, build_district, created, feature, violation_properties
from tests.geo import Frame, geodesic_area

CELLS = {"sw": (100, 100), "se": (300, 100), "nw": (100, 300), "ne": (300, 300)}  # 200 m each


def moment(db: psycopg.Connection) -> str:
    """Now, as the database's clock has it (after the last write committed)."""
    row = db.execute("SELECT clock_timestamp()").fetchone()
    assert row is not None
    return row[0].isoformat()


def stats(client: TestClient, grid_id: int, at: str | None = None) -> dict[str, Any]:
    response = client.get(f"/api/v1/grids/{grid_id}/stats", params={"at": at} if at else {})
    assert response.status_code == 200, response.text
    return dict(response.json())


def community_standing(client: TestClient, community_id: int, at: str | None = None) -> int:
    params = {"community_id": community_id, **({"at": at} if at else {})}
    response = client.get("/api/v1/stats/communities", params=params)
    assert response.status_code == 200, response.text
    (row,) = response.json()["rows"]
    return int(row["violations_standing"])


def test_a_violation_moved_after_t_counts_where_it_was_at_t(
    client: TestClient, frame: Frame, db: psycopg.Connection
) -> None:
    here = build_district(client, frame)
    there = build_district(client, Frame(frame.lon0 + 0.02, frame.lat0))
    footprint = here.rect(120, 120, 132, 131.5)  # 12 × 11.5 m = 138 m² in here's sw cell
    vid = created(
        client.post("/api/v1/violations", json=feature(footprint, **violation_properties()))
    )["id"]
    t = moment(db)
    moved = client.patch(
        f"/api/v1/violations/{vid}",
        headers={"If-Match": '"1"'},
        json={"geometry": there.rect(150, 150, 153, 154)},
    )
    assert moved.status_code == 200 and moved.json()["properties"]["community_id"] == (
        there.community_id
    )
    area = geodesic_area(footprint)
    assert area == pytest.approx(138, rel=2e-3)

    at_t = stats(client, here.cells["sw"], t)
    assert at_t["violations_standing"] == 1
    assert at_t["occupied_m2"] == pytest.approx(area, rel=1e-3)
    assert stats(client, there.cells["sw"], t)["violations_standing"] == 0
    assert stats(client, there.cells["sw"], t)["occupied_m2"] == 0
    assert community_standing(client, here.community_id, t) == 1
    assert community_standing(client, there.community_id, t) == 0

    # Now: in the other community, with its new area.
    assert stats(client, here.cells["sw"])["violations_standing"] == 0
    now = stats(client, there.cells["sw"])
    assert now["violations_standing"] == 1
    assert now["occupied_m2"] == pytest.approx(geodesic_area(there.rect(150, 150, 153, 154)), 1e-3)
    assert community_standing(client, here.community_id) == 0
    assert community_standing(client, there.community_id) == 1


def test_each_state_is_kept_with_its_period(
    client: TestClient, district: District, db: psycopg.Connection
) -> None:
    vid = created(
        client.post(
            "/api/v1/violations",
            json=feature(district.rect(120, 120, 130, 130), **violation_properties()),
        )
    )["id"]
    client.patch(
        f"/api/v1/violations/{vid}", headers={"If-Match": '"1"'}, json={"properties": {"floors": 2}}
    )
    gone = client.delete(
        f"/api/v1/violations/{vid}", headers={"If-Match": '"2"'}, params={"reason": "登记错误"}
    )
    assert gone.status_code == 204
    rows = db.execute(
        "SELECT status, lower(valid), upper(valid) FROM violation_version "
        "WHERE violation_id = %s ORDER BY lower(valid)",
        (vid,),
    ).fetchall()
    events = db.execute(
        "SELECT at FROM violation_event WHERE violation_id = %s ORDER BY at, id", (vid,)
    ).fetchall()
    # Created, updated: two states, one after the other; the deletion closes the last.
    assert [r[0] for r in rows] == ["registered", "registered"]
    assert [r[1] for r in rows] == [events[0][0], events[1][0]]
    assert rows[0][2] == rows[1][1] and rows[1][2] == events[2][0]


# The property test: random histories through the API, figures at every moment in between
# against a replay of the same operations written here.


@dataclass
class Model:
    """The test's own record of each violation: its cell, footprint and state."""

    footprints: dict[int, tuple[str, str, Any]] = field(default_factory=dict)  # id → where
    status: dict[int, str] = field(default_factory=dict)
    version: dict[int, int] = field(default_factory=dict)

    def standing(self) -> dict[int, tuple[str, str, Any]]:
        return {
            v: where
            for v, where in self.footprints.items()
            if self.status.get(v) in ("registered", "verified")
        }


_examples = itertools.count()
# Random footprints may overlap: the duplicate guard is told they are meant.
OVERLAP_OK = {"confirm_overlap": "true"}

operations = st.lists(
    st.tuples(
        st.sampled_from(["create", "create", "move", "verify", "dismiss", "delete"]),
        st.integers(0, 10),  # which violation (mod the live ones)
        st.sampled_from(["a", "b"]),  # which district
        st.sampled_from(sorted(CELLS)),
        st.integers(0, 150),  # where in the cell (m)
        st.integers(4, 40),  # size (m)
    ),
    min_size=2,
    max_size=7,
)


@settings(
    max_examples=6,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],  # shrinking HTTP histories is slow
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(ops=operations)
def test_figures_at_every_moment_equal_an_independent_replay(
    client: TestClient, db: psycopg.Connection, ops: list
) -> None:
    base = Frame(120.0 + next(_examples) * 0.05, 35.0)  # each example on its own ground
    districts = {
        "a": build_district(client, base),
        "b": build_district(client, Frame(base.lon0 + 0.02, base.lat0)),
    }
    model = Model()
    moments: list[tuple[str, dict[int, tuple[str, str, Any]]]] = []
    for op, which, name, cell, offset, size in ops:
        live = sorted(model.footprints)
        x0, y0 = CELLS[cell]
        rect = (
            x0 + 10 + offset / 4,
            y0 + 10 + offset,
            x0 + 10 + offset / 4 + size,
            y0 + 10 + offset + size,
        )
        where = (name, cell, box(*rect))
        if op == "create" or not live:
            vid = created(
                client.post(
                    "/api/v1/violations",
                    params=OVERLAP_OK,
                    json=feature(
                        districts[name].rect(*rect), **violation_properties(measured_area_m2=10)
                    ),
                )
            )["id"]
            model.footprints[vid], model.status[vid], model.version[vid] = where, "registered", 1
        else:
            vid = live[which % len(live)]
            headers = {"If-Match": f'"{model.version[vid]}"'}
            if op == "move":
                response = client.patch(
                    f"/api/v1/violations/{vid}",
                    headers=headers,
                    params=OVERLAP_OK,
                    json={"geometry": districts[name].rect(*rect)},
                )
                assert response.status_code == 200, response.text
                model.footprints[vid] = where
            elif op in ("verify", "dismiss"):
                body = {"to": "verified"}
                if op == "dismiss":
                    body = {"to": "dismissed", "reason": "不是违建"}
                response = client.post(
                    f"/api/v1/violations/{vid}/transitions", headers=headers, json=body
                )
                if response.status_code == 409:  # not a move its status allows
                    continue
                assert response.status_code == 200, response.text
                model.status[vid] = body["to"]
            else:
                response = client.delete(
                    f"/api/v1/violations/{vid}", headers=headers, params={"reason": "登记错误"}
                )
                assert response.status_code == 204, response.text
                del model.footprints[vid]
                moments.append((moment(db), dict(model.standing())))
                continue
            model.version[vid] += 1
        moments.append((moment(db), dict(model.standing())))

    for at, standing in moments:
        for name, district in districts.items():
            for cell, grid_id in district.cells.items():
                mine = [g for (n, c, g) in standing.values() if n == name and c == cell]
                expected = 0.0
                if mine:
                    expected = geodesic_area(mapping(district.frame.lonlat(unary_union(mine))))
                figures = stats(client, grid_id, at)
                assert figures["violations_standing"] == len(mine), (at, name, cell)
                assert figures["occupied_m2"] == pytest.approx(expected, rel=1e-3, abs=0.01)
