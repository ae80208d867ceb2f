"""Timing the grid statistics on a scaled demo district."""

import os
import statistics
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import psycopg
from fastapi.testclient import TestClient
from psycopg.conninfo import make_conninfo

from api.analytics.maintained import refresh_sync
from api.analytics.queries import ROWS
from api.main import create_app
from api.migrate import upgrade
from api.settings import Settings
from api.vocabulary import STANDING
from demo import load_demo
from demo.accounts import DEMO_KEY, ensure_demo_accounts
from spatial.analytics import Period, stats_params

# The same work, by hand: per cell, the union of standing footprints and of sweeps,
# clipped, geodesic areas; the current status, no history, no JSON.
BARE = """
SELECT g.id,
  (SELECT ST_Area(ST_Intersection(g.geom, ST_Union(v.geom))::geography) FROM violation v
   WHERE v.deleted_at IS NULL AND v.status = ANY(%(standing)s)
   AND ST_Intersects(v.geom, g.geom)),
  (SELECT count(*) FROM violation v WHERE v.grid_id = g.id AND v.deleted_at IS NULL
   AND v.status = ANY(%(standing)s)),
  (SELECT ST_Area(ST_Intersection(g.geom, ST_Union(s.geom))::geography) FROM sweep s
   WHERE s.deleted_at IS NULL AND ST_Intersects(s.geom, g.geom)
   AND (%(start)s::timestamptz IS NULL OR s.started_at >= %(start)s)
   AND (%(end)s::timestamptz IS NULL OR s.started_at < %(end)s))
FROM grid_cell g
WHERE g.deleted_at IS NULL
  AND (%(community_id)s::bigint IS NULL OR g.community_id = %(community_id)s)
"""


def bench_database(scale: int) -> str:
    """A database of its own per scale, next to the test database."""
    base = os.environ.get("WEIJIAN_TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/x")
    name = f"weijian_bench_{scale}"
    admin = make_conninfo(base, dbname="postgres")
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
    url = urlsplit(base)._replace(path=f"/{name}").geturl()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("CREATE EXTENSION IF NOT EXISTS postgis")
    upgrade(url)
    return url


def median_ms(work: Callable[[], Any], repeat: int) -> float:
    work()  # warm the caches and the plan
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def run(scale: int, repeat: int) -> str:
    url = bench_database(scale)
    settings = Settings(database_url=url, env="test")
    started = time.perf_counter()
    # No photos: tens of thousands of files at the large scales, beside the point here.
    summary = load_demo(settings, scale=scale, seed=2019, photos=False)
    load_s = time.perf_counter() - started
    ensure_demo_accounts(settings)
    with psycopg.connect(url, autocommit=True) as conn:
        counts = conn.execute(
            "SELECT (SELECT count(*) FROM grid_cell), (SELECT count(*) FROM violation), "
            "(SELECT count(*) FROM sweep), (SELECT count(*) FROM violation_event)"
        ).fetchone()
        community = conn.execute(
            "SELECT community_id, count(*) FROM grid_cell GROUP BY 1 ORDER BY 2 DESC LIMIT 1"
        ).fetchone()
        assert counts and community
        cid, community_cells = community
        with conn.transaction():
            conn.execute("INSERT INTO grid_stat_dirty (grid_id) SELECT id FROM grid_cell")
            mark = time.perf_counter()
            refresh_sync(conn)  # every cell, as after a bulk load
        full_refresh_ms = (time.perf_counter() - mark) * 1000
        rows = _measure(conn, settings, cid, repeat)
    cells, violations, sweeps, events = counts
    lines = [
        f"## Demo district at scale {scale}",
        "",
        f"{cells:,} grid cells, {violations:,} violations ({events:,} events), {sweeps:,} "
        f"sweeps; one community = community {cid} with {community_cells} cells. "
        f"Loading took {load_s:.0f} s "
        f"({'already loaded' if 'already' in summary else 'fresh load'}); recomputing every "
        f"cell's maintained figures takes {full_refresh_ms / 1000:.1f} s.",
        "",
        "| what | ours (ms) | bare PostGIS (ms) | ratio |",
        "|---|---:|---:|---:|",
    ]
    for label, ours, bare in rows:
        if bare:
            lines.append(f"| {label} | {ours:.1f} | {bare:.1f} | {ours / bare:.2f} |")
        else:
            lines.append(f"| {label} | {ours:.1f} | — | — |")
    return "\n".join(lines)


