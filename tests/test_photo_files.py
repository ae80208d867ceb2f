"""Photo files and thumbnails, served to those who may see the record they belong
to (404 to others, as for the record itself), with their sha256 as ETag."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.settings import Settings
from tests.conftest import District, created, feature
from tests.geo import Frame
from tests.images import BLUE, RED, decoded, exif, jpeg, photo_app, png, upload

VIOLATION_RECT = (120, 120, 130, 130)  # metres in the district's frame


@pytest.fixture(scope="module")
def photo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("served-photos")


@pytest.fixture(scope="module")
def photos(settings: Settings, photo_dir: Path) -> Iterator[TestClient]:
    """The app with its photo store in a temporary folder, logged in as the admin."""
    with photo_app(settings, photo_dir) as client:
        yield client


def test_the_thumbnail_is_a_small_upright_jpeg(photos: TestClient, make_violation: Any) -> None:
    violation = make_violation(VIOLATION_RECT)
    # Stored wide (left red, right blue) with orientation 6: displayed tall, red on top.
    data = jpeg(1200, 600, exif_data=exif(orientation=6), seed=6)
    photo = upload(photos, "violation", violation["id"], data).json()
    assert (photo["width"], photo["height"]) == (600, 1200)
    response = photos.get(photo["urls"]["thumbnail"])
    assert response.status_code == 200
    assert response.headers["content-type"] == "image/jpeg"
    thumbnail = decoded(response.content)
    assert thumbnail.format == "JPEG" and thumbnail.size == (160, 320)
    top = thumbnail.getpixel((80, 60))
    bottom = thumbnail.getpixel((80, 260))
    assert isinstance(top, tuple) and isinstance(bottom, tuple)
    assert abs(top[0] - RED[0]) < 40 and abs(top[2] - RED[2]) < 40
    assert abs(bottom[0] - BLUE[0]) < 40 and abs(bottom[2] - BLUE[2]) < 40


def test_the_file_is_served_with_its_sha256_as_etag(
    photos: TestClient, photo_dir: Path, make_violation: Any
) -> None:
    violation = make_violation(VIOLATION_RECT)
    data = png(64, 48)
    photo = upload(photos, "violation", violation["id"], data, name="x.png").json()
    response = photos.get(photo["urls"]["file"])
    assert response.status_code == 200
    assert response.content == data
    assert response.headers["content-type"] == "image/png"
    assert response.headers["etag"] == f'"{photo["sha256"]}"'
    assert response.headers["cache-control"].startswith("private, max-age=")
    again = photos.get(photo["urls"]["file"], headers={"If-None-Match": response.headers["etag"]})
    assert again.status_code == 304 and again.content == b""
    # A lost thumbnail is made again from the original.
    sha = photo["sha256"]
    (photo_dir / "thumbs" / sha[:2] / f"{sha}.jpg").unlink()
    remade = photos.get(photo["urls"]["thumbnail"])
    assert remade.status_code == 200 and decoded(remade.content).size == (64, 48)


def test_photos_are_shown_to_those_who_may_see_the_record(
    photos: TestClient, district: District, make_violation: Any, login_as: Any, api_key: Any
) -> None:
    violation = make_violation(VIOLATION_RECT)
    photo = upload(photos, "violation", violation["id"], jpeg(seed=7), name="王建国家.jpg").json()
    other = created(
        photos.post(
            "/api/v1/communities",
            json=feature(
                Frame(district.frame.lon0 + 0.02, district.frame.lat0).rect(0, 0, 500, 500),
                code=f"C-photo-other-{district.community_id}",
                name="邻社区",
            ),
        )
    )
    listing = f"/api/v1/photos?owner_type=violation&owner_id={violation['id']}"
    paths = (f"/api/v1/photos/{photo['id']}", photo["urls"]["file"], photo["urls"]["thumbnail"])
    allowed = {
        "admin": {},
        "inspector": login_as("inspector", [district.community_id]),
        "viewer": login_as("viewer"),
        "key_read": api_key("read"),
    }
    for role, headers in allowed.items():
        for path in (*paths, listing):
            assert photos.get(path, headers=headers).status_code == 200, (role, path)
    # Viewers see no personal data: not even the uploaded file's name.
    assert photos.get(paths[0], headers=allowed["viewer"]).json()["original_name"] is None
    assert photos.get(paths[0]).json()["original_name"] == "王建国家.jpg"

    stranger = login_as("inspector", [other["id"]])
    for path in (*paths, listing):
        response = photos.get(path, headers=stranger)
        assert response.status_code == 404, path
        assert response.headers["content-type"] == "application/problem+json"
    assert photos.get(paths[1], headers={"Authorization": ""}).status_code == 401
