"""Forgetting finished jobs, and saying on a job's row that its file has been deleted.

`surveybuilder tidy` deletes done and failed job rows once JOBS_KEEP_DAYS have passed
since they finished (waiting and running jobs are never touched), and on PostgreSQL
procrastinate's finished entries for jobs we no longer have, with their events. A job's
personal arguments are blanked when it finishes (running.py); deleting the row removes
everything else it held.

Owners of generated files (results/jobs.py, printing/tidying.py, feedback/jobs.py)
delete their own old files; an export job whose file went is marked here, so its page
can say the file is gone instead of quietly making it again.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import delete, func, text, update
from sqlmodel import Session

from surveybuilder.models import BackgroundJob, JobStatus

FILE_DELETED = "File deleted"
"""How a done job's words start once `surveybuilder tidy` has deleted its file."""

FINISHED = (JobStatus.DONE.value, JobStatus.FAILED.value)

# procrastinate's entries that are over (see its schema.sql); an entry's only argument
# is our row's id, so a finished entry whose row is gone is of no further use.
_FORGET_QUEUE_ENTRIES = text(
    "DELETE FROM procrastinate_jobs AS entry "
    "WHERE entry.queue_name = :queue "
    "AND entry.status IN ('succeeded', 'failed', 'cancelled', 'aborted') "
    "AND NOT EXISTS (SELECT 1 FROM backgroundjob AS job "
    "                WHERE job.id = (entry.args ->> 'job_id')::bigint)")


def delete_finished(session: Session, now: datetime, keep_days: int) -> int:
    """Delete done and failed jobs that finished more than `keep_days` ago (and, on
    PostgreSQL, their queue entries); how many rows went. The caller commits."""
    finished = func.coalesce(BackgroundJob.finished_at, BackgroundJob.updated_at)
    deleted = session.exec(delete(BackgroundJob).where(
        BackgroundJob.status.in_(FINISHED),  # type: ignore[attr-defined]
        finished < now - timedelta(days=keep_days))).rowcount
    if session.get_bind().dialect.name == "postgresql":
        from surveybuilder.jobs.queue import QUEUE

        session.execute(_FORGET_QUEUE_ENTRIES, {"queue": QUEUE})
    return deleted


def mark_files_deleted(session: Session, kind: str, file_keys: Sequence[str],
                       words: str, now: datetime) -> int:
    """Say on each done job of `kind` that made one of these files that the file is
    gone (`words` after FILE_DELETED), and forget its key; how many jobs. The caller
    commits."""
    marked = 0
    for start in range(0, len(file_keys), 500):  # a bounded IN list on every database
        marked += session.exec(update(BackgroundJob).where(
            BackgroundJob.kind == kind, BackgroundJob.status == JobStatus.DONE.value,
            BackgroundJob.result_file.in_(file_keys[start:start + 500]))  # type: ignore[union-attr]
            .values(result_file=None, progress_words=f"{FILE_DELETED}: {words}"[:300],
                    updated_at=now)).rowcount
    return marked


def file_was_deleted(job: BackgroundJob) -> bool:
    """True for a done job whose file `surveybuilder tidy` deleted."""
    return (job.status == JobStatus.DONE.value and job.result_file is None
            and job.progress_words.startswith(FILE_DELETED))
