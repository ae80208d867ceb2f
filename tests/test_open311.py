"""Open311 GeoReport v2: the answers against the spec's field lists, in JSON and XML;
POST requests registers a complaint by the same rules; the reporter stays protected."""

from typing import Any
from xml.etree import ElementTree as ET

import psycopg
import pytest
from fastapi.testclient import TestClient

from api.vocabulary import COMPLAINT_CHANNELS
from tests.conftest import ANONYMOUS, District, build_district, count_rows

BASE = "/open311/v2"
# The spec's fields (http://wiki.open311.org/GeoReport_v2), as data.
DISCOVERY_FIELDS = {"changeset", "contact", "key_service", "endpoints"}
ENDPOINT_FIELDS = {"specification", "url", "changeset", "type", "formats"}
SERVICE_FIELDS = {
    "service_code",
    "service_name",
    "description",
    "metadata",
    "type",
    "keywords",
    "group",
}
REQUEST_FIELDS = {
    "service_request_id",
    "status",
    "status_notes",
    "service_name",
    "service_code",
    "description",
    "agency_responsible",
    "service_notice",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
    "address",
    "address_id",
    "zipcode",
    "lat",
    "long",
    "media_url",
}
CREATED_FIELDS = {"service_request_id", "service_notice", "account_id"}
REPORTER = "李秀英"
PHONE = "13812345678"


def xml(response: Any) -> ET.Element:
    assert response.headers["content-type"].startswith("application/xml"), response.text
    return ET.fromstring(response.content)


def post(client: TestClient, district: District, headers: Any, **fields: Any) -> Any:
    lon, lat = district.frame.point(200, 200)["coordinates"]
    form = {
        "service_code": "12345",
        "lat": lat,
        "long": lon,
        "description": "小区3号楼楼顶私搭乱建彩钢房",
        "address_string": "3号楼楼顶",
        "first_name": "秀英",
        "last_name": "李",
        "phone": PHONE,
        **fields,
    }
    return client.post(f"{BASE}/requests.json", data=form, headers=headers)


@pytest.fixture()
def hotline(api_key: Any) -> Any:
    return api_key("complaints:write")


def test_discovery_and_services(client: TestClient) -> None:
    body = client.get(f"{BASE}/discovery.json", headers=ANONYMOUS).json()
    assert set(body) == DISCOVERY_FIELDS
    assert set(body["endpoints"][0]) == ENDPOINT_FIELDS
    assert body["endpoints"][0]["url"].endswith("/open311/v2")
    root = xml(client.get(f"{BASE}/discovery.xml"))
    assert (
        root.tag == "discovery"
        and {e.tag for e in root.find("endpoints/endpoint")} == ENDPOINT_FIELDS
    )
    services = client.get(f"{BASE}/services.json").json()
    assert [s["service_code"] for s in services] == list(COMPLAINT_CHANNELS)
    assert all(set(s) == SERVICE_FIELDS for s in services)
    root = xml(client.get(f"{BASE}/services.xml"))
    assert root.tag == "services"
    assert [s.findtext("service_code") for s in root.findall("service")] == list(COMPLAINT_CHANNELS)
    assert {e.tag for e in root.find("service")} == SERVICE_FIELDS


