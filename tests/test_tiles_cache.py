"""Tiles cached by data version: a write inside a tile changes its ETag and content at
once; a write elsewhere leaves it; If-None-Match answers 304; repeats come from the
cache. The versions are bumped by triggers in the writing transaction."""

from typing import Any

import psycopg
from fastapi.testclient import TestClient
from psycopg import sql

from api.auth.principal import Principal, Role
from api.collections.registry import COLLECTIONS
from api.tiles.grid import margin
from api.tiles.query import tile_sql
from api.tiles.versions import versions_sql
from tests.conftest import District, build_district, feature, violation_properties
from tests.geo import Frame
from tests.test_tiles import whole
from tests.tiles import features, get_tile


def version_of(db: psycopg.Connection, community_id: int) -> int | None:
    row = db.execute(
        "SELECT version FROM data_version WHERE community_id = %s", (community_id,)
    ).fetchone()
    return None if row is None else int(row[0])


def test_a_write_bumps_its_communitys_version_in_its_transaction(
    client: TestClient, district: District, db: psycopg.Connection, make_violation: Any
) -> None:
    before = version_of(db, district.community_id)
    made = make_violation()
    after = version_of(db, district.community_id)
    assert before is not None and after is not None and after > before
    with db.transaction():  # a statement rolled back bumps nothing
        db.execute("SAVEPOINT s")
        db.execute("UPDATE violation SET notes = 'x' WHERE id = %s", (made["id"],))
        assert version_of(db, district.community_id) != after
        db.execute("ROLLBACK TO SAVEPOINT s")
    assert version_of(db, district.community_id) == after


def test_if_none_match_answers_304_and_repeats_come_from_the_cache(
    client: TestClient, district: District, make_violation: Any
) -> None:
    make_violation()
    zxy = whole(district)
    first = get_tile(client, "violations", zxy)
    etag = first.headers["etag"]
    cache = client.app.state.tile_cache  # type: ignore[attr-defined]
    hits = cache.hits
    again = get_tile(client, "violations", zxy)
    assert again.content == first.content and again.headers["etag"] == etag
    assert cache.hits == hits + 1
    unchanged = get_tile(client, "violations", zxy, **{"If-None-Match": etag})
    assert unchanged.status_code == 304
    assert unchanged.content == b"" and unchanged.headers["etag"] == etag
    stale = get_tile(client, "violations", zxy, **{"If-None-Match": '"something-else"'})
    assert stale.status_code == 200 and stale.content == first.content


def test_a_write_inside_a_tile_changes_it_at_once_and_one_elsewhere_does_not(
    client: TestClient, district: District, frame: Frame, make_violation: Any
) -> None:
    elsewhere = build_district(client, Frame(frame.lon0, frame.lat0 + 0.5))
    made = make_violation(measured_area_m2=100)
    zxy = whole(district)
    assert whole(elsewhere) != zxy
    first = get_tile(client, "violations", zxy)
    grids_first = get_tile(client, "grids", zxy)
    assert features(first.content, "violations")[made["id"]]["status"] == "registered"

    far = client.post(
        "/api/v1/violations",
        json=feature(elsewhere.rect(120, 120, 130, 130), **violation_properties()),
    )
    assert far.status_code == 201, far.text
    same = get_tile(client, "violations", zxy, **{"If-None-Match": first.headers["etag"]})
    assert same.status_code == 304
    assert get_tile(client, "grids", zxy).headers["etag"] == grids_first.headers["etag"]

    moved = client.post(
        f"/api/v1/violations/{made['id']}/transitions",
        json={"to": "verified"},
        headers={"If-Match": client.get(f"/api/v1/violations/{made['id']}").headers["etag"]},
    )
    assert moved.status_code == 200, moved.text
    after = get_tile(client, "violations", zxy, **{"If-None-Match": first.headers["etag"]})
    assert after.status_code == 200
    assert after.headers["etag"] != first.headers["etag"]
    assert features(after.content, "violations")[made["id"]]["status"] == "verified"

    second = make_violation((200, 200, 260, 260))  # the cell figures change too
    grids_after = get_tile(client, "grids", zxy)
    assert grids_after.headers["etag"] != grids_first.headers["etag"]
    occupied = features(grids_after.content, "grids")[district.cells["sw"]]["occupied_ratio"]
    assert occupied > features(grids_first.content, "grids")[district.cells["sw"]]["occupied_ratio"]
    assert second["id"] in features(get_tile(client, "violations", zxy).content, "violations")


def test_the_etag_depends_on_who_looks(
    client: TestClient, district: District, login_as: Any, api_key: Any
) -> None:
    zxy = whole(district)
    admin = get_tile(client, "grids", zxy).headers["etag"]
    viewer = get_tile(client, "grids", zxy, **login_as("viewer")).headers["etag"]
    inspector = get_tile(client, "grids", zxy, **login_as("inspector", [district.community_id]))
    assert len({admin, viewer, inspector.headers["etag"]}) == 3


def test_the_tile_and_its_versions_are_read_through_the_spatial_index(
    db: psycopg.Connection, district: District
) -> None:
    """The envelope is transformed into the data's CRS, so the geometry's GiST index can
    pick the rows (the planner is told to avoid a sequential scan where it can)."""
    admin = Principal(name="admin", role=Role.ADMIN, permissions=frozenset())
    zxy = dict(zip("zxy", whole(district), strict=True))
    with db.transaction():
        db.execute("SET LOCAL enable_seqscan = off")
        for name, index in (("violations", "violation_geom_idx"), ("grids", "grid_cell_geom_idx")):
            statement, params = tile_sql(COLLECTIONS[name], admin, **zxy)
            plan = db.execute(sql.SQL("EXPLAIN ") + statement, params).fetchall()
            assert index in "\n".join(row[0] for row in plan), name
            statement, params = versions_sql(COLLECTIONS[name], admin)
            plan = db.execute(
                sql.SQL("EXPLAIN ") + statement, {**params, **zxy, "margin": margin()}
            ).fetchall()
            text = "\n".join(row[0] for row in plan)
            assert index in text and "community_geom_idx" in text, name
