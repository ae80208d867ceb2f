"""Exports of 100,000 features: the peak memory (RSS) and time of each format, through
the whole ASGI app, each in a process of its own so that one format's peak does not
hide another's. The body is streamed and thrown away, as a client saving it to disk.

`python -m benchmarks.exports --child FORMAT URL` is one measurement (it prints JSON);
`run(count)` loads the features once (complaints at random points of a small area,
with Chinese text) and measures every format."""

import asyncio
import json
import os
import resource
import subprocess
import sys
import time
from urllib.parse import urlsplit

import psycopg
from fastapi.testclient import TestClient
from psycopg.conninfo import make_conninfo

from api.auth import keys
from api.exports.formats import FORMATS
from api.main import create_app
from api.migrate import upgrade
from api.settings import Settings

KEY = "wjk_bench_exports_read_pii"
KEY_NAME = "export benchmark"

LOAD = """
INSERT INTO complaint (tracking_no, received_at, channel, description, geom, address,
                       reporter_name, reporter_phone, response_deadline)
SELECT 'TS-20261201-B' || lpad(i::text, 7, '0'), now() - i * interval '1 minute', '12345',
       '小区楼顶私搭乱建彩钢房，第' || i || '号投诉', ST_SetSRID(ST_MakePoint(
       117.20 + random() * 0.05, 39.10 + random() * 0.05), 4326), '3号楼 2单元 东侧',
       '王小明', '13812345678', current_date + 15
FROM generate_series(%(start)s::int, %(count)s::int) i
"""


def bench_database() -> str:
    base = os.environ.get("WEIJIAN_TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/x")
    name = "weijian_bench_exports"
    with psycopg.connect(make_conninfo(base, dbname="postgres"), autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
    url = urlsplit(base)._replace(path=f"/{name}").geturl()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("CREATE EXTENSION IF NOT EXISTS postgis")
    upgrade(url)
    return url


async def ensure_key(settings: Settings) -> None:
    conn = await psycopg.AsyncConnection.connect(settings.database_url, autocommit=True)
    async with conn:
        cur = await conn.execute("SELECT 1 FROM api_key WHERE name = %s", (KEY_NAME,))
        if not await cur.fetchone():
            await keys.create_key(
                conn, settings.signing_key, KEY_NAME, ["read", "pii"], "bench", KEY
            )


def load(url: str, count: int) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        row = conn.execute("SELECT count(*) FROM complaint WHERE deleted_at IS NULL").fetchone()
        have = row[0] if row else 0
        if have > count:  # history is append-only: a smaller run takes a database of its own
            raise SystemExit(f"weijian_bench_exports holds {have} complaints: drop it first")
        if have < count:
            conn.execute(LOAD, {"start": have + 1, "count": count})
            conn.execute("ANALYZE complaint")


def child(suffix: str, url: str) -> None:
    settings = Settings(database_url=url, env="test")
    with TestClient(create_app(settings)) as client:
        key = {"X-API-Key": KEY}
        client.get("/api/v1/exports/complaints.csv?status=closed", headers=key)  # warm up
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        started = time.perf_counter()
        size = 0
        with client.stream("GET", f"/api/v1/exports/complaints.{suffix}", headers=key) as r:
            assert r.status_code == 200, r.read()
            for chunk in r.iter_bytes():
                size += len(chunk)
        seconds = time.perf_counter() - started
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"before": before // 1024, "peak": peak // 1024, "s": seconds, "size": size}))


def run(count: int) -> str:
    url = bench_database()
    asyncio.run(ensure_key(Settings(database_url=url, env="test")))
    load(url, count)
    lines = [
        f"## Exports of {count:,} features",
        "",
        f"`GET /api/v1/exports/complaints.{{format}}` of {count:,} complaints (points, Chinese "
        "text), through the ASGI app, each format in a process of its own; the body streamed "
        "and discarded. RSS in MB: after start-up and a small export (*before*), and the peak "
        "of the process (*peak*).",
        "",
        "| format | size (MB) | seconds | RSS before | RSS peak | growth |",
        "|---|---|---|---|---|---|",
    ]
    for suffix in FORMATS:
        out = subprocess.run(
            [sys.executable, "-m", "benchmarks.exports", "--child", suffix, url],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        m = json.loads(out.strip().splitlines()[-1])
        lines.append(
            f"| {suffix} | {m['size'] / 1e6:.1f} | {m['s']:.1f} | {m['before']} | {m['peak']} "
            f"| {m['peak'] - m['before']} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        child(sys.argv[2], sys.argv[3])
    else:
        print(run(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000))
