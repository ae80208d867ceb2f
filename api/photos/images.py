"""A photo's bytes: what they are, recognised by content (never by the file name),
what their EXIF says, and a thumbnail. Pure functions over Pillow: no HTTP, no
database, so they run in a worker thread and are tested directly."""

import io
from dataclasses import dataclass
from datetime import datetime, tzinfo

from PIL import Image, ImageOps, UnidentifiedImageError

from api.photos.exif import read_exif

# Pillow's format name → (content type, file extension). MPO is a JPEG carrying extra
# pictures (depth maps, previews), as many phones write it.
ACCEPTED = {
    "JPEG": ("image/jpeg", "jpg"),
    "MPO": ("image/jpeg", "jpg"),
    "PNG": ("image/png", "png"),
}
THUMBNAIL_PX = 320  # the longest side of a thumbnail
THUMBNAIL_QUALITY = 80
ACCEPTED_WORDS = "only JPEG and PNG photos are accepted"


class ImageRefused(Exception):
    """The bytes are not a photo we keep. `unsupported`: the wrong kind of file (415)
    rather than a damaged one (422)."""

    def __init__(self, reason: str, *, unsupported: bool = False):
        super().__init__(reason)
        self.reason = reason
        self.unsupported = unsupported


@dataclass(frozen=True)
class Inspected:
    content_type: str
    extension: str
    width: int  # as displayed, EXIF orientation applied
    height: int
    taken_at: datetime | None
    gps: tuple[float, float] | None  # (lon, lat), EXIF's WGS84
    thumbnail: bytes  # JPEG, longest side THUMBNAIL_PX at most


def _what_it_is(data: bytes, image_format: str | None = None) -> str:
    """A few words naming what the bytes look like, for a refusal."""
    if image_format:
        return f"a {image_format} image"
    if data[4:8] == b"ftyp" and data[8:12] in (b"heic", b"heix", b"mif1", b"msf1", b"hevc"):
        return "a HEIC photo (set the phone's camera to 'Most Compatible', or export it as JPEG)"
    if data.startswith(b"%PDF"):
        return "a PDF document"
    return "not an image"


def _flatten(image: Image.Image) -> Image.Image:
    """An RGB image; transparent parts become white."""
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(white, rgba).convert("RGB")
    return image.convert("RGB")


def make_thumbnail(image: Image.Image) -> bytes:
    """A JPEG whose longest side is at most THUMBNAIL_PX, turned upright by the EXIF
    orientation. Decodes the whole image, so damage shows here (OSError)."""
    image.draft("RGB", (THUMBNAIL_PX, THUMBNAIL_PX))  # JPEG: decode at a reduced scale
    image.load()
    upright = ImageOps.exif_transpose(image)
    upright.thumbnail((THUMBNAIL_PX, THUMBNAIL_PX))
    out = io.BytesIO()
    _flatten(upright).save(out, "JPEG", quality=THUMBNAIL_QUALITY, optimize=True)
    return out.getvalue()


def _damaged(data: bytes, exc: Exception) -> ImageRefused:
    kind = "PNG" if data.startswith(b"\x89PNG") else "JPEG"
    return ImageRefused(
        f"the {kind} file is damaged or incomplete ({exc}); upload the original file again"
    )


def _open(data: bytes) -> Image.Image:
    try:
        return Image.open(io.BytesIO(data))
    except UnidentifiedImageError as exc:
        raise ImageRefused(
            f"the file is {_what_it_is(data)}; {ACCEPTED_WORDS}", unsupported=True
        ) from exc
    except Image.DecompressionBombError as exc:
        raise ImageRefused(f"the image has too many pixels to be a photo: {exc}") from exc
    except Exception as exc:  # recognised, but broken before its pixels (a cut header)
        raise _damaged(data, exc) from exc


def inspect(data: bytes, zone: tzinfo) -> Inspected:
    """Check that `data` is a whole JPEG or PNG image, read its EXIF time (in `zone`
    when it carries no offset) and GPS, and make its thumbnail. ImageRefused otherwise."""
    if not data:
        raise ImageRefused("the file is empty: choose the photo again and upload it")
    image = _open(data)
    image_format = image.format or ""
    if image_format not in ACCEPTED:
        raise ImageRefused(
            f"the file is {_what_it_is(data, image_format)}; {ACCEPTED_WORDS}", unsupported=True
        )
    content_type, extension = ACCEPTED[image_format]
    try:
        image.verify()  # chunk checksums, structure
        image = _open(data)
        width, height = image.size
        taken_at, gps, orientation = read_exif(image, zone)
        thumbnail = make_thumbnail(image)
    except ImageRefused:
        raise
    except Exception as exc:  # Pillow raises many kinds of errors on damaged files
        raise _damaged(data, exc) from exc
    if orientation in (5, 6, 7, 8):  # turned a quarter: displayed the other way round
        width, height = height, width
    return Inspected(content_type, extension, width, height, taken_at, gps, thumbnail)
