"""Uploads that are refused say why, with the right status, and write nothing: no
photo row, no file, no event in the violation's history."""

from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import psycopg
import pytest
from fastapi.testclient import TestClient

from api.photos import owners
from api.settings import Settings
from tests.conftest import District, count_rows, created, feature
from tests.geo import Frame
from tests.images import files_in, gif, jpeg, photo_app, png


@pytest.fixture(scope="module")
def photo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("refused-photos")


@pytest.fixture(scope="module")
def photos(settings: Settings, photo_dir: Path) -> Iterator[TestClient]:
    with photo_app(settings, photo_dir, photo_max_bytes=2048) as client:
        yield client


@pytest.fixture()
def violation(make_violation: Any) -> dict[str, Any]:
    made: dict[str, Any] = make_violation()
    return made


def written(db: psycopg.Connection, photo_dir: Path) -> tuple[int, int, list[Path]]:
    """Photo rows, violation events, stored files."""
    return count_rows(db, "photo"), count_rows(db, "violation_event"), files_in(photo_dir)


@pytest.fixture()
def nothing_written(
    db: psycopg.Connection, photo_dir: Path, violation: dict[str, Any]
) -> Callable[[], None]:
    """Call it after a refusal: no photo row, file or event was added since the test
    began (its violation registered)."""
    before = written(db, photo_dir)

    def check() -> None:
        assert written(db, photo_dir) == before

    return check


def post(
    client: TestClient,
    owner: int,
    data: bytes,
    name: str = "photo.jpg",
    headers: dict[str, str] | None = None,
    **form: str,
) -> Any:
    """Upload `data` as the photo of violation `owner`; `form` overrides the fields."""
    fields = {"owner_type": "violation", "owner_id": str(owner), "stage": "before", **form}
    return client.post(
        "/api/v1/photos",
        data=fields,
        files={"file": (name, data, "image/jpeg")},
        headers=headers or {},
    )


def refused(response: Any, status: int, words: str) -> None:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert words in response.json()["detail"]


SMALL = png(8, 8, mode="L")  # under the 2 KB limit of these tests
TINY_JPEG = jpeg(32, 32)


@pytest.mark.parametrize(
    "data, name, status, words",
    [
        (gif(), "photo.gif", 415, "the file is a GIF image; only JPEG and PNG"),
        (b"not a photo at all\n" * 20, "photo.jpg", 415, "the file is not an image"),
        (SMALL[:-20], "photo.png", 422, "the PNG file is damaged or incomplete"),
        (TINY_JPEG[: len(TINY_JPEG) // 2], "photo.jpg", 422, "the JPEG file is damaged"),
        (b"", "photo.jpg", 422, "the file is empty"),
        (jpeg(seed=1), "photo.jpg", 413, "the limit is 2 KB"),
    ],
    ids=["gif", "text-named-jpg", "truncated-png", "truncated-jpeg", "empty", "too-large"],
)
def test_files_that_are_not_photos_we_keep(
    photos: TestClient,
    violation: dict[str, Any],
    nothing_written: Callable[[], None],
    data: bytes,
    name: str,
    status: int,
    words: str,
) -> None:
    refused(post(photos, violation["id"], data, name), status, words)
    nothing_written()


def test_the_size_limit_names_both_sizes(photos: TestClient, make_violation: Any) -> None:
    data = jpeg(seed=3)
    response = post(photos, make_violation()["id"], data)
    refused(response, 413, f"the photo is {len(data) / 1024:.1f} KB; the limit is 2 KB")
    assert response.json()["limit_bytes"] == 2048


@pytest.mark.parametrize(
    "form, status, words",
    [
        ({"stage": "later"}, 422, "stage"),
        ({"owner_type": "building"}, 422, "owner_type"),
        ({"owner_id": "987654321"}, 404, "there is no violation 987654321"),
        ({"owner_type": "household", "owner_id": "987654321"}, 404, "there is no household"),
    ],
    ids=["stage", "owner-type", "unknown-violation", "unknown-household"],
)
def test_bad_form_fields(
    photos: TestClient,
    violation: dict[str, Any],
    nothing_written: Callable[[], None],
    form: dict[str, str],
    status: int,
    words: str,
) -> None:
    refused(post(photos, violation["id"], SMALL, **form), status, words)
    nothing_written()


def test_a_deleted_violation_takes_no_photos(
    photos: TestClient, violation: dict[str, Any], db: psycopg.Connection, photo_dir: Path
) -> None:
    path = f"/api/v1/violations/{violation['id']}"
    assert photos.delete(path, params={"reason": "误报"}).status_code == 204
    before = written(db, photo_dir)
    refused(post(photos, violation["id"], SMALL), 410, "photos can no longer be added")
    assert written(db, photo_dir) == before


def test_complaints_until_they_exist(
    photos: TestClient,
    monkeypatch: pytest.MonkeyPatch,
    nothing_written: Callable[[], None],
) -> None:
    # As before the complaints migration: the complaint table is not there.
    missing = replace(owners.OWNERS["complaint"], table="complaint_not_migrated_yet")
    monkeypatch.setitem(owners.OWNERS, "complaint", missing)
    response = post(photos, 1, SMALL, owner_type="complaint")
    refused(response, 422, "complaints are not available")
    nothing_written()


def test_who_may_not_upload(
    photos: TestClient,
    district: District,
    violation: dict[str, Any],
    login_as: Any,
    api_key: Any,
    nothing_written: Callable[[], None],
) -> None:
    other = created(
        photos.post(
            "/api/v1/communities",
            json=feature(
                Frame(district.frame.lon0 + 0.02, district.frame.lat0).rect(0, 0, 500, 500),
                code=f"C-refusal-other-{district.community_id}",
                name="邻社区",
            ),
        )
    )
    stranger = login_as("inspector", [other["id"]])
    refused(post(photos, violation["id"], SMALL, headers=stranger), 404, "there is no violation")
    refused(post(photos, violation["id"], SMALL, headers=login_as("viewer")), 403, "may not")
    refused(post(photos, violation["id"], SMALL, headers=api_key("read")), 403, "may not")
    refused(post(photos, violation["id"], SMALL, headers={"Authorization": ""}), 401, "log in")
    nothing_written()


def test_complaint_photos_are_the_street_offices(
    photos: TestClient,
    db: psycopg.Connection,
    login_as: Any,
    district: District,
    nothing_written: Callable[[], None],
) -> None:
    inspector = login_as("inspector", [district.community_id])
    response = post(photos, 987654321, SMALL, headers=inspector, owner_type="complaint")
    refused(response, 404, "there is no complaint 987654321")
    refused(post(photos, 987654321, SMALL, owner_type="complaint"), 404, "there is no complaint")
    nothing_written()