def _measure(
    conn: psycopg.Connection, settings: Settings, cid: int, repeat: int
) -> list[tuple[str, float, float]]:
    """(what, ours in ms, bare PostGIS in ms) for each figure."""
    survey = {"start": "2019-07-15T00:00:00+08:00", "end": "2019-08-16T00:00:00+08:00"}
    maintained = {
        "geometry": False,
        **stats_params(Period(None, None, None), STANDING),
        "grid_id": None,
        "compound_id": None,
        "scope": None,
    }
    live = {**maintained, "at": "2019-12-31T23:59:59+08:00", **survey}
    all_time = {"start": None, "end": None}

    def ours(source: str, params: dict[str, Any]) -> Callable[[], Any]:
        return lambda: conn.execute(ROWS["grids", source], params).fetchall()

    def bare(community: int | None, period: dict[str, Any]) -> Callable[[], Any]:
        params = {"standing": list(STANDING), "community_id": community, **period}
        return lambda: conn.execute(BARE, params).fetchall()

    results = []
    for label, community in (("one community", cid), ("whole district", None)):
        bare_all_time = median_ms(bare(community, all_time), repeat)
        results.append(
            (
                f"{label}: maintained (now, all time), SQL",
                median_ms(ours("maintained", {**maintained, "community_id": community}), repeat),
                bare_all_time,
            )
        )
        results.append(
            (
                f"{label}: live (at 2019-12-31, sweeps of the survey phase), SQL",
                median_ms(ours("live", {**live, "community_id": community}), repeat),
                median_ms(bare(community, survey), repeat),
            )
        )
        path = "/api/v1/stats/grids" + (f"?community_id={community}" if community else "")
        with TestClient(create_app(settings)) as client:
            key = {"X-API-Key": DEMO_KEY}
            results.append(
                (
                    f"{label}: maintained, HTTP GET {path}",
                    median_ms(lambda p=path, k=key: client.get(p, headers=k), repeat),
                    bare_all_time,
                )
            )
    with TestClient(create_app(settings)) as client:
        key = {"X-API-Key": DEMO_KEY}
        results.append(
            (
                "whole district: maintained, HTTP GET /api/v1/stats/grids as GeoJSON (choropleth)",
                median_ms(
                    lambda: client.get("/api/v1/stats/grids", params={"f": "geojson"}, headers=key),
                    repeat,
                ),
                0.0,
            )
        )
        results.append(
            (
                "whole district: maintained, HTTP GET /api/v1/stats/compounds",
                median_ms(lambda: client.get("/api/v1/stats/compounds", headers=key), repeat),
                0.0,
            )
        )
        cell = conn.execute("SELECT min(id) FROM grid_cell").fetchone()
        assert cell is not None

        def write_then_read() -> None:
            with conn.transaction():  # a write marks the cell and refreshes it
                conn.execute("INSERT INTO grid_stat_dirty (grid_id) VALUES (%s)", (cell[0],))
                refresh_sync(conn)
            client.get(f"/api/v1/grids/{cell[0]}/stats", headers=key)

        one_cell = BARE.replace("WHERE g.deleted_at IS NULL", "WHERE g.id = %(cell)s")
        results.append(
            (
                "one cell just written to: refresh + HTTP GET /grids/{id}/stats",
                median_ms(write_then_read, repeat),
                median_ms(
                    lambda: conn.execute(
                        one_cell,
                        {
                            "standing": list(STANDING),
                            "community_id": None,
                            "cell": cell[0],
                            **all_time,
                        },
                    ).fetchall(),
                    repeat,
                ),
            )
        )
    return results
