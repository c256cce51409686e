"""Files kept in a local folder, one file per key: what a single server needs, and
what an operator can see and back up with ordinary tools."""

from __future__ import annotations

import hashlib
import mimetypes
import os
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from surveybuilder.files import OpenedFile, StoredInfo, checked_key


class FolderStore:
    """A key is a path under `root`. A relative root is taken from the working
    directory once, when the store is made, so every later reader finds the same
    files."""

    def __init__(self, root: str | Path):
        self.root = Path(root).resolve()

    def describe(self) -> str:
        return f"the folder {self.root}"

    def path(self, key: str) -> Path:
        return self.root / checked_key(key)

    def put(self, key: str, data: bytes, content_type: str) -> None:
        """Written under a temporary name in the same folder and renamed, which is
        atomic: readers see the old file or the new one. The type comes back from the
        key's ending (`.pdf`, `.json`), so it is not kept."""
        path = self.path(key)
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)  # personal data
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".writing-")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    def get(self, key: str) -> bytes | None:
        try:
            return self.path(key).read_bytes()
        except FileNotFoundError:
            return None

    def exists(self, key: str) -> bool:
        return self.path(key).is_file()

    def delete(self, key: str) -> None:
        self.path(key).unlink(missing_ok=True)

    def list(self, prefix: str) -> list[StoredInfo]:
        """Files under the folder; a file still being written (its temporary name
        starts with a dot) is not one yet."""
        folder = self.path(prefix)
        found = []
        for path in folder.rglob("*") if folder.is_dir() else ():
            key = path.relative_to(self.root).as_posix()
            if path.is_file() and not any(part.startswith(".") for part in key.split("/")):
                stat = path.stat()
                found.append(StoredInfo(key, stat.st_size,
                                        datetime.fromtimestamp(stat.st_mtime, UTC)))
        return sorted(found, key=lambda info: info.key)

    def open(self, key: str) -> OpenedFile | None:
        try:
            stream = self.path(key).open("rb")
        except FileNotFoundError:
            return None
        stat = os.fstat(stream.fileno())
        stamp = f"{key}:{stat.st_size}:{stat.st_mtime_ns}".encode()
        return OpenedFile(key=key, stream=stream, size=stat.st_size,
                          content_type=_guessed_type(key),
                          modified=datetime.fromtimestamp(stat.st_mtime, UTC),
                          etag=hashlib.sha256(stamp).hexdigest()[:32])


def _guessed_type(key: str) -> str:
    return mimetypes.guess_type(key)[0] or "application/octet-stream"
