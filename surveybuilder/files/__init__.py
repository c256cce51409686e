"""Where generated and uploaded files are kept: one interface, three places.

Printed forms and published results are drawn once and served many times, by any of
several web server processes on one or more machines, and drawn by background workers
that may run elsewhere. So a file is named by a *key* (a relative path such as
`print/12/v3/p2/easy-read-14pt-c0.pdf`), never by a path on one machine's disk, and
kept in a `FileStore`:

    folder.py    a local folder (the default on SQLite, where there is one server)
    database.py  the `stored_file` table (the default on PostgreSQL: every server that
                 shares the database sees every file, with nothing else to run)
    s3.py        an S3-compatible object store (`s3://bucket/prefix?endpoint=...`)

Every store writes a file whole or not at all: a reader sees the old file, the new
file or none, never half of one. `open_store` chooses one from the STORAGE_URL setting
(decision 11). This package never imports Flask: web views send what `FileStore.open`
gives them (surveybuilder/web_files.py).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, BinaryIO, Protocol
from urllib.parse import parse_qs, urlsplit

from sqlalchemy.engine import Engine

_KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)*")
MAX_KEY_LENGTH = 500


class StoreError(ValueError):
    """A bad key or store address; the message says what is wrong in plain words."""


def checked_key(key: str) -> str:
    """The key itself, if it is a safe relative path: parts of letters, digits, dots,
    dashes and underscores, none starting with a dot (so never `..`), at most 500
    characters. Keys become file paths and object names, so nothing else gets in."""
    if len(key) > MAX_KEY_LENGTH or not _KEY.fullmatch(key):
        raise StoreError(f"'{key}' is not a usable file key: use a relative path of letters, "
                         f"digits, dots, dashes and underscores, like print/12/v3/form.pdf")
    return key


@dataclass
class OpenedFile:
    """A stored file ready to send: `stream` gives its bytes (close it when done), the
    rest lets a web server answer "not changed since" (`etag`, `modified`) and say how
    big it is."""

    key: str
    stream: BinaryIO = field(repr=False)
    size: int
    content_type: str
    modified: datetime
    etag: str


@dataclass(frozen=True)
class StoredInfo:
    """One stored file as `FileStore.list` finds it: enough to decide whether to keep
    it (`surveybuilder tidy`) without reading it."""

    key: str
    size: int
    modified: datetime
    """When it was written (timezone-aware, UTC)."""


class FileStore(Protocol):
    """Keeps files by key. `put` replaces a file whole; `get` and `open` give None for
    a key that is not there; `delete` of a missing key does nothing; `list(prefix)`
    gives every file under a folder key (`exports/12`), in key order."""

    def put(self, key: str, data: bytes, content_type: str) -> None: ...

    def get(self, key: str) -> bytes | None: ...

    def exists(self, key: str) -> bool: ...

    def delete(self, key: str) -> None: ...

    def open(self, key: str) -> OpenedFile | None: ...

    def list(self, prefix: str) -> list[StoredInfo]: ...

    def describe(self) -> str: ...


def open_store(url: str | None, *, database_url: str, engine: Engine,
               exports_dir: str | Path) -> FileStore:
    """The store the STORAGE_URL setting names.

    - unset: a local folder (EXPORTS_DIR) on SQLite, the database on anything else;
    - `folder` (EXPORTS_DIR) or `file:///absolute/path`: a local folder;
    - `database`: the `stored_file` table of the app's database;
    - `s3://bucket/prefix?endpoint=https://host&region=eu-west-2`: an S3-compatible
      store, with credentials from the usual AWS_* environment variables.
    """
    from surveybuilder.files.database import DatabaseStore
    from surveybuilder.files.folder import FolderStore

    if not url:
        if database_url.startswith("sqlite"):
            return FolderStore(exports_dir)
        return DatabaseStore(engine)
    if url == "folder":
        return FolderStore(exports_dir)
    if url == "database":
        return DatabaseStore(engine)
    parts = urlsplit(url)
    if parts.scheme == "file" and parts.path:
        return FolderStore(parts.path)
    if parts.scheme == "s3" and parts.netloc:
        from surveybuilder.files.s3 import S3Store

        query = parse_qs(parts.query)
        return S3Store(parts.netloc, parts.path.strip("/"),
                       endpoint=query.get("endpoint", [None])[0],
                       region=query.get("region", [None])[0])
    raise StoreError(f"SURVEYBUILDER_STORAGE_URL={url!r} is not a place to keep files. Use "
                     f"folder, file:///a/folder, database or s3://bucket/prefix?endpoint=...")


def store_from_settings(config: Mapping[str, Any], engine: Engine) -> FileStore:
    """The store an app's or a job's settings name (STORAGE_URL, DATABASE_URL,
    EXPORTS_DIR), on its database engine."""
    return open_store(config["STORAGE_URL"], database_url=config["DATABASE_URL"],
                      engine=engine, exports_dir=config["EXPORTS_DIR"])
