"""Photos as evidence: an after-photo taken (EXIF) before the violation was found, or
before its before-photo, is refused and writes nothing; a photo without GPS is accepted
with a warning."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from fastapi.testclient import TestClient

from api.settings import Settings
from tests.conftest import District, count_rows, created, feature
from tests.images import exif, files_in, jpeg, photo_app, upload
from tests.quality import problems
from tests.test_photos import gps_at


@pytest.fixture(scope="module")
def photo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("guarded-photos")


@pytest.fixture(scope="module")
def photos(settings: Settings, photo_dir: Path) -> Iterator[TestClient]:
    with photo_app(settings, photo_dir) as client:
        yield client


def state(client: TestClient, db: psycopg.Connection, photo_dir: Path, vid: int) -> tuple[Any, ...]:
    """What a refused upload must leave as it was."""
    return (
        client.get(f"/api/v1/violations/{vid}").headers["etag"],
        len(client.get(f"/api/v1/violations/{vid}/history").json()["events"]),
        count_rows(db, "photo"),
        count_rows(db, "violation_event"),
        files_in(photo_dir),
    )


def shot(district: District, taken: str, offset: str | None = None, seed: int = 0) -> bytes:
    """A JPEG taken at `taken` (EXIF), on the footprint."""
    at = gps_at(district.frame, 125, 125)
    return jpeg(exif_data=exif(taken=taken, offset=offset, lonlat=at), seed=seed)


def test_an_after_photo_from_before_the_find_is_refused(
    photos: TestClient,
    db: psycopg.Connection,
    photo_dir: Path,
    district: District,
    make_violation: Any,
) -> None:
    vid = make_violation(found_date="2019-07-20")["id"]
    before = state(photos, db, photo_dir, vid)
    refused = upload(
        photos, "violation", vid, shot(district, "2019:07:19 23:30:00", seed=11), stage="after"
    )
    assert refused.status_code == 422, refused.text
    assert refused.headers["content-type"] == "application/problem+json"
    detail = refused.json()["detail"]
    assert "taken on 2019-07-19 23:30 (its EXIF time), before violation" in detail
    assert "found on 2019-07-20" in detail and "set it and take the photo again" in detail
    assert state(photos, db, photo_dir, vid) == before

    # In the campaign's time zone: 17:00 UTC on the 19th is 01:00 on the 20th there.
    utc = upload(
        photos, "violation", vid, shot(district, "2019:07:19 17:00:00", "+00:00", 12), stage="after"
    )
    assert utc.status_code == 201, utc.text
    assert utc.json()["warnings"] == []
    # A before-photo may be older than the find: the structure stood before it was found.
    old = upload(photos, "violation", vid, shot(district, "2019:07:01 09:00:00", seed=13))
    assert old.status_code == 201, old.text


def test_an_after_photo_from_before_the_before_photo_is_refused(
    photos: TestClient,
    db: psycopg.Connection,
    photo_dir: Path,
    district: District,
    make_violation: Any,
) -> None:
    vid = make_violation(found_date="2019-07-20")["id"]
    created(upload(photos, "violation", vid, shot(district, "2019:07:21 09:00:00", seed=21)))
    latest = created(
        upload(photos, "violation", vid, shot(district, "2019:08:01 10:00:00", seed=22))
    )
    before = state(photos, db, photo_dir, vid)
    refused = upload(
        photos, "violation", vid, shot(district, "2019:07:25 10:00:00", seed=23), stage="after"
    )
    assert refused.status_code == 422, refused.text
    detail = refused.json()["detail"]
    assert f"before the before-photo {latest['id']} of violation {vid} (2019-08-01 10:00)" in (
        detail
    )
    assert state(photos, db, photo_dir, vid) == before
    # Once the latest before-photo is removed (taken by mistake), the earlier one counts.
    removed = photos.delete(f"/api/v1/photos/{latest['id']}", params={"reason": "拍错了"})
    assert removed.status_code == 204
    again = upload(
        photos, "violation", vid, shot(district, "2019:07:25 10:00:00", seed=23), stage="after"
    )
    assert again.status_code == 201, again.text


def test_without_an_exif_time_it_cannot_be_compared_and_is_accepted(
    photos: TestClient, district: District, make_violation: Any
) -> None:
    vid = make_violation(found_date="2019-07-20")["id"]
    created(upload(photos, "violation", vid, shot(district, "2019:08:01 10:00:00", seed=31)))
    bare = upload(photos, "violation", vid, jpeg(seed=32), stage="after")
    assert bare.status_code == 201, bare.text
    assert bare.json()["taken_at"] is None


def test_a_photo_without_gps_is_accepted_with_a_warning(
    photos: TestClient, db: psycopg.Connection, district: District
) -> None:
    household = created(
        photos.post(
            "/api/v1/households",
            json=feature(None, compound_id=district.compound_id, building="1号楼"),
        )
    )
    rows = count_rows(db, "photo")
    no_gps = upload(
        photos, "household", household["id"], jpeg(exif_data=exif(taken="2019:07:20 09:00:00"))
    )
    assert no_gps.status_code == 201, no_gps.text
    (warning,) = no_gps.json()["warnings"]
    assert warning.startswith("the photo carries no GPS position (EXIF): it cannot be checked")
    assert "at the household" in warning
    assert count_rows(db, "photo") == rows + 1


def test_the_audit_finds_after_photos_that_became_too_early(
    photos: TestClient, district: District, make_violation: Any
) -> None:
    """Accepted when uploaded, then contradicted: the found date moved later, or a
    later before-photo added afterwards."""
    moved = make_violation((120, 120, 130, 130), found_date="2019-07-20")["id"]
    after = created(
        upload(
            photos,
            "violation",
            moved,
            shot(district, "2019:07:25 10:00:00", seed=41),
            stage="after",
        )
    )
    etag = photos.get(f"/api/v1/violations/{moved}").headers["etag"]
    patched = photos.patch(
        f"/api/v1/violations/{moved}",
        json={"type": "Feature", "properties": {"found_date": "2019-08-01"}},
        headers={"If-Match": etag},
    )
    assert patched.status_code == 200, patched.text

    later = make_violation((140, 120, 150, 130), found_date="2019-07-20")["id"]
    early_after = created(
        upload(
            photos,
            "violation",
            later,
            shot(district, "2019:07:25 10:00:00", seed=42),
            stage="after",
        )
    )
    before = created(upload(photos, "violation", later, shot(district, "2019:07:30 09:00:00", 43)))
    fine = make_violation((160, 120, 170, 130), found_date="2019-07-20")["id"]
    created(upload(photos, "violation", fine, shot(district, "2019:07:21 09:00:00", seed=44)))
    created(
        upload(
            photos, "violation", fine, shot(district, "2019:07:25 10:00:00", seed=45), stage="after"
        )
    )

    found = problems(photos, district, "after_photo_too_early")
    assert set(found) == {after["id"], early_after["id"]}
    assert found[after["id"]]["related"] == {"type": "violation", "id": moved}
    assert found[after["id"]]["severity"] == "error"
    assert (
        "was taken 2019-07-25 10:00 (EXIF), before the violation was found on 2019-08-01"
        in (found[after["id"]]["message"])
    )
    assert (
        f"before its before-photo {before['id']} (2019-07-30 09:00)"
        in (found[early_after["id"]]["message"])
    )
