"""A complaint follows the places it lies in: redrawing or drawing a compound (or a
community) places the complaints in the changed area again, with an event saying what
moved; a redraw that would leave a complaint outside every community is refused and
changes nothing; a compound holding complaints cannot be deleted."""

from typing import Any

from fastapi.testclient import TestClient

from tests.complaints import PATH, hotline
from tests.conftest import District, created, feature


def redraw(client: TestClient, kind: str, record_id: int, geometry: dict[str, Any]) -> Any:
    version = client.get(f"/api/v1/{kind}/{record_id}").headers["etag"]
    return client.patch(
        f"/api/v1/{kind}/{record_id}",
        json={"type": "Feature", "geometry": geometry},
        headers={"If-Match": version},
    )


def place(client: TestClient, cid: int) -> tuple[int | None, int | None]:
    props = client.get(f"{PATH}/{cid}").json()["properties"]
    return props["community_id"], props["compound_id"]


def updates(client: TestClient, cid: int) -> list[dict[str, Any]]:
    events = client.get(f"{PATH}/{cid}/history").json()["events"]
    return [e for e in events if e["kind"] == "updated"]


def test_redrawing_and_drawing_compounds_places_complaints_again(
    client: TestClient, district: District
) -> None:
    # At (600, 300): in the community, beside its compound (100..500).
    cid = created(client.post(PATH, json=hotline(district, 600, 300)))["id"]
    assert place(client, cid) == (district.community_id, None)

    grown = redraw(client, "compounds", district.compound_id, district.rect(100, 100, 700, 500))
    assert grown.status_code == 200, grown.text
    assert place(client, cid) == (district.community_id, district.compound_id)
    [event] = updates(client, cid)
    assert event["diff"] == {"compound_id": [None, district.compound_id]}
    assert f"compound {district.compound_id} was drawn or redrawn" in event["reason"]

    shrunk = redraw(client, "compounds", district.compound_id, district.rect(100, 100, 500, 500))
    assert shrunk.status_code == 200, shrunk.text
    assert place(client, cid) == (district.community_id, None)
    assert updates(client, cid)[-1]["diff"] == {"compound_id": [district.compound_id, None]}

    # A new compound drawn around it takes it; a complaint elsewhere is not touched.
    other = created(client.post(PATH, json=hotline(district, 900, 900)))["id"]
    new = created(
        client.post(
            "/api/v1/compounds",
            json=feature(
                district.rect(550, 200, 800, 450),
                community_id=district.community_id,
                code=f"K2-{district.compound_id}",
                name="新画小区",
            ),
        )
    )
    assert place(client, cid) == (district.community_id, new["id"])
    assert place(client, other) == (district.community_id, None)
    assert updates(client, other) == []

    # And holds on to it: a compound with complaints is not deleted from under them.
    refused = client.delete(f"/api/v1/compounds/{new['id']}", params={"reason": "画错了"})
    assert refused.status_code == 409, refused.text
    assert "complaints" in refused.json()["detail"]
    assert place(client, cid) == (district.community_id, new["id"])


def test_a_redraw_leaving_a_complaint_outside_the_district_is_refused(
    client: TestClient, district: District
) -> None:
    cid = created(client.post(PATH, json=hotline(district, 900, 900)))["id"]
    before = client.get(f"/api/v1/communities/{district.community_id}").json()["geometry"]
    refused = redraw(client, "communities", district.community_id, district.rect(0, 0, 800, 800))
    assert refused.status_code == 409, refused.text
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert "complaint" in refused.json()["detail"] and str(cid) in refused.json()["detail"]
    after = client.get(f"/api/v1/communities/{district.community_id}").json()["geometry"]
    assert after == before
    assert place(client, cid) == (district.community_id, None)
    assert updates(client, cid) == []
