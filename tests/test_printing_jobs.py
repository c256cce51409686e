"""Printed forms drawn by background jobs at publish time, never in a request.

Tests not marked `pdf` show that nothing is drawn: tests/support/pdf.py fails any
unmarked test in whose process WeasyPrint drew a page, and the job rows stay waiting
with no file in the store. The `pdf` test runs a real in-process runner and real
WeasyPrint, and reads every format's PDF back."""

from __future__ import annotations

import io
import time

import pdfplumber
import pikepdf
import pytest
from sqlmodel import select

from surveybuilder.consultations.lifecycle import publish
from surveybuilder.jobs.in_process import InProcessRunner
from surveybuilder.jobs.running import JobSettings
from surveybuilder.models import BackgroundJob, JobStatus
from surveybuilder.printing.cache import every_format, key_for
from surveybuilder.printing.formats import LARGE_PRINT_SIZES

EVERY_FORM = 2 + len(LARGE_PRINT_SIZES)


@pytest.fixture
def published(db_session, organisation, make_consultation):
    consultation = make_consultation(organisation)
    publish(db_session, consultation, None)
    db_session.commit()
    return consultation


def _jobs(db_session) -> list[BackgroundJob]:
    """The printed forms' jobs (publishing also queues the recording of its questions)."""
    db_session.expire_all()
    return list(db_session.exec(select(BackgroundJob)
                                .where(BackgroundJob.kind == "draw-printed-form")
                                .order_by(BackgroundJob.id)).all())


def test_publishing_queues_one_job_per_format_and_size(db_session, published):
    jobs = _jobs(db_session)
    expected = {key_for(published.id, 1, chosen).job_key for chosen in every_format()}
    assert {job.key for job in jobs} == expected and len(jobs) == EVERY_FORM
    assert {job.status for job in jobs} == {JobStatus.WAITING.value}
    assert {job.kind for job in jobs} == {"draw-printed-form"}
    assert "Drawing the easy read paper form, version 1" in {job.title for job in jobs}

    publish(db_session, published, None)
    db_session.commit()
    assert len(_jobs(db_session)) == 2 * EVERY_FORM, "a new version gets its own jobs"


def test_the_public_address_says_the_form_is_being_prepared_and_draws_nothing(
        app, client, db_session, published):
    store = app.extensions["file_store"]
    response = client.get(f"/c/{published.slug}/print/easy-read.pdf")
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "30"
    assert "no-store" in response.headers["Cache-Control"]
    assert response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert "Your paper form is being prepared" in page
    assert "We are making the easy read paper form now." in page
    assert f'href="/c/{published.slug}/print/easy-read.pdf?"' in page
    assert "Other ways to get a paper copy" in page
    assert f'href="/c/{published.slug}"' in page

    key = key_for(published.id, 1, every_format()[1])
    assert not store.exists(key.pdf_key)
    job = next(j for j in _jobs(db_session) if j.key == key.job_key)
    assert (job.status, job.attempts) == (JobStatus.WAITING.value, 0)


def test_a_version_published_before_gets_its_job_on_the_first_ask(client, db_session,
                                                                   published):
    for job in _jobs(db_session):
        db_session.delete(job)
    db_session.commit()
    for _ in range(2):
        asked = client.get(f"/c/{published.slug}/print/large-print.pdf?size=18")
        assert asked.status_code == 503
    jobs = _jobs(db_session)
    assert [job.key for job in jobs] == [key_for(published.id, 1, every_format()[3]).job_key]


