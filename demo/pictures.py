"""Tiny synthetic photos for the demo: a JPEG drawn with Pillow, with the EXIF a phone
writes (capture time with its UTC offset, GPS position).

A picture is 160×120 pixels at JPEG quality 60, about 1–2 KB: sky, a block's wall,
the ground, and — before removal — the structure as a coloured box; after removal a
paler patch where it stood. A date stamp in the corner, as cheap cameras print. Every
choice comes from the caller's random stream, so the same stream gives the same bytes
(with the same Pillow and libjpeg).
"""

import io
import random
from datetime import datetime

from PIL import ExifTags, Image, ImageDraw, ImageFont
from PIL.TiffImagePlugin import IFDRational

WIDTH, HEIGHT = 160, 120
QUALITY = 60
CAMERA = ("Weijian", "demo camera")  # EXIF Make, Model
# Pillow's own bitmap font: small and quick (load_default() gives it before Pillow 10.1)
_FONT = getattr(ImageFont, "load_default_imagefont", ImageFont.load_default)()


def _dms(degrees: float) -> tuple[IFDRational, IFDRational, IFDRational]:
    """Degrees as EXIF writes them: whole degrees, whole minutes, seconds to 1/10000."""
    value = abs(degrees)
    whole = int(value)
    minutes = int((value - whole) * 60)
    seconds = round((value - whole - minutes / 60) * 3600 * 10000)
    if seconds >= 60 * 10000:  # rounded up to a whole minute
        minutes, seconds = minutes + 1, seconds - 60 * 10000
    return IFDRational(whole, 1), IFDRational(minutes, 1), IFDRational(seconds, 10000)


def exif(taken_at: datetime, lonlat: tuple[float, float]) -> Image.Exif:
    """DateTimeOriginal in the time's own zone, OffsetTimeOriginal ("+08:00"), GPS."""
    data = Image.Exif()
    data[ExifTags.Base.Make], data[ExifTags.Base.Model] = CAMERA
    sub = data.get_ifd(ExifTags.IFD.Exif)
    sub[ExifTags.Base.DateTimeOriginal] = taken_at.strftime("%Y:%m:%d %H:%M:%S")
    offset = taken_at.strftime("%z")  # +0800
    sub[ExifTags.Base.OffsetTimeOriginal] = f"{offset[:3]}:{offset[3:]}"
    lon, lat = lonlat
    gps = data.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N" if lat >= 0 else "S"
    gps[ExifTags.GPS.GPSLatitude] = _dms(lat)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E" if lon >= 0 else "W"
    gps[ExifTags.GPS.GPSLongitude] = _dms(lon)
    return data


def _shade(rng: random.Random, base: tuple[int, int, int], spread: int) -> tuple[int, int, int]:
    r, g, b = (max(0, min(255, c + rng.randint(-spread, spread))) for c in base)
    return r, g, b


# Colours of what illegal structures are made of: blue and white steel sheet, red
# brick, grey block, rust.
STRUCTURE_COLOURS = ((40, 90, 170), (225, 228, 232), (170, 70, 50), (130, 130, 125), (150, 90, 40))


def draw(rng: random.Random, taken_at: datetime, standing: bool) -> Image.Image:
    """The scene: the structure standing (a box on the wall), or the patch it left."""
    image = Image.new("RGB", (WIDTH, HEIGHT), _shade(rng, (150, 195, 235), 20))
    pen = ImageDraw.Draw(image)
    horizon = rng.randint(30, 55)
    ground = rng.randint(92, 104)
    pen.rectangle((0, horizon, WIDTH, ground), fill=_shade(rng, (190, 180, 165), 25))
    for k in range(rng.randint(2, 4)):  # windows of the block behind
        x = 8 + k * 40 + rng.randint(0, 10)
        pen.rectangle((x, horizon + 6, x + 14, horizon + 18), fill=(90, 100, 115))
    pen.rectangle((0, ground, WIDTH, HEIGHT), fill=_shade(rng, (115, 105, 95), 15))
    w, h = rng.randint(40, 90), rng.randint(25, ground - horizon - 4)
    x = rng.randint(4, WIDTH - w - 4)
    box = (x, ground - h, x + w, ground)
    if standing:
        pen.rectangle(
            box, fill=_shade(rng, rng.choice(STRUCTURE_COLOURS), 12), outline=(35, 35, 35)
        )
        pen.line(
            (x, ground - h, x + w // 2, ground - h - rng.randint(4, 10), x + w, ground - h),
            fill=(60, 60, 60),
            width=2,
        )
    else:  # cleared: the wall shows where it stood, rubble swept to a heap
        pen.rectangle(box, fill=_shade(rng, (205, 198, 185), 8))
        heap = rng.randint(x, x + w - 20)
        pen.pieslice((heap, ground - 8, heap + 20, ground + 8), 180, 360, fill=(140, 130, 120))
    stamp = taken_at.strftime("%y-%m-%d %H:%M")
    left, top, right, bottom = pen.textbbox((0, 0), stamp, font=_FONT)
    corner = (WIDTH - (right - left) - 4, HEIGHT - (bottom - top) - 4)
    pen.text((corner[0] + 1, corner[1] + 1), stamp, fill=(20, 20, 20), font=_FONT)
    pen.text(corner, stamp, fill=(255, 170, 0), font=_FONT)
    return image


def jpeg(
    rng: random.Random, taken_at: datetime, lonlat: tuple[float, float], standing: bool
) -> bytes:
    """A whole photo: the drawn scene as a JPEG carrying its EXIF time and GPS."""
    out = io.BytesIO()
    image = draw(rng, taken_at, standing)
    image.save(out, "JPEG", quality=QUALITY, exif=exif(taken_at, lonlat))
    return out.getvalue()
