"""What a running handler is given: its job's details, a database session of its own,
the settings, and a way to tell staff how far it has got.

A handler runs outside any web request (in a worker process or a background thread),
so everything it needs comes through the JobContext rather than Flask.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import update
from sqlalchemy.engine import Engine
from sqlmodel import Session

from surveybuilder.models import BackgroundJob, unit_of_work, utcnow


class JobFailed(Exception):
    """Raised by a handler with words for staff: what went wrong and what to do.

    `retry=False` says trying again cannot help (the form does not fit the page), so
    the job fails at once instead of after every attempt."""

    def __init__(self, words: str, *, retry: bool = True) -> None:
        super().__init__(words)
        self.words = words
        self.retry = retry


@dataclass
class JobContext:
    """Handed to a handler as its first argument."""

    id: int
    kind: str
    key: str
    title: str
    organisation_id: int
    consultation_id: int | None
    attempt: int
    engine: Engine
    config: Mapping[str, Any]
    result_file: str | None = None
    """Set by a handler that made a file (a storage key), shown to staff and kept."""

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session of the job's own, committed when the block ends without error."""
        with unit_of_work(self.engine) as session:
            yield session

    def progress(self, percent: int, words: str = "") -> None:
        """Record how far the job has got, in a transaction of its own so staff see it
        while the work goes on."""
        percent = max(0, min(100, int(percent)))
        with self.engine.begin() as connection:
            connection.execute(
                update(BackgroundJob).where(BackgroundJob.id == self.id)
                .values(progress_percent=percent, progress_words=words[:300],
                        updated_at=utcnow()))
