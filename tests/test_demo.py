"""The demo district: sizes, the location rule, tiling, histories, sweeps, determinism.

These tests make (and drop) their own databases on the test server, so they do
not depend on other fixtures: WEIJIAN_TEST_DATABASE_URL names the server
(default postgresql://postgres@127.0.0.1:5432/weijian_test). The demo's photo files
go to temporary folders, never the repository's .data. The workflow around the
histories (write-offs, complaints, photos) is checked in test_demo_workflow.py.
"""

import math
import os
import subprocess
import sys
from collections import Counter
from datetime import date, time
from pathlib import Path

import psycopg
import pytest

from api.campaign.ledger import ledger_category
from api.db.locate import Location, locate_sync
from demo import load_demo
from tests.demo_db import demo_database, drop_database, fingerprint, fresh_database, settings_for

SEED = 2019
ROOT = Path(__file__).resolve().parents[1]
# Loads in a separate interpreter with another hash seed: nothing may depend on it.
LOAD_ELSEWHERE = (
    "import sys; from demo import load_demo; from api.settings import Settings; "
    "print(load_demo(Settings(database_url=sys.argv[1], env='test', photo_dir=sys.argv[3]), "
    "seed=int(sys.argv[2])))"
)
STATUSES = {
    "registered",
    "verified",
    "planned",
    "rectifying",
    "demolished",
    "rectified",
    "written_off",
    "dismissed",
}
# Diff keys naming something attached (a photo, a complaint, a write-off request), not a
# column of the violation: not replayed.
REFERENCES = {"photo", "complaint", "write_off_request"}
# The events that change the row, and so its version (photos, complaints and write-off
# requests do not; an approval changes it with the status move beside it).
VERSIONED = {"created", "updated", "status_changed", "ledger_changed", "deleted"}
MOVES = {  # the lifecycle (api/campaign/lifecycle.py)
    "registered": {"verified", "dismissed"},
    "verified": {"planned", "dismissed"},
    "planned": {"rectifying"},
    "rectifying": {"demolished", "rectified"},
    "demolished": {"written_off"},
    "rectified": {"written_off"},
}


@pytest.fixture(scope="module")
def photo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("demo-photos")


@pytest.fixture(scope="module")
def demo_url(photo_dir):
    name = demo_database("demo_a")
    url = fresh_database(name)
    summary = load_demo(settings_for(url, photo_dir), scale=1, seed=SEED)
    assert "Demo district loaded" in summary
    yield url
    drop_database(name)


@pytest.fixture()
def conn(demo_url):
    with psycopg.connect(demo_url) as connection:
        yield connection


def scalar(conn, query: str, *params):
    return conn.execute(query, params).fetchone()[0]


def test_counts_are_a_district(conn):
    counts = {
        t: scalar(conn, f"SELECT count(*) FROM {t}")
        for t in (
            "community",
            "compound",
            "grid_cell",
            "household",
            "violation",
            "violation_event",
            "sweep",
        )
    }
    assert counts["community"] == 10
    assert 45 <= counts["compound"] <= 80
    assert 380 <= counts["grid_cell"] <= 650
    assert 1_500 <= counts["household"] <= 6_000
    assert 2_400 <= counts["violation"] <= 3_800
    assert counts["violation_event"] > 4 * counts["violation"]
    assert 1_500 <= counts["sweep"] <= 2_600
    codes = [r[0] for r in conn.execute("SELECT code FROM community ORDER BY id")]
    assert codes[0] == "120116004001"
    cell = conn.execute(
        "SELECT g.code, c.code, g.name FROM grid_cell g "
        "JOIN compound c ON c.id = g.compound_id LIMIT 1"
    ).fetchone()
    assert cell[0].startswith(cell[1] + "-") and cell[2].startswith("第")
    lon, lat = conn.execute(
        "SELECT ST_X(c), ST_Y(c) FROM (SELECT ST_Centroid(ST_Collect(geom))"
        " AS c FROM community) AS x"
    ).fetchone()
    assert abs(lon - 117.80) < 0.01 and abs(lat - 39.25) < 0.01
    assert 5e6 < scalar(conn, "SELECT sum(area_m2) FROM community") < 14e6
    deadlines = conn.execute("SELECT min(deadline), max(deadline) FROM compound").fetchone()
    assert date(2020, 3, 1) <= deadlines[0] and deadlines[1] <= date(2020, 12, 31)


def test_every_status_ledger_and_source_present(conn, demo_url, photo_dir):
    rows = conn.execute(
        "SELECT status, ledger, found_by, built_date, on_ministry_ledger, "
        "on_survey5_ledger FROM violation"
    ).fetchall()
    assert {r[0] for r in rows} == STATUSES
    assert {r[1] for r in rows} == {"stock_ministry", "stock_survey5", "stock_missed", "new"}
    assert {"sweep", "complaint", "ledger_import"} <= {r[2] for r in rows}
    cutoff = settings_for(demo_url, photo_dir).cutoff_date
    for _, ledger, _, built, ministry, survey5 in rows:
        assert ledger == ledger_category(built, ministry, survey5, cutoff).value
    years = Counter(r[3].year for r in rows)
    assert min(years) <= 2006 and max(years) >= 2019


