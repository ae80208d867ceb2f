"""What the photo routes answer (documented in the OpenAPI)."""

from datetime import datetime

from pydantic import BaseModel, Field

from api.vocabulary import PhotoContentType
from api.vocabulary import PhotoOwnerType as OwnerType
from api.vocabulary import PhotoStage as Stage


class PhotoOwner(BaseModel):
    type: OwnerType
    id: int


class PhotoUrls(BaseModel):
    file: str = Field(description="The photo itself, as uploaded.")
    thumbnail: str = Field(description="A JPEG at most 320 px on its longest side, upright.")


class PhotoOut(BaseModel):
    id: int
    sha256: str = Field(description="SHA-256 of the file's bytes: also its ETag.")
    owner: PhotoOwner
    stage: Stage = Field(description="Before, during or after removal (影像锁定).")
    content_type: PhotoContentType
    bytes: int
    width: int = Field(description="Pixels across, as displayed (EXIF orientation applied).")
    height: int
    taken_at: datetime | None = Field(
        description="EXIF capture time; read in the campaign's time zone when the camera "
        "wrote no UTC offset. Null when the photo carries none."
    )
    gps: list[float] | None = Field(
        description="EXIF GPS position [lon, lat] (WGS84), or null when the photo has none."
    )
    gps_distance_m: float | None = Field(
        description="For a violation's photo: geodesic distance in metres from the GPS "
        "position to the footprint (0 inside it), at upload."
    )
    original_name: str | None = Field(
        description="The uploaded file's name; null for those who may not see personal data."
    )
    caption: str | None
    uploaded_by: str
    uploaded_at: datetime
    urls: PhotoUrls


class PhotoUploaded(PhotoOut):
    warnings: list[str] = Field(
        description="Things to check, e.g. a photo taken far from the violation it is "
        "attached to. The photo is stored all the same."
    )


class PhotoList(BaseModel):
    owner: PhotoOwner
    photos: list[PhotoOut]
