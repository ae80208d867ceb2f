"""Filters and paging of the GeoJSON collections."""

from typing import Any

from fastapi.testclient import TestClient

from tests.conftest import District


def ids(response: Any) -> list[int]:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/geo+json"
    body = response.json()
    assert body["type"] == "FeatureCollection"
    assert body["numberReturned"] == len(body["features"])
    return [f["id"] for f in body["features"]]


def test_violation_filters(client: TestClient, district: District, make_violation: Any) -> None:
    a = make_violation(
        (120, 120, 130, 130),
        built_date="2010-03-01",
        found_date="2019-07-16",
        on_ministry_ledger=True,
    )["id"]
    b = make_violation((350, 120, 360, 130), built_date="2018-09-01", found_date="2019-08-10")["id"]
    c = make_violation((350, 350, 360, 360), built_date="2017-01-01", found_date="2019-10-01")["id"]

    def get(**params: Any) -> list[int]:
        return ids(
            client.get("/api/v1/violations", params={"compound_id": district.compound_id, **params})
        )

    assert get() == [a, b, c]
    assert ids(
        client.get("/api/v1/violations", params={"community_id": district.community_id})
    ) == [a, b, c]
    assert get(grid_id=district.cells["se"]) == [b]
    assert get(ledger="new") == [b]
    assert get(ledger="stock_ministry,stock_missed") == [a, c]
    assert get(status="registered") == [a, b, c]
    assert get(status="demolished") == []
    assert get(found_from="2019-08-10") == [b, c]
    assert get(found_to="2019-08-10") == [a, b]
    assert get(found_from="2019-07-17", found_to="2019-08-10") == [b]
    assert get(built_from="2017-01-01", built_to="2017-12-31") == [c]
    # bbox around the south-east cell only, in lon/lat
    sw = district.frame.point(310, 110)["coordinates"]
    ne = district.frame.point(490, 290)["coordinates"]
    assert get(bbox=f"{sw[0]},{sw[1]},{ne[0]},{ne[1]}") == [b]


def test_paging(client: TestClient, district: District, make_violation: Any) -> None:
    made = [make_violation((120 + 15 * i, 400, 130 + 15 * i, 410))["id"] for i in range(5)]
    params = {"compound_id": district.compound_id, "limit": 2}
    page = client.get("/api/v1/violations", params=params).json()
    assert page["numberMatched"] == 5 and page["numberReturned"] == 2
    seen = [f["id"] for f in page["features"]]
    while True:
        following = [link for link in page["links"] if link["rel"] == "next"]
        if not following:
            break
        page = client.get(following[0]["href"]).json()
        seen += [f["id"] for f in page["features"]]
    assert seen == made
    assert any(link["rel"] == "prev" for link in page["links"])


def test_bad_filters_are_refused(client: TestClient) -> None:
    cases = {
        "bbox=1,2,3": "four numbers",
        "bbox=10,10,5,5": "not a lon/lat box",
        "status=gone": "unknown value(s) gone",
        "ledger=old": "choose from",
        "found_from=2019-09-01&found_to=2019-08-01": "is after",
        "limit=0": "limit",
        "limit=1000000": "largest page",
        "offset=-1": "offset",
        "compound_id=abc": "compound_id",
    }
    for query, words in cases.items():
        response = client.get(f"/api/v1/violations?{query}")
        assert response.status_code == 400, query
        assert response.headers["content-type"] == "application/problem+json"
        assert words in response.json()["detail"], (query, response.json()["detail"])


def test_place_filters(client: TestClient, district: District) -> None:
    cells = ids(client.get("/api/v1/grids", params={"compound_id": district.compound_id}))
    assert cells == sorted(district.cells.values())
    assert ids(client.get("/api/v1/compounds", params={"community_id": district.community_id})) == [
        district.compound_id
    ]
    assert ids(client.get("/api/v1/communities", params={"compound_id": district.compound_id})) == [
        district.community_id
    ]
    corner = district.frame.point(150, 150)["coordinates"]
    box = f"{corner[0]},{corner[1]},{corner[0] + 1e-5},{corner[1] + 1e-5}"
    assert ids(client.get("/api/v1/grids", params={"bbox": box})) == [district.cells["sw"]]
