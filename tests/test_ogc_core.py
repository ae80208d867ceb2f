"""OGC API – Features Part 1 under /ogc: landing page, conformance, the API definition,
collections with their extents, items with paging, bbox, datetime and the declared
filters, single features, HTML, and refusals."""

from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.collections.registry import COLLECTIONS
from tests.complaints import REPORTER_NAME, hotline
from tests.conftest import District, created, feature
from tests.test_households import household
from tests.test_sweeps import sweep

OGC = "/ogc"
LAYERS = ("communities", "compounds", "grids", "households", "violations", "sweeps", "complaints")
JSON = {"Accept": "application/json"}


def get(client: TestClient, path: str, **params: Any) -> Any:
    response = client.get(OGC + path, params=params, headers=JSON)
    assert response.status_code == 200, response.text
    return response


def items(client: TestClient, path: str, **params: Any) -> dict[str, Any]:
    response = get(client, f"/collections/{path}/items", **params)
    assert response.headers["content-type"].startswith("application/geo+json")
    body: dict[str, Any] = response.json()
    return body


def ids(page: dict[str, Any]) -> list[int]:
    return [f["id"] for f in page["features"]]


def links(body: dict[str, Any]) -> dict[str, str]:
    return {link["rel"]: link["href"] for link in body["links"]}


def test_landing_page_and_conformance(client: TestClient) -> None:
    landing = get(client, "").json()
    rels = links(landing)
    for rel in ("self", "alternate", "service-desc", "service-doc", "conformance", "data"):
        assert rel in rels
    assert rels["data"].endswith("/ogc/collections")
    conformance = client.get(rels["conformance"], headers=JSON).json()["conformsTo"]
    assert "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core" in conformance
    assert "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson" in conformance


def test_the_api_definition_is_openapi_30_of_the_ogc_routes(client: TestClient) -> None:
    response = get(client, "/api")
    assert response.headers["content-type"].startswith("application/vnd.oai.openapi+json")
    document = response.json()
    assert document["openapi"] == "3.0.3"
    assert all(path.startswith("/ogc") for path in document["paths"])
    assert "/ogc/collections/violations/items" in document["paths"]
    text = response.text
    assert '"type": "null"' not in text and '"type":"null"' not in text
    items = document["paths"]["/ogc/collections/violations/items"]["get"]["parameters"]
    limit = next(p for p in items if p["name"] == "limit")["schema"]
    settings = client.app.state.settings  # type: ignore[attr-defined]
    assert limit["maximum"] == settings.max_page_size
    assert limit["default"] == settings.default_page_size


def test_every_layer_of_the_registry_is_a_collection(
    client: TestClient, district: District
) -> None:
    body = get(client, "/collections").json()
    listed = {c["id"]: c for c in body["collections"]}
    assert set(listed) == set(LAYERS) == {p for p, c in COLLECTIONS.items() if c.layer}
    for path, described in listed.items():
        assert described["itemType"] == "feature"
        assert described["title"] == COLLECTIONS[path].layer.title  # type: ignore[union-attr]
        box = described["extent"]["spatial"]["bbox"][0]
        assert len(box) == 4 and box[0] <= box[2] and box[1] <= box[3]
        rels = {link["rel"] for link in described["links"]}
        assert {"self", "items"} <= rels
        one = get(client, f"/collections/{path}").json()
        assert one["id"] == path
    communities = listed["communities"]["extent"]["spatial"]["bbox"][0]
    lon, lat = district.frame.lon0, district.frame.lat0
    assert communities[0] <= lon <= communities[2] and communities[1] <= lat <= communities[3]
    assert "temporal" in listed["violations"]["extent"]
    assert "temporal" not in listed["communities"]["extent"]


def test_paging_with_next_and_prev_links(
    client: TestClient, district: District, make_violation: Any
) -> None:
    made = [make_violation((120 + 20 * i, 120, 130 + 20 * i, 130))["id"] for i in range(5)]
    first = items(client, "violations", community_id=district.community_id, limit=2)
    assert first["numberMatched"] == 5 and first["numberReturned"] == 2
    assert "prev" not in links(first)
    seen = ids(first)
    page = first
    while "next" in links(page):
        page = client.get(links(page)["next"], headers=JSON).json()
        assert "prev" in links(page)
        seen += ids(page)
    assert seen == made
    assert page["numberReturned"] == 1


