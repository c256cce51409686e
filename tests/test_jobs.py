"""Background jobs: enqueueing is idempotent, a job runs once after its commit, retries
back off and then fail in plain words, personal data is blanked, and a job whose
runner died is run again once its lease runs out."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import update
from sqlmodel import Session, select

from surveybuilder.jobs import JobContext, JobFailed, Outcome, enqueue, register, run_job
from surveybuilder.models import BackgroundJob, utcnow

written: list[tuple[int, str]] = []
FAILURES: dict[str, int] = {}


@register("test-note")
def _note(job: JobContext, *, word: str, to: str = "") -> None:
    job.progress(50, "Halfway")
    written.append((job.id, word))
    job.result_file = f"notes/{word}.txt"


@register("test-flaky", private_args=("to",))
def _flaky(job: JobContext, *, name: str, fail_times: int, to: str = "",
           permanent: bool = False) -> None:
    FAILURES[name] = FAILURES.get(name, 0) + 1
    if permanent:
        raise JobFailed("The form could not be drawn: question 4 does not fit on a page. "
                        "Change the question and publish again.", retry=False)
    if FAILURES[name] <= fail_times:
        raise ConnectionRefusedError("the mail server is down")


@pytest.fixture(autouse=True)
def _fresh() -> None:
    written.clear()
    FAILURES.clear()


def _enqueue(db_session: Session, organisation, kind: str = "test-note",
             key: str = "note:1", **args) -> BackgroundJob:
    job = enqueue(db_session, kind, key=key, title="Writing a note",
                  organisation_id=organisation.id, args=args or {"word": "hello"})
    db_session.commit()
    return job


def _row(db_session: Session, job_id: int) -> BackgroundJob:
    db_session.expire_all()
    return db_session.get(BackgroundJob, job_id)


def test_the_same_key_gives_the_same_job(db_session, organisation):
    first = _enqueue(db_session, organisation)
    second = _enqueue(db_session, organisation)
    assert first.id == second.id
    assert len(db_session.exec(select(BackgroundJob)).all()) == 1


def test_a_held_job_waits_until_run_then_is_done_once(db_session, organisation, run_jobs):
    job = _enqueue(db_session, organisation)
    assert _row(db_session, job.id).status == "waiting"
    assert written == []
    assert run_jobs()[Outcome.DONE] == 1
    row = _row(db_session, job.id)
    assert (row.status, row.progress_percent, row.attempts) == ("done", 100, 1)
    assert row.result_file == "notes/hello.txt"
    assert written == [(job.id, "hello")]
    assert run_jobs()[Outcome.DONE] == 0  # nothing runs twice


def test_a_job_is_not_run_before_its_transaction_commits(db_session, organisation,
                                                         run_jobs):
    enqueue(db_session, "test-note", key="note:rolled-back", title="Writing a note",
            organisation_id=organisation.id, args={"word": "never"})
    db_session.rollback()
    assert run_jobs()[Outcome.DONE] == 0
    assert written == []


def test_failures_are_retried_later_then_fail_in_plain_words(app, db_session, organisation):
    app.config.update(JOBS_MAX_ATTEMPTS=2, JOBS_RETRY_SECONDS=30)
    engine = app.extensions["db_engine"]
    job = _enqueue(db_session, organisation, "test-flaky", "flaky:1", name="a",
                   fail_times=5, to="resident@example.org")
    assert run_job(engine, job.id, app.config) is Outcome.RETRY
    row = _row(db_session, job.id)
    assert row.status == "waiting" and row.attempts == 1
    assert row.run_after >= utcnow() + timedelta(seconds=25)
    assert row.failure.startswith("Try 1 of 2 did not work. It will be tried again")
    assert run_job(engine, job.id, app.config) is Outcome.SKIPPED  # not due yet
    _make_due(engine, job.id)
    assert run_job(engine, job.id, app.config) is Outcome.FAILED
    row = _row(db_session, job.id)
    assert row.status == "failed" and row.attempts == 2
    assert "Traceback" not in row.failure and "ConnectionRefused" not in row.failure
    assert row.failure.startswith("Writing a note did not finish")
    assert row.args["to"] == ""  # the address is not kept once the job has ended


def test_a_job_that_cannot_work_fails_at_once_with_the_handlers_words(app, db_session,
                                                                      organisation):
    job = _enqueue(db_session, organisation, "test-flaky", "flaky:2", name="b",
                   fail_times=0, permanent=True)
    assert run_job(app.extensions["db_engine"], job.id, app.config) is Outcome.FAILED
    row = _row(db_session, job.id)
    assert row.attempts == 1
    assert row.failure.startswith("The form could not be drawn: question 4")


def test_enqueueing_a_failed_job_again_sets_it_waiting(app, db_session, organisation,
                                                       run_jobs):
    job = _enqueue(db_session, organisation, "test-flaky", "flaky:3", name="c",
                   fail_times=0, permanent=True)
    run_jobs()
    again = _enqueue(db_session, organisation, "test-flaky", "flaky:3", name="c",
                     fail_times=0)
    assert again.id == job.id
    row = _row(db_session, job.id)
    assert (row.status, row.attempts, row.failure) == ("waiting", 0, "")
    assert run_jobs()[Outcome.DONE] == 1


def test_a_job_whose_runner_died_runs_again_after_its_lease(app, db_session, organisation):
    engine = app.extensions["db_engine"]
    job = _enqueue(db_session, organisation)
    # A runner claimed it and was killed: the row says running, with a lease.
    with engine.begin() as connection:
        connection.execute(update(BackgroundJob).where(BackgroundJob.id == job.id).values(
            status="running", attempts=1, runner="gone:1",
            lease_until=utcnow() + timedelta(seconds=30)))
    assert run_job(engine, job.id, app.config) is Outcome.SKIPPED  # its lease holds
    with engine.begin() as connection:
        connection.execute(update(BackgroundJob).where(BackgroundJob.id == job.id).values(
            lease_until=utcnow() - timedelta(seconds=1)))
    assert run_job(engine, job.id, app.config) is Outcome.DONE
    assert _row(db_session, job.id).attempts == 2


def test_two_runners_at_once_run_a_job_once(app, db_session, organisation):
    engine = app.extensions["db_engine"]
    job = _enqueue(db_session, organisation)
    outcomes: list[Outcome] = []
    runners = [threading.Thread(target=lambda: outcomes.append(
        run_job(engine, job.id, app.config))) for _ in range(4)]
    for runner in runners:
        runner.start()
    for runner in runners:
        runner.join()
    assert sorted(outcomes) == sorted([Outcome.DONE] + [Outcome.SKIPPED] * 3)
    assert written == [(job.id, "hello")]


def _make_due(engine, job_id: int) -> None:
    with engine.begin() as connection:
        connection.execute(update(BackgroundJob).where(BackgroundJob.id == job_id)
                           .values(run_after=utcnow() - timedelta(seconds=1)))
