"""One file per household (一户一档): the party, every violation with its history and
photos, the complaints that led to them — as JSON, or as a zip with the photo files."""

import io
import json
import zipfile
from datetime import datetime
from typing import Any

from psycopg import AsyncConnection

from api.auth.principal import Principal
from api.collections.read import get_feature, list_features
from api.complaints.tables import COMPLAINTS
from api.households.tables import HOUSEHOLDS
from api.photos.queries import owner_photos
from api.photos.storage import PhotoStore
from api.settings import Settings
from api.violations import events
from api.violations.tables import VIOLATIONS

EVERYTHING = 100_000  # a household's records fit in one page


async def dossier(
    conn: AsyncConnection, settings: Settings, household_id: int, viewer: Principal
) -> dict[str, Any]:
    """The household's file as the viewer may see it (personal data masked for those who
    may not see it; the reporters of complaints for the street office only)."""
    household, _ = await get_feature(conn, HOUSEHOLDS, household_id, viewer)
    _, violations = await list_features(
        conn, VIOLATIONS, {"household_id": household_id}, viewer, limit=EVERYTHING, offset=0
    )
    entries = []
    for text in violations:
        feature = json.loads(text)
        vid = feature["id"]
        _, complaints = await list_features(
            conn,
            COMPLAINTS,
            {"violation_id": vid},
            viewer,
            limit=EVERYTHING,
            offset=0,
        )
        entries.append(
            {
                "violation": feature,
                "history": await events.history(conn, vid, viewer),
                "photos": await owner_photos(conn, "violation", vid, viewer.sees_pii),
                "complaints": [json.loads(c) for c in complaints],
            }
        )
    return {
        "household": json.loads(household),
        "photos": await owner_photos(conn, "household", household_id, viewer.sees_pii),
        "violations": entries,
        "generated_at": datetime.now(settings.zone).isoformat(timespec="seconds"),
        "generated_for": viewer.name,
    }


SURVEY_FORM = "附件1-违法建设摸底调查表.xlsx"


def as_zip(file: dict[str, Any], settings: Settings, survey_form: bytes | None = None) -> bytes:
    """dossier.json, the survey form (附件1) when given, and every photo's original
    file, under photos/."""
    store = PhotoStore(settings.photo_dir)
    buffer = io.BytesIO()
    photos = list(file["photos"]) + [p for v in file["violations"] for p in v["photos"]]
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "dossier.json", json.dumps(file, ensure_ascii=False, indent=2, default=str)
        )
        if survey_form is not None:
            archive.writestr(SURVEY_FORM, survey_form)
        for photo in photos:
            path = store.original(photo["sha256"], photo["content_type"])
            owner = photo["owner"]
            name = f"photos/{owner['type']}-{owner['id']}/{photo['id']}-{photo['stage']}"
            if path.exists():
                archive.write(path, f"{name}{path.suffix}")
            else:  # say so rather than drop it silently
                archive.writestr(f"{name}.MISSING.txt", f"file {path.name} is missing")
    return buffer.getvalue()
