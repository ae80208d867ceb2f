"""SQL for the photo table. PostGIS builds each record's JSON; values are bound."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from psycopg import AsyncConnection

from api.db.sqlfiles import load
from api.errors import Gone, NotFound

PHOTOS_PATH = "/api/v1/photos"

# A photo as the API shows it (alias p). The uploader's file name may carry personal
# data (a party's name): shown only with %(pii)s.
PHOTO_JSON = """json_build_object(
    'id', p.id,
    'sha256', p.sha256,
    'owner', json_build_object('type', p.owner_type, 'id', p.owner_id),
    'stage', p.stage,
    'content_type', p.content_type,
    'bytes', p.bytes,
    'width', p.width,
    'height', p.height,
    'taken_at', p.taken_at,
    'gps', CASE WHEN p.gps IS NOT NULL THEN json_build_array(
        round(ST_X(p.gps)::numeric, 7), round(ST_Y(p.gps)::numeric, 7)) END,
    'gps_distance_m', round(p.gps_distance_m::numeric, 1),
    'original_name', CASE WHEN %(pii)s THEN p.original_name END,
    'caption', p.caption,
    'uploaded_by', p.uploaded_by,
    'uploaded_at', p.uploaded_at)"""

# The row of a new photo, with its GPS position and distance to the footprint.
INSERT = load("photo_insert")


@dataclass(frozen=True)
class PhotoRow:
    """What the service needs of a stored photo to check access and serve its file."""

    id: int
    sha256: str
    owner_type: str
    owner_id: int
    stage: str
    content_type: str
    deleted_at: datetime | None
    deleted_reason: str | None

    def summary(self) -> dict[str, Any]:
        """The photo as the violation's history records it."""
        return {"id": self.id, "sha256": self.sha256, "stage": self.stage}


def with_urls(record: dict[str, Any]) -> dict[str, Any]:
    path = f"{PHOTOS_PATH}/{record['id']}"
    return {**record, "urls": {"file": f"{path}/file", "thumbnail": f"{path}/thumbnail"}}


async def insert_photo(conn: AsyncConnection, values: dict[str, Any]) -> tuple[int, float | None]:
    """Insert a photo row; (its id, its distance to the violation in metres or None)."""
    cur = await conn.execute(INSERT, values)
    row = await cur.fetchone()
    assert row is not None
    return int(row[0]), row[1]


async def photo_row(conn: AsyncConnection, photo_id: int, *, lock: bool = False) -> PhotoRow:
    """A photo row, live or removed; NotFound when there is none."""
    cur = await conn.execute(
        "SELECT id, sha256, owner_type, owner_id, stage, content_type, deleted_at, "
        "deleted_reason FROM photo WHERE id = %(id)s" + (" FOR UPDATE" if lock else ""),
        {"id": photo_id},
    )
    row = await cur.fetchone()
    if row is None:
        raise NotFound(f"there is no photo {photo_id}")
    return PhotoRow(*row)


def refuse_removed(photo: PhotoRow) -> None:
    if photo.deleted_at is not None:
        raise Gone(
            f"photo {photo.id} was removed on {photo.deleted_at:%Y-%m-%d %H:%M}: "
            f"{photo.deleted_reason}"
        )


async def photo_record(conn: AsyncConnection, photo_id: int, pii: bool) -> dict[str, Any]:
    cur = await conn.execute(
        f"SELECT {PHOTO_JSON} FROM photo p WHERE p.id = %(id)s", {"id": photo_id, "pii": pii}
    )
    row = await cur.fetchone()
    if row is None:
        raise NotFound(f"there is no photo {photo_id}")
    return with_urls(row[0])


async def owner_photos(
    conn: AsyncConnection, owner_type: str, owner_id: int, pii: bool
) -> list[dict[str, Any]]:
    """The owner's live photos, oldest upload first."""
    cur = await conn.execute(
        f"SELECT {PHOTO_JSON} FROM photo p WHERE p.owner_type = %(type)s "
        "AND p.owner_id = %(id)s AND p.deleted_at IS NULL ORDER BY p.uploaded_at, p.id",
        {"type": owner_type, "id": owner_id, "pii": pii},
    )
    return [with_urls(row[0]) for row in await cur.fetchall()]


async def remove_photo(conn: AsyncConnection, photo_id: int, actor: str, reason: str) -> None:
    await conn.execute(
        "UPDATE photo SET deleted_at = now(), deleted_by = %(actor)s, "
        "deleted_reason = %(reason)s WHERE id = %(id)s",
        {"id": photo_id, "actor": actor, "reason": reason},
    )


async def count_photos(
    conn: AsyncConnection, owner_type: str, owner_id: int, stage: str | None = None
) -> int:
    """How many live photos the owner has, of `stage` ('before', 'during', 'after'),
    or of every stage when None. E.g. a demolition needs an after-photo."""
    cur = await conn.execute(
        "SELECT count(*) FROM photo WHERE owner_type = %(type)s AND owner_id = %(id)s "
        "AND (%(stage)s::text IS NULL OR stage = %(stage)s) AND deleted_at IS NULL",
        {"type": owner_type, "id": owner_id, "stage": stage},
    )
    row = await cur.fetchone()
    return int(row[0]) if row else 0
