"""One file per household (一户一档), as JSON and as a zip with the photos."""

import io
import json
import zipfile
from typing import Any

from fastapi.testclient import TestClient

from tests.conftest import District, build_district, feature
from tests.geo import Frame
from tests.test_workflow import after_photo, move


def household_with_a_violation(
    client: TestClient, district: District, make_violation: Any
) -> tuple[int, int]:
    household = client.post(
        "/api/v1/households",
        json=feature(
            district.frame.point(150, 150),
            compound_id=district.compound_id,
            building="7号楼",
            unit="1单元",
            room="102",
            party_name="钱多多",
            party_phone="10055556666",
        ),
    ).json()
    vid = make_violation(
        (120, 120, 130, 130), household_id=household["id"], party_name="钱多多", measured_area_m2=99
    )["id"]
    assert move(client, vid, to="verified").status_code == 200
    after_photo(client, vid)
    return household["id"], vid


def test_dossier(
    client: TestClient, district: District, make_violation: Any, login_as: Any
) -> None:
    hid, vid = household_with_a_violation(client, district, make_violation)
    complaint = client.post(
        "/api/v1/complaints",
        json=feature(
            district.frame.point(125, 125),
            description="7号楼旁新搭彩钢板房",
            channel="hotline",
            reporter_name="孔乙己",
            reporter_phone="10012121212",
        ),
    )
    assert complaint.status_code == 201, complaint.text
    cid = complaint.json()["id"]
    for body in (
        {"to": "assigned", "assigned_to": "admin"},
        {"to": "verified", "violation_id": vid},
    ):
        etag = client.get(f"/api/v1/complaints/{cid}").headers["etag"]
        response = client.post(
            f"/api/v1/complaints/{cid}/transitions", json=body, headers={"If-Match": etag}
        )
        assert response.status_code == 200, response.text

    file = client.get(f"/api/v1/households/{hid}/dossier")
    assert file.status_code == 200
    body = file.json()
    assert body["household"]["properties"]["party_name"] == "钱多多"
    (entry,) = body["violations"]
    assert entry["violation"]["id"] == vid
    assert [e["kind"] for e in entry["history"]][:1] == ["created"]
    assert any(e["kind"] == "complaint_linked" for e in entry["history"])
    assert [p["stage"] for p in entry["photos"]] == ["after"]
    assert [c["id"] for c in entry["complaints"]] == [cid]
    assert entry["complaints"][0]["properties"]["reporter_name"] == "孔乙己"

    viewer = client.get(f"/api/v1/households/{hid}/dossier", headers=login_as("viewer")).text
    assert "钱多多" not in viewer and "10055556666" not in viewer and "孔乙己" not in viewer
    assert "钱**" in viewer

    archive = client.get(f"/api/v1/households/{hid}/dossier.zip")
    assert archive.status_code == 200 and archive.headers["content-type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(archive.content)) as z:
        names = z.namelist()
        assert "dossier.json" in names
        photo = [n for n in names if n.startswith(f"photos/violation-{vid}/")]
        assert len(photo) == 1 and photo[0].endswith("-after.jpg")
        assert z.read(photo[0])[:2] == b"\xff\xd8"  # a JPEG
        assert json.loads(z.read("dossier.json"))["violations"][0]["violation"]["id"] == vid


def test_dossier_scoping(
    client: TestClient, district: District, make_violation: Any, login_as: Any
) -> None:
    hid, _ = household_with_a_violation(client, district, make_violation)
    insider = login_as("inspector", [district.community_id])
    assert client.get(f"/api/v1/households/{hid}/dossier", headers=insider).status_code == 200
    other = build_district(client, Frame(district.frame.lon0 + 0.02, district.frame.lat0))
    outsider = login_as("inspector", [other.community_id])
    for path in (f"/api/v1/households/{hid}/dossier", f"/api/v1/households/{hid}/dossier.zip"):
        assert client.get(path, headers=outsider).status_code == 404
    assert client.get("/api/v1/households/987654321/dossier").status_code == 404
