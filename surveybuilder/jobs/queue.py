"""procrastinate's queue on PostgreSQL: our rows are what staff see, procrastinate
carries "run job N" to a worker.

Deferring is done in the enqueueing transaction itself, by calling procrastinate's own
SQL function through our session: the queue entry exists exactly when the row does.
Each queue entry has a queueing lock named after the row, so a job is never queued
twice. It has no procrastinate lock: the row's claim already keeps a job from running
twice, and a lock held by a dead worker's entry would block the job's recovery.
"""

from __future__ import annotations

import json

from sqlalchemy import and_, or_, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from surveybuilder.models import BackgroundJob, JobStatus, utcnow

QUEUE = "surveybuilder"
TASK = "surveybuilder.run_job"

_DEFER = text(
    "SELECT procrastinate_defer_jobs_v1(ARRAY[ROW(:queue, :task, 0, NULL, :lock, "
    "CAST(:args AS jsonb), :at)::procrastinate_job_to_defer_v1])")


def lock_name(job_id: int) -> str:
    return f"backgroundjob-{job_id}"


def defer_in_transaction(session: Session, job: BackgroundJob) -> bool:
    """Queue "run job N" in the session's transaction; False if it was already queued."""
    assert job.id is not None
    now = utcnow()
    try:
        with session.begin_nested():
            session.execute(_DEFER, {
                "queue": QUEUE, "task": TASK, "lock": lock_name(job.id),
                "args": json.dumps({"job_id": job.id}),
                "at": job.run_after if job.run_after > now else None})
    except IntegrityError:  # the queueing lock: it is queued already
        queued = False
    else:
        queued = True
    job.queued_at = now
    session.add(job)
    return queued


def redefer_lost(engine: Engine) -> int:
    """Queue the rows the queue may not know of: waiting but never queued (the process
    stopped between its commit and queueing, or a retry is due to be queued) and
    running with a lapsed lease (their worker died). The queueing lock makes queueing
    one already there harmless. Returns how many were queued now."""
    now = utcnow()
    queued = 0
    with Session(engine, expire_on_commit=False) as session:
        lost = session.exec(select(BackgroundJob).where(or_(
            and_(BackgroundJob.status == JobStatus.WAITING.value,
                 BackgroundJob.queued_at.is_(None)),  # type: ignore[union-attr]
            and_(BackgroundJob.status == JobStatus.RUNNING.value,
                 BackgroundJob.lease_until < now)))).all()
        for job in lost:
            queued += defer_in_transaction(session, job)
        session.commit()
    return queued


def requeue(engine: Engine, job_id: int) -> None:
    """Queue a job again for its next try (its row says when)."""
    with Session(engine, expire_on_commit=False) as session:
        job = session.get(BackgroundJob, job_id)
        if job is not None and job.status == JobStatus.WAITING.value:
            defer_in_transaction(session, job)
            session.commit()
