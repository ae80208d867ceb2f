"""On the demo district, the violations' versions (migration 0009) agree with a replay of
the event history — the way the grid figures and the monthly report were replayed before
the versions — at every month end of the campaign: status, grid cell and footprint area.

This is the check of the backfill the migration describes; the replay below is written
here, independently of the migration's SQL."""

from datetime import date

import psycopg
import pytest

from api.db.chains import counts, verify
from demo import load_demo
from tests.demo_db import demo_database, drop_database, fresh_database, settings_for


@pytest.fixture(scope="module")
def conn(tmp_path_factory: pytest.TempPathFactory):
    name = demo_database("demo_versions")
    url = fresh_database(name)
    load_demo(settings_for(url, tmp_path_factory.mktemp("photos")), scale=1, seed=7, photos=False)
    with psycopg.connect(url) as connection:
        yield connection
    drop_database(name)


# Each violation as the event history has it at %(t)s: its last status then (not deleted
# by then), and its grid cell and footprint with every later change undone.
REPLAY = """
SELECT v.id, s.to_status,
       CASE WHEN g.diff IS NULL THEN v.grid_id ELSE (g.diff -> 'grid_id' ->> 0)::bigint END,
       round(CASE WHEN f.old IS NULL THEN v.mapped_area_m2
                  ELSE ST_Area(ST_SetSRID(ST_GeomFromGeoJSON(f.old), 4326)::geography) END
             ::numeric, 2)
FROM violation v
JOIN LATERAL (
    SELECT e.kind, e.to_status FROM violation_event e
    WHERE e.violation_id = v.id AND e.to_status IS NOT NULL AND e.at <= %(t)s
    ORDER BY e.at DESC, e.id DESC LIMIT 1
) s ON s.kind <> 'deleted'
LEFT JOIN LATERAL (
    SELECT e.diff FROM violation_event e
    WHERE e.violation_id = v.id AND e.diff ? 'grid_id' AND e.at > %(t)s
    ORDER BY e.at, e.id LIMIT 1
) g ON true
LEFT JOIN LATERAL (
    SELECT e.diff -> 'geom' ->> 0 AS old FROM violation_event e
    WHERE e.violation_id = v.id AND e.diff ? 'geom' AND e.at > %(t)s
    ORDER BY e.at, e.id LIMIT 1
) f ON true
"""
VERSIONS = """
SELECT violation_id, status, grid_id, round(mapped_area_m2::numeric, 2)
FROM violation_version WHERE valid @> %(t)s::timestamptz
"""
MONTH_ENDS = [
    date(2019 + (m // 12), m % 12 + 1, 1).isoformat() + "T00:00:00+08:00"
    for m in range(7, 7 + 19)  # 2019-08-01 … 2021-02-01
]


@pytest.mark.parametrize("t", MONTH_ENDS)
def test_versions_agree_with_the_history(conn, t):
    replayed = set(conn.execute(REPLAY, {"t": t}).fetchall())
    versions = set(conn.execute(VERSIONS, {"t": t}).fetchall())
    assert replayed, "the demo has violations by then"
    assert versions == replayed


def test_the_loaded_histories_are_whole_chains(conn) -> None:
    """The loader's COPY goes through the chain triggers (migration 0012): every history
    it wrote verifies clean, and it wrote some."""
    assert verify(conn) == []
    sizes = counts(conn)
    assert sizes["violation_event"] > 1000 and sizes["complaint_event"] > 0, sizes
    conn.rollback()
