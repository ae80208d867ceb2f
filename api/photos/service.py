"""Adding, reading and removing photos: the owner's access, the size limit, what the
bytes are, the content-addressed files, the row and the violation's history."""

import hashlib
import logging
from pathlib import Path
from typing import Any

from PIL import Image
from psycopg import AsyncConnection
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from api.auth.principal import Actor, Principal
from api.errors import NotFound, Problem, Unprocessable
from api.photos import evidence, images, queries
from api.photos.owners import Owner, find_owner
from api.photos.queries import PhotoRow
from api.photos.storage import PhotoStore, write_once
from api.settings import Settings
from api.violations.events import append_event
from api.vocabulary import PHOTO_STAGES

log = logging.getLogger("weijian")

STAGES = PHOTO_STAGES


class ContentTooLarge(Problem):
    status = 413


class UnsupportedMediaType(Problem):
    status = 415


def _size(n: int) -> str:
    """A size for people: 17.2 MB, 15 MB, 300 KB, 12 bytes."""
    for unit, scale in (("MB", 1024 * 1024), ("KB", 1024)):
        if n >= scale:
            return f"{n / scale:.1f}".removesuffix(".0") + f" {unit}"
    return f"{n} bytes"


async def read_limited(upload: UploadFile, limit: int) -> bytes:
    """The upload's bytes, reading at most limit + 1 of them; 413 when above the limit."""
    data = await upload.read(limit + 1)
    if len(data) > limit:
        size = upload.size if upload.size and upload.size > limit else None
        what = f"is {_size(size)}" if size else f"is more than {_size(limit)}"
        raise ContentTooLarge(
            f"the photo {what}; the limit is {_size(limit)}: send a smaller copy (most "
            "phones can share a photo at a reduced size)",
            limit_bytes=limit,
        )
    return data


def _inspect(data: bytes, settings: Settings) -> images.Inspected:
    try:
        return images.inspect(data, settings.zone, settings.photo_max_pixels)
    except images.ImageRefused as exc:
        if exc.unsupported:
            raise UnsupportedMediaType(exc.reason) from exc
        raise Unprocessable(exc.reason, **exc.extra) from exc


def _warnings(owner: Owner, distance_m: float | None, settings: Settings) -> list[str]:
    limit = settings.photo_gps_warning_m
    if distance_m is None or distance_m <= limit:
        return []
    return [
        f"the photo was taken {distance_m:.0f} m from the {owner.label} (more than "
        f"{limit:g} m): is it the right structure?"
    ]


async def store_upload(
    conn: AsyncConnection,
    settings: Settings,
    actor: Actor,
    owner_type: str,
    owner_id: int,
    stage: str,
    upload: UploadFile,
    caption: str | None = None,
) -> tuple[dict[str, Any], list[str]]:
    """Check, store and record one uploaded photo of a record; (the photo record, warnings).

    The owner must exist, be live and be one the actor may add to (404/410; 422 for a
    kind of owner this service does not have yet); the file at most
    settings.photo_max_bytes (413) and a whole JPEG or PNG by its content (415, or 422
    when damaged). A violation's after-photo taken (EXIF) before the violation was
    found or before its latest before-photo is refused (422, api/photos/evidence.py);
    a photo without GPS is accepted with a warning. The row, the files and — for a
    violation — a `photo_added` event are written together: a refusal writes nothing.
    Runs in its own transaction, or in a savepoint of the caller's. For a complaint,
    the actor is an admin, a key with the complaints:write scope, or the public
    principal (api.auth.principal.PUBLIC).
    """
    if stage not in STAGES:
        raise Unprocessable(f"stage {stage!r} is not one of {', '.join(STAGES)}")
    await find_owner(conn, owner_type, owner_id, actor.principal, adding=True)
    data = await read_limited(upload, settings.photo_max_bytes)
    inspected = await run_in_threadpool(_inspect, data, settings)
    sha256 = hashlib.sha256(data).hexdigest()
    lon, lat = inspected.gps or (None, None)
    values = {
        "sha256": sha256,
        "owner_type": owner_type,
        "owner_id": owner_id,
        "stage": stage,
        "content_type": inspected.content_type,
        "bytes": len(data),
        "width": inspected.width,
        "height": inspected.height,
        "taken_at": inspected.taken_at,
        "lon": lon,
        "lat": lat,
        "original_name": (upload.filename or "").strip()[:255] or None,
        "caption": (caption.strip() or None) if caption else None,
        "uploaded_by": actor.username,
        "request_id": actor.request_id,
    }
    store = PhotoStore(settings.photo_dir)
    async with conn.transaction():
        owner = await find_owner(
            conn, owner_type, owner_id, actor.principal, adding=True, lock=True
        )
        await evidence.check_after_photo(conn, owner, stage, inspected.taken_at, settings.zone)
        photo_id, distance_m = await queries.insert_photo(conn, values)
        if owner.kind == "violation":
            summary = {"id": photo_id, "sha256": sha256, "stage": stage}
            await append_event(
                conn, owner_id, actor, "photo_added", changes={"photo": [None, summary]}
            )
        # Last, so a row never points at a missing file; if the commit fails, the
        # file stays unused, which is harmless.
        await run_in_threadpool(
            store.put, sha256, inspected.content_type, data, inspected.thumbnail
        )
    record = await queries.photo_record(conn, photo_id, actor.principal.sees_pii)
    return record, evidence.no_gps_warning(owner, inspected.gps) + _warnings(
        owner, distance_m, settings
    )