def test_bbox_and_declared_filters(
    client: TestClient, district: District, make_violation: Any
) -> None:
    west = make_violation((120, 120, 130, 130))["id"]
    east = make_violation((420, 120, 430, 130), found_date="2019-09-01")["id"]
    lon0, lat0 = district.frame.point(110, 110)["coordinates"]
    lon1, lat1 = district.frame.point(200, 200)["coordinates"]
    box = f"{lon0},{lat0},{lon1},{lat1}"
    assert ids(items(client, "violations", bbox=box)) == [west]
    mine = {"community_id": district.community_id}
    assert ids(items(client, "violations", found_from="2019-08-01", **mine)) == [east]
    assert ids(items(client, "violations", found_to="2019-08-01", **mine)) == [west]
    assert ids(items(client, "violations", status="verified", **mine)) == []
    assert ids(items(client, "violations", status="registered", **mine)) == [west, east]


def test_datetime_on_a_violations_found_date_and_a_sweeps_time(
    client: TestClient, district: District, make_violation: Any
) -> None:
    july = make_violation(found_date="2019-07-20")["id"]
    august = make_violation((140, 140, 150, 150), found_date="2019-08-03")["id"]
    mine = {"community_id": district.community_id}
    assert ids(items(client, "violations", datetime="2019-07-20T12:00:00+08:00", **mine)) == [july]
    assert ids(items(client, "violations", datetime="2019-08-01/..", **mine)) == [august]
    assert ids(items(client, "violations", datetime="../2019-07-31T23:00:00Z", **mine)) == [july]
    both = "2019-07-01T00:00:00+08:00/2019-08-31T00:00:00+08:00"
    assert ids(items(client, "violations", datetime=both, **mine)) == [july, august]
    swept = created(
        client.post(
            "/api/v1/sweeps",
            json=feature(
                district.rect(100, 100, 300, 300),
                **sweep(started_at="2019-09-02T14:00:00", ended_at="2019-09-02T16:00:00"),
            ),
        )
    )["id"]
    # The sweep spans 14:00–16:00 (campaign time): an instant inside it meets it.
    during = items(client, "sweeps", datetime="2019-09-02T15:00:00+08:00", **mine)
    assert ids(during) == [swept]
    after = items(client, "sweeps", datetime="2019-09-02T16:30:00+08:00", **mine)
    assert ids(after) == []


def test_one_feature_and_its_links(client: TestClient, make_violation: Any) -> None:
    made = make_violation()
    response = get(client, f"/collections/violations/items/{made['id']}")
    assert response.headers["content-type"].startswith("application/geo+json")
    body = response.json()
    assert body["id"] == made["id"] and body["type"] == "Feature"
    assert {"self", "collection"} <= set(links(body))
    assert body["geometry"] == made["geometry"]
    for missing in ("987654321", "abc"):
        answer = client.get(f"{OGC}/collections/violations/items/{missing}", headers=JSON)
        assert answer.status_code == 404
        assert answer.headers["content-type"] == "application/problem+json"


def test_households_are_points_and_only_those_with_one(
    client: TestClient, district: District
) -> None:
    placed = created(
        client.post(
            "/api/v1/households",
            json=feature(district.frame.point(150, 150), **household(district)),
        )
    )["id"]
    unplaced = created(
        client.post("/api/v1/households", json=feature(None, **household(district, room="302")))
    )["id"]
    page = items(client, "households", community_id=district.community_id)
    assert ids(page) == [placed]
    assert page["features"][0]["geometry"]["type"] == "Point"
    missing = client.get(f"{OGC}/collections/households/items/{unplaced}", headers=JSON)
    assert missing.status_code == 404


