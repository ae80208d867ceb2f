"""Vector tiles: features and their attributes per zoom, scoping, refusals, TileJSON."""

from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.collections.registry import COLLECTIONS
from tests.conftest import District, build_district, feature, violation_properties
from tests.geo import Frame
from tests.test_sweeps import sweep
from tests.tiles import MVT, features, get_tile, tile_of


def tile_at(district: District, x: float, y: float, z: int) -> tuple[int, int, int]:
    """The tile holding the district's point (x, y) m."""
    lon, lat = district.frame.point(x, y)["coordinates"]
    return tile_of(lon, lat, z)


def centre(district: District, z: int) -> tuple[int, int, int]:
    return tile_at(district, 300, 300, z)


def whole(district: District) -> tuple[int, int, int]:
    """The tile of the largest zoom holding the whole district (1000 × 1000 m)."""
    for z in range(16, 0, -1):
        if tile_at(district, 0, 0, z) == tile_at(district, 1000, 1000, z):
            return tile_at(district, 0, 0, z)
    raise AssertionError("no tile holds the district")


def test_violation_tile_carries_the_attributes_of_its_zoom(
    client: TestClient, district: District, make_violation: Any
) -> None:
    made = make_violation((320, 320, 340, 340), party_name="王小明", party_phone="13912345678")
    close = get_tile(client, "violations", tile_at(district, 330, 330, 16))
    assert close.status_code == 200, close.text
    assert close.headers["content-type"] == MVT
    assert close.headers["etag"].startswith('"')
    assert close.headers["cache-control"] == "private, no-cache"
    props = features(close.content, "violations")[made["id"]]
    assert props["status"] == made["properties"]["status"]
    assert props["ledger"] == made["properties"]["ledger"]
    assert props["compound_id"] == district.compound_id
    assert props["grid_id"] == district.cells["ne"]
    assert props["found_date"] == "2019-07-20"
    assert props["mapped_area_m2"] == pytest.approx(made["properties"]["mapped_area_m2"])
    assert "party_name" not in props and "party_phone" not in props

    far = get_tile(client, "violations", tile_at(district, 330, 330, 10))
    far_props = features(far.content, "violations")[made["id"]]
    assert set(far_props) == {"status", "ledger", "mapped_area_m2"}


def test_grid_tile_carries_coverage_and_occupied_ratios(
    client: TestClient, district: District, make_violation: Any
) -> None:
    response = client.post(
        "/api/v1/sweeps", json=feature(district.rect(100, 100, 300, 300), **sweep())
    )
    assert response.status_code == 201, response.text
    make_violation((120, 120, 140, 140))  # 400 m² of the sw cell's 40 000
    sw = features(get_tile(client, "grids", tile_at(district, 200, 200, 15)).content, "grids")[
        district.cells["sw"]
    ]
    ne = features(get_tile(client, "grids", tile_at(district, 400, 400, 15)).content, "grids")[
        district.cells["ne"]
    ]
    assert sw["coverage_ratio"] == pytest.approx(1.0, abs=1e-3)
    assert sw["occupied_ratio"] == pytest.approx(0.01, rel=0.01)
    assert sw["violations_standing"] == 1 and sw["sweeps"] == 1
    assert ne["coverage_ratio"] == 0 and ne["occupied_ratio"] == 0
    assert sw["code"].endswith("-sw")
    overview = features(get_tile(client, "grids", centre(district, 11)).content, "grids")
    assert set(overview[district.cells["sw"]]) == {"coverage_ratio", "occupied_ratio"}


def test_places_and_sweeps_have_tiles(client: TestClient, district: District) -> None:
    made = client.post("/api/v1/sweeps", json=feature(district.rect(250, 250, 350, 350), **sweep()))
    zxy = centre(district, 15)
    communities = features(get_tile(client, "communities", zxy).content, "communities")
    assert communities[district.community_id]["name"] == "测试社区"
    compounds = features(get_tile(client, "compounds", zxy).content, "compounds")
    assert compounds[district.compound_id]["area_m2"] == pytest.approx(160000, rel=1e-3)
    assert compounds[district.compound_id]["name"] == "测试小区"
    assert compounds[district.compound_id]["community_id"] == district.community_id
    sweeps = features(get_tile(client, "sweeps", zxy).content, "sweeps")
    assert sweeps[made.json()["id"]]["team"] == "河西社区一组"
    assert sweeps[made.json()["id"]]["started_at"] == "2019-07-20T09:00:00+08:00"