def test_every_violation_is_located_by_the_rule(conn):
    rows = conn.execute(
        "SELECT id, ST_AsGeoJSON(geom), grid_id, compound_id, community_id "
        "FROM violation ORDER BY id"
    ).fetchall()
    for vid, geojson, grid_id, compound_id, community_id in rows:
        assert locate_sync(conn, geojson) == Location(grid_id, compound_id, community_id), vid


def test_footprints_are_valid_sized_and_mostly_in_one_cell(conn):
    bad = scalar(
        conn,
        "SELECT count(*) FROM violation WHERE NOT ST_IsValid(geom) "
        "OR mapped_area_m2 NOT BETWEEN 5 AND 200",
    )
    assert bad == 0
    outside = scalar(
        conn,
        "SELECT count(*) FROM violation v JOIN compound c "
        "ON c.id = v.compound_id WHERE NOT ST_CoveredBy(v.geom, c.geom)",
    )
    assert outside == 0
    cells = Counter(
        r[0]
        for r in conn.execute(
            "SELECT count(*) FROM violation v JOIN grid_cell g ON ST_Intersects(g.geom, v.geom) "
            "AND ST_Area(ST_Intersection(g.geom, v.geom)) > 0 GROUP BY v.id"
        )
    )
    total = sum(cells.values())
    assert cells[1] >= 0.95 * total
    assert cells[2] >= 10  # the deliberate straddlers
    ratios = [
        float(r[0]) for r in conn.execute("SELECT measured_area_m2 / mapped_area_m2 FROM violation")
    ]
    far = [r for r in ratios if abs(r - 1) > 0.3]
    assert 5 <= len(far) <= 0.05 * len(ratios)
    assert sum(abs(r - 1) <= 0.1 + 1e-3 for r in ratios) >= 0.95 * len(ratios)
    phones = [
        r[0]
        for r in conn.execute(
            "SELECT party_phone FROM violation WHERE party_phone IS NOT NULL "
            "UNION ALL SELECT party_phone FROM household"
        )
    ]
    assert phones and all(len(p) == 11 and p.startswith("100") and p.isdigit() for p in phones)


def test_fields_agree_with_status(conn):
    rows = conn.execute(
        "SELECT status, plan_measure, plan_deadline, demolished_on, "
        "demolished_area_m2, mapped_area_m2, household_id FROM violation"
    )
    rows = rows.fetchall()
    for status, measure, deadline, on, area, mapped, _ in rows:
        planned = status not in ("registered", "verified", "dismissed")
        assert (measure is not None) == planned and (deadline is not None) == planned
        assert (on is None) == (area is None)
        if status == "demolished":
            assert on is not None
        if status in ("registered", "verified", "planned", "rectifying", "rectified", "dismissed"):
            assert on is None
        if status == "rectified":
            assert measure == "rectify"
        if area is not None:
            assert float(area) <= mapped
    assert sum(r[6] is not None for r in rows) > 0.7 * len(rows)
    mismatched = scalar(
        conn,
        "SELECT count(*) FROM violation v JOIN household h "
        "ON h.id = v.household_id WHERE h.compound_id <> v.compound_id",
    )
    assert mismatched == 0


