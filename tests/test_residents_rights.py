"""Residents' rights (issue 17 items 3 and 4): each consultation's retention period,
told to residents and kept by `surveybuilder tidy`; finding, showing, exporting and
erasing one response; and every look at responses in the audit log, which admins read
and download. Erasure is checked against the database file's own bytes."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import timedelta
from pathlib import Path

import pikepdf
import pytest
from conftest import sign_in
from sqlalchemy import update
from sqlmodel import select
from support.results import SECTIONS, add_response

from surveybuilder.charter.checks import CharterSettings, Outcome, check
from surveybuilder.consultations import audit, lifecycle
from surveybuilder.jobs import Outcome as JobOutcome
from surveybuilder.models import (
    Answer,
    AuditEvent,
    CommentCoding,
    CommentTranslation,
    Consultation,
    Journey,
    PaperBatch,
    PaperCopy,
    PaperKeying,
    Response,
    Role,
    ScanBatch,
    ScannedCopy,
    ScanPage,
    User,
    utcnow,
)
from surveybuilder.results import themes
from surveybuilder.results.jobs import EXPORT_RESPONSES_XLSX
from surveybuilder.rights.erasure import months_before
from surveybuilder.survey.loading import load_definition

MARK = "Quokkaplatypus Zebracrossing 7731"  # words found nowhere else
KEPT = "Lanternfish Meadowsweet 4410"
EMAIL = "jo.resident@example.org"


@pytest.fixture
def survey(db_session, organisation, make_consultation, ready_definition):
    sections = [*SECTIONS, {"title": "Keeping in touch", "questions": [
        {"key": "email", "type": "email", "text": "Your e-mail address",
         "personal_data": True}]}]
    consultation = make_consultation(organisation, {**ready_definition, "slug": "rights",
                                                    "sections": sections})
    version = lifecycle.publish(db_session, consultation, None)
    db_session.commit()
    return consultation, version, load_definition(version.definition)


def _answers(ideas: str, email: str = EMAIL) -> dict:
    return {"visit": "weekly", "use": ["walk"], "ideas": ideas, "postcode": "B69 3DE",
            "last_visit": "2026-10-01", "email": email, "cafe": "yes"}


@pytest.fixture
def admin_client(client, make_user, organisation):
    make_user(organisation, "admin@example.gov.uk", Role.ADMIN, "Ada Admin")
    assert sign_in(client, "admin@example.gov.uk").status_code == 302
    return client


def _page(client, path: str, status: int = 200) -> str:
    reply = client.get(path)
    assert reply.status_code == status, (path, reply.status_code)
    return reply.get_data(as_text=True)


def _actions(db_session) -> list[str]:
    db_session.expire_all()
    return [e.action for e in db_session.exec(select(AuditEvent).order_by(AuditEvent.id))]


# Retention ------------------------------------------------------------------------------

def test_months_before_keeps_the_day_or_the_months_last():
    now = utcnow().replace(year=2027, month=3, day=31)
    assert months_before(now, 1).date().isoformat() == "2027-02-28"
    assert months_before(now, 24).date().isoformat() == "2025-03-31"
    assert months_before(now, 3).month == 12 and months_before(now, 3).year == 2026


def test_charter_check_names_the_period_and_warns_when_longer_than_usual(ready_definition):
    settings = CharterSettings(retention_months=24)
    usual = load_definition(ready_definition)
    row = next(r for r in check(usual, settings) if r.id == "privacy_notice_present")
    assert row.outcome == Outcome.PASS and "24 months" in row.detail
    longer = load_definition({**ready_definition, "retention_months": 60})
    row = next(r for r in check(longer, settings) if r.id == "privacy_notice_present")
    assert row.outcome == Outcome.WARN and "60 months" in row.detail and "24" in row.fix


def test_residents_are_told_the_period_in_their_language(client, survey, db_session):
    consultation = survey[0]
    page = _page(client, f"/c/{consultation.slug}")
    assert "We keep your answers for 24 months after you send them." in page
    consultation.retention_months = 1
    db_session.add(consultation)
    db_session.commit()
    assert "for 1 month after you send them." in _page(client, f"/c/{consultation.slug}")


def _details(consultation, **changes) -> dict:
    """The details form as the editor posts it, from the consultation's values."""
    return {"title": consultation.title, "slug": consultation.slug,
            "summary": consultation.summary,
            "participation_level": consultation.participation_level,
            "formats": consultation.formats, **changes}


