"""What a photo's bytes are, what its EXIF says, its thumbnail and its stored file:
the pure functions, without HTTP or the database."""

import io
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PIL import ExifTags, Image

from api.auth.principal import PUBLIC, Role, key_principal, user_principal
from api.photos.exif import parse_exif_time, parse_gps
from api.photos.images import THUMBNAIL_PX, ImageRefused, inspect
from api.photos.owners import complaint_intake, in_scope, street_office
from api.photos.service import _size
from api.photos.storage import PhotoStore, write_once
from api.settings import Settings
from tests.images import BLUE, RED, decoded, exif, gif, jpeg, png

SHANGHAI = ZoneInfo("Asia/Shanghai")


def test_a_jpeg_with_exif_time_and_gps() -> None:
    data = jpeg(exif_data=exif("2019:07:20 09:30:15", lonlat=(117.801234, 39.251234)))
    got = inspect(data, SHANGHAI)
    assert (got.content_type, got.extension) == ("image/jpeg", "jpg")
    assert (got.width, got.height) == (640, 480)
    assert got.taken_at == datetime(2019, 7, 20, 9, 30, 15, tzinfo=SHANGHAI)
    assert got.gps is not None
    assert got.gps == pytest.approx((117.801234, 39.251234), abs=1e-7)


def test_exif_time_with_its_offset_or_in_the_campaign_zone() -> None:
    tokyo = parse_exif_time("2019:07:20 09:30:15", "+09:00", SHANGHAI)
    assert tokyo == datetime(2019, 7, 20, 0, 30, 15, tzinfo=UTC)
    assert tokyo is not None and tokyo.utcoffset() == timedelta(hours=9)
    west = parse_exif_time("2019:07:20 09:30:15\x00", "-05:30", SHANGHAI)
    assert west == datetime(2019, 7, 20, 15, 0, 15, tzinfo=UTC)
    local = parse_exif_time(b"2019:07:20 09:30:15", None, SHANGHAI)
    assert local == datetime(2019, 7, 20, 1, 30, 15, tzinfo=UTC)
    for blank in ("    :  :     :  :  ", "0000:00:00 00:00:00", "yesterday", 42, None):
        assert parse_exif_time(blank, None, SHANGHAI) is None


def test_exif_datetime_is_the_fallback() -> None:
    data = Image.Exif()
    data[ExifTags.Base.DateTime] = "2019:08:01 16:00:00"
    got = inspect(jpeg(exif_data=data), SHANGHAI)
    assert got.taken_at == datetime(2019, 8, 1, 16, 0, tzinfo=SHANGHAI)


def test_gps_references_and_void_positions() -> None:
    south_west = exif(lonlat=(-70.5, -33.25)).get_ifd(ExifTags.IFD.GPSInfo)
    assert parse_gps(dict(south_west)) == pytest.approx((-70.5, -33.25))
    assert parse_gps({}) is None
    assert parse_gps({**south_west, ExifTags.GPS.GPSStatus: "V"}) is None  # void
    zero = exif(lonlat=(0.0, 0.0)).get_ifd(ExifTags.IFD.GPSInfo)
    assert parse_gps(dict(zero)) is None  # "no fix", as some cameras write it
    bad = {**south_west, ExifTags.GPS.GPSLatitude: (1.0, "x", None)}
    assert parse_gps(bad) is None
    beyond = {**south_west, ExifTags.GPS.GPSLatitude: (95.0, 0.0, 0.0)}
    assert parse_gps(beyond) is None


@pytest.mark.filterwarnings("ignore:Corrupt EXIF data")
def test_broken_exif_is_ignored() -> None:
    image = Image.new("RGB", (40, 30), RED)
    out = io.BytesIO()
    image.save(out, "JPEG", exif=b"Exif\x00\x00MM\x00*\x00\x00\x00\x08\xff\xff\x01")
    got = inspect(out.getvalue(), SHANGHAI)
    assert (got.taken_at, got.gps, got.width) == (None, None, 40)


def test_png_is_accepted_and_flattened_for_its_thumbnail() -> None:
    got = inspect(png(300, 200), SHANGHAI)
    assert (got.content_type, got.extension, got.width, got.height) == (
        "image/png",
        "png",
        300,
        200,
    )
    thumbnail = decoded(got.thumbnail)
    assert thumbnail.format == "JPEG" and thumbnail.size == (300, 200)
    r, g, b = thumbnail.getpixel((5, 5))  # type: ignore[misc]
    assert r > 100 and b > 100  # half-transparent green over white, not over black


