"""Adding a job: a row in the caller's transaction, so the job exists exactly when the
work that asked for it was saved, and runs only after that commit.

The key is unique: enqueueing the same work again returns the job already there (a
job that failed for good is set waiting again, since someone has asked for the work
again). A done job waits again only when its result is gone: the caller says its file
went missing from the store (`rerun_done=True`), or `surveybuilder tidy` deleted it
for being old and someone has now asked for the same work again (two asks for an
Excel download in the same second share a key). On PostgreSQL with separate
workers the row is also handed to procrastinate's queue inside the same transaction;
elsewhere the in-process runner is woken after the commit.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, select

from surveybuilder.jobs.runtime import runtime_for
from surveybuilder.jobs.tidying import file_was_deleted
from surveybuilder.models import BackgroundJob, JobStatus, utcnow


def enqueue(session: Session, kind: str, *, key: str, title: str, organisation_id: int,
            consultation_id: int | None = None, args: dict[str, Any] | None = None,
            rerun_done: bool = False) -> BackgroundJob:
    """Add the job (or find the one with this key) in the caller's transaction.

    `rerun_done`: the caller found that a done job's result is missing (its file is gone
    from the store), so the job waits again; handlers are idempotent, so this is safe."""
    job = _existing(session, key)
    if job is None:
        _insert_unless_there(session, BackgroundJob(
            kind=kind, key=key, title=title, organisation_id=organisation_id,
            consultation_id=consultation_id, args=dict(args or {})))
        job = _existing(session, key)
        assert job is not None
    elif job.status == JobStatus.FAILED.value or file_was_deleted(job) or (
            rerun_done and job.status == JobStatus.DONE.value):
        _wait_again(job, args)
    session.flush()
    _hand_over_after_commit(session, job)
    return job


def _insert_unless_there(session: Session, job: BackgroundJob) -> None:
    """INSERT ... ON CONFLICT (key) DO NOTHING: the same key enqueued at the same moment
    by another request leaves one row. (A savepoint would do on PostgreSQL, but SQLite's
    driver commits the whole transaction when releasing one.)"""
    values = {column.name: getattr(job, column.name)
              for column in BackgroundJob.__table__.columns if column.name != "id"}
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    session.execute(insert(BackgroundJob).values(**values)
                    .on_conflict_do_nothing(index_elements=["key"]))


def _existing(session: Session, key: str) -> BackgroundJob | None:
    return session.exec(select(BackgroundJob).where(BackgroundJob.key == key)
                        .execution_options(populate_existing=True)).first()


def _wait_again(job: BackgroundJob, args: dict[str, Any] | None) -> None:
    now = utcnow()
    job.status, job.attempts, job.failure = JobStatus.WAITING.value, 0, ""
    job.progress_percent, job.progress_words = 0, ""
    job.run_after, job.queued_at, job.finished_at, job.updated_at = now, None, None, now
    job.args = dict(args or {})


def _hand_over_after_commit(session: Session, job: BackgroundJob) -> None:
    runtime = runtime_for(session.get_bind())
    if runtime is None or job.status != JobStatus.WAITING.value:
        return
    if runtime.queued and job.queued_at is None:
        from surveybuilder.jobs.queue import defer_in_transaction

        defer_in_transaction(session, job)
    if not session.info.get("jobs_wake_after_commit"):
        session.info["jobs_wake_after_commit"] = True
        event.listen(session, "after_commit", _wake(runtime), once=True)


def _wake(runtime: Any) -> Any:
    def after_commit(session: Session) -> None:
        session.info.pop("jobs_wake_after_commit", None)
        runtime.jobs_committed()
    return after_commit
