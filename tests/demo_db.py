"""Databases of their own for the demo tests, on the test server.

WEIJIAN_TEST_DATABASE_URL names the server (default
postgresql://postgres@127.0.0.1:5432/weijian_test); each demo test module makes and drops
its own database there (<test database>_demo_<x>), so it needs no other fixture. The
fingerprint is a digest of every generated record: the same seed must give the same one.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
from psycopg.conninfo import make_conninfo

from api.migrate import upgrade
from api.settings import Settings

SERVER_URL = os.environ.get(
    "WEIJIAN_TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/weijian_test"
)
# Named after the test database (weijian_test → weijian_test_demo_a …), so that two runs
# with different WEIJIAN_TEST_DATABASE_URL on one server never share a demo database.
_BASE = urlsplit(SERVER_URL).path.lstrip("/") or "weijian_test"


def demo_database(suffix: str) -> str:
    """The name of a demo test module's own database: `<test database>_<suffix>`."""
    return f"{_BASE}_{suffix}"


def fresh_database(name: str) -> str:
    """Drop and create `name` on the test server, with PostGIS and the schema; its URL."""
    admin = make_conninfo(SERVER_URL, dbname="postgres")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    url = urlsplit(SERVER_URL)._replace(path=f"/{name}").geturl()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("CREATE EXTENSION IF NOT EXISTS postgis")
    upgrade(url)
    return url


def drop_database(name: str) -> None:
    admin = make_conninfo(SERVER_URL, dbname="postgres")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def settings_for(url: str, photo_dir: Path) -> Settings:
    """Settings over `url` keeping the demo's photos in `photo_dir`."""
    return Settings(database_url=url, env="test", photo_dir=photo_dir)


CANONICAL = """
SELECT md5(string_agg(line, E'\\n' ORDER BY line)) FROM (
    SELECT concat_ws('|', 'v', v.id, encode(ST_AsEWKB(v.geom), 'hex'), v.grid_id,
                     v.compound_id, v.community_id, v.household_id, v.status, v.ledger,
                     v.built_date, v.found_date, v.found_by, v.measured_area_m2,
                     v.floor_area_m2, v.demolished_area_m2, v.demolished_on, v.plan_measure,
                     v.plan_responsible, v.plan_deadline, v.party_name, v.party_phone,
                     v.address, v.status_changed_at, v.created_at, v.deleted_at) AS line
    FROM violation v
    UNION ALL
    SELECT concat_ws('|', 'e', id, violation_id, at, actor, kind, from_status, to_status,
                     reason, diff::text) FROM violation_event
    UNION ALL
    SELECT concat_ws('|', 's', id, encode(ST_AsEWKB(geom), 'hex'), track::text,
                     sight_radius_m, inspectors::text, started_at, compound_id) FROM sweep
    UNION ALL
    SELECT concat_ws('|', 'g', id, code, encode(ST_AsEWKB(geom), 'hex')) FROM grid_cell
    UNION ALL
    SELECT concat_ws('|', 'h', id, building, unit, room, party_name, party_phone,
                     encode(ST_AsEWKB(geom), 'hex')) FROM household
    UNION ALL
    SELECT concat_ws('|', 'w', id, violation_id, requested_by, requested_at, evidence, state,
                     decided_by, decided_at, decision_reason) FROM write_off_request
    UNION ALL
    SELECT concat_ws('|', 'c', id, tracking_no, received_at, channel, external_ref,
                     description, encode(ST_AsEWKB(geom), 'hex'), address, reporter_name,
                     reporter_phone, community_id, compound_id, status, status_changed_at,
                     assigned_to, assigned_at, violation_id, response_deadline, responded_at,
                     closed_at, version, created_at) FROM complaint
    UNION ALL
    SELECT concat_ws('|', 'ce', id, complaint_id, at, actor, kind, from_status, to_status,
                     reason, diff::text) FROM complaint_event
    UNION ALL
    SELECT concat_ws('|', 'p', id, sha256, owner_type, owner_id, stage, bytes, width, height,
                     taken_at, encode(ST_AsEWKB(gps), 'hex'), gps_distance_m, uploaded_by,
                     uploaded_at) FROM photo
) AS dump
"""


def fingerprint(url: str) -> str:
    with psycopg.connect(url) as conn:
        return conn.execute(CANONICAL).fetchone()[0]
