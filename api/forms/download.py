"""Excel files as HTTP attachments, named in Chinese (RFC 6266 / RFC 5987): an ASCII
`filename` for old clients and the UTF-8 `filename*` that browsers show."""

import re
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import quote

from fastapi import Response

from api.auth.principal import Principal
from api.contract.documented import binary
from api.forms.sheet import XLSX
from api.settings import Settings

XLSX_RESPONSE = binary(XLSX, description="An Excel workbook (.xlsx), as an attachment.")
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


@dataclass(frozen=True)
class XlsxFile:
    """A workbook with the name it is saved under (Chinese) and an ASCII fallback."""

    name: str
    fallback: str
    content: bytes


def file_name(*parts: object) -> str:
    """Parts joined by '_', without characters file systems refuse, ending in .xlsx."""
    joined = "_".join(_UNSAFE.sub("", str(p)).strip() for p in parts if str(p).strip())
    return f"{joined}.xlsx"


def exported(settings: Settings, viewer: Principal) -> str:
    """The page footer saying when and for whom a file was exported."""
    return f"导出：{datetime.now(settings.zone):%Y-%m-%d %H:%M}（{viewer.name}）"


def content_disposition(name: str, fallback: str) -> str:
    ascii_name = fallback.encode("ascii", "replace").decode().replace('"', "")
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name, safe='')}"


def xlsx_response(file: XlsxFile) -> Response:
    return Response(
        file.content,
        media_type=XLSX,
        headers={"Content-Disposition": content_disposition(file.name, file.fallback)},
    )
