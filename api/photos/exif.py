"""What a photo's EXIF says about when and where it was taken.

Cameras and phones write the capture time as local wall-clock time ("2019:07:20
09:30:15"), newer ones with its UTC offset beside it (OffsetTimeOriginal, "+08:00").
Without an offset the time is read in the campaign's time zone. The GPS position is
degrees, minutes and seconds as rationals with N/S and E/W references. Broken or
missing EXIF is not an error: the photo simply has no time or position.
"""

import math
import re
from datetime import datetime, timedelta, timezone, tzinfo
from typing import Any

from PIL import ExifTags, Image

_OFFSET = re.compile(r"^([+-])(\d{2}):(\d{2})$")


def _text(value: Any) -> str | None:
    if isinstance(value, bytes):
        value = value.decode("ascii", errors="replace")
    if not isinstance(value, str):
        return None
    return value.strip("\x00 ").strip() or None


def parse_exif_time(value: Any, offset: Any, zone: tzinfo) -> datetime | None:
    """An EXIF date-time ("YYYY:MM:DD HH:MM:SS") as an aware datetime: with its offset
    ("+08:00") when given, else in `zone`. None when missing or not a real time."""
    text = _text(value)
    if text is None:
        return None
    try:
        local = datetime.strptime(text[:19], "%Y:%m:%d %H:%M:%S")
    except ValueError:  # blank ("    :  :  "), zeros, or garbage
        return None
    match = _OFFSET.match(_text(offset) or "")
    if match:
        sign, hours, minutes = match.groups()
        delta = timedelta(hours=int(hours), minutes=int(minutes))
        return local.replace(tzinfo=timezone(-delta if sign == "-" else delta))
    return local.replace(tzinfo=zone)


def _degrees(value: Any, ref: Any, negative: str) -> float | None:
    """Degrees from EXIF (degrees, minutes, seconds) rationals and a reference letter."""
    if not isinstance(value, tuple | list) or not 1 <= len(value) <= 3:
        return None
    try:
        parts = [float(part) for part in value]
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    degrees = sum(part / 60**i for i, part in enumerate(parts))
    if not math.isfinite(degrees):
        return None
    return -degrees if (_text(ref) or "").upper().startswith(negative) else degrees


def parse_gps(gps: dict[int, Any]) -> tuple[float, float] | None:
    """(lon, lat) in degrees from an EXIF GPS IFD, or None when absent or void."""
    if (_text(gps.get(ExifTags.GPS.GPSStatus)) or "A").upper().startswith("V"):
        return None  # the receiver marked the measurement void
    lat = _degrees(gps.get(ExifTags.GPS.GPSLatitude), gps.get(ExifTags.GPS.GPSLatitudeRef), "S")
    lon = _degrees(gps.get(ExifTags.GPS.GPSLongitude), gps.get(ExifTags.GPS.GPSLongitudeRef), "W")
    if lat is None or lon is None or not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    if lat == 0 and lon == 0:  # what some cameras write when they have no fix
        return None
    return lon, lat


def read_exif(
    image: Image.Image, zone: tzinfo
) -> tuple[datetime | None, tuple[float, float] | None, int]:
    """(capture time, (lon, lat), orientation 1..8) from an opened image's EXIF."""
    try:
        exif = image.getexif()
        sub = exif.get_ifd(ExifTags.IFD.Exif)
        gps_ifd = exif.get_ifd(ExifTags.IFD.GPSInfo)
    except Exception:  # Pillow raises many kinds of errors on broken EXIF: ignore it
        return None, None, 1
    taken_at = parse_exif_time(
        sub.get(ExifTags.Base.DateTimeOriginal), sub.get(ExifTags.Base.OffsetTimeOriginal), zone
    ) or parse_exif_time(exif.get(ExifTags.Base.DateTime), sub.get(ExifTags.Base.OffsetTime), zone)
    orientation = exif.get(ExifTags.Base.Orientation, 1)
    if not isinstance(orientation, int) or not 1 <= orientation <= 8:
        orientation = 1
    try:
        gps = parse_gps(dict(gps_ifd))
    except Exception:  # a GPS IFD of the wrong shape: no position
        gps = None
    return taken_at, gps, orientation
