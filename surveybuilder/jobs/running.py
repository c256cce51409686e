"""Running one job: claim its row, call its handler, record the outcome.

Every runner (procrastinate's worker on PostgreSQL, the in-process threads, `surveybuilder
jobs run-waiting`, a test) goes through `run_job`, so claiming, leases, retries and the
words staff read behave the same everywhere. The claim is one UPDATE guarded by the
row's status, so two runners can never both run a job; a runner renews its lease while
it works, and a job whose lease has run out (its runner was killed) can be claimed
again.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import and_, or_, select, update
from sqlalchemy.engine import Engine

from surveybuilder.jobs.context import JobContext, JobFailed
from surveybuilder.jobs.kinds import kind as find_kind
from surveybuilder.models import BackgroundJob, JobStatus, utcnow

log = logging.getLogger(__name__)

RUNNER_NAME = f"{socket.gethostname()}:{os.getpid()}"


@dataclass(frozen=True)
class JobSettings:
    """The JOBS_* settings a runner needs, read once from the app's config."""

    max_attempts: int = 5
    retry_seconds: float = 30.0
    lease_seconds: float = 60.0

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> JobSettings:
        return cls(int(config["JOBS_MAX_ATTEMPTS"]), float(config["JOBS_RETRY_SECONDS"]),
                   float(config["JOBS_LEASE_SECONDS"]))

    def retry_wait(self, attempts: int) -> timedelta:
        """Twice as long after each failed attempt, at most an hour."""
        return timedelta(seconds=min(3600.0, self.retry_seconds * 2 ** max(0, attempts - 1)))


class Outcome(StrEnum):
    SKIPPED = "skipped"  # not ours to run: done, running elsewhere, or not due yet
    DONE = "done"
    RETRY = "retry"
    FAILED = "failed"


def runnable(now: datetime) -> Any:
    """The SQL condition for a row a runner may claim now."""
    return or_(
        and_(BackgroundJob.status == JobStatus.WAITING.value, BackgroundJob.run_after <= now),
        and_(BackgroundJob.status == JobStatus.RUNNING.value, BackgroundJob.lease_until < now),
    )


def claim(engine: Engine, job_id: int, settings: JobSettings) -> str | None:
    """Take the job, atomically; the claim's own runner name, or None if it is not ours
    to run. Later writes check that name, so a runner whose lease ran out and whose job
    was taken over cannot overwrite the new runner's outcome."""
    now = utcnow()
    runner = f"{RUNNER_NAME}:{uuid.uuid4().hex[:8]}"
    with engine.begin() as connection:
        claimed = connection.execute(
            update(BackgroundJob)
            .where(BackgroundJob.id == job_id, runnable(now))
            .values(status=JobStatus.RUNNING.value, attempts=BackgroundJob.attempts + 1,
                    runner=runner, started_at=now, updated_at=now,
                    lease_until=now + timedelta(seconds=settings.lease_seconds))
        ).rowcount
    return runner if claimed == 1 else None


def run_job(engine: Engine, job_id: int, config: Mapping[str, Any],
            settings: JobSettings | None = None) -> Outcome:
    """Claim and run one job, recording what happened on its row."""
    settings = settings or JobSettings.from_config(config)
    runner = claim(engine, job_id, settings)
    if runner is None:
        return Outcome.SKIPPED
    with engine.connect() as connection:
        job = connection.execute(
            select(BackgroundJob.__table__).where(BackgroundJob.id == job_id)).one()
    ours = _Claim(engine, job_id, runner)
    context = JobContext(id=job.id, kind=job.kind, key=job.key, title=job.title,
                         organisation_id=job.organisation_id,
                         consultation_id=job.consultation_id, attempt=job.attempts,
                         engine=engine, config=config)
    job_kind = find_kind(job.kind)
    if job_kind is None:
        return _fail(ours, job, (), f"{job.title} could not be done: this server does not "
                     "know how. Ask your administrator to check every server runs the "
                     "same version.")
    renewing = _LeaseRenewal(ours, settings)
    renewing.start()
    try:
        job_kind.handler(context, **job.args)
    except JobFailed as failure:
        log.warning("Job %s (%s) failed: %s", job.id, job.kind, failure.words, exc_info=True)
        if failure.retry and job.attempts < settings.max_attempts:
            return _retry(ours, job, settings, failure.words)
        return _fail(ours, job, job_kind.private_args, failure.words)
    except Exception:
        log.exception("Job %s (%s) failed on attempt %s", job.id, job.kind, job.attempts)
        if job.attempts < settings.max_attempts:
            return _retry(ours, job, settings, "")
        return _fail(ours, job, job_kind.private_args,
                     f"{job.title} did not finish: something went wrong on the server "
                     f"each of the {job.attempts} times it was tried. Try again later, "
                     "or ask your administrator to look at the server's log.")
    finally:
        renewing.stop()
    return _finish(ours, job, job_kind.private_args, context.result_file)


