"""procrastinate's queue on PostgreSQL: our rows are what staff see, procrastinate
carries "run job N" to a worker.

Deferring is done in the enqueueing transaction itself, by calling procrastinate's own
SQL function through our session: the queue entry exists exactly when the row does.
Each queue entry has a queueing lock named after the row, so a job is never queued
twice, and a lock of the same name, so it never runs twice at once.
"""

from __future__ import annotations

import json

from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from surveybuilder.models import BackgroundJob, utcnow

QUEUE = "surveybuilder"
TASK = "surveybuilder.run_job"

_DEFER = text(
    "SELECT procrastinate_defer_jobs_v1(ARRAY[ROW(:queue, :task, 0, :lock, :lock, "
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
