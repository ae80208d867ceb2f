"""OGC API – Features Part 2 (CRS): crs and bbox-crs in CRS84, EPSG:4326, EPSG:4490,
EPSG:4527, EPSG:4548 and EPSG:3857, each in its own axis order, with Content-Crs —
coordinates compared with pyproj's, in the axis order the EPSG registry defines."""

from typing import Any

import pytest
from fastapi.testclient import TestClient
from pyproj import Transformer

from tests.conftest import District

EPSG = "http://www.opengis.net/def/crs/EPSG/0/"
CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
# (URI, pyproj's name for it, tolerance): pyproj answers in the CRS's own axis order.
CRSS = [
    (CRS84, "OGC:CRS84", 1e-7),
    (f"{EPSG}4326", "EPSG:4326", 1e-7),
    (f"{EPSG}4490", "EPSG:4490", 1e-7),
    (f"{EPSG}4527", "EPSG:4527", 0.01),
    (f"{EPSG}4548", "EPSG:4548", 0.01),
    (f"{EPSG}3857", "EPSG:3857", 0.01),
]
ITEMS = "/ogc/collections/violations/items"


def from_crs84(name: str) -> Transformer:
    """From longitude/latitude to the CRS, in the CRS's own axis order."""
    return Transformer.from_crs("OGC:CRS84", name)


def ring(feature: dict[str, Any]) -> list[list[float]]:
    coordinates: list[list[float]] = feature["geometry"]["coordinates"][0][0]
    return coordinates


@pytest.mark.parametrize(("uri", "name", "tolerance"), CRSS, ids=[c[1] for c in CRSS])
def test_coordinates_in_each_crs_agree_with_pyproj(
    client: TestClient, make_violation: Any, uri: str, name: str, tolerance: float
) -> None:
    made = make_violation()
    lonlat = ring(made)
    transform = from_crs84(name)
    expected = [list(transform.transform(lon, lat)) for lon, lat in lonlat]
    for path, params in (
        (f"{ITEMS}/{made['id']}", {"crs": uri}),
        (ITEMS, {"crs": uri, "community_id": made["properties"]["community_id"]}),
    ):
        response = client.get(path, params=params)
        assert response.status_code == 200, response.text
        assert response.headers["Content-Crs"] == f"<{uri}>"
        body = response.json()
        feature = body if body["type"] == "Feature" else body["features"][0]
        got = ring(feature)
        assert len(got) == len(expected)
        for point, want in zip(got, expected, strict=True):
            assert point == pytest.approx(want, abs=tolerance)


def test_axis_order_follows_each_crs(client: TestClient, make_violation: Any) -> None:
    made = make_violation()
    lon, lat = ring(made)[0]

    def first(uri: str) -> list[float]:
        feature = client.get(f"{ITEMS}/{made['id']}", params={"crs": uri}).json()
        return ring(feature)[0]

    assert first(CRS84) == pytest.approx([lon, lat])
    assert first(f"{EPSG}4326") == pytest.approx([lat, lon])  # latitude first
    assert first(f"{EPSG}4490") == pytest.approx([lat, lon])
    northing, easting = first(f"{EPSG}4548")  # northing first
    # The false easting is 500,000 m at 117°E: less to its west, more to its east.
    assert northing > 3_000_000 and (easting < 500_000) == (lon < 117)
    northing, easting = first(f"{EPSG}4527")
    # The same with zone 39's prefix: 39,500,000 m at 117°E.
    assert 38_000_000 < easting < 41_000_000 and northing > 3_000_000
    assert (easting < 39_500_000) == (lon < 117)
    x, y = first(f"{EPSG}3857")  # easting first
    assert x > 12_000_000 and 3_000_000 < y < 4_000_000


@pytest.mark.parametrize(("uri", "name", "tolerance"), CRSS, ids=[c[1] for c in CRSS])
def test_bbox_in_each_crs(
    client: TestClient,
    district: District,
    make_violation: Any,
    uri: str,
    name: str,
    tolerance: float,
) -> None:
    west = make_violation((120, 120, 130, 130))["id"]
    make_violation((420, 420, 430, 430))
    transform = from_crs84(name)
    corners = [
        transform.transform(*district.frame.point(x, y)["coordinates"])
        for x, y in ((110, 110), (110, 200), (200, 110), (200, 200))
    ]
    a = [c[0] for c in corners]
    b = [c[1] for c in corners]
    box = f"{min(a)},{min(b)},{max(a)},{max(b)}"
    response = client.get(ITEMS, params={"bbox": box, "bbox-crs": uri})
    assert response.status_code == 200, response.text
    assert [f["id"] for f in response.json()["features"]] == [west]
    # The same numbers read as another CRS's would not find it.
    if uri != CRS84:
        elsewhere = client.get(
            ITEMS,
            params={"bbox": box}
            if name != "EPSG:3857"
            else {"bbox": box, "bbox-crs": f"{EPSG}4548"},
        )
        assert elsewhere.status_code in (200, 400)
        if elsewhere.status_code == 200:
            assert west not in [f["id"] for f in elsewhere.json()["features"]]


def test_collections_list_the_crss(client: TestClient) -> None:
    described = client.get("/ogc/collections/violations").json()
    assert described["crs"] == [uri for uri, _, _ in CRSS]
    assert described["storageCrs"] == CRS84
    conformance = client.get("/ogc/conformance").json()["conformsTo"]
    assert "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs" in conformance


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({"crs": f"{EPSG}2385"}, "crs"),
        ({"crs": "EPSG:27700"}, "crs"),
        ({"bbox": "1,2,3,4", "bbox-crs": "urn:nowhere"}, "bbox-crs"),
    ],
)
def test_an_unoffered_crs_answers_400(
    client: TestClient, params: dict[str, str], named: str
) -> None:
    response = client.get(ITEMS, params=params)
    assert response.status_code == 400
    assert response.json()["parameter"] == named
    assert "EPSG/0/4548" in response.json()["detail"]  # the offer