def test_histories_replay_to_the_stored_rows(conn, demo_url, photo_dir):
    zone = settings_for(demo_url, photo_dir).zone
    stored = {
        r[0]: r
        for r in conn.execute(
            "SELECT id, status, status_changed_at, created_at, deleted_at, measured_area_m2, "
            "use, party_phone, ledger, plan_measure, grid_id, version FROM violation"
        )
    }
    events: dict[int, list] = {}
    for row in conn.execute(
        "SELECT violation_id, at, kind, from_status, to_status, diff "
        "FROM violation_event ORDER BY violation_id, at, id"
    ):
        events.setdefault(row[0], []).append(row[1:])
    assert set(events) == set(stored)
    kinds = Counter(e[1] for evs in events.values() for e in evs)
    for kind in (
        "created",
        "updated",
        "status_changed",
        "ledger_changed",
        "deleted",
        "write_off_requested",
        "write_off_approved",
        "write_off_rejected",
        "photo_added",
        "complaint_linked",
    ):
        assert kinds[kind] > 0, kind
    for vid, evs in events.items():
        (
            _,
            status,
            changed_at,
            created_at,
            deleted_at,
            measured,
            use,
            phone,
            ledger,
            measure,
            grid_id,
            version,
        ) = stored[vid]
        assert evs[0][1] == "created" and evs[0][0] == created_at
        state: dict = {}
        last_status_at, current = created_at, "registered"
        for at, kind, from_status, to_status, diff in evs:
            local = at.astimezone(zone)
            assert date(2019, 7, 15) <= local.date() <= date(2020, 12, 31), vid
            assert local.weekday() < 5 and time(8, 30) <= local.time() <= time(17, 30), vid
            for field, (old, new) in diff.items():
                if field in REFERENCES:
                    continue
                assert state.get(field) == old, (vid, field)
                state[field] = new
            if kind == "status_changed":
                assert from_status == current and to_status in MOVES[current], vid
                current, last_status_at = to_status, at
            if kind == "write_off_approved":
                following = evs[evs.index((at, kind, from_status, to_status, diff)) + 1]
                assert following[:2] == (at, "status_changed") and following[3] == "written_off"
        assert current == status == state["status"], vid
        assert changed_at == last_status_at, vid
        assert (deleted_at is not None) == (evs[-1][1] == "deleted"), vid
        if deleted_at is not None:
            assert evs[-1][0] == deleted_at
        assert math.isclose(state["measured_area_m2"], float(measured)), vid
        assert (state["use"], state.get("party_phone"), state["ledger"]) == (use, phone, ledger)
        assert state.get("plan_measure") == measure
        assert state["grid_id"] == grid_id
        assert version == sum(e[1] in VERSIONED for e in evs), vid


def test_grid_cells_tile_their_compounds(conn):
    rows = conn.execute("""
        SELECT c.id, c.area_m2, sum(g.area_m2), ST_Area(ST_Union(g.geom)::geography)
        FROM compound c JOIN grid_cell g ON g.compound_id = c.id GROUP BY c.id""").fetchall()
    for compound_id, area, cells, union in rows:
        assert abs(cells - area) <= 1e-4 * area, compound_id  # sum of cells = compound
        assert cells - union <= 1e-6 * area, compound_id  # no overlaps
    uncovered = scalar(
        conn,
        "SELECT count(*) FROM compound c JOIN community m "
        "ON m.id = c.community_id WHERE NOT ST_CoveredBy(c.geom, m.geom)",
    )
    assert uncovered == 0


def test_sweeps_cover_cells_with_metric_track_buffers(conn):
    # clipped to their compound (up to floating-point noise at the cut)
    assert (
        scalar(
            conn,
            "SELECT max(ST_Area(ST_Difference(s.geom, c.geom)::geography)) "
            "FROM sweep s JOIN compound c ON c.id = s.compound_id",
        )
        < 1e-3
    )
    share = scalar(conn, "SELECT avg((track IS NOT NULL)::int) FROM sweep")
    assert 0.2 <= share <= 0.4
    tracks = conn.execute("""
        SELECT s.area_m2, ST_Length(s.track::geography), s.sight_radius_m
        FROM sweep s JOIN compound c ON c.id = s.compound_id
        WHERE s.track IS NOT NULL
          AND ST_CoveredBy(ST_Buffer(s.track::geography, s.sight_radius_m)::geometry, c.geom)
    """).fetchall()
    assert len(tracks) >= 100
    assert all(5 <= r <= 20 for _, _, r in tracks)
    for area, length, r in tracks:
        expected = 2 * r * length + math.pi * r * r
        assert abs(area - expected) <= 0.03 * expected, (area, expected)
    coverage = [
        r[0]
        for r in conn.execute("""
        SELECT ST_Area(ST_Intersection(g.geom, ST_Union(s.geom))::geography) / g.area_m2
        FROM grid_cell g JOIN sweep s ON ST_Intersects(s.geom, g.geom)
        GROUP BY g.id, g.geom, g.area_m2""")
    ]
    full = sum(c >= 0.9999 for c in coverage)
    assert full >= 0.5 * len(coverage) and len(coverage) - full >= 10


def test_same_seed_same_data_and_replace(demo_url, photo_dir, tmp_path):
    first = fingerprint(demo_url)
    name = demo_database("demo_b")
    other = fresh_database(name)
    try:
        subprocess.run(
            [sys.executable, "-c", LOAD_ELSEWHERE, other, str(SEED), str(tmp_path)],
            env={**os.environ, "PYTHONHASHSEED": "4321"},
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        assert fingerprint(other) == first
    finally:
        drop_database(name)
    settings = settings_for(demo_url, photo_dir)
    again = load_demo(settings, scale=1, seed=SEED + 1)
    assert "already loaded" in again and "--replace" in again
    assert fingerprint(demo_url) == first
    load_demo(settings, scale=1, seed=SEED + 1, replace=True)
    assert fingerprint(demo_url) != first
    rebuilt = load_demo(settings, scale=1, seed=SEED, replace=True)
    assert "replacing" in rebuilt
    assert fingerprint(demo_url) == first  # identities restarted: the same ids again
