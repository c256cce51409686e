"""The staff's Excel download as a background job: asked for with a button, a progress
page that becomes a download link, the workbook read back from the file store with
openpyxl (formulas still inert), another organisation's job a 404, full and anonymised
kept apart, and a new request after new responses a new file."""

from __future__ import annotations

import io
import time

import pytest
import test_exports
from conftest import sign_in
from openpyxl import load_workbook
from sqlmodel import select
from support.results import add_response

from surveybuilder.jobs import Outcome
from surveybuilder.models import BackgroundJob, JobStatus, Role
from surveybuilder.results.jobs import EXPORT_RESPONSES_XLSX, export_key

FORMULA = test_exports.FORMULA
survey = test_exports.survey  # the fixture: responses with answers that look like formulas


def base(survey) -> str:
    return f"/staff/consultations/{survey[0].id}/results"


def _ask(editor_client, survey, anonymised: bool) -> BackgroundJob:
    asked = editor_client.post(f"{base(survey)}/exports",
                               data={"anonymised": "1" if anonymised else "0"})
    assert asked.status_code == 303
    job_id = int(asked.location.rsplit("/", 1)[1])
    assert asked.location.endswith(f"{base(survey)}/exports/{job_id}")
    return job_id


def _job(db_session, job_id: int) -> BackgroundJob:
    db_session.expire_all()
    return db_session.get(BackgroundJob, job_id)


def _workbook(response):
    assert response.status_code == 200
    assert response.mimetype.endswith("spreadsheetml.sheet")
    return load_workbook(io.BytesIO(response.data))  # not read-only: formulas show as "f"


def test_excel_is_made_by_a_job_and_downloaded_from_the_store(
        app, editor_client, db_session, survey, run_jobs):
    overview = editor_client.get(base(survey)).get_data(as_text=True)
    assert "Download as Excel" in overview and "download.xlsx" not in overview
    assert editor_client.get(f"{base(survey)}/download.xlsx").status_code == 404

    job_id = _ask(editor_client, survey, anonymised=False)
    waiting = editor_client.get(f"{base(survey)}/exports/{job_id}").get_data(as_text=True)
    assert "We are making the Excel file of the responses" in waiting
    assert "Waiting to start" in waiting
    early = editor_client.get(f"{base(survey)}/exports/{job_id}.xlsx")
    assert early.status_code == 303 and early.location.endswith(f"/exports/{job_id}")

    assert run_jobs(EXPORT_RESPONSES_XLSX)[Outcome.DONE] == 1
    job = _job(db_session, job_id)
    key = export_key(job)
    assert job.result_file == key.file_key and "full" in key.file_key
    assert app.extensions["file_store"].exists(key.file_key)
    ready = editor_client.get(f"{base(survey)}/exports/{job_id}").get_data(as_text=True)
    assert "Your file is ready" in ready and f"/exports/{job_id}.xlsx" in ready

    download = editor_client.get(f"{base(survey)}/exports/{job_id}.xlsx")
    assert f"{survey[0].slug}-responses-{key.asked_at}.xlsx" in \
        download.headers["Content-Disposition"]
    book = _workbook(download)
    responses = book["Responses"]
    assert "postcode" in [c.value for c in responses[1]] and responses.max_row == 9
    cells = [c for row in responses.iter_rows(min_row=2) for c in row]
    assert not any(c.data_type == "f" for c in cells)
    assert "'" + FORMULA in [c.value for c in cells]
    assert book["Codebook"]["B2"].value == "'=Lighting"
    book.close()


def test_anonymised_is_a_file_of_its_own_and_a_new_request_sees_new_responses(
        editor_client, db_session, survey, run_jobs):
    full = _ask(editor_client, survey, anonymised=False)
    anonymised = _ask(editor_client, survey, anonymised=True)
    assert full != anonymised
    keys = [export_key(_job(db_session, j)) for j in (full, anonymised)]
    assert keys[0].file_key != keys[1].file_key and "anonymised" in keys[1].file_key
    assert run_jobs(EXPORT_RESPONSES_XLSX)[Outcome.DONE] == 2
    book = _workbook(editor_client.get(f"{base(survey)}/exports/{anonymised}.xlsx"))
    assert "postcode" not in [c.value for c in book["Responses"][1]]
    assert "Q9" not in book.sheetnames
    book.close()

    time.sleep(1.05)  # the key names the second it was asked for
    add_response(db_session, survey, {"visit": "weekly", "ideas": "A new answer"})
    db_session.commit()
    later = _ask(editor_client, survey, anonymised=False)
    assert later != full
    assert run_jobs(EXPORT_RESPONSES_XLSX)[Outcome.DONE] == 1
    before = _workbook(editor_client.get(f"{base(survey)}/exports/{full}.xlsx"))
    after = _workbook(editor_client.get(f"{base(survey)}/exports/{later}.xlsx"))
    assert (before["Responses"].max_row, after["Responses"].max_row) == (9, 10)


def test_a_workbook_gone_from_the_store_is_made_again(app, editor_client, db_session,
                                                      survey, run_jobs):
    job_id = _ask(editor_client, survey, anonymised=True)
    run_jobs(EXPORT_RESPONSES_XLSX)
    key = export_key(_job(db_session, job_id))
    app.extensions["file_store"].delete(key.file_key)
    assert editor_client.get(f"{base(survey)}/exports/{job_id}.xlsx").status_code == 303
    page = editor_client.get(f"{base(survey)}/exports/{job_id}").get_data(as_text=True)
    assert "Waiting to start" in page
    assert _job(db_session, job_id).status == JobStatus.WAITING.value
    assert run_jobs(EXPORT_RESPONSES_XLSX)[Outcome.DONE] == 1
    assert editor_client.get(f"{base(survey)}/exports/{job_id}.xlsx").status_code == 200


@pytest.mark.parametrize("where", ["page", "file"])
def test_another_organisation_and_other_jobs_are_404(client, editor_client, db_session,
                                                     survey, make_org, make_user,
                                                     run_jobs, where):
    job_id = _ask(editor_client, survey, anonymised=False)
    run_jobs(EXPORT_RESPONSES_XLSX)
    suffix = ".xlsx" if where == "file" else ""
    other_job = db_session.exec(select(BackgroundJob).where(
        BackgroundJob.kind != EXPORT_RESPONSES_XLSX)).first()
    assert other_job is not None  # a printed-form job of the same consultation
    assert editor_client.get(f"{base(survey)}/exports/{other_job.id}{suffix}").status_code == 404
    outsider = make_user(make_org("dudley", "Dudley Council"), email="admin@dudley.gov.uk",
                         role=Role.ADMIN)
    sign_in(client, outsider.email)
    assert client.get(f"{base(survey)}/exports/{job_id}{suffix}").status_code == 404
    assert client.post(f"{base(survey)}/exports", data={"anonymised": "0"}).status_code == 404