async def readable_photo(conn: AsyncConnection, photo_id: int, viewer: Principal) -> PhotoRow:
    """A live photo whose owner the viewer may see; 404 otherwise (410 when removed)."""
    photo = await queries.photo_row(conn, photo_id)
    try:
        await find_owner(conn, photo.owner_type, photo.owner_id, viewer)
    except (NotFound, Unprocessable) as exc:
        raise NotFound(f"there is no photo {photo_id}") from exc
    queries.refuse_removed(photo)
    return photo


async def photo_record(conn: AsyncConnection, photo_id: int, viewer: Principal) -> dict[str, Any]:
    await readable_photo(conn, photo_id, viewer)
    return await queries.photo_record(conn, photo_id, viewer.sees_pii)


async def owner_photos(
    conn: AsyncConnection, owner_type: str, owner_id: int, viewer: Principal
) -> list[dict[str, Any]]:
    await find_owner(conn, owner_type, owner_id, viewer)
    return await queries.owner_photos(conn, owner_type, owner_id, viewer.sees_pii)


def original_file(settings: Settings, photo: PhotoRow) -> Path:
    path = PhotoStore(settings.photo_dir).original(photo.sha256, photo.content_type)
    if not path.is_file():
        log.error("photo %s: its file %s is missing from the store", photo.id, path)
        raise NotFound(
            f"the file of photo {photo.id} (sha256 {photo.sha256}) is missing from the "
            "photo store; tell the administrator, who can restore it from a backup"
        )
    return path


def _remake_thumbnail(original: Path, thumbnail: Path, max_pixels: int) -> None:
    with Image.open(original) as image:
        write_once(thumbnail, images.make_thumbnail(image, max_pixels))


async def thumbnail_file(settings: Settings, photo: PhotoRow) -> Path:
    """The thumbnail's path; made again from the original if it was lost."""
    path = PhotoStore(settings.photo_dir).thumbnail(photo.sha256)
    if not path.is_file():
        await run_in_threadpool(
            _remake_thumbnail, original_file(settings, photo), path, settings.photo_max_pixels
        )
    return path


async def remove_photo(conn: AsyncConnection, actor: Actor, photo_id: int, reason: str) -> None:
    """Soft-delete a photo (its file stays); a violation's history records it."""
    async with conn.transaction():
        photo = await queries.photo_row(conn, photo_id, lock=True)
        try:
            owner = await find_owner(conn, photo.owner_type, photo.owner_id, actor.principal)
        except (NotFound, Unprocessable) as exc:
            raise NotFound(f"there is no photo {photo_id}") from exc
        queries.refuse_removed(photo)
        await queries.remove_photo(conn, photo_id, actor.username, reason)
        if owner.kind == "violation":
            await append_event(
                conn,
                owner.id,
                actor,
                "photo_removed",
                changes={"photo": [photo.summary(), None]},
                reason=reason,
            )
