"""What staff see of background jobs: their organisation's, newest first, in words.

Queries only; the staff pages (editor/job_pages.py) scope every look-up to the
organisation being worked for, so another organisation's job is never found.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import and_, func, or_
from sqlmodel import Session, select

from surveybuilder.jobs.tidying import file_was_deleted
from surveybuilder.models import BackgroundJob, JobStatus, utcnow

STATUS_WORDS = {
    JobStatus.WAITING.value: "Waiting",
    JobStatus.RUNNING.value: "Running",
    JobStatus.DONE.value: "Done",
    JobStatus.FAILED.value: "Failed",
}


def of_organisation(session: Session, organisation_id: int,
                    consultation_id: int | None = None, limit: int = 100
                    ) -> list[BackgroundJob]:
    """The organisation's jobs (one consultation's, if given), newest first."""
    query = select(BackgroundJob).where(BackgroundJob.organisation_id == organisation_id)
    if consultation_id is not None:
        query = query.where(BackgroundJob.consultation_id == consultation_id)
    return list(session.exec(query.order_by(BackgroundJob.created_at.desc(),
                                            BackgroundJob.id.desc()).limit(limit)).all())


def one_of_organisation(session: Session, organisation_id: int,
                        job_id: int) -> BackgroundJob | None:
    job = session.get(BackgroundJob, job_id)
    return job if job is not None and job.organisation_id == organisation_id else None


def progress_words(job: BackgroundJob) -> str:
    """"Drawing the easy-read form: 40 %", with what it is doing now if it said."""
    if file_was_deleted(job):
        return f"{job.title}: done. {job.progress_words}"
    if job.status == JobStatus.DONE.value:
        return f"{job.title}: done"
    if job.status == JobStatus.WAITING.value and job.attempts == 0:
        return f"{job.title}: not started yet"
    said = f" ({job.progress_words})" if job.progress_words else ""
    return f"{job.title}: {job.progress_percent} %{said}"


def late_since(session: Session, organisation_id: int, late_minutes: int,
               now: datetime | None = None) -> datetime | None:
    """When the organisation's longest-late job was due, if any job is `late_minutes`
    late: still waiting that long after it was due, or running with a lease that
    lapsed that long ago (its runner stopped and nobody took it up). Either means no
    runner is taking jobs — on PostgreSQL, usually that `surveybuilder worker` is not
    running — which staff cannot see any other way."""
    cutoff = (now or utcnow()) - timedelta(minutes=late_minutes)
    due = func.min(func.coalesce(BackgroundJob.lease_until, BackgroundJob.run_after))
    return session.exec(select(due).where(
        BackgroundJob.organisation_id == organisation_id,
        or_(and_(BackgroundJob.status == JobStatus.WAITING.value,
                 BackgroundJob.run_after < cutoff),
            and_(BackgroundJob.status == JobStatus.RUNNING.value,
                 BackgroundJob.lease_until < cutoff)))).one()