def test_editors_set_the_period_and_a_wrong_one_is_explained(editor_client, survey,
                                                              db_session):
    consultation = survey[0]
    form = _page(editor_client, f"/staff/consultations/{consultation.id}/details")
    assert "How many months to keep answers" in form and "usual 24 months" in form
    refused = editor_client.post(f"/staff/consultations/{consultation.id}/details",
                                 data=_details(consultation, retention_months="0"))
    assert refused.status_code == 200
    text = refused.get_data(as_text=True)
    assert "Enter a number of months from 1 to 120, like 24" in text
    assert consultation.title in text  # what was typed is kept
    saved = editor_client.post(f"/staff/consultations/{consultation.id}/details",
                               data=_details(consultation, retention_months="12"))
    assert saved.status_code in (302, 303)
    db_session.expire_all()
    assert db_session.get(Consultation, consultation.id).retention_months == 12


def test_tidy_keeps_only_the_choices_of_responses_past_their_period(
        app, survey, db_session, run):
    consultation = survey[0]
    old = add_response(db_session, survey, _answers(MARK))
    new = add_response(db_session, survey, _answers(KEPT))
    db_session.add(Journey(token="t-old", consultation_id=consultation.id,
                           version_id=survey[1].id, answers={"ideas": MARK},
                           response_id=old.id))
    theme = themes.add_theme(db_session, consultation, "Lighting")
    themes.code_comment(db_session, consultation, old.id, "ideas", [theme.id], None)
    themes.translate_comment(db_session, consultation, old.id, "ideas", f"So: {MARK}", None)
    db_session.execute(update(Response).where(Response.id == old.id).values(
        submitted_at=utcnow() - timedelta(days=25 * 31)))
    db_session.commit()

    output = run("tidy").output
    assert "Removed 4 written or personal answers" in output and "from 1 responses" in output
    db_session.expire_all()
    kept = {(a.question_key, a.option_key) for a in db_session.exec(
        select(Answer).where(Answer.response_id == old.id))}
    assert kept == {("visit", "weekly"), ("use", "walk"), ("cafe", "yes")}
    assert db_session.exec(select(Journey).where(Journey.response_id == old.id)).all() == []
    assert db_session.exec(select(CommentTranslation)).all() == []
    assert themes.theme_counts(db_session, consultation)[1] == 1  # published counts hold
    assert all(MARK not in json.dumps(e.detail) for e in db_session.exec(select(AuditEvent)))
    assert len(db_session.exec(select(Answer).where(Answer.response_id == new.id)).all()) == 7
    event = db_session.exec(select(AuditEvent).where(
        AuditEvent.action == "responses.retention_applied")).one()
    assert event.user_id is None
    assert event.detail["responses"] == 1 and event.detail["answers_deleted"] == 4
    assert MARK not in json.dumps(event.detail)
    assert "from 0 responses" in run("tidy").output  # done once


@pytest.fixture
def run(app, database_url, monkeypatch):
    from click.testing import CliRunner

    from surveybuilder.cli import main

    monkeypatch.setenv("SURVEYBUILDER_DATABASE_URL", database_url)
    monkeypatch.setenv("SURVEYBUILDER_SECRET_KEY", "cli-test")
    monkeypatch.setenv("SURVEYBUILDER_EXPORTS_DIR", app.config["EXPORTS_DIR"])

    def invoke(*args: str):
        result = CliRunner().invoke(main, list(args))
        assert result.exit_code == 0, result.output
        return result

    return invoke


# Finding, seeing, exporting ---------------------------------------------------------------