@pytest.mark.parametrize(
    "data, words, unsupported",
    [
        (gif(), "the file is a GIF image; only JPEG and PNG", True),
        (b"this is a text file, not a photo\n" * 10, "the file is not an image", True),
        (b"\x00\x00\x00\x18ftypheic" + b"\x00" * 100, "a HEIC photo", True),
        (b"%PDF-1.7\n" + b"x" * 100, "a PDF document", True),
        (jpeg()[:2000], "the JPEG file is damaged or incomplete", False),
        (jpeg()[:300], "the JPEG file is damaged or incomplete", False),
        (png()[:-30], "the PNG file is damaged or incomplete", False),
        (b"", "the file is empty", False),
    ],
    ids=["gif", "text", "heic", "pdf", "cut-jpeg", "cut-jpeg-header", "cut-png", "empty"],
)
def test_refusals_say_what_the_file_is(data: bytes, words: str, unsupported: bool) -> None:
    with pytest.raises(ImageRefused) as refused:
        inspect(data, SHANGHAI)
    assert words in refused.value.reason
    assert refused.value.unsupported is unsupported


def test_thumbnail_is_upright_and_small() -> None:
    # Stored wide (left red, right blue), orientation 6: shown turned a quarter
    # clockwise, so tall with the red half on top.
    got = inspect(jpeg(1000, 500, exif_data=exif(orientation=6)), SHANGHAI)
    assert (got.width, got.height) == (500, 1000)
    thumbnail = decoded(got.thumbnail)
    assert thumbnail.format == "JPEG"
    assert thumbnail.size == (THUMBNAIL_PX // 2, THUMBNAIL_PX)
    top = thumbnail.getpixel((thumbnail.width // 2, thumbnail.height // 4))
    bottom = thumbnail.getpixel((thumbnail.width // 2, 3 * thumbnail.height // 4))
    assert _near(top, RED) and _near(bottom, BLUE)
    small = decoded(inspect(jpeg(100, 60), SHANGHAI).thumbnail)
    assert small.size == (100, 60)  # never enlarged


def _near(pixel: object, colour: tuple[int, int, int]) -> bool:
    assert isinstance(pixel, tuple)
    return all(abs(a - b) < 40 for a, b in zip(pixel, colour, strict=True))


def test_files_are_written_once_and_atomically(tmp_path: Path) -> None:
    store = PhotoStore(tmp_path)
    sha = "ab" + "0" * 62
    store.put(sha, "image/png", b"first", b"thumb")
    assert store.original(sha, "image/png") == tmp_path / "ab" / f"{sha}.png"
    assert store.thumbnail(sha) == tmp_path / "thumbs" / "ab" / f"{sha}.jpg"
    assert store.original(sha, "image/png").read_bytes() == b"first"
    assert write_once(store.original(sha, "image/png"), b"second") is False
    assert store.original(sha, "image/png").read_bytes() == b"first"
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == [
        f"{sha}.jpg",
        f"{sha}.png",
    ]  # no temporary files left


def test_sizes_for_people() -> None:
    assert _size(int(17.2 * 1024 * 1024)) == "17.2 MB"
    assert _size(15 * 1024 * 1024) == "15 MB"
    assert _size(2048) == "2 KB"
    assert _size(999) == "999 bytes"


def test_who_may_see_and_add_to_each_kind_of_owner() -> None:
    admin = user_principal(1, "a", "admin", [], None)
    inspector = user_principal(2, "i", "inspector", [7], None)
    viewer = user_principal(3, "v", "viewer", [], None)
    intake = key_principal(4, "12345", ["complaints:write"])
    assert in_scope(inspector, 7) and not in_scope(inspector, 8) and in_scope(viewer, 8)
    assert not in_scope(PUBLIC, 7)
    assert street_office(admin, None) and not street_office(inspector, 7)
    assert not street_office(viewer, None) and not street_office(intake, None)
    assert complaint_intake(PUBLIC, None) and complaint_intake(intake, None)
    assert complaint_intake(admin, None)
    assert not complaint_intake(inspector, 7) and not complaint_intake(viewer, None)
    assert key_principal(5, "gis", ["read"]).role is Role.SYSTEM


def test_photo_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    defaults = Settings(database_url="postgresql://x@localhost/db", env="test")
    assert defaults.photo_dir == Path(__file__).resolve().parent.parent / ".data" / "photos"
    assert defaults.photo_max_bytes == 15 * 1024 * 1024
    assert defaults.photo_gps_warning_m == 100
    monkeypatch.setenv("WEIJIAN_PHOTO_DIR", str(tmp_path))
    monkeypatch.setenv("WEIJIAN_PHOTO_MAX_BYTES", "1000000")
    from_env = Settings(database_url="postgresql://x@localhost/db", env="test")
    assert (from_env.photo_dir, from_env.photo_max_bytes) == (tmp_path, 1_000_000)
    with pytest.raises(ValueError, match="photo_max_bytes"):
        Settings(database_url="postgresql://x@localhost/db", env="test", photo_max_bytes=0)