def _finish(ours: _Claim, job: Any, private: tuple[str, ...],
            result_file: str | None) -> Outcome:
    now = utcnow()
    ours.set(status=JobStatus.DONE.value, progress_percent=100,
             failure="", lease_until=None, finished_at=now, updated_at=now,
             result_file=result_file, args=_blanked(job.args, private))
    return Outcome.DONE


def _retry(ours: _Claim, job: Any, settings: JobSettings, words: str) -> Outcome:
    now = utcnow()
    wait = settings.retry_wait(job.attempts)
    minutes = max(1, round(wait.total_seconds() / 60))
    ours.set(status=JobStatus.WAITING.value, lease_until=None, updated_at=now,
             run_after=now + wait, queued_at=None,
             failure=" ".join(filter(None, (
                 f"Try {job.attempts} of {settings.max_attempts} did not work.", words,
                 f"It will be tried again in about {minutes} minute"
                 f"{'' if minutes == 1 else 's'}."))))
    return Outcome.RETRY


def _fail(ours: _Claim, job: Any, private: tuple[str, ...], words: str) -> Outcome:
    now = utcnow()
    ours.set(status=JobStatus.FAILED.value, failure=words, lease_until=None,
             finished_at=now, updated_at=now, args=_blanked(job.args, private))
    return Outcome.FAILED


@dataclass(frozen=True)
class _Claim:
    """A runner's hold on a job: writes apply only while the row is still its own."""

    engine: Engine
    job_id: int
    runner: str

    def set(self, **values: Any) -> bool:
        with self.engine.begin() as connection:
            return connection.execute(
                update(BackgroundJob)
                .where(BackgroundJob.id == self.job_id, BackgroundJob.runner == self.runner,
                       BackgroundJob.status == JobStatus.RUNNING.value)
                .values(**values)).rowcount == 1


def _blanked(args: dict[str, Any], private: tuple[str, ...]) -> dict[str, Any]:
    """The arguments with personal data removed, kept so staff can see what was done."""
    return {name: ("" if name in private else value) for name, value in args.items()}


def due_job_ids(engine: Engine, limit: int = 20, kind: str | None = None) -> list[int]:
    """Jobs a runner could claim now (of one kind, if given), oldest first."""
    query = select(BackgroundJob.id).where(runnable(utcnow()))
    if kind is not None:
        query = query.where(BackgroundJob.kind == kind)
    with engine.connect() as connection:
        return list(connection.execute(
            query.order_by(BackgroundJob.run_after, BackgroundJob.id).limit(limit)).scalars())


class _LeaseRenewal:
    """Pushes the job's lease on every third of its length while the handler works, so
    only a runner that has stopped (killed, or its machine lost) lets it run out."""

    def __init__(self, ours: _Claim, settings: JobSettings) -> None:
        self._ours, self._settings = ours, settings
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._renew, daemon=True,
                                        name=f"job-{ours.job_id}-lease")

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stopped.set()
        self._thread.join()

    def _renew(self) -> None:
        every = self._settings.lease_seconds / 3
        while not self._stopped.wait(every):
            try:
                self._ours.set(lease_until=utcnow() + timedelta(
                    seconds=self._settings.lease_seconds))
            except Exception:  # the database may be briefly away; the next try may work
                log.warning("Could not renew the lease of job %s", self._ours.job_id,
                            exc_info=True)