def test_post_registers_a_complaint_and_get_reads_it(
    client: TestClient, district: District, hotline: Any, db: psycopg.Connection
) -> None:
    response = post(client, district, hotline)
    assert response.status_code == 201, response.text
    (created,) = response.json()
    assert set(created) == CREATED_FIELDS
    tracking = created["service_request_id"]
    row = db.execute(
        "SELECT id, channel, reporter_name, reporter_phone, community_id, status "
        "FROM complaint WHERE tracking_no = %s",
        (tracking,),
    ).fetchone()
    assert row is not None
    assert row[1:] == ("12345", REPORTER, PHONE, district.community_id, "received")
    history = client.get(f"/api/v1/complaints/{row[0]}/history").json()["events"]
    assert [e["kind"] for e in history] == ["received"]
    assert history[0]["actor"].startswith("key:")
    # Read back, in both formats, with the spec's fields, and never the reporter.
    for headers in ({}, hotline):
        one = client.get(f"{BASE}/requests/{tracking}.json", headers=headers or None)
        if headers:  # a complaints:write key may not read complaints
            assert one.status_code == 403
            continue
        (request,) = one.json()
        assert set(request) == REQUEST_FIELDS
        assert request["status"] == "open" and request["service_code"] == "12345"
        assert request["description"] == "小区3号楼楼顶私搭乱建彩钢房"
        assert abs(request["long"] - district.frame.lon0) < 0.01
        assert REPORTER not in one.text and PHONE not in one.text
    as_xml = client.get(f"{BASE}/requests/{tracking}.xml")
    root = xml(as_xml)
    assert root.tag == "service_requests"
    assert {e.tag for e in root.find("request")} == REQUEST_FIELDS
    assert root.findtext("request/service_request_id") == tracking
    assert REPORTER not in as_xml.text and PHONE not in as_xml.text


def test_post_answers_xml(client: TestClient, district: District, hotline: Any) -> None:
    lon, lat = district.frame.point(250, 250)["coordinates"]
    form = {"service_code": "web", "lat": lat, "long": lon, "description": "院内新建二层彩钢房"}
    response = client.post(f"{BASE}/requests.xml", data=form, headers=hotline)
    assert response.status_code == 201
    root = xml(response)
    assert root.tag == "service_requests"
    assert {e.tag for e in root.find("request")} == CREATED_FIELDS
    assert root.findtext("request/service_request_id", "").startswith("TS-")


def test_post_refusals_write_nothing(
    client: TestClient, district: District, api_key: Any, hotline: Any, db: psycopg.Connection
) -> None:
    before = count_rows(db, "complaint")
    assert post(client, district, ANONYMOUS).status_code == 401
    assert post(client, district, api_key("read")).status_code == 403
    short = post(client, district, hotline, description="违建")
    assert short.status_code == 422 and "description" in short.json()["detail"]
    unknown = post(client, district, hotline, service_code="pigeon")
    assert unknown.status_code == 422 and "service_code" in unknown.json()["detail"]
    outside = post(client, district, hotline, lat=0.5, long=0.5)
    assert outside.status_code == 422 and "outside the district" in outside.json()["detail"]
    assert count_rows(db, "complaint") == before


def test_get_requests_filters_and_scope(
    client: TestClient, district: District, frame: Any, hotline: Any, login_as: Any
) -> None:
    first = post(client, district, hotline).json()[0]["service_request_id"]
    second = post(client, district, hotline, service_code="letter").json()[0]["service_request_id"]
    other = build_district(client, type(frame)(frame.lon0 + 0.01, frame.lat0), "别处")
    third = post(client, other, hotline).json()[0]["service_request_id"]

    def ids(headers: Any = None, **params: Any) -> set[str]:
        response = client.get(f"{BASE}/requests.json", params=params, headers=headers)
        assert response.status_code == 200, response.text
        return {r["service_request_id"] for r in response.json()}

    ours = {first, second, third}
    assert ids() >= ours
    assert ids(service_request_id=f"{first},{third}") == {first, third}
    assert ids(service_code="letter") & ours == {second}
    assert ids(status="open") & ours == ours
    assert ids(status="closed") & ours == set()
    assert ids(end_date="2020-01-01T00:00:00+08:00") & ours == set()
    assert ids(start_date="2020-01-01T00:00:00Z") & ours == ours
    inspector = login_as("inspector", [district.community_id])
    assert ids(inspector) & ours == {first, second}
    missing = client.get(f"{BASE}/requests/{third}.json", headers=inspector)
    assert missing.status_code == 404
    assert client.get(f"{BASE}/requests.json?status=done").status_code == 400
    assert client.get(f"{BASE}/requests.json?start_date=yesterday").status_code == 400
    assert client.get(f"{BASE}/requests.json?service_code=pigeon").status_code == 400
    assert client.get(f"{BASE}/requests.json?colour=red").status_code == 400