def test_staff_find_a_response_by_reference_or_email_and_each_look_is_recorded(
        editor_client, survey, db_session):
    consultation = survey[0]
    response = add_response(db_session, survey, _answers(MARK))
    add_response(db_session, survey, _answers(KEPT, "someone.else@example.org"))
    empty = _page(editor_client, "/staff/responses?reference=&email=")
    assert "Enter the response&#39;s reference number, or the e-mail address" in empty
    assert "<title>Error:" in empty
    assert "Enter the e-mail address in the right format" in \
        _page(editor_client, "/staff/responses?email=not-an-address")
    by_email = _page(editor_client, f"/staff/responses?email={EMAIL.upper()}")
    assert response.reference in by_email and "1 found" in by_email
    spaced = response.reference[:4] + " " + response.reference[4:].lower()
    assert response.reference in _page(editor_client, f"/staff/responses?reference={spaced}")
    assert "No response found" in _page(editor_client, "/staff/responses?reference=NOTAREF1")

    base = f"/staff/consultations/{consultation.id}/responses/{response.reference}"
    shown = _page(editor_client, base)
    assert MARK in shown and "What would make the park better?" in shown
    record = json.loads(editor_client.get(f"{base}.json").data)
    assert record["reference"] == response.reference
    assert {"number": 7, "key": "ideas", "question": "What would make the park better?",
            "answer": [MARK]} in record["answers"]
    assert _actions(db_session)[-2:] == ["response.viewed", "response.exported"]
    assert all(MARK not in json.dumps(e.detail) for e in db_session.exec(select(AuditEvent)))
    assert "Erase response" not in shown  # only admins erase
    assert editor_client.get(f"{base}/erase").status_code == 403


@pytest.mark.pdf
def test_the_subject_access_pdf_reads_as_the_answers(editor_client, survey, db_session):
    import pdfplumber

    response = add_response(db_session, survey, _answers(MARK))
    reply = editor_client.get(
        f"/staff/consultations/{survey[0].id}/responses/{response.reference}.pdf")
    assert reply.status_code == 200 and reply.mimetype == "application/pdf"
    with pdfplumber.open(io.BytesIO(reply.data)) as pdf:
        words = " ".join(page.extract_text() for page in pdf.pages)
    assert MARK in words and response.reference in words and EMAIL in words
    with pikepdf.open(io.BytesIO(reply.data)) as pdf:
        assert str(pdf.Root.Lang) == "en"


def test_viewers_and_other_organisations_cannot_see_responses(
        client, survey, db_session, make_org, make_user, organisation):
    response = add_response(db_session, survey, _answers(MARK))
    base = f"/staff/consultations/{survey[0].id}/responses/{response.reference}"
    make_user(organisation, "viewer@example.gov.uk", Role.VIEWER, "Vi Viewer")
    sign_in(client, "viewer@example.gov.uk")
    assert client.get(base).status_code == 403
    assert client.get("/staff/responses?reference=X").status_code == 403
    client.post("/sign-out")
    other = make_org("dudley", "Dudley Council")
    make_user(other, "admin@dudley.gov.uk", Role.ADMIN, "Dee Dudley")
    sign_in(client, "admin@dudley.gov.uk")
    assert client.get(base).status_code == 404
    assert client.get(f"{base}/erase").status_code == 404
    assert "No response found" in _page(
        client, f"/staff/responses?reference={response.reference}")


# Erasure ----------------------------------------------------------------------------------

def _database_bytes(database_url: str) -> bytes:
    path = Path(database_url.removeprefix("sqlite:///"))
    wal = path.with_name(path.name + "-wal")
    return path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


