"""The maintained grid figures are brought up to date by the writing transaction, never
by a read; concurrent writers on one cell lose neither change; answers say when the
figures were computed."""

import threading
import time
from datetime import datetime
from typing import Any

import psycopg
from fastapi.testclient import TestClient

from api.analytics.maintained import refresh_sync
from tests.conftest import District

AFRESH = {"at": "2100-01-01", "from": "1970-01-01"}  # the same figures, computed afresh


def marks(db: psycopg.Connection, cells: list[int]) -> int:
    row = db.execute(
        "SELECT count(*) FROM grid_stat_dirty WHERE grid_id = ANY(%s)", (cells,)
    ).fetchone()
    assert row is not None
    return int(row[0])


def kept_and_fresh(client: TestClient, district: District) -> tuple[list[Any], list[Any]]:
    params = {"compound_id": district.compound_id}
    kept = client.get("/api/v1/stats/grids", params=params).json()["rows"]
    fresh = client.get("/api/v1/stats/grids", params={**params, **AFRESH}).json()["rows"]
    return kept, fresh


def demolish(conn: psycopg.Connection, violation_id: int) -> None:
    """A status change as the workflow writes it (the row and its event), by hand."""
    conn.execute(
        "UPDATE violation SET status = 'demolished', version = version + 1 WHERE id = %s",
        (violation_id,),
    )
    conn.execute(
        "INSERT INTO violation_event (violation_id, actor, kind, from_status, to_status) "
        "VALUES (%s, 'test', 'status_changed', 'registered', 'demolished')",
        (violation_id,),
    )


def test_a_write_leaves_its_cells_computed(
    client: TestClient, district: District, make_violation: Any, db: psycopg.Connection
) -> None:
    cell = district.cells["sw"]
    before = client.get(f"/api/v1/grids/{cell}/stats").json()
    make_violation((120, 120, 130, 130))
    assert marks(db, list(district.cells.values())) == 0  # refreshed before the commit
    stored = db.execute(
        "SELECT violations_standing, computed_at FROM grid_stat WHERE grid_id = %s", (cell,)
    ).fetchone()
    assert stored is not None and stored[0] == 1
    after = client.get(f"/api/v1/grids/{cell}/stats").json()
    assert after["violations_standing"] == 1
    assert datetime.fromisoformat(after["computed_at"]) == stored[1]
    assert datetime.fromisoformat(after["computed_at"]) > datetime.fromisoformat(
        before["computed_at"]
    )
    kept, fresh = kept_and_fresh(client, district)
    assert kept == fresh


def test_computed_at_is_shown_where_maintained_figures_are_served(
    client: TestClient, district: District, make_violation: Any, db: psycopg.Connection
) -> None:
    make_violation((320, 120, 330, 130))  # in cell se
    latest = db.execute(
        "SELECT max(computed_at) FROM grid_stat WHERE grid_id = ANY(%s)",
        (list(district.cells.values()),),
    ).fetchone()
    assert latest is not None
    cell = district.cells["se"]
    for path, params in (
        ("/api/v1/stats/grids", {"compound_id": district.compound_id}),
        ("/api/v1/stats/compounds", {"compound_id": district.compound_id}),
        ("/api/v1/stats/communities", {"community_id": district.community_id}),
    ):
        kept = client.get(path, params=params).json()
        assert datetime.fromisoformat(kept["computed_at"]) == latest[0], path
        fresh = client.get(path, params={**params, **AFRESH}).json()
        assert "computed_at" not in fresh, path  # computed for this request
        assert kept["rows"] == fresh["rows"], path  # the other fields as they were
        assert [set(r) for r in kept["rows"]] == [set(r) for r in fresh["rows"]]
    as_geojson = client.get(
        "/api/v1/stats/grids", params={"compound_id": district.compound_id, "f": "geojson"}
    ).json()
    assert datetime.fromisoformat(as_geojson["computed_at"]) == latest[0]
    one = client.get(f"/api/v1/grids/{cell}/stats").json()
    assert datetime.fromisoformat(one["computed_at"]) == latest[0]
    assert "computed_at" not in client.get(f"/api/v1/grids/{cell}/stats", params=AFRESH).json()


def test_reads_never_write_and_are_never_stale(
    client: TestClient, district: District, make_violation: Any, db: psycopg.Connection
) -> None:
    vid = make_violation((120, 120, 130, 130))["id"]
    cell = district.cells["sw"]
    kept_before = db.execute(
        "SELECT violations_standing, computed_at FROM grid_stat WHERE grid_id = %s", (cell,)
    ).fetchone()
    with db.transaction():
        demolish(db, vid)  # by hand: marks the cell, does not refresh it
    assert marks(db, [cell]) > 0
    read = client.get(f"/api/v1/grids/{cell}/stats").json()
    assert read["violations_standing"] == 0  # computed afresh by the reader
    kept, fresh = kept_and_fresh(client, district)
    assert kept == fresh
    # ... which wrote nothing: the mark and the stored figures are as they were.
    assert marks(db, [cell]) > 0
    assert (
        db.execute(
            "SELECT violations_standing, computed_at FROM grid_stat WHERE grid_id = %s", (cell,)
        ).fetchone()
        == kept_before
    )
    # The next write anywhere brings the marked cell up to date.
    make_violation((420, 420, 430, 430))
    assert marks(db, [cell]) == 0
    stored = db.execute(
        "SELECT violations_standing FROM grid_stat WHERE grid_id = %s", (cell,)
    ).fetchone()
    assert stored == (0,)


def test_two_writers_on_one_cell_lose_neither_change(
    client: TestClient,
    district: District,
    make_violation: Any,
    db: psycopg.Connection,
    database_url: str,
) -> None:
    first, second = (make_violation(r)["id"] for r in ((120, 120, 130, 130), (150, 150, 160, 160)))
    cell = district.cells["sw"]
    with psycopg.connect(database_url) as one, psycopg.connect(database_url) as two:
        demolish(one, first)
        refresh_sync(one)  # computed without the second change, which is not yet made

        def other() -> None:
            demolish(two, second)
            refresh_sync(two)  # must wait for the first writer, then see its change
            two.commit()

        writer = threading.Thread(target=other)
        writer.start()
        deadline = time.monotonic() + 20
        while True:
            waiting = db.execute(
                "SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s",
                (two.info.backend_pid,),
            ).fetchone()
            if waiting == ("Lock",) or time.monotonic() > deadline:
                break
            time.sleep(0.05)
        assert waiting == ("Lock",), "the second writer should wait for the first"
        one.commit()
        writer.join(20)
        assert not writer.is_alive()
    stored = db.execute(
        "SELECT violations_standing FROM grid_stat WHERE grid_id = %s", (cell,)
    ).fetchone()
    assert stored == (0,)
    assert marks(db, [cell]) == 0
    kept, fresh = kept_and_fresh(client, district)
    assert kept == fresh
