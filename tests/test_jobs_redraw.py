"""A finished job whose file has gone from the store is queued again by the page that
looks for the file, so nothing says "being prepared" for ever."""

from __future__ import annotations

import io

import pdfplumber
import pytest
from sqlmodel import select

from surveybuilder.consultations.lifecycle import publish
from surveybuilder.jobs import Outcome, enqueue
from surveybuilder.models import BackgroundJob, JobStatus
from surveybuilder.printing.cache import every_format, key_for


def _job(db_session, key: str) -> BackgroundJob:
    db_session.expire_all()
    return db_session.exec(select(BackgroundJob).where(BackgroundJob.key == key)).one()


def test_only_rerun_done_sets_a_done_job_waiting_again(db_session, organisation):
    job = enqueue(db_session, "noop", key="k:1", title="Something", organisation_id=organisation.id)
    job.status, job.result_file = JobStatus.DONE.value, "somewhere/file.pdf"
    db_session.commit()

    assert enqueue(db_session, "noop", key="k:1", title="Something",
                   organisation_id=organisation.id).status == JobStatus.DONE.value
    again = enqueue(db_session, "noop", key="k:1", title="Something",
                    organisation_id=organisation.id, rerun_done=True)
    db_session.commit()
    assert (again.id, again.status, again.attempts) == (job.id, JobStatus.WAITING.value, 0)


@pytest.mark.pdf
def test_a_printed_form_deleted_from_the_store_is_drawn_again(app, client, db_session,
                                                               organisation, make_consultation,
                                                               run_jobs):
    consultation = make_consultation(organisation)
    publish(db_session, consultation, None)
    db_session.commit()
    for job in db_session.exec(select(BackgroundJob)).all():  # draw only the one form
        db_session.delete(job)
    db_session.commit()
    store = app.extensions["file_store"]
    key = key_for(consultation.id, 1, every_format()[0])
    address = f"/c/{consultation.slug}/print/standard.pdf"

    assert client.get(address).status_code == 503
    assert run_jobs("draw-printed-form")[Outcome.DONE] == 1
    assert client.get(address).status_code == 200

    store.delete(key.pdf_key)
    assert _job(db_session, key.job_key).status == JobStatus.DONE.value
    assert client.get(address).status_code == 503
    assert _job(db_session, key.job_key).status == JobStatus.WAITING.value
    assert run_jobs("draw-printed-form")[Outcome.DONE] == 1
    served = client.get(address)
    assert served.status_code == 200 and served.mimetype == "application/pdf"
    with pdfplumber.open(io.BytesIO(served.data)) as document:
        assert "Victoria Park" in document.pages[0].extract_text()
