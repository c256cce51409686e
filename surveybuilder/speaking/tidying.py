"""Deleting recordings no page offers any more (`surveybuilder tidy`), by the rule the
paper forms follow (printing/tidying.py): once a consultation's live version has been
live OLD_FORMS_KEEP_DAYS, its recordings that the live version does not say are
deleted. The live version's are always kept; so are those of a consultation whose
live version is newer than that.

A recording's key names its words, not its version, so "the live version's" means
every file the live version's pages point at. With the files goes the finished job
that made them (its key names those words), so publishing the same words again later
records them again instead of finding a done job and doing nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlmodel import Session

from surveybuilder.files import FileStore
from surveybuilder.models import BackgroundJob, JobStatus, as_utc, newest_versions
from surveybuilder.speaking.jobs import JOB_KEY_PREFIX, SPEAK_QUESTIONS, job_key, needed
from surveybuilder.speaking.voice import AUDIO_FOLDER, Voice
from surveybuilder.survey.loading import load_definition


@dataclass(frozen=True)
class DeletedRecordings:
    files: int
    jobs: int


def delete_old_recordings(session: Session, store: FileStore, now: datetime, *,
                          keep_days: float, voice: Voice) -> DeletedRecordings:
    """Delete the recordings (and their finished jobs) of words no live version says,
    for consultations whose live version has been live `keep_days`."""
    files = jobs = 0
    for version in newest_versions(session):
        if as_utc(version.published_at) >= now - timedelta(days=keep_days):
            continue
        definition = load_definition(version.definition)
        kept = needed(version.consultation_id, definition, voice)
        for info in store.list(f"{AUDIO_FOLDER}/{version.consultation_id}"):
            if info.key not in kept:
                store.delete(info.key)
                files += 1
        jobs += session.exec(delete(BackgroundJob).where(
            BackgroundJob.kind == SPEAK_QUESTIONS,
            BackgroundJob.consultation_id == version.consultation_id,
            BackgroundJob.key.startswith(JOB_KEY_PREFIX),
            BackgroundJob.key != job_key(version.consultation_id, definition),
            BackgroundJob.status.in_([JobStatus.DONE.value, JobStatus.FAILED.value]))
        ).rowcount
    return DeletedRecordings(files, jobs)
