"""OGC API – Features Part 3 (Filtering): `filter` in CQL2 text and CQL2 JSON (parsed by
the cql2 library) over the queryables only, with bound values; S_INTERSECTS in
filter-crs; temporal comparisons; /queryables from the registry; and sortby."""

import json
from typing import Any

import psycopg
import pytest
from fastapi.testclient import TestClient
from pyproj import Transformer

from api.collections.registry import COLLECTIONS
from tests.conftest import District, build_district, count_rows
from tests.geo import Frame

ITEMS = "/ogc/collections/violations/items"
EPSG = "http://www.opengis.net/def/crs/EPSG/0/"


@pytest.fixture()
def three(make_violation: Any, district: District) -> dict[str, int]:
    """Three violations of the district: a shed, a two-floor rooftop room (the house),
    and an enclosed yard at the east gate (the kiosk)."""
    house = {"structure_type": "rooftop_room", "floors": 2, "found_date": "2019-08-05"}
    yard = {"structure_type": "enclosed_yard", "use": "business", "found_date": "2019-09-10"}
    return {
        "shed": make_violation((120, 120, 130, 130), found_date="2019-07-20")["id"],
        "house": make_violation((220, 120, 230, 130), **house)["id"],
        "kiosk": make_violation((420, 420, 430, 430), address="东门 报亭", **yard)["id"],
    }


def found(
    client: TestClient, district: District, cql: str | dict[str, Any], **params: Any
) -> list[int]:
    if isinstance(cql, dict):
        params = {"filter-lang": "cql2-json", **params}
        cql = json.dumps(cql)
    response = client.get(
        ITEMS, params={"filter": cql, "community_id": district.community_id, **params}
    )
    assert response.status_code == 200, response.text
    return [f["id"] for f in response.json()["features"]]


def test_basic_cql2_in_text(client: TestClient, district: District, three: dict[str, int]) -> None:
    shed, house, kiosk = three["shed"], three["house"], three["kiosk"]
    cases = {
        "floors = 2": [house],
        "floors >= 1 AND structure_type <> 'enclosed_yard'": [shed, house],
        "structure_type = 'enclosed_yard' OR floors > 1": [house, kiosk],
        "NOT (structure_type = 'shed')": [house, kiosk],
        "structure_type IN ('shed', 'enclosed_yard')": [shed, kiosk],
        "address LIKE '东门%'": [kiosk],
        "CASEI(structure_type) LIKE CASEI('ROOFTOP%')": [house],
        "CASEI(structure_type) IN (CASEI('SHED'), CASEI('Enclosed_Yard'))": [shed, kiosk],
        "floors BETWEEN 2 AND 3": [house],
        "ledger_no IS NULL": [shed, house, kiosk],
        "NOT ledger_no IS NULL": [],
        "found_date < DATE('2019-08-01')": [shed],  # found before
        "found_date > DATE('2019-08-01')": [house, kiosk],  # found after
        "T_AFTER(found_date, DATE('2019-09-01'))": [kiosk],
        "T_BEFORE(found_date, DATE('2019-08-05'))": [shed],
        "T_INTERSECTS(found_date, INTERVAL('2019-08-01', '2019-08-31'))": [house],
        "T_INTERSECTS(found_date, INTERVAL('..', '2019-08-31'))": [shed, house],
    }
    for cql, expected in cases.items():
        assert found(client, district, cql) == expected, cql


def test_cql2_json(client: TestClient, district: District, three: dict[str, int]) -> None:
    shed, house = three["shed"], three["house"]
    assert found(client, district, {"op": "=", "args": [{"property": "floors"}, 2]}) == [house]
    both = {
        "op": "and",
        "args": [
            {"op": "<", "args": [{"property": "found_date"}, {"date": "2019-08-10"}]},
            {"op": "in", "args": [{"property": "structure_type"}, ["shed", "kiosk"]]},
        ],
    }
    assert found(client, district, both) == [shed]
    before = {"op": "t_before", "args": [{"property": "found_date"}, {"date": "2019-08-01"}]}
    assert found(client, district, before) == [shed]


def test_s_intersects_in_crs84_and_in_another_filter_crs(
    client: TestClient, district: District, three: dict[str, int]
) -> None:
    (lon0, lat0), (lon1, lat1) = (
        district.frame.point(100, 100)["coordinates"],
        district.frame.point(250, 150)["coordinates"],
    )
    near = [three["shed"], three["house"]]
    bbox = f"S_INTERSECTS(geometry, BBOX({lon0}, {lat0}, {lon1}, {lat1}))"
    assert found(client, district, bbox) == near
    polygon = (
        f"S_INTERSECTS(geometry, POLYGON(({lon0} {lat0}, {lon1} {lat0}, {lon1} {lat1}, "
        f"{lon0} {lat1}, {lon0} {lat0})))"
    )
    assert found(client, district, polygon) == near
    lon, lat = district.frame.point(125, 125)["coordinates"]
    assert found(client, district, f"S_INTERSECTS(geometry, POINT({lon} {lat}))") == [three["shed"]]
    # The same box in CGCS2000 Gauss–Krüger CM 117°E, northing first.
    to_gk = Transformer.from_crs("OGC:CRS84", "EPSG:4548")
    n0, e0 = to_gk.transform(lon0, lat0)
    n1, e1 = to_gk.transform(lon1, lat1)
    in_gk = f"S_INTERSECTS(geometry, BBOX({n0}, {e0}, {n1}, {e1}))"
    assert found(client, district, in_gk, **{"filter-crs": f"{EPSG}4548"}) == near
    as_json = {
        "op": "s_intersects",
        "args": [{"property": "geometry"}, {"bbox": [lon0, lat0, lon1, lat1]}],
    }
    assert found(client, district, as_json) == near
    # In EPSG:4326 a point is latitude first.
    assert found(
        client, district, f"S_INTERSECTS(geometry, POINT({lat} {lon}))",
        **{"filter-crs": f"{EPSG}4326"},
    ) == [three["shed"]]  # fmt: skip


