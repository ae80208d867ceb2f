"""Photos attached to records: EXIF time and GPS kept, the distance to the violation
checked against pyproj, files stored once by sha256, and every step in the
violation's history."""

import asyncio
import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import psycopg
import pytest
from fastapi.testclient import TestClient

from api.photos.queries import count_photos
from api.settings import Settings
from tests.conftest import District, created, feature
from tests.geo import GEOD, Frame
from tests.images import decoded, exif, files_in, jpeg, photo_app, png, upload

VIOLATION_RECT = (120, 120, 130, 130)  # metres in the district's frame


@pytest.fixture(scope="module")
def photo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("photos")


@pytest.fixture(scope="module")
def photos(settings: Settings, photo_dir: Path) -> Iterator[TestClient]:
    """The app with its photo store in a temporary folder, logged in as the admin."""
    with photo_app(settings, photo_dir) as client:
        yield client


def distance_to_footprint(lonlat: tuple[float, float], footprint: dict[str, Any]) -> float:
    """Metres from a point to a polygon's boundary along the WGS84 ellipsoid, by
    pyproj.Geod over points every few millimetres of each edge (not PostGIS)."""
    best = float("inf")
    ring = footprint["coordinates"][0]
    for (lon1, lat1), (lon2, lat2) in zip(ring, ring[1:], strict=False):
        inner = GEOD.npts(lon1, lat1, lon2, lat2, 4000)
        lons = np.array([lon1, *(p[0] for p in inner), lon2])
        lats = np.array([lat1, *(p[1] for p in inner), lat2])
        _, _, dist = GEOD.inv(
            np.full_like(lons, lonlat[0]), np.full_like(lats, lonlat[1]), lons, lats
        )
        best = min(best, float(dist.min()))
    return best


def gps_at(frame: Frame, x: float, y: float) -> tuple[float, float]:
    lon, lat = frame.point(x, y)["coordinates"]
    return lon, lat


def history(client: TestClient, violation_id: int) -> list[dict[str, Any]]:
    response = client.get(f"/api/v1/violations/{violation_id}/history")
    assert response.status_code == 200, response.text
    events: list[dict[str, Any]] = response.json()["events"]
    return events


def test_a_violation_photo_keeps_its_exif_and_is_near(
    photos: TestClient, photo_dir: Path, district: District, make_violation: Any
) -> None:
    violation = make_violation(VIOLATION_RECT)
    lonlat = gps_at(district.frame, 125, 135)  # 5 m north of the footprint
    data = jpeg(exif_data=exif("2019:07:20 09:30:15", lonlat=lonlat))
    response = upload(photos, "violation", violation["id"], data, caption="东侧彩钢板房")
    assert response.status_code == 201, response.text
    assert response.headers["content-type"] == "application/json"
    photo = response.json()
    sha = hashlib.sha256(data).hexdigest()
    assert response.headers["location"] == f"/api/v1/photos/{photo['id']}"
    assert photo["sha256"] == sha
    assert photo["owner"] == {"type": "violation", "id": violation["id"]}
    assert (photo["stage"], photo["content_type"]) == ("before", "image/jpeg")
    assert (photo["bytes"], photo["width"], photo["height"]) == (len(data), 640, 480)
    assert photo["taken_at"] == "2019-07-20T09:30:15+08:00"  # no offset: campaign time
    assert photo["gps"] == pytest.approx(list(lonlat), abs=2e-7)
    expected = distance_to_footprint(lonlat, district.rect(*VIOLATION_RECT))
    assert expected == pytest.approx(5, abs=0.05)
    assert photo["gps_distance_m"] == pytest.approx(expected, rel=0.01)
    assert photo["warnings"] == []
    assert photo["caption"] == "东侧彩钢板房" and photo["original_name"] == "IMG_0001.jpg"
    assert photo["urls"] == {
        "file": f"/api/v1/photos/{photo['id']}/file",
        "thumbnail": f"/api/v1/photos/{photo['id']}/thumbnail",
    }
    assert (photo_dir / sha[:2] / f"{sha}.jpg").read_bytes() == data
    assert decoded((photo_dir / "thumbs" / sha[:2] / f"{sha}.jpg").read_bytes()).size == (320, 240)

    added = history(photos, violation["id"])[-1]
    assert added["kind"] == "photo_added" and added["actor"] == "admin"
    assert added["diff"] == {"photo": [None, {"id": photo["id"], "sha256": sha, "stage": "before"}]}
    assert added["from_status"] is None and added["to_status"] is None
    got = photos.get(f"/api/v1/photos/{photo['id']}")
    assert got.status_code == 200
    assert got.json() == {k: v for k, v in photo.items() if k != "warnings"}


def test_a_photo_far_from_the_violation_is_kept_with_a_warning(
    photos: TestClient, district: District, make_violation: Any
) -> None:
    violation = make_violation(VIOLATION_RECT)
    lonlat = gps_at(district.frame, 125, 630)  # 500 m north
    data = jpeg(exif_data=exif("2019:07:21 10:00:00", "+09:00", lonlat=lonlat), seed=1)
    response = upload(photos, "violation", violation["id"], data, stage="during")
    assert response.status_code == 201, response.text
    photo = response.json()
    expected = distance_to_footprint(lonlat, district.rect(*VIOLATION_RECT))
    assert expected == pytest.approx(500, abs=1)
    assert photo["gps_distance_m"] == pytest.approx(expected, rel=0.01)
    assert photo["warnings"] == [
        f"the photo was taken {photo['gps_distance_m']:.0f} m from the violation (more than "
        "100 m): is it the right structure?"
    ]
    assert photo["taken_at"] == "2019-07-21T09:00:00+08:00"  # its own offset, +09:00


