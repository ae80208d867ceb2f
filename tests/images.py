"""Real image files for the photo tests, made with Pillow: JPEGs with EXIF capture
time, GPS and orientation written the way cameras write them, PNGs, and things
that are not photos. And an app whose photo store is a temporary folder."""

import io
import struct
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from PIL import ExifTags, Image
from PIL.TiffImagePlugin import IFDRational

from api.main import create_app
from api.settings import Settings
from tests.conftest import ADMIN, login

RED = (220, 30, 30)
BLUE = (30, 30, 220)


def _dms(degrees: float) -> tuple[IFDRational, IFDRational, IFDRational]:
    """Degrees as EXIF writes them: whole degrees, whole minutes, seconds to 1/10000."""
    value = abs(degrees)
    whole = int(value)
    minutes = int((value - whole) * 60)
    seconds = (value - whole - minutes / 60) * 3600
    return (
        IFDRational(whole, 1),
        IFDRational(minutes, 1),
        IFDRational(round(seconds * 10000), 10000),
    )


def exif(
    taken: str | None = None,
    offset: str | None = None,
    lonlat: tuple[float, float] | None = None,
    orientation: int | None = None,
) -> Image.Exif:
    """EXIF with DateTimeOriginal ("2019:07:20 09:30:15"), OffsetTimeOriginal
    ("+08:00"), a GPS position (lon, lat) and an orientation, each if given."""
    data = Image.Exif()
    if orientation is not None:
        data[ExifTags.Base.Orientation] = orientation
    if taken is not None:
        sub = data.get_ifd(ExifTags.IFD.Exif)
        sub[ExifTags.Base.DateTimeOriginal] = taken
        if offset is not None:
            sub[ExifTags.Base.OffsetTimeOriginal] = offset
    if lonlat is not None:
        lon, lat = lonlat
        gps = data.get_ifd(ExifTags.IFD.GPSInfo)
        gps[ExifTags.GPS.GPSLatitudeRef] = "N" if lat >= 0 else "S"
        gps[ExifTags.GPS.GPSLatitude] = _dms(lat)
        gps[ExifTags.GPS.GPSLongitudeRef] = "E" if lon >= 0 else "W"
        gps[ExifTags.GPS.GPSLongitude] = _dms(lon)
    return data


def two_halves(width: int, height: int) -> Image.Image:
    """Left half red, right half blue: shows which way an image was turned."""
    image = Image.new("RGB", (width, height), RED)
    image.paste(BLUE, (width // 2, 0, width, height))
    return image


def jpeg(
    width: int = 640, height: int = 480, exif_data: Image.Exif | None = None, seed: int = 0
) -> bytes:
    """A JPEG; `seed` changes its pixels, so different seeds give different files."""
    image = two_halves(width, height)
    image.putpixel((0, 0), (seed % 256, seed // 256 % 256, 7))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90, **({"exif": exif_data} if exif_data is not None else {}))
    return out.getvalue()


def png(width: int = 300, height: int = 200, mode: str = "RGBA") -> bytes:
    image = Image.new(mode, (width, height), (10, 120, 40, 128) if mode == "RGBA" else 90)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def huge_png(width: int = 13000, height: int = 13000) -> bytes:
    """A valid black RGB PNG of width×height pixels, made without ever holding the
    picture: a few hundred KB, but decoded it is width×height×3 bytes (half a gigabyte
    at 13000×13000). One row is compressed once, fully flushed (so the block needs no
    earlier data), and repeated; the zlib stream's checksum is counted row by row."""
    row = b"\x00" * (1 + 3 * width)  # filter byte "none", then the row's black pixels
    packer = zlib.compressobj(6, zlib.DEFLATED, -15)  # raw deflate, no zlib header
    block = packer.compress(row) + packer.flush(zlib.Z_FULL_FLUSH)
    checksum = 1
    for _ in range(height):
        checksum = zlib.adler32(row, checksum)
    # zlib header, the rows, an empty final block, the Adler-32 of everything.
    idat = b"\x78\x9c" + block * height + b"\x03\x00" + struct.pack(">I", checksum)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", idat)
        + _chunk(b"IEND", b"")
    )


def gif() -> bytes:
    out = io.BytesIO()
    Image.new("P", (50, 50), 3).save(out, "GIF")
    return out.getvalue()


def decoded(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def files_in(folder: Path) -> list[Path]:
    """Every stored file under the photo folder (temporary files included)."""
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


@contextmanager
def photo_app(settings: Settings, photo_dir: Path, **overrides: Any) -> Iterator[TestClient]:
    """The app over the test database with its photo store in `photo_dir` (never the
    repository's), logged in as the admin."""
    photo_settings = settings.model_copy(update={"photo_dir": photo_dir, **overrides})
    with TestClient(create_app(photo_settings)) as client:
        client.headers.update(login(client, *ADMIN))
        yield client


def upload(
    client: TestClient,
    owner_type: str,
    owner_id: int,
    data: bytes,
    *,
    stage: str = "before",
    name: str = "IMG_0001.jpg",
    headers: dict[str, str] | None = None,
    **form: str,
) -> Any:
    """Upload `data` as a photo of the record, the way a browser sends a file."""
    return client.post(
        "/api/v1/photos",
        data={"owner_type": owner_type, "owner_id": str(owner_id), "stage": stage, **form},
        files={"file": (name, data, "application/octet-stream")},
        headers=headers or {},
    )