def test_erasing_a_response_leaves_no_trace_of_its_answers(
        app, admin_client, survey, db_session, database_url, run_jobs):
    consultation = survey[0]
    response = add_response(db_session, survey, _answers(MARK))
    add_response(db_session, survey, _answers(KEPT, "other@example.org"))
    db_session.add(Journey(token="t-erase", consultation_id=consultation.id,
                           version_id=survey[1].id, answers={"ideas": MARK},
                           response_id=response.id))
    theme = themes.add_theme(db_session, consultation, "Lighting")
    themes.code_comment(db_session, consultation, response.id, "ideas", [theme.id], None)
    themes.translate_comment(db_session, consultation, response.id, "ideas",
                             f"In English: {MARK}", None)
    db_session.commit()
    store = app.extensions["file_store"]
    scan = _paper_traces(db_session, store, survey, response)
    results = f"/staff/consultations/{consultation.id}/results"
    asked = admin_client.post(f"{results}/exports", data={"anonymised": "0"})
    assert run_jobs(EXPORT_RESPONSES_XLSX)[JobOutcome.DONE] == 1
    before_xlsx = asked.location.removeprefix("http://localhost") + ".xlsx"
    assert admin_client.get(before_xlsx).status_code == 200
    if database_url.startswith("sqlite"):
        assert MARK.encode() in _database_bytes(database_url)  # the test can fail
        with app.extensions["db_engine"].connect() as connection:  # whatever the build
            assert connection.exec_driver_sql("PRAGMA secure_delete").scalar() == 1

    base = f"/staff/consultations/{consultation.id}/responses/{response.reference}"
    confirm = _page(admin_client, f"{base}/erase")
    assert "This cannot be undone" in confirm and MARK not in confirm
    erased = admin_client.post(f"{base}/erase")
    assert erased.status_code == 303
    assert f"Response {response.reference}" in _page(admin_client, erased.location)

    db_session.expire_all()
    assert db_session.get(Response, response.id) is None
    for model, column in ((Answer, Answer.response_id), (Journey, Journey.response_id),
                          (CommentCoding, CommentCoding.response_id),
                          (CommentTranslation, CommentTranslation.response_id)):
        assert db_session.exec(select(model).where(column == response.id)).all() == []
    assert db_session.exec(select(PaperKeying)).all() == []
    copy = db_session.exec(select(PaperCopy)).one()
    assert (copy.marks, copy.decisions, copy.response_id) == ({}, {}, None)
    assert db_session.exec(select(ScannedCopy)).one().questions == []
    assert store.list(f"scans/{consultation.id}/{scan.id}") == []
    assert db_session.exec(select(ScanPage)).one().image_key is None
    event = db_session.exec(select(AuditEvent).where(
        AuditEvent.action == "response.erased")).one()
    assert event.detail == {"reference": response.reference} and event.user_id is not None
    everything = json.dumps([e.detail for e in db_session.exec(select(AuditEvent))])
    assert MARK not in everything and KEPT not in everything

    csv_text = admin_client.get(f"{results}/download.csv").get_data(as_text=True)
    assert KEPT in csv_text and MARK not in csv_text and response.reference not in csv_text
    assert admin_client.get(before_xlsx).status_code == 303  # the old workbook is gone
    again = admin_client.post(f"{results}/exports", data={"anonymised": "0"})
    run_jobs(EXPORT_RESPONSES_XLSX)
    workbook = admin_client.get(again.location.removeprefix("http://localhost") + ".xlsx")
    with zipfile.ZipFile(io.BytesIO(workbook.data)) as book:
        inside = b"".join(book.read(name) for name in book.namelist())
    assert KEPT.encode() in inside and MARK.encode() not in inside
    searched = _page(admin_client, f"{results}/comments?words=Quokkaplatypus")
    assert MARK not in searched and "Quokkaplatypus" in searched  # the words asked, only
    assert KEPT in _page(admin_client, f"{results}/comments?words=Lanternfish")
    assert _page(admin_client, f"{base}", 404)
    if database_url.startswith("sqlite"):
        stored = _database_bytes(database_url)
        assert MARK.encode() not in stored and KEPT.encode() in stored


