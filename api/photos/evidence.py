"""What a photo's EXIF says about whether it can be evidence (影像锁定).

An **after-photo** of a violation shows it removed. One taken (EXIF capture time) before
the day the violation was found, or before its latest before-photo, cannot show that: it
is an old picture, or the camera's clock is wrong. Such a photo is **refused** (422), so
that a removal is never recorded on it; the person is told to set the clock and take the
photo again. A photo without an EXIF time cannot be compared and is accepted.

A photo **without a GPS position** is accepted with a warning: its place cannot be
checked against the record's.
"""

from datetime import datetime, tzinfo

from psycopg import AsyncConnection

from api.errors import Unprocessable
from api.photos.owners import Owner

# The violation's found date and its latest before-photo (capture time, and its id).
_COMPARED_SQL = """
SELECT v.found_date, b.taken_at, b.id
FROM violation v
LEFT JOIN LATERAL (
    SELECT p.taken_at, p.id FROM photo p
    WHERE p.owner_type = 'violation' AND p.owner_id = v.id AND p.stage = 'before'
      AND p.deleted_at IS NULL AND p.taken_at IS NOT NULL
    ORDER BY p.taken_at DESC, p.id DESC LIMIT 1
) b ON true
WHERE v.id = %(id)s
"""

_RETAKE = (
    "an after-photo shows the structure removed, so it must be taken after that: if the "
    "camera's clock is wrong, set it and take the photo again"
)


async def check_after_photo(
    conn: AsyncConnection, owner: Owner, stage: str, taken_at: datetime | None, zone: tzinfo
) -> None:
    """Refuse (422) a violation's after-photo taken before the violation was found or
    before its latest before-photo."""
    if owner.kind != "violation" or stage != "after" or taken_at is None:
        return
    cur = await conn.execute(_COMPARED_SQL, {"id": owner.id})
    row = await cur.fetchone()
    if row is None:
        return
    found, before_at, before_id = row
    local = taken_at.astimezone(zone)
    if local.date() < found:
        raise Unprocessable(
            f"the photo was taken on {local:%Y-%m-%d %H:%M} (its EXIF time), before violation "
            f"{owner.id} was found on {found}: {_RETAKE}",
            taken_at=taken_at.isoformat(),
        )
    if before_at is not None and taken_at < before_at:
        raise Unprocessable(
            f"the photo was taken on {local:%Y-%m-%d %H:%M} (its EXIF time), before the "
            f"before-photo {before_id} of violation {owner.id} "
            f"({before_at.astimezone(zone):%Y-%m-%d %H:%M}): {_RETAKE}",
            taken_at=taken_at.isoformat(),
        )


def no_gps_warning(owner: Owner, gps: tuple[float, float] | None) -> list[str]:
    if gps is not None:
        return []
    return [
        f"the photo carries no GPS position (EXIF): it cannot be checked that it was taken "
        f"at the {owner.label}; where you can, turn on the camera's location and take it again"
    ]