def shared_tile(a: District, b: District) -> tuple[int, int, int]:
    """The largest zoom's tile holding both districts (b east of a)."""
    for z in range(16, 0, -1):
        if tile_at(a, 0, 0, z) == tile_at(b, 1000, 1000, z):
            return tile_at(a, 0, 0, z)
    raise AssertionError("no shared tile")


def test_inspector_tiles_hold_only_their_community(
    client: TestClient, district: District, frame: Frame, make_violation: Any, login_as: Any
) -> None:
    theirs = build_district(client, Frame(frame.lon0 + 0.02, frame.lat0))
    mine = make_violation((120, 120, 130, 130))
    other = client.post(
        "/api/v1/violations",
        json=feature(theirs.rect(120, 120, 130, 130), **violation_properties()),
    )
    assert other.status_code == 201, other.text
    zxy = shared_tile(district, theirs)
    inspector = login_as("inspector", [district.community_id])
    admin_view = get_tile(client, "violations", zxy)
    inspector_view = get_tile(client, "violations", zxy, **inspector)
    assert {mine["id"], other.json()["id"]} <= set(features(admin_view.content, "violations"))
    seen = features(inspector_view.content, "violations")
    assert mine["id"] in seen and other.json()["id"] not in seen
    assert {p.get("community_id") for p in seen.values()} <= {district.community_id, None}
    communities = features(get_tile(client, "communities", zxy, **inspector).content, "communities")
    assert set(communities) == {district.community_id}
    grids = features(get_tile(client, "grids", zxy, **inspector).content, "grids")
    assert set(grids) == set(district.cells.values())
    assert inspector_view.headers["etag"] != admin_view.headers["etag"]


@pytest.mark.parametrize(
    "path",
    ["violations/23/0/0", "violations/3/8/0", "violations/3/0/8", "violations/3/-1/0"],
)
def test_tiles_out_of_range_are_refused(client: TestClient, path: str) -> None:
    response = client.get(f"/api/v1/tiles/{path}.mvt")
    assert response.status_code == 400, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert "out of range" in response.json()["detail"]


@pytest.mark.parametrize("name", ["households", "complaints", "nothing"])
def test_tiles_of_untiled_collections_are_not_found(client: TestClient, name: str) -> None:
    response = client.get(f"/api/v1/tiles/{name}/3/0/0.mvt")
    assert response.status_code == 404
    assert "violations" in response.json()["detail"]
    assert client.get(f"/api/v1/tiles/{name}/tilejson.json").status_code == 404


def test_an_empty_tile_is_empty(client: TestClient) -> None:
    response = get_tile(client, "violations", (14, 0, 0))  # the Arctic Ocean
    assert response.status_code == 200
    assert response.content == b""


def test_tilejson_names_the_tiles_and_their_fields(
    client: TestClient, district: District, login_as: Any
) -> None:
    inspector = login_as("inspector", [district.community_id])
    body = client.get("/api/v1/tiles/grids/tilejson.json", headers=inspector).json()
    assert body["tilejson"] == "3.0.0"
    assert body["tiles"] == ["http://testserver/api/v1/tiles/grids/{z}/{x}/{y}.mvt"]
    layer = body["vector_layers"][0]
    assert layer["id"] == "grids"
    assert layer["field_minzoom"]["coverage_ratio"] == 0
    assert layer["field_minzoom"]["code"] == 14
    west, south, east, north = body["bounds"]
    lon, lat = district.frame.point(300, 300)["coordinates"]
    assert west < lon < east and south < lat < north
    assert east - west < 0.01  # the inspector's own community only


def test_tile_declarations_name_known_properties_and_no_personal_data() -> None:
    tiled = {path for path, c in COLLECTIONS.items() if c.tiles is not None}
    assert tiled == {"violations", "grids", "sweeps", "compounds", "communities"}
    for path in tiled:
        collection = COLLECTIONS[path]
        assert collection.tiles is not None
        offered = {**collection.properties, **collection.tiles.extra}
        for low, names in collection.tiles.zooms.items():
            unknown = [n for n in names if n not in offered]
            assert not unknown, f"{path} at zoom {low} names {unknown}"
            personal = [n for n in names if offered[n].personal or offered[n].shown_to]
            assert not personal, f"{path} at zoom {low} carries personal data {personal}"
