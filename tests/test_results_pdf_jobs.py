"""The published "You said, we did" PDFs: drawn by background jobs when the feedback is
published or changed, sent from the file store, and a "being prepared" page (503) until
then. Tests not marked `pdf` show that nothing is drawn in a request."""

from __future__ import annotations

import io

import pdfplumber
import pytest
from flask import render_template
from sqlmodel import select
from support.feedback import closed_consultation
from test_feedback import ITEM

from surveybuilder import formats
from surveybuilder.feedback import decisions, publication
from surveybuilder.feedback.document import build
from surveybuilder.feedback.jobs import DRAW_RESULTS_PDF, PDF_FORMATS, key_for
from surveybuilder.jobs import Outcome
from surveybuilder.models import BackgroundJob, JobStatus


@pytest.fixture
def published(db_session, organisation, make_consultation, ready_definition, editor):
    consultation = closed_consultation(db_session, organisation, make_consultation,
                                       ready_definition).consultation
    decisions.update_summary(db_session, consultation, editor, "Most people visit weekly.",
                             "Lots of people go to the park.", "We start in spring.",
                             ["visit", "safe"])
    item = decisions.add_item(db_session, consultation, editor, ITEM)
    decisions.publish(db_session, consultation, editor)
    db_session.commit()
    return consultation, item


def _jobs(db_session) -> list[BackgroundJob]:
    db_session.expire_all()
    return list(db_session.exec(select(BackgroundJob).where(
        BackgroundJob.kind == DRAW_RESULTS_PDF).order_by(BackgroundJob.id)).all())


def _feedback(db_session, consultation):
    db_session.expire_all()
    return decisions.published_feedback(db_session, consultation)


def test_publishing_queues_one_job_per_format_and_nothing_is_drawn_on_asking(
        app, client, db_session, published):
    consultation, _item = published
    feedback = _feedback(db_session, consultation)
    keys = {key_for(feedback, chosen).job_key for chosen in PDF_FORMATS}
    jobs = _jobs(db_session)
    assert {job.key for job in jobs} == keys and len(jobs) == 3
    assert {job.status for job in jobs} == {JobStatus.WAITING.value}
    assert "Drawing the easy read PDF of the published results" in {j.title for j in jobs}

    response = client.get(f"/c/{consultation.slug}/results/easy-read.pdf")
    assert response.status_code == 503 and response.mimetype == "text/html"
    assert response.headers["Retry-After"] == "30"
    assert "no-store" in response.headers["Cache-Control"]
    page = response.get_data(as_text=True)
    # The easy-read PDF's page is in easy read (the en@easyread catalogue's words).
    assert "We are making your file" in page
    assert "We are making the easy read results to print now." in page
    assert f'href="/c/{consultation.slug}/results/easy-read.pdf?"' in page
    assert f'href="/c/{consultation.slug}/results?format=easy-read"' in page
    assert len(_jobs(db_session)) == 3, "asking again queues nothing new"
    assert not app.extensions["file_store"].exists(
        key_for(feedback, formats.EASY_READ).pdf_key)
    assert client.get(f"/c/{consultation.slug}/results/braille.pdf").status_code == 404


def test_a_change_after_publication_is_a_new_edition_with_its_own_jobs(
        client, db_session, published, editor):
    consultation, item = published
    before = key_for(_feedback(db_session, consultation), formats.STANDARD)
    decisions.update_item(db_session, consultation, editor, item, {**ITEM, "status": "done"},
                          note="The lights are up.")
    db_session.commit()
    after = key_for(_feedback(db_session, consultation), formats.STANDARD)
    assert after.edition != before.edition and after.pdf_key != before.pdf_key
    assert len(_jobs(db_session)) == 6
    assert after.job_key in {job.key for job in _jobs(db_session)}


def test_a_failed_pdf_says_so_and_residents_do_not_retry_it(client, db_session, published):
    consultation, _item = published
    job = _jobs(db_session)[0]
    job.status, job.failure = JobStatus.FAILED.value, "The PDF could not be drawn."
    db_session.add(job)
    db_session.commit()
    response = client.get(f"/c/{consultation.slug}/results/standard.pdf")
    assert response.status_code == 503
    assert "This PDF is not ready" in response.get_data(as_text=True)
    assert _jobs(db_session)[0].status == JobStatus.FAILED.value


def test_the_job_renders_exactly_what_flask_renders(app, db_session, published):
    """The job has no request: its plain Jinja environment must give the same HTML as
    the app's, so the PDF says what the web page says."""
    consultation, _item = published
    doc = build(db_session, consultation, _feedback(db_session, consultation),
                app.config["SUPPRESSION_THRESHOLD"])
    for files in publication.FILES:
        standalone = publication.render_page(publication.render_standalone, doc, files,
                                             pdf=True)
        with app.test_request_context("/"):
            by_flask = publication.render_page(render_template, doc, files, pdf=True)
        assert standalone == by_flask and "The park feels unsafe after dark." in standalone


@pytest.mark.pdf
def test_each_format_is_drawn_by_its_job_and_redrawn_when_deleted(app, client, db_session,
                                                                   published, editor,
                                                                   run_jobs):
    consultation, item = published
    decisions.update_item(db_session, consultation, editor, item, {**ITEM, "status": "done"},
                          note="The lights are up.")
    db_session.commit()
    outcomes = run_jobs(DRAW_RESULTS_PDF)
    assert outcomes[Outcome.DONE] == 6
    jobs = _jobs(db_session)
    assert [job.result_file for job in jobs[:3]] == [None] * 3, "the old edition is not drawn"
    feedback = _feedback(db_session, consultation)
    assert [job.result_file for job in jobs[3:]] == [
        key_for(feedback, chosen).pdf_key for chosen in PDF_FORMATS]

    for chosen in PDF_FORMATS:
        response = client.get(f"/c/{consultation.slug}/results/{chosen.slug}.pdf")
        assert response.status_code == 200 and response.mimetype == "application/pdf"
        assert f'filename={consultation.slug}-results-{chosen.slug}.pdf' in \
            response.headers["Content-Disposition"].replace('"', "")
        with pdfplumber.open(io.BytesIO(response.data)) as document:
            text = " ".join(page.extract_text() for page in document.pages)
            smallest = round(min(c["size"] for p in document.pages for c in p.chars))
        if chosen == formats.EASY_READ:
            assert "We will put up new lights." in text and "We have done this." in text
        else:
            assert "The park feels unsafe after dark." in text and "The lights are up." in text
        assert smallest >= (16 if chosen == formats.LARGE_PRINT else 9)

    store = app.extensions["file_store"]
    key = key_for(feedback, formats.LARGE_PRINT)
    store.delete(key.pdf_key)
    address = f"/c/{consultation.slug}/results/large-print.pdf"
    assert client.get(address).status_code == 503
    job = next(j for j in _jobs(db_session) if j.key == key.job_key)
    assert job.status == JobStatus.WAITING.value
    assert run_jobs(DRAW_RESULTS_PDF)[Outcome.DONE] == 1
    assert client.get(address).status_code == 200
