"""E-mails sent by background jobs, through a real SMTP server on loopback: nothing is
sent until the job runs, a mail server that is down is tried again later, and the
resident's address is blanked from the job once the e-mail is sent."""

from __future__ import annotations

import socket
from datetime import timedelta

from sqlalchemy import update
from sqlmodel import select
from support.feedback import HEARD_BACK, published_results
from support.smtp import use_mail_server

from surveybuilder.feedback import hear_back
from surveybuilder.jobs import Outcome
from surveybuilder.mail import smtp_settings
from surveybuilder.models import BackgroundJob, utcnow
from surveybuilder.responses.resume_email import RESUME_LINK, send_resume_link


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # nothing listens once the probe is closed


def _queue_link(db_session, consultation) -> BackgroundJob:
    job = send_resume_link(db_session, consultation, "resident@example.org", "Park survey",
                           "ABCD-EFGH-JKMN", "https://example.gov.uk/c/park/resume?code=x",
                           None)
    db_session.commit()
    return job


def _row(db_session, job_id: int) -> BackgroundJob:
    db_session.expire_all()
    return db_session.get(BackgroundJob, job_id)


def test_the_resume_link_arrives_when_its_job_runs_and_the_address_is_blanked(
        app, db_session, organisation, make_consultation, smtp_server, run_jobs):
    inbox, port = smtp_server
    use_mail_server(app, port)
    job = _queue_link(db_session, make_consultation(organisation))
    assert _row(db_session, job.id).args["to"] == "resident@example.org"
    assert inbox.messages == []
    assert run_jobs(RESUME_LINK)[Outcome.DONE] == 1
    [(recipients, raw)] = inbox.messages
    assert recipients == ["resident@example.org"]
    assert b"ABCD-EFGH-JKMN" in raw
    row = _row(db_session, job.id)
    assert row.status == "done"
    assert (row.args["to"], row.args["code"], row.args["link"]) == ("", "", "")
    assert row.args["title"] == "Park survey"


def test_a_mail_server_that_is_down_is_tried_again_later(
        app, db_session, organisation, make_consultation, smtp_server, run_jobs):
    inbox, port = smtp_server
    use_mail_server(app, _closed_port())
    job = _queue_link(db_session, make_consultation(organisation))
    assert run_jobs(RESUME_LINK)[Outcome.RETRY] == 1
    row = _row(db_session, job.id)
    assert row.status == "waiting" and row.attempts == 1
    assert "the mail server could not be reached" in row.failure
    assert "Traceback" not in row.failure and "Errno" not in row.failure
    assert row.args["to"] == "resident@example.org"  # kept until it is sent
    assert run_jobs(RESUME_LINK)[Outcome.RETRY] == 0  # not due again yet

    use_mail_server(app, port)  # the server is back, and the retry is due
    with app.extensions["db_engine"].begin() as connection:
        connection.execute(update(BackgroundJob).where(BackgroundJob.id == job.id)
                           .values(run_after=utcnow() - timedelta(seconds=1)))
    assert run_jobs(RESUME_LINK)[Outcome.DONE] == 1
    assert [to for to, _ in inbox.messages] == [["resident@example.org"]]
    row = _row(db_session, job.id)
    assert (row.status, row.attempts, row.failure, row.args["to"]) == ("done", 2, "", "")


def test_results_emails_are_one_job_per_resident_and_asking_twice_sends_once(
        app, db_session, organisation, make_consultation, ready_definition, editor,
        smtp_server, run_jobs):
    inbox, port = smtp_server
    use_mail_server(app, port)
    consultation, feedback = published_results(db_session, organisation, make_consultation,
                                               ready_definition, editor)
    links = hear_back.ResultLinks("https://x/r", "https://x/r?e", "https://x/r?l")
    for _ in range(2):
        assert hear_back.send_emails(db_session, consultation, feedback, links,
                                     smtp_settings(app.config)) == len(HEARD_BACK)
        db_session.commit()
    jobs = db_session.exec(select(BackgroundJob)
                           .where(BackgroundJob.kind == hear_back.RESULTS_EMAIL)).all()
    assert len(jobs) == len(HEARD_BACK)
    assert all("@" not in str(job.args) for job in jobs)  # the address is looked up
    assert run_jobs(hear_back.RESULTS_EMAIL)[Outcome.DONE] == len(HEARD_BACK)
    assert sorted(to for tos, _ in inbox.messages for to in tos) == sorted(HEARD_BACK)
