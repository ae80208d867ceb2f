"""A photo's bytes: what they are, recognised by content (never by the file name),
what their EXIF says, and a thumbnail. Pure functions over Pillow: no HTTP, no
database, so they run in a worker thread and are tested directly."""

import io
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any

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
DEFAULT_MAX_PIXELS = 40_000_000  # WEIJIAN_PHOTO_MAX_PIXELS; a 40-megapixel phone photo
ACCEPTED_WORDS = "only JPEG and PNG photos are accepted"


class ImageRefused(Exception):
    """The bytes are not a photo we keep. `unsupported`: the wrong kind of file (415)
    rather than a damaged one (422)."""

    def __init__(self, reason: str, *, unsupported: bool = False, **extra: Any):
        super().__init__(reason)
        self.reason = reason
        self.unsupported = unsupported
        self.extra = extra


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


def _megapixels(pixels: int) -> str:
    return f"{pixels / 1_000_000:.1f}".removesuffix(".0") + " megapixels"


def check_pixels(image: Image.Image, max_pixels: int) -> None:
    """Refuse an image with more than max_pixels pixels, from the size its header
    announces: Image.open is lazy, so nothing has been decoded yet. A few hundred KB of
    PNG can announce 13000×13000 pixels, half a gigabyte once decoded."""
    width, height = image.size
    if width * height > max_pixels:
        raise ImageRefused(
            f"the image is {width}×{height} pixels ({_megapixels(width * height)}); the "
            f"limit is {_megapixels(max_pixels)}: send a smaller copy of the photo",
            limit_pixels=max_pixels,
        )


def make_thumbnail(image: Image.Image, max_pixels: int = DEFAULT_MAX_PIXELS) -> bytes:
    """A JPEG whose longest side is at most THUMBNAIL_PX, turned upright by the EXIF
    orientation. Decodes the image (so damage shows here, OSError), but no more of it
    than needed: a JPEG at a reduced scale (draft, 1/2 to 1/8), then every image reduced
    by whole factors (reduce) before the last resampling; it is turned upright once
    small. Refuses (ImageRefused) an image of more than max_pixels."""
    check_pixels(image, max_pixels)
    # draft for JPEG, then load, reduce and resize: the decoded full-size picture is
    # dropped as soon as the reduced one exists.
    image.thumbnail((THUMBNAIL_PX, THUMBNAIL_PX), reducing_gap=2.0)
    image.load()
    upright = ImageOps.exif_transpose(image)
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


def inspect(data: bytes, zone: tzinfo, max_pixels: int = DEFAULT_MAX_PIXELS) -> Inspected:
    """Check that `data` is a whole JPEG or PNG image of at most max_pixels pixels (read
    from its header, before any decoding), read its EXIF time (in `zone` when it carries
    no offset) and GPS, and make its thumbnail. ImageRefused otherwise."""
    if not data:
        raise ImageRefused("the file is empty: choose the photo again and upload it")
    image = _open(data)
    image_format = image.format or ""
    if image_format not in ACCEPTED:
        raise ImageRefused(
            f"the file is {_what_it_is(data, image_format)}; {ACCEPTED_WORDS}", unsupported=True
        )
    content_type, extension = ACCEPTED[image_format]
    check_pixels(image, max_pixels)
    try:
        image.verify()  # chunk checksums, structure
        image = _open(data)
        width, height = image.size
        taken_at, gps, orientation = read_exif(image, zone)
        thumbnail = make_thumbnail(image, max_pixels)
    except ImageRefused:
        raise
    except Exception as exc:  # Pillow raises many kinds of errors on damaged files
        raise _damaged(data, exc) from exc
    if orientation in (5, 6, 7, 8):  # turned a quarter: displayed the other way round
        width, height = height, width
    return Inspected(content_type, extension, width, height, taken_at, gps, thumbnail)
