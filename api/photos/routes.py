"""Routes for photos (影像锁定): upload, list, read, the file, its thumbnail, remove."""

from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Query, Request, Response, UploadFile, status
from fastapi.responses import FileResponse

from api.auth.deps import Reader, RecordActor
from api.contract.documented import binary
from api.contract.problems import AUTHED, problems
from api.deps import DbConn, DeleteReason, SettingsDep
from api.photos import service
from api.photos.queries import PHOTOS_PATH, PhotoRow
from api.photos.schemas import OwnerType, PhotoList, PhotoOut, PhotoUploaded, Stage

router = APIRouter(prefix="/photos", tags=["photos"])

# A photo's bytes never change, but who may see them can: private caches, for a day.
CACHE_CONTROL = "private, max-age=86400"
IMAGE_RESPONSES: dict[int | str, dict[str, Any]] = {
    **binary("image/jpeg", "image/png", description="The image."),
    304: {"description": "Not modified: the ETag sent in If-None-Match still holds."},
    **problems(*AUTHED, 404),
}

UPLOAD_REFUSALS = problems(
    *AUTHED,
    404,
    410,
    413,
    415,
    s404="The record does not exist, or is not yours to see.",
    s410="The record was deleted: photos can no longer be added to it.",
    s413="The file is larger than the limit.",
    s415="The file is not a JPEG or PNG image (whatever its name says).",
    s422="A field is missing or wrong, or the image is damaged.",
)


def _image(request: Request, path: Path, media_type: str, photo: PhotoRow, name: str) -> Response:
    """The file with the photo's sha256 as its ETag (304 when the client has it)."""
    headers = {"ETag": f'"{photo.sha256}"', "Cache-Control": CACHE_CONTROL}
    sent = request.headers.get("if-none-match", "")
    if headers["ETag"] in (tag.strip().removeprefix("W/") for tag in sent.split(",")):
        return Response(status_code=status.HTTP_304_NOT_MODIFIED, headers=headers)
    return FileResponse(
        path,
        media_type=media_type,
        headers=headers,
        filename=name,
        content_disposition_type="inline",
    )


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=PhotoUploaded,
    responses=UPLOAD_REFUSALS,
    summary="Upload a photo",
)
async def upload_photo(
    request: Request,
    response: Response,
    conn: DbConn,
    settings: SettingsDep,
    actor: RecordActor,
    file: Annotated[UploadFile, File(description="The photo: a JPEG or PNG file.")],
    owner_type: Annotated[OwnerType, Form(description="The kind of record it shows.")],
    owner_id: Annotated[int, Form(description="That record's id.")],
    stage: Annotated[Stage, Form(description="Before, during or after removal.")],
    caption: Annotated[str | None, Form(max_length=500, description="What it shows.")] = None,
) -> dict[str, Any]:
    """Attach a photo to a violation, household, sweep or complaint, as
    `multipart/form-data`. Only JPEG and PNG are accepted, recognised by their content
    whatever the file is called (415 otherwise, 422 when the file is damaged), up to
    the size limit (15 MB unless configured; 413 above it). The EXIF capture time and
    GPS position are read and kept; for a violation, the distance from the GPS position
    to the footprint too, and `warnings` says when it is far (more than 100 m unless
    configured). The file is stored once by its SHA-256, with a thumbnail; a violation's
    history records a `photo_added` event. Inspectors attach photos only to their
    communities' records (another community's record answers 404)."""
    record, warnings = await service.store_upload(
        conn, settings, actor, owner_type, owner_id, stage, file, caption
    )
    response.headers["Location"] = f"{PHOTOS_PATH}/{record['id']}"
    # The audit line names the file by its hash, so the chained audit log holds it for
    # every owner (a violation's photo_added event holds it too).
    request.state.audit_detail = {
        "sha256": record["sha256"],
        "owner_type": owner_type,
        "owner_id": owner_id,
    }
    return {**record, "warnings": warnings}


@router.get(
    "",
    response_model=PhotoList,
    responses=problems(*AUTHED, 404),
    summary="List a record's photos",
)
async def list_photos(
    conn: DbConn,
    viewer: Reader,
    owner_type: Annotated[OwnerType, Query(description="The kind of record.")],
    owner_id: Annotated[int, Query(description="Its id.")],
) -> dict[str, Any]:
    """The live photos of one record, oldest upload first, each with the links to its
    file and thumbnail. 404 when the record does not exist or is not yours to see.
    Complaints' photos are shown to the street office only."""
    photos = await service.owner_photos(conn, owner_type, owner_id, viewer)
    return {"owner": {"type": owner_type, "id": owner_id}, "photos": photos}


@router.get(
    "/{photo_id}",
    response_model=PhotoOut,
    responses=problems(*AUTHED, 404),
    summary="Get one photo's record",
)
async def get_photo(photo_id: int, conn: DbConn, viewer: Reader) -> dict[str, Any]:
    """What is known of a photo: its owner, stage, EXIF time and GPS, size, who
    uploaded it and when, and the links to its file and thumbnail."""
    return await service.photo_record(conn, photo_id, viewer)


@router.get(
    "/{photo_id}/file",
    response_class=Response,
    responses=IMAGE_RESPONSES,
    summary="Get a photo's file",
)
async def get_photo_file(
    photo_id: int, request: Request, conn: DbConn, settings: SettingsDep, viewer: Reader
) -> Response:
    """The photo's bytes as uploaded (`image/jpeg` or `image/png`), to those who may
    see its record. The `ETag` is the file's SHA-256; send it in `If-None-Match` to
    get 304 when you have it already."""
    photo = await service.readable_photo(conn, photo_id, viewer)
    path = service.original_file(settings, photo)
    return _image(request, path, photo.content_type, photo, f"photo-{photo.id}{path.suffix}")


@router.get(
    "/{photo_id}/thumbnail",
    response_class=Response,
    responses={**IMAGE_RESPONSES, **binary("image/jpeg", description="A JPEG.")},
    summary="Get a photo's thumbnail",
)
async def get_photo_thumbnail(
    photo_id: int, request: Request, conn: DbConn, settings: SettingsDep, viewer: Reader
) -> Response:
    """A JPEG at most 320 px on its longest side, turned upright by the photo's EXIF
    orientation, for lists and map pop-ups."""
    photo = await service.readable_photo(conn, photo_id, viewer)
    path = await service.thumbnail_file(settings, photo)
    return _image(request, path, "image/jpeg", photo, f"photo-{photo.id}-thumbnail.jpg")


@router.delete(
    "/{photo_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=problems(*AUTHED, 404),
    summary="Remove a photo",
)
async def delete_photo(
    photo_id: int, conn: DbConn, actor: RecordActor, reason: DeleteReason
) -> Response:
    """Remove a photo attached by mistake: it leaves the record's list, keeps its data
    and file, and for a violation a `photo_removed` event records who, when and why."""
    await service.remove_photo(conn, actor, photo_id, reason)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
