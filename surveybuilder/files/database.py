"""Files kept in the app's database (`stored_file`): every web server and worker that
shares the database sees every file, with no shared disk or object store to run.

A file is one row, written in one statement, so it is there whole or not at all. The
bytes travel through the database connection, so this suits files of a few
megabytes (a printed form is 0.1–2 MB; 500 numbered copies about 40 MB); larger
sites choose an object store (decision 11).
"""

from __future__ import annotations

import hashlib
import io
from datetime import UTC, datetime

from sqlalchemy import delete, insert, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine

from surveybuilder.files import OpenedFile, StoredInfo, checked_key
from surveybuilder.models import StoredFile, utcnow

_TABLE = StoredFile.__table__
_UPSERTS = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}


class DatabaseStore:
    """Each call uses its own short transaction on `engine`, apart from any the caller
    has open, so a file written by a job is visible at once to every server."""

    def __init__(self, engine: Engine):
        self.engine = engine

    def describe(self) -> str:
        return f"the database's stored_file table ({self.engine.url.get_backend_name()})"

    def put(self, key: str, data: bytes, content_type: str) -> None:
        """Insert, or replace the row if the key is there (two workers drawing the same
        form both succeed, and the last one's bytes stay)."""
        row = {"key": checked_key(key), "content": data, "size": len(data),
               "content_type": content_type, "created_at": utcnow()}
        upsert = _UPSERTS.get(self.engine.dialect.name)
        with self.engine.begin() as connection:
            if upsert is None:
                connection.execute(delete(_TABLE).where(_TABLE.c.key == key))
                connection.execute(insert(_TABLE).values(row))
                return
            statement = upsert(_TABLE).values(row)
            connection.execute(statement.on_conflict_do_update(
                index_elements=[_TABLE.c.key],
                set_={name: statement.excluded[name] for name in row if name != "key"}))

    def get(self, key: str) -> bytes | None:
        with self.engine.connect() as connection:
            return connection.execute(select(_TABLE.c.content)
                                      .where(_TABLE.c.key == checked_key(key))).scalar()

    def exists(self, key: str) -> bool:
        with self.engine.connect() as connection:
            return connection.execute(select(_TABLE.c.key)
                                      .where(_TABLE.c.key == checked_key(key))).first() is not None

    def delete(self, key: str) -> None:
        with self.engine.begin() as connection:
            connection.execute(delete(_TABLE).where(_TABLE.c.key == checked_key(key)))

    def list(self, prefix: str) -> list[StoredInfo]:
        """Underscores in the prefix are escaped, so they
        match only themselves."""
        folder = checked_key(prefix) + "/"
        with self.engine.connect() as connection:
            rows = connection.execute(
                select(_TABLE.c.key, _TABLE.c.size, _TABLE.c.created_at)
                .where(_TABLE.c.key.startswith(folder, autoescape=True))).all()
        return sorted((StoredInfo(row.key, row.size, _aware(row.created_at)) for row in rows),
                      key=lambda info: info.key)  # in Python: the database's collation may differ

    def open(self, key: str) -> OpenedFile | None:
        with self.engine.connect() as connection:
            row = connection.execute(select(_TABLE).where(_TABLE.c.key == checked_key(key))
                                     ).first()
        if row is None:
            return None
        modified = _aware(row.created_at)
        return OpenedFile(key=key, stream=io.BytesIO(row.content), size=row.size,
                          content_type=row.content_type, modified=modified,
                          etag=_etag(key, row.size, modified))


def _aware(moment: datetime) -> datetime:
    """SQLite gives back naive times; every time we store is UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _etag(key: str, size: int, modified: datetime) -> str:
    return hashlib.sha256(f"{key}:{size}:{modified.isoformat()}".encode()).hexdigest()[:32]