def test_complaints_are_a_layer_without_reporters_even_for_the_street_office(
    client: TestClient, district: District
) -> None:
    created(client.post("/api/v1/complaints", json=hotline(district)))
    rest = client.get("/api/v1/complaints", params={"community_id": district.community_id})
    assert rest.json()["features"][0]["properties"]["reporter_name"] == REPORTER_NAME
    page = items(client, "complaints", community_id=district.community_id)
    assert page["numberMatched"] == 1
    properties = page["features"][0]["properties"]
    assert "reporter_name" not in properties and "reporter_phone" not in properties
    assert REPORTER_NAME not in str(page)


def test_grids_carry_their_current_statistics(
    client: TestClient, district: District, make_violation: Any
) -> None:
    make_violation((120, 120, 130, 130))  # 100 m² in the south-west cell
    page = items(client, "grids", community_id=district.community_id)
    cells = {f["id"]: f["properties"] for f in page["features"]}
    sw = cells[district.cells["sw"]]
    assert sw["violations_standing"] == 1
    assert sw["occupied_m2"] == pytest.approx(100, rel=0.01)
    assert cells[district.cells["ne"]]["violations_standing"] == 0
    rest = client.get(f"/api/v1/grids/{district.cells['sw']}").json()["properties"]
    assert "violations_standing" not in rest  # the REST answer is unchanged


@pytest.mark.parametrize(
    ("path", "params", "named"),
    [
        ("/collections/violations/items", {"colour": "red"}, "colour"),
        ("/collections/communities/items", {"datetime": "2019-07-20"}, "datetime"),
        ("/collections", {"limit": "5"}, "limit"),
        ("", {"x": "1"}, "x"),
    ],
)
def test_unknown_parameters_answer_400(
    client: TestClient, path: str, params: dict[str, str], named: str
) -> None:
    response = client.get(OGC + path, params=params, headers=JSON)
    assert response.status_code == 400, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["unknown"] == [named]


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({"bbox": "1,2,3"}, "bbox"),
        ({"bbox": "3,2,1,4"}, "bbox"),
        ({"datetime": "yesterday"}, "datetime"),
        ({"datetime": "2019-08-01/2019-07-01"}, "datetime"),
        ({"status": "flying"}, "status"),
        ({"limit": "0"}, "limit"),
        ({"f": "xml"}, "f"),
    ],
)
def test_bad_values_answer_400(client: TestClient, params: dict[str, str], named: str) -> None:
    response = client.get(f"{OGC}/collections/violations/items", params=params, headers=JSON)
    assert response.status_code == 400, response.text
    assert named in response.text


def test_a_limit_above_the_largest_page_answers_the_largest(
    client: TestClient, district: District, make_violation: Any
) -> None:
    make_violation()
    settings = client.app.state.settings  # type: ignore[attr-defined]
    page = items(
        client, "violations", community_id=district.community_id, limit=settings.max_page_size + 1
    )
    assert page["numberReturned"] == 1


def test_html_a_person_can_browse(
    client: TestClient, district: District, make_violation: Any
) -> None:
    made = make_violation(address="<b>东侧</b>")
    browser = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
    for path in (
        "",
        "/conformance",
        "/api",
        "/collections",
        "/collections/violations",
        "/collections/violations/queryables",
    ):
        response = client.get(OGC + path, headers=browser)
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/html")
    page = client.get(
        f"{OGC}/collections/violations/items",
        params={"community_id": district.community_id},
        headers=browser,
    )
    assert page.headers["content-type"].startswith("text/html")
    assert f"/ogc/collections/violations/items/{made['id']}?f=html" in page.text
    assert "&lt;b&gt;东侧&lt;/b&gt;" in page.text and "<b>东侧</b>" not in page.text
    assert "leaflet.js" in page.text
    one = client.get(f"{OGC}/collections/violations/items/{made['id']}", params={"f": "html"})
    assert one.headers["content-type"].startswith("text/html") and "structure_type" in one.text
    as_json = client.get(f"{OGC}/collections/violations/items", params={"f": "json"})
    assert as_json.headers["content-type"].startswith("application/geo+json")
