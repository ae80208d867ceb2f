"""Pictures with too many pixels are refused from their header, before they are
decoded, so a few hundred KB of PNG announcing 13000×13000 pixels (half a gigabyte
decoded) costs the server neither the time nor the memory; and a thumbnail never
decodes more of a big JPEG than it needs."""

import io
import resource
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from fastapi.testclient import TestClient
from PIL import Image

from api.photos.images import ImageRefused, inspect, make_thumbnail
from api.settings import Settings
from tests.complaints import PUBLIC_PATH, intake, reset_window
from tests.conftest import ANONYMOUS, District, count_rows
from tests.images import decoded, files_in, huge_png, jpeg, photo_app, upload
from tests.test_photo_images import SHANGHAI

# Decoding the 13000×13000 RGB picture takes 507 MB; refusing it from its header,
# next to nothing. The bound leaves room for the request's own work.
RSS_BOUND_KB = 200 * 1024
LIMIT = 40_000_000


@pytest.fixture(scope="module")
def bomb() -> bytes:
    data = huge_png(13000, 13000)
    assert len(data) < 1024 * 1024  # small bytes…
    assert Image.open(io.BytesIO(data)).size == (13000, 13000)  # …many pixels
    return data


def peak_rss_kb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KB on Linux


def test_the_test_png_is_a_real_picture() -> None:
    """The same writer at a decodable size gives a whole black PNG."""
    image = decoded(huge_png(300, 200))
    assert image.size == (300, 200) and image.getextrema() == ((0, 0),) * 3


def test_too_many_pixels_are_refused_before_decoding(bomb: bytes) -> None:
    before = peak_rss_kb()
    with pytest.raises(ImageRefused) as refused:
        inspect(bomb, SHANGHAI, LIMIT)
    assert peak_rss_kb() - before < RSS_BOUND_KB
    assert "13000×13000 pixels (169 megapixels); the limit is 40 megapixels" in str(refused.value)
    assert refused.value.extra == {"limit_pixels": LIMIT}
    with pytest.raises(ImageRefused, match="the limit is 40 megapixels"):
        make_thumbnail(Image.open(io.BytesIO(bomb)), LIMIT)  # a thumbnail made again


def test_a_big_jpeg_thumbnail_decodes_only_a_reduced_scale(tmp_path: Path) -> None:
    """7000×5000 (105 MB decoded): draft decodes it at 1/8 scale. Measured in a fresh
    process, whose peak RSS this test's own images cannot have raised already."""
    path = tmp_path / "big.jpg"
    Image.new("RGB", (7000, 5000), (90, 140, 60)).save(path, "JPEG", quality=85)
    script = textwrap.dedent(
        f"""
        import resource
        from PIL import Image
        from api.photos.images import make_thumbnail
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        with Image.open({str(path)!r}) as image:
            thumbnail = make_thumbnail(image)
        grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
        print(grown, len(thumbnail))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    grown_kb, size = map(int, result.stdout.split())
    assert grown_kb < 30 * 1024, f"the thumbnail grew the process by {grown_kb} KB"
    assert size > 0
    with Image.open(path) as image:
        assert decoded(make_thumbnail(image)).size == (320, 229)


@pytest.fixture(scope="module")
def photo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pixel-photos")


@pytest.fixture(scope="module")
def photos(settings: Settings, photo_dir: Path) -> Iterator[TestClient]:
    with photo_app(settings, photo_dir, photo_max_pixels=LIMIT) as client:
        yield client


def written(db: psycopg.Connection, photo_dir: Path) -> tuple[Any, ...]:
    tables = ("photo", "violation_event", "complaint", "complaint_event")
    return (*(count_rows(db, t) for t in tables), files_in(photo_dir))


def refused_for_pixels(response: Any) -> None:
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert "the limit is 40 megapixels" in problem["detail"]
    assert problem["limit_pixels"] == LIMIT


def test_photos_refuses_the_bomb_unread(
    photos: TestClient,
    make_violation: Any,
    db: psycopg.Connection,
    photo_dir: Path,
    bomb: bytes,
) -> None:
    violation = make_violation()
    before = written(db, photo_dir)
    rss = peak_rss_kb()
    refused_for_pixels(upload(photos, "violation", violation["id"], bomb, name="x.png"))
    assert peak_rss_kb() - rss < RSS_BOUND_KB
    assert written(db, photo_dir) == before


def test_the_public_complaint_form_refuses_the_bomb_unread(
    photos: TestClient, district: District, db: psycopg.Connection, photo_dir: Path, bomb: bytes
) -> None:
    reset_window(photos)
    before = written(db, photo_dir)
    rss = peak_rss_kb()
    response = photos.post(
        PUBLIC_PATH,
        data={k: str(v) for k, v in intake(district).items()},
        files={"photo": ("shed.png", bomb, "image/png")},
        headers=ANONYMOUS,
    )
    refused_for_pixels(response)
    assert peak_rss_kb() - rss < RSS_BOUND_KB
    assert written(db, photo_dir) == before


def test_the_limit_is_a_setting(settings: Settings, tmp_path: Path, make_violation: Any) -> None:
    with photo_app(settings, tmp_path, photo_max_pixels=100_000) as client:
        violation = make_violation()
        small = upload(client, "violation", violation["id"], jpeg(300, 200, seed=77))
        assert small.status_code == 201, small.text
        big = upload(client, "violation", violation["id"], jpeg(640, 480, seed=78))
        assert big.status_code == 422
        assert (
            "640×480 pixels (0.3 megapixels); the limit is 0.1 megapixels" in (big.json()["detail"])
        )
