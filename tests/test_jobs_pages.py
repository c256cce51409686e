"""Staff see their organisation's background jobs, newest first, with progress and
failures in plain words; another organisation's jobs are never shown (404)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import update

from surveybuilder.jobs import enqueue
from surveybuilder.models import BackgroundJob, utcnow


def _job(db_session, organisation, key: str, title: str, consultation=None,
         **values) -> BackgroundJob:
    job = enqueue(db_session, "test-page-kind", key=key, title=title,
                  organisation_id=organisation.id,
                  consultation_id=consultation.id if consultation else None)
    db_session.commit()
    if values:
        db_session.execute(update(BackgroundJob).where(BackgroundJob.id == job.id)
                           .values(**values))
        db_session.commit()
    return job


@pytest.fixture
def other_org(make_org):
    return make_org("dudley-council", "Dudley Council")


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)))


def test_jobs_show_progress_and_failures_in_words_newest_first(
        editor_client, db_session, organisation, make_consultation, other_org):
    consultation = make_consultation(organisation)
    _job(db_session, organisation, "a", "Sending the e-mails", status="done",
         progress_percent=100)
    _job(db_session, organisation, "b", "Drawing the easy-read form", consultation,
         status="running", attempts=1, progress_percent=40,
         progress_words="Drawing page 3 of 8")
    _job(db_session, organisation, "c", "Drawing the large-print form", consultation,
         status="failed", attempts=1, failure="The form could not be drawn: question 4 "
         "does not fit on a page. Change the question and publish again.")
    _job(db_session, other_org, "d", "Dudley's secret job")

    page = _text(editor_client.get("/staff/jobs"))
    assert "Drawing the easy-read form: 40 % (Drawing page 3 of 8)" in page
    assert "The form could not be drawn: question 4 does not fit on a page" in page
    assert "Dudley's secret job" not in page
    order = [page.index(title) for title in (
        "Drawing the large-print form", "Drawing the easy-read form", "Sending the e-mails")]
    assert order == sorted(order)  # newest first
    assert 'href="/staff/jobs"' in editor_client.get("/staff/jobs").get_data(as_text=True)

    mine = _text(editor_client.get(f"/staff/consultations/{consultation.id}/jobs"))
    assert "Drawing the easy-read form" in mine and "Sending the e-mails" not in mine


def test_another_organisations_job_is_not_found(editor_client, db_session, organisation,
                                                make_consultation, other_org):
    theirs = _job(db_session, other_org, "d", "Dudley's secret job",
                  make_consultation(other_org, slug="dudley-park"))
    mine = _job(db_session, organisation, "e", "Sending the e-mails")
    assert editor_client.get(f"/staff/jobs/{mine.id}").status_code == 200
    assert editor_client.get(f"/staff/jobs/{theirs.id}").status_code == 404
    assert editor_client.get(
        f"/staff/consultations/{theirs.consultation_id}/jobs").status_code == 404


def test_signed_out_people_see_no_jobs(client, db_session, organisation):
    _job(db_session, organisation, "f", "Sending the e-mails")
    response = client.get("/staff/jobs")
    assert response.status_code == 302 and "/sign-in" in response.headers["Location"]


def test_jobs_left_waiting_say_the_worker_may_have_stopped(
        editor_client, db_session, organisation, other_org, app):
    """Nothing else tells staff that no runner is taking jobs (on PostgreSQL, that
    `surveybuilder worker` is not running): a job late by JOBS_LATE_MINUTES says so."""
    late_minutes = app.config["JOBS_LATE_MINUTES"]
    now = utcnow()
    warning = f"Some jobs have waited more than {late_minutes} minutes to start"
    just_due = _job(db_session, organisation, "a", "Drawing the standard form",
                    run_after=now - timedelta(minutes=late_minutes - 1))
    _job(db_session, other_org, "b", "Dudley's late job",
         run_after=now - timedelta(hours=1))
    assert warning not in _text(editor_client.get("/staff/jobs"))

    db_session.execute(update(BackgroundJob).where(BackgroundJob.id == just_due.id)
                       .values(run_after=now - timedelta(minutes=late_minutes + 1)))
    db_session.commit()
    page = _text(editor_client.get("/staff/jobs"))
    assert warning in page and "surveybuilder worker" in page
    assert warning in _text(editor_client.get(f"/staff/jobs/{just_due.id}"))

    # A running job whose runner stopped renewing its lease long ago is late too.
    db_session.execute(update(BackgroundJob).where(BackgroundJob.id == just_due.id)
                       .values(status="running", run_after=now,
                               lease_until=now - timedelta(minutes=late_minutes + 1)))
    db_session.commit()
    assert warning in _text(editor_client.get("/staff/jobs"))
    db_session.execute(update(BackgroundJob).where(BackgroundJob.id == just_due.id)
                       .values(status="done"))
    db_session.commit()
    assert warning not in _text(editor_client.get("/staff/jobs"))
