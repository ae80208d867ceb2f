"""Photo files, stored once by content: `<dir>/<sha[:2]>/<sha>.<jpg|png>` and the
thumbnail at `<dir>/thumbs/<sha[:2]>/<sha>.jpg`.

A file is written to a temporary name beside its place and renamed into it, so a
reader never sees half a file; a file already in place is not written again (the
same bytes uploaded twice are stored once). Files are never removed by the service:
other photo rows may share them, and a removed photo is still evidence.
"""

import os
import tempfile
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png"}


def write_once(path: Path, data: bytes) -> bool:
    """Write `data` at `path` atomically unless a file is already there; True if written."""
    if path.exists():
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        with suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    return True


@dataclass(frozen=True)
class PhotoStore:
    root: Path

    def original(self, sha256: str, content_type: str) -> Path:
        return self.root / sha256[:2] / f"{sha256}.{EXTENSIONS[content_type]}"

    def thumbnail(self, sha256: str) -> Path:
        return self.root / "thumbs" / sha256[:2] / f"{sha256}.jpg"

    def put(self, sha256: str, content_type: str, data: bytes, thumbnail: bytes) -> None:
        """Store a photo and its thumbnail (each only if not stored yet)."""
        write_once(self.original(sha256, content_type), data)
        write_once(self.thumbnail(sha256), thumbnail)