def test_sortby_queryables(client: TestClient, district: District, three: dict[str, int]) -> None:
    shed, house, kiosk = three["shed"], three["house"], three["kiosk"]
    assert found(client, district, "floors >= 1", sortby="-found_date") == [kiosk, house, shed]
    assert found(client, district, "floors >= 1", sortby="structure_type") == [kiosk, house, shed]
    assert found(client, district, "floors >= 1", sortby="-floors,+found_date") == [
        house, shed, kiosk
    ]  # fmt: skip
    refused = client.get(ITEMS, params={"sortby": "party_name"})
    assert refused.status_code == 400 and refused.json()["parameter"] == "sortby"


@pytest.mark.parametrize(
    ("cql", "lang", "says"),
    [
        ("party_name = '欧阳锋'", "cql2-text", "not a queryable"),  # personal data: never
        ("mapped_area_m2 > 1", "cql2-text", "not a queryable"),
        ("floors = 'two'", "cql2-text", "cannot be compared"),
        ("found_date > 'soon'", "cql2-text", "cannot be compared"),
        ("floors LIKE '1%'", "cql2-text", "LIKE"),
        ("floors = ", "cql2-text", "not valid cql2-text"),
        ('{"op": "=", "args": [', "cql2-json", "not valid cql2-json"),
        ("S_CROSSES(geometry, POINT(1 2))", "cql2-text", "not supported"),
        ("floors = 1 + 1", "cql2-text", "not"),
        ("S_INTERSECTS(geometry, POLYGON((1 2, 3 4)))", "cql2-text", "filter"),
    ],
)
def test_refused_filters_answer_400_and_read_nothing_else(
    client: TestClient, db: psycopg.Connection, cql: str, lang: str, says: str
) -> None:
    before = count_rows(db, "violation")
    response = client.get(ITEMS, params={"filter": cql, "filter-lang": lang})
    assert response.status_code == 400, response.text
    assert response.json()["parameter"] == "filter"
    assert says in response.json()["detail"]
    assert count_rows(db, "violation") == before


def test_values_are_bound_not_spliced(
    client: TestClient, district: District, three: dict[str, int], db: psycopg.Connection
) -> None:
    hostile = "address = 'x'' OR 1=1 --' OR address = '''; DROP TABLE violation; --'"
    response = client.get(ITEMS, params={"filter": hostile})
    assert response.status_code in (200, 400)
    if response.status_code == 200:
        assert response.json()["numberMatched"] == 0
    assert count_rows(db, "violation") >= 3
    assert found(client, district, "address = 'x'' OR 1=1 --'") == []


@pytest.mark.parametrize("path", [p for p, c in COLLECTIONS.items() if c.layer])
def test_queryables_come_from_the_registry(client: TestClient, path: str) -> None:
    response = client.get(f"/ogc/collections/{path}/queryables")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/schema+json")
    schema = response.json()
    assert set(schema["properties"]) == {"geometry", *COLLECTIONS[path].queryables}
    assert schema["additionalProperties"] is False
    for name, declared in COLLECTIONS[path].queryables.items():
        assert declared.personal is None, name
        assert "type" in schema["properties"][name]
    page = client.get(f"/ogc/collections/{path}/queryables", params={"f": "html"})
    assert page.headers["content-type"].startswith("text/html")


def test_filter_with_a_declared_filter_and_scoping(
    client: TestClient, district: District, three: dict[str, int], login_as: Any
) -> None:
    neighbour = build_district(client, Frame(district.frame.lon0 + 0.02, district.frame.lat0))
    outsider = login_as("inspector", [neighbour.community_id])
    for cql in ("floors >= 1", "floors >= 1 OR TRUE", "NOT (floors < 0)"):
        response = client.get(ITEMS, params={"filter": cql}, headers=outsider)
        assert response.status_code == 200
        assert not set(three.values()) & {f["id"] for f in response.json()["features"]}
    insider = login_as("inspector", [district.community_id])
    response = client.get(ITEMS, params={"filter": "floors >= 1 OR TRUE"}, headers=insider)
    assert set(three.values()) <= {f["id"] for f in response.json()["features"]}
