"""The runners for real: the in-process threads of a serving app, and `surveybuilder
worker` as a separate process (procrastinate on PostgreSQL, polling on SQLite), sending
a save-and-return e-mail to the loopback SMTP server. A worker killed with kill -9 in
the middle of a job leaves it running; once its lease lapses a restarted worker sends
it. A worker stops cleanly on SIGTERM."""

from __future__ import annotations

import asyncio
import signal
import socket
import time
from collections.abc import Iterator

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import text
from support.servers import processes
from support.smtp import Inbox

from surveybuilder import create_app
from surveybuilder.models import BackgroundJob
from surveybuilder.responses.resume_email import send_resume_link

pytestmark = pytest.mark.servers


class StallingInbox(Inbox):
    """Holds the first message without answering, as a mail server that hangs would,
    so a worker can be killed in the middle of sending it."""

    def __init__(self) -> None:
        super().__init__()
        self.stalled = 0

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        if self.stalled == 0:
            self.stalled += 1
            await asyncio.sleep(120)
        return await super().handle_DATA(server, session, envelope)


def _smtp(handler: Inbox) -> Iterator[int]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield port
    finally:
        controller.stop()


@pytest.fixture
def stalling_smtp() -> Iterator[tuple[StallingInbox, int]]:
    inbox = StallingInbox()
    for port in _smtp(inbox):
        yield inbox, port


def _mail_settings(port: int) -> dict[str, str]:
    return {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(port), "SMTP_STARTTLS": "false",
            "SMTP_FROM": "consult@example.gov.uk", "PUBLIC_URL": "http://127.0.0.1"}


def _queue_link(db_session, consultation, to: str = "resident@example.org") -> int:
    job = send_resume_link(db_session, consultation, to, "Park survey", "ABCD-EFGH-JKMN",
                           "https://example.gov.uk/c/park/resume?code=x", None)
    db_session.commit()
    return job.id


def _wait_for(check, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} did not happen within {seconds} s")
        time.sleep(0.1)


def _status(db_session, job_id: int) -> str:
    db_session.expire_all()
    return db_session.get(BackgroundJob, job_id).status


def test_in_process_threads_send_the_email_after_the_commit(
        app, database_url, db_session, organisation, make_consultation, smtp_server):
    inbox, port = smtp_server
    serving = create_app({"DATABASE_URL": database_url, "SECRET_KEY": "x",
                          "JOBS": "in-process", "JOBS_POLL_SECONDS": 30.0,
                          **{k: (int(v) if k == "SMTP_PORT" else v)
                             for k, v in _mail_settings(port).items()},
                          "SMTP_STARTTLS": False})
    runtime = None
    try:
        serving.test_client().get("/")  # the first request starts the threads
        from surveybuilder.jobs import runtime_for

        runtime = runtime_for(serving.extensions["db_engine"])
        assert runtime.in_process is not None
        with serving.app_context():
            from surveybuilder import db

            job_id = _queue_link(db.session(), make_consultation(organisation))
        # Woken by the commit, not by the 30-second poll.
        _wait_for(lambda: inbox.messages, 10, "the e-mail arriving")
        _wait_for(lambda: _status(db_session, job_id) == "done", 5, "the job being done")
    finally:
        if runtime is not None:
            runtime.stop()
        serving.extensions["db_engine"].dispose()


def test_a_worker_killed_mid_job_leaves_it_to_a_restarted_worker(
        app, database_url, db_session, organisation, make_consultation, stalling_smtp,
        tmp_path):
    inbox, port = stalling_smtp
    job_id = _queue_link(db_session, make_consultation(organisation))
    with processes(database_url, tmp_path, JOBS_LEASE_SECONDS="3", JOBS_POLL_SECONDS="0.5",
                   **_mail_settings(port)) as started:
        worker = started.worker()
        _wait_for(lambda: inbox.stalled == 1, 60, "the worker starting to send")
        assert _status(db_session, job_id) == "running"
        worker.kill()  # kill -9 the whole process group, mid-send
        assert _status(db_session, job_id) == "running" and inbox.messages == []
        worker.restart()
        _wait_for(lambda: inbox.messages, 60, "the restarted worker sending it")
        _wait_for(lambda: _status(db_session, job_id) == "done", 10, "the job being done")
        db_session.expire_all()
        row = db_session.get(BackgroundJob, job_id)
        assert row.attempts == 2 and row.args["to"] == ""
        assert [to for to, _ in inbox.messages] == [["resident@example.org"]]
        worker.popen.send_signal(signal.SIGTERM)
        assert worker.popen.wait(timeout=60) == 0, worker.output()


def test_postgres_jobs_are_queued_in_the_transaction_and_run_by_a_worker(
        app, database_url, db_session, organisation, make_consultation, smtp_server,
        tmp_path):
    if not database_url.startswith("postgresql"):
        pytest.skip("procrastinate's queue is PostgreSQL only")
    inbox, port = smtp_server
    queuing = create_app({"DATABASE_URL": database_url, "SECRET_KEY": "x",
                          "JOBS": "worker"})
    with queuing.extensions["db_engine"].begin() as connection:  # other tests' entries
        connection.execute(text("DELETE FROM procrastinate_jobs"))
    try:
        with queuing.app_context():
            from surveybuilder import db

            consultation = make_consultation(organisation)
            job_id = _queue_link(db.session(), consultation)
            twice = _queue_link(db.session(), consultation, "second@example.org")
        with queuing.extensions["db_engine"].connect() as connection:
            locks = connection.execute(text(
                "SELECT queueing_lock FROM procrastinate_jobs WHERE status = 'todo' "
                "ORDER BY id")).scalars().all()
    finally:
        queuing.extensions["db_engine"].dispose()
    assert locks == [f"backgroundjob-{job_id}", f"backgroundjob-{twice}"]
    with processes(database_url, tmp_path, **_mail_settings(port)) as started:
        worker = started.worker()
        _wait_for(lambda: len(inbox.messages) == 2, 60, "both e-mails arriving")
        _wait_for(lambda: _status(db_session, twice) == "done", 10, "the jobs being done")
        worker.popen.send_signal(signal.SIGTERM)
        assert worker.popen.wait(timeout=60) == 0, worker.output()
        assert "Stopped worker" in worker.output() or "Stop requested" in worker.output()