def test_a_form_that_could_not_be_made_says_so_and_staff_can_try_again(
        client, editor_client, db_session, published):
    key = key_for(published.id, 1, every_format()[0])
    job = next(j for j in _jobs(db_session) if j.key == key.job_key)
    job.status, job.failure = JobStatus.FAILED.value, "The form did not fit on the page."
    db_session.add(job)
    db_session.commit()

    public = client.get(f"/c/{published.slug}/print/standard.pdf")
    assert public.status_code == 503
    assert "This paper form is not ready" in public.get_data(as_text=True)
    assert _jobs(db_session)[0].status == JobStatus.FAILED.value, "residents do not retry"

    base = f"/staff/consultations/{published.id}/print"
    page = editor_client.get(base).get_data(as_text=True)
    assert "Not made" in page and "The form did not fit on the page." in page
    assert "Try drawing them again" in page
    assert editor_client.post(f"{base}/try-again").status_code == 303
    again = next(j for j in _jobs(db_session) if j.key == key.job_key)
    assert (again.status, again.failure) == (JobStatus.WAITING.value, "")


def test_numbered_copies_are_a_job_of_their_own_consultation(editor_client, db_session,
                                                            published, make_org,
                                                            make_consultation):
    base = f"/staff/consultations/{published.id}/print"
    asked = editor_client.post(base, data={"form_format": "easy-read", "copies": "30"})
    assert asked.status_code == 303
    job = _jobs(db_session)[-1]
    assert job.args == {"consultation_id": published.id, "version": 1,
                        "print_format": "easy-read", "size_pt": 16, "copies": 30,
                        "language": "en"}
    assert asked.location.endswith(f"{base}/copies/{job.id}")
    assert editor_client.get(f"{base}/copies/{job.id}.pdf").status_code == 303

    other = make_consultation(make_org("dudley", "Dudley Council"), slug="dudley-park")
    assert editor_client.get(
        f"/staff/consultations/{other.id}/print/copies/{job.id}").status_code == 404
    unnumbered = _jobs(db_session)[0]
    assert editor_client.get(f"{base}/copies/{unnumbered.id}").status_code == 404


@pytest.mark.pdf
def test_every_format_is_ready_within_two_minutes_of_publishing(app, client, db_session,
                                                               organisation,
                                                               make_consultation):
    """A real in-process runner (two threads, as `make run` has) and real WeasyPrint:
    publish, then wait for the store to hold every form; each is read back."""
    runner = InProcessRunner(app.extensions["db_engine"], app.config,
                             JobSettings.from_config(app.config), threads=2,
                             poll_seconds=0.5)
    consultation = make_consultation(organisation)
    store = app.extensions["file_store"]
    keys = [key_for(consultation.id, 1, chosen) for chosen in every_format()]
    runner.start()
    try:
        started = time.monotonic()
        publish(db_session, consultation, None)
        db_session.commit()
        while (time.monotonic() - started < 120
               and not all(store.exists(key.pdf_key) for key in keys)):
            time.sleep(0.5)
        took = time.monotonic() - started
    finally:
        runner.stop()
    print(f"every printed form ready {took:.1f} s after publishing")
    assert all(store.exists(key.pdf_key) for key in keys), (
        f"not ready after {took:.0f} s: {[k.pdf_key for k in keys if not store.exists(k.pdf_key)]}")
    assert {job.status for job in _jobs(db_session)} == {JobStatus.DONE.value}
    assert {job.result_file for job in _jobs(db_session)} == {key.pdf_key for key in keys}

    for chosen in every_format():
        address = f"/c/{consultation.slug}/print/{chosen.slug}.pdf"
        if chosen.slug == "large-print":
            address += f"?size={chosen.font_pt}"
        response = client.get(address)
        assert response.status_code == 200 and response.mimetype == "application/pdf"
        with pdfplumber.open(io.BytesIO(response.data)) as document:
            first = document.pages[0]
            assert "Victoria Park" in first.extract_text()
            smallest = round(min(c["size"] for c in first.chars))
            assert smallest == chosen.font_pt if chosen.slug == "large-print" else smallest >= 12
        with pikepdf.open(io.BytesIO(response.data)) as pdf:
            assert pdf.Root.MarkInfo.Marked and "/StructTreeRoot" in pdf.Root