def _paper_traces(db_session, store, survey, response) -> ScanBatch:
    """The response as if it came on paper: keyed twice with a decision between the
    two (quoted in the audit log), then scanned, with a page image and a crop."""
    consultation, version, _definition = survey
    batch = PaperBatch(consultation_id=consultation.id, label="Library box",
                       double_keying=True)
    db_session.add(batch)
    db_session.flush()
    copy = PaperCopy(batch_id=batch.id, copy_number=7, version_id=version.id,
                     response_id=response.id, marks={"ideas": MARK},
                     decisions={"ideas": MARK})
    db_session.add(copy)
    db_session.flush()
    db_session.add(PaperKeying(copy_id=copy.id, keyed_by_id=_anyone(db_session),
                               entries={"ideas": MARK}))
    audit.record(db_session, "paper_differences_decided", None, consultation,
                 copy_id=copy.id, copy_number=7, decisions=copy.decisions)
    scan = ScanBatch(consultation_id=consultation.id, paper_batch_id=batch.id)
    db_session.add(scan)
    db_session.flush()
    folder = f"scans/{consultation.id}/{scan.id}"
    store.put(f"{folder}/page-1.png", MARK.encode(), "image/png")
    store.put(f"{folder}/copy-1/ideas.png", MARK.encode(), "image/png")
    db_session.add(ScanPage(scan_batch_id=scan.id, position=1, source="box.pdf", number=1,
                            status="read", copy_ordinal=1, image_key=f"{folder}/page-1.png"))
    db_session.add(ScannedCopy(scan_batch_id=scan.id, ordinal=1, copy_number=7,
                               version_id=version.id, print_format="standard",
                               paper_copy_id=copy.id, questions=[{"ideas": MARK}]))
    db_session.commit()
    return scan


def _anyone(db_session) -> int:
    return db_session.exec(select(User)).first().id


# The audit log ----------------------------------------------------------------------------

def test_downloads_are_recorded_and_admins_read_and_download_the_log(
        admin_client, survey, db_session, make_org, make_user):
    consultation = survey[0]
    add_response(db_session, survey, _answers(KEPT))
    results = f"/staff/consultations/{consultation.id}/results"
    admin_client.get(f"{results}/download.csv")
    admin_client.get(f"{results}/download.json?anonymised=1")
    downloads = db_session.exec(select(AuditEvent).where(
        AuditEvent.action == "responses.downloaded").order_by(AuditEvent.id)).all()
    assert [(e.detail["format"], e.detail["anonymised"]) for e in downloads] == \
        [("csv", False), ("json", True)]
    assert all(e.user_id is not None for e in downloads)

    other = make_org("dudley", "Dudley Council")
    foreign = make_consultation_row(db_session, other)
    db_session.add(AuditEvent(action="consultation.secret", organisation_id=other.id,
                              consultation_id=foreign.id, detail={}))
    consultation.title = "=HYPERLINK(\"http://evil.example\")"
    db_session.add(consultation)
    db_session.commit()

    log = _page(admin_client, "/staff/audit")
    assert "responses.downloaded" in log and "consultation.secret" not in log
    only = _page(admin_client, f"/staff/audit?action=responses.downloaded"
                               f"&consultation={consultation.id}")
    assert "2 events" in only and "consultation.published" not in only.split("<tbody")[1]
    assert admin_client.get(f"/staff/audit?consultation={foreign.id}").status_code == 404
    rows = list(csv.reader(io.StringIO(admin_client.get(
        "/staff/audit.csv?action=responses.downloaded").get_data(as_text=True))))
    assert rows[0] == ["when", "action", "who", "consultation", "detail"]
    assert len(rows) == 3 and rows[1][2] == "admin@example.gov.uk"
    assert "audit.exported" in _actions(db_session)


def test_the_log_is_paged_and_only_admins_read_it(admin_client, editor, survey,
                                                  db_session, app):
    app.config["AUDIT_PAGE_SIZE"] = 2
    for number in range(5):
        db_session.add(AuditEvent(action="test.event", organisation_id=survey[0].organisation_id,
                                  detail={"n": number}))
    db_session.commit()
    first = _page(admin_client, "/staff/audit?action=test.event")
    assert "page 1 of 3" in first and "n: 4" in first and "n: 0" not in first
    last = _page(admin_client, "/staff/audit?action=test.event&page=9")
    assert "page 3 of 3" in last and "n: 0" in last
    admin_client.post("/sign-out")
    sign_in(admin_client, editor.email)
    assert admin_client.get("/staff/audit").status_code == 403
    assert admin_client.get("/staff/audit.csv").status_code == 403


def make_consultation_row(db_session, organisation) -> Consultation:
    consultation = Consultation(organisation_id=organisation.id, slug="dudley-secret",
                                title="Dudley only")
    db_session.add(consultation)
    db_session.commit()
    return consultation