def test_inside_the_footprint_is_zero_and_no_gps_is_a_warning(
    photos: TestClient, district: District, make_violation: Any
) -> None:
    violation = make_violation(VIOLATION_RECT)
    inside = jpeg(exif_data=exif(lonlat=gps_at(district.frame, 125, 125)), seed=2)
    photo = upload(photos, "violation", violation["id"], inside).json()
    assert photo["gps_distance_m"] == 0 and photo["warnings"] == []
    bare = upload(photos, "violation", violation["id"], jpeg(seed=3), stage="after").json()
    assert (bare["taken_at"], bare["gps"], bare["gps_distance_m"]) == (None, None, None)
    # Accepted, with a warning: its place cannot be checked (it used to pass silently).
    (warning,) = bare["warnings"]
    assert warning.startswith("the photo carries no GPS position (EXIF)")


def test_households_and_sweeps_take_photos_too(
    photos: TestClient, district: District, frame: Frame
) -> None:
    household = created(
        photos.post(
            "/api/v1/households",
            json=feature(None, compound_id=district.compound_id, building="3号楼"),
        )
    )
    photo = upload(photos, "household", household["id"], png(), name="door.png")
    assert photo.status_code == 201, photo.text
    assert photo.json()["content_type"] == "image/png"
    assert photo.json()["gps_distance_m"] is None
    sweep = created(
        photos.post(
            "/api/v1/sweeps",
            json=feature(
                district.rect(100, 100, 300, 300),
                inspectors=["李四"],
                started_at="2019-07-20T09:00",
                ended_at="2019-07-20T11:00",
            ),
        )
    )
    far = jpeg(exif_data=exif(lonlat=gps_at(frame, 900, 900)), seed=4)
    photo = upload(photos, "sweep", sweep["id"], far, stage="during")
    assert photo.status_code == 201, photo.text
    assert photo.json()["warnings"] == [] and photo.json()["gps_distance_m"] is None
    listed = photos.get("/api/v1/photos", params={"owner_type": "sweep", "owner_id": sweep["id"]})
    assert listed.status_code == 200
    assert [p["id"] for p in listed.json()["photos"]] == [photo.json()["id"]]


def test_the_same_bytes_are_stored_once(
    photos: TestClient, photo_dir: Path, make_violation: Any
) -> None:
    violation = make_violation(VIOLATION_RECT)
    data = jpeg(seed=5)
    sha = hashlib.sha256(data).hexdigest()
    first = upload(photos, "violation", violation["id"], data).json()
    second = upload(photos, "violation", violation["id"], data, stage="after").json()
    assert first["id"] != second["id"] and first["sha256"] == second["sha256"] == sha
    stored = [p for p in files_in(photo_dir) if p.name.startswith(sha)]
    assert [p.relative_to(photo_dir).as_posix() for p in stored] == [
        f"{sha[:2]}/{sha}.jpg",
        f"thumbs/{sha[:2]}/{sha}.jpg",
    ]


def test_inspectors_upload_to_their_communities(
    photos: TestClient, district: District, make_violation: Any, login_as: Any
) -> None:
    violation = make_violation(VIOLATION_RECT)
    inspector = login_as("inspector", [district.community_id])
    response = upload(photos, "violation", violation["id"], jpeg(seed=8), headers=inspector)
    assert response.status_code == 201, response.text
    assert response.json()["uploaded_by"].startswith("inspector")


def test_removing_a_photo_keeps_its_file_and_its_history(
    photos: TestClient, photo_dir: Path, database_url: str, make_violation: Any
) -> None:
    violation = make_violation(VIOLATION_RECT)
    kept = upload(photos, "violation", violation["id"], jpeg(seed=9), stage="after").json()
    gone = upload(photos, "violation", violation["id"], jpeg(seed=10), stage="after").json()
    assert _count(database_url, violation["id"], "after") == 2
    response = photos.delete(f"/api/v1/photos/{gone['id']}", params={"reason": "拍错了房子"})
    assert response.status_code == 204
    assert _count(database_url, violation["id"], "after") == 1
    assert _count(database_url, violation["id"], "before") == 0
    listed = photos.get(
        "/api/v1/photos", params={"owner_type": "violation", "owner_id": violation["id"]}
    ).json()
    assert [p["id"] for p in listed["photos"]] == [kept["id"]]
    assert photos.get(f"/api/v1/photos/{gone['id']}").status_code == 410
    assert photos.get(gone["urls"]["file"]).status_code == 410
    again = photos.delete(f"/api/v1/photos/{gone['id']}", params={"reason": "再删一次"})
    assert again.status_code == 410
    sha = gone["sha256"]
    assert (photo_dir / sha[:2] / f"{sha}.jpg").exists()

    events = history(photos, violation["id"])
    assert [e["kind"] for e in events] == ["created", "photo_added", "photo_added", "photo_removed"]
    removed = events[-1]
    assert removed["reason"] == "拍错了房子"
    assert removed["diff"] == {"photo": [{"id": gone["id"], "sha256": sha, "stage": "after"}, None]}


def _count(database_url: str, violation_id: int, stage: str) -> int:
    """count_photos, the helper the lifecycle rules call, on its own async connection."""

    async def run() -> int:
        async with await psycopg.AsyncConnection.connect(database_url) as conn:
            return await count_photos(conn, "violation", violation_id, stage)

    return asyncio.run(run())
