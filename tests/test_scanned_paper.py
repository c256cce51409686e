"""Scanned paper forms through the staff pages (issue 14, second half): printed copies
drawn on and scanned are uploaded on the Paper tab, read by the background job into
pages and copies, checked by a person, and stored through the keying path once, as
paper responses identical to the same forms keyed by hand. Images are kept in the
file store until `tidy` deletes them SCAN_IMAGE_RETENTION_DAYS after storing."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from sqlmodel import select
from support import scanned_batch
from test_scanning_command import CHANGED

from surveybuilder.consultations.lifecycle import publish
from surveybuilder.consultations.snapshots import write_draft
from surveybuilder.models import (
    AuditEvent,
    PaperCopy,
    Response,
    ScanBatch,
    ScannedCopy,
    ScanPage,
    SurveyVersion,
)
from surveybuilder.paper import scanned
from surveybuilder.survey.loading import load_definition

pytestmark = pytest.mark.pdf

# What a person types for what the reader left them: copy 1's date, copy 2's written
# reason, its two boxes at "safe" (they decide: 4, Disagree) and the pencil at "bus".
SETTLED = {1: {"visited_on": "3 2 2025"},
           2: {"why_not": "Too far to walk", "safe": "4", "use_bus": "1"}}
STORED = {1: {"visit": "weekly", "uses": ["walk", "cafe"], "safe": "agree", "use_bus": "no",
              "views": {"clean": "agree", "lit": "disagree"}, "visited_on": "2025-02-03",
              "agree": True},
          2: {"visit": "never", "why_not": "Too far to walk", "safe": "disagree",
              "use_bus": "yes"}}
# The same forms typed on the keying pages, by option numbers, section by section.
KEYED_BY_HAND = {1: [{"visit": "1", "uses": "1 4", "safe": "2", "use_bus": "2"},
                     {"views": "2 4", "visited_on": "3/2/2025", "agree": "1"}],
                 2: [{"visit": "3", "why_not": "Too far to walk", "safe": "4",
                      "use_bus": "1"}, {}]}


@pytest.fixture
def printed(app, make_consultation, organisation, db_session):
    return scanned_batch.publish_scan_survey(make_consultation, organisation, db_session,
                                             app.extensions["file_store"])


def _paper(consultation, rest=""):
    return f"/staff/consultations/{consultation.id}/paper{rest}"


def _upload(client, consultation, files, label="Day centre, scanned"):
    data = {"label": label, "scans": [(io.BytesIO(body), name) for name, body in files]}
    return client.post(_paper(consultation, "/scans/new"), data=data,
                       content_type="multipart/form-data")


def _form_url(consultation, scan, copy):
    return _paper(consultation, f"/scans/{scan.id}/forms/{copy.ordinal}")


def _confirm(client, url, settled):
    """Confirm a form as a person would: what was read, as shown, with what they typed."""
    shown = client.get(url).get_data(as_text=True)
    entries = dict(re.findall(r'id="(\w+)" name="\w+" type="text" value="([^"]*)"', shown))
    return client.post(url, data={**entries, **settled})


def _export(client, consultation):
    return client.get(f"/staff/consultations/{consultation.id}/responses.json"
                      ).get_json()["responses"]


def test_uploaded_scans_are_read_checked_and_stored_once_like_keyed_forms(
        app, editor, editor_client, printed, db_session, run_jobs):
    consultation, pdf, layout = printed
    store = app.extensions["file_store"]
    # A new survey version is published before the forms come back: they are still
    # stored against version 1, which they were printed with.
    write_draft(db_session, consultation, load_definition(CHANGED))
    publish(db_session, consultation, None)
    db_session.commit()
    files = scanned_batch.odd_pages(scanned_batch.scanned_pages(pdf, layout))
    uploaded = _upload(editor_client, consultation, files)
    assert uploaded.status_code == 302, uploaded.get_data(as_text=True)
    waiting = editor_client.get(uploaded.location).get_data(as_text=True)
    assert "Waiting to start" in waiting and "See how far it has got" in waiting
    assert "http-equiv" not in waiting  # no automatic refresh: a link to look again

    assert run_jobs(scanned.READ_SCANNED_FORMS)
    scan = db_session.exec(select(ScanBatch)).one()
    db_session.refresh(scan)
    assert scan.status == "read" and scan.pages_total == 2 * layout["pages"] + 2
    pages = db_session.exec(select(ScanPage).order_by(ScanPage.position)).all()
    assert len(pages) == scan.pages_total and all(store.exists(p.image_key) for p in pages)
    assert not any(store.exists(u["key"]) for u in scan.uploads)  # uploads not kept
    copies = {c.copy_number: c for c in db_session.exec(select(ScannedCopy)).all()}
    assert sorted(copies) == [1, 2]
    settle = {n: {q["question"] for q in c.questions if q["status"] in scanned.TO_SETTLE}
              for n, c in copies.items()}
    assert settle == {1: {"visited_on"}, 2: {"why_not", "safe", "use_bus"}}

    overview = editor_client.get(uploaded.location).get_data(as_text=True)
    assert "Check scanned forms: Day centre, scanned" in overview
    assert "Check form 1" in overview and "Check form 2" in overview
    assert "It was scanned upside down, and read as usual" in overview
    assert "this page was read once already" in overview
    assert "it is not one of our printed forms" in overview

    # Form 2 confirmed without settling its doubts: each is an error, nothing stored.
    form_2 = _form_url(consultation, scan, copies[2])
    page = editor_client.get(form_2).get_data(as_text=True)
    assert page.count('class="sb-scan-crop"') >= 3
    assert "2 boxes are ticked but this question takes one" in page
    crop = re.search(r'class="sb-scan-crop" src="([^"]+)"', page).group(1)
    picture = editor_client.get(crop)
    assert picture.status_code == 200 and picture.data.startswith(b"\x89PNG")
    assert "no-store" in picture.headers["Cache-Control"]  # never kept (issue 17 sets it)
    refused = editor_client.post(form_2, data={"visit": "3"}).get_data(as_text=True)
    assert "There is a problem" in refused
    for number in (2, 4, 5):
        assert f"Question {number}: type the answer from the picture" in refused
    assert db_session.exec(select(Response)).all() == []

    for number, copy in copies.items():
        url = _form_url(consultation, scan, copy)
        stored = _confirm(editor_client, url, SETTLED[number])
        assert stored.status_code == 302, stored.get_data(as_text=True)
        again = editor_client.post(url, data={"visit": "2", **SETTLED[number]})
        assert again.status_code == 302  # a second confirm stores nothing more

    responses = db_session.exec(select(Response)).all()
    assert len(responses) == 2
    # Confirming through the service again (a second person at the same moment) finds
    # the stored response instead of storing another.
    db_session.expire_all()
    first = db_session.get(ScannedCopy, copies[1].id)
    again = scanned.confirm(db_session, consultation, scan, first, {"visit": "3", **SETTLED[1]},
                            editor)
    assert again.id in {r.id for r in responses}
    assert len(db_session.exec(select(Response)).all()) == 2
    exported = {r["reference"]: r for r in _export(editor_client, consultation)}
    by_copy = {}
    for paper_copy in db_session.exec(select(PaperCopy)).all():
        response = db_session.get(Response, paper_copy.response_id)
        by_copy[paper_copy.copy_number] = exported[response.reference]
        version = db_session.get(SurveyVersion, response.version_id)
        assert version.number == 1 and paper_copy.batch_id == scan.paper_batch_id
    assert {n: (r["channel"], r["answers"]) for n, r in by_copy.items()} == {
        n: ("paper", STORED[n]) for n in STORED}
    scanned_events = db_session.exec(select(AuditEvent).where(
        AuditEvent.action == "paper_copy_scanned")).all()
    assert sorted(e.detail["copy_number"] for e in scanned_events) == [1, 2]

    # The same forms keyed by hand store the same answers.
    batch = editor_client.post(_paper(consultation, "/batches/new"),
                               data={"label": "Keyed by hand"})
    batch_id = int(re.search(r"/batches/(\d+)/key", batch.location).group(1))
    for number, sections in KEYED_BY_HAND.items():
        started = editor_client.post(_paper(consultation, f"/batches/{batch_id}/key"),
                                     data={"copy_number": str(number),
                                           "answer_format": "standard",
                                           "form_version": "1"})
        following = started.location
        for section in sections:
            following = editor_client.post(following, data=section).location
        assert editor_client.post(following).status_code == 302
    keyed = [r for r in _export(editor_client, consultation) if r["reference"] not in exported]
    assert sorted((r["channel"], r["format"], repr(r["answers"])) for r in keyed) == sorted(
        (r["channel"], r["format"], repr(r["answers"])) for r in by_copy.values())


def test_uploads_that_cannot_be_read_are_refused_in_plain_words(
        app, editor_client, printed, db_session):
    consultation, pdf, layout = printed
    notes = _upload(editor_client, consultation, [("notes.txt", b"just some notes")])
    assert "notes.txt is not a PDF, TIFF, PNG or JPEG file" in notes.get_data(as_text=True)
    nothing = _upload(editor_client, consultation, [], label="")
    text = nothing.get_data(as_text=True)
    assert "Enter a batch label" in text or "Choose the scanned forms to upload" in text
    app.config["SCAN_MAX_PAGES"] = 1
    many = _upload(editor_client, consultation, [("forms.pdf", pdf)])
    assert (f"The files have {2 * layout['pages']} pages, more than the 1 one upload may "
            "have") in many.get_data(as_text=True)
    assert db_session.exec(select(ScanBatch)).all() == []


def test_tidy_deletes_scanned_images_once_their_forms_are_stored_long_enough(
        app, editor_client, printed, db_session, run_jobs):
    consultation, pdf, layout = printed
    store = app.extensions["file_store"]
    _upload(editor_client, consultation, scanned_batch.scanned_pages(pdf, layout))
    run_jobs(scanned.READ_SCANNED_FORMS)
    scan = db_session.exec(select(ScanBatch)).one()
    copies = {c.copy_number: c for c in db_session.exec(select(ScannedCopy)).all()}
    assert _confirm(editor_client, _form_url(consultation, scan, copies[1]),
                    SETTLED[1]).status_code == 302
    db_session.expire_all()
    stored_at = db_session.get(ScannedCopy, copies[1].id).confirmed_at
    days = app.config["SCAN_IMAGE_RETENTION_DAYS"]
    folder = scanned.folder(scan)

    def crops(copy):
        return store.list(f"{folder}/copy-{copy.ordinal}")

    assert crops(copies[1]) and crops(copies[2]) and store.list(folder)
    soon = scanned.delete_old_images(db_session, store, stored_at + timedelta(days=days - 1),
                                     days)
    assert soon == 0 and crops(copies[1])
    later = stored_at + timedelta(days=days + 1)
    deleted = scanned.delete_old_images(db_session, store, later, days)
    db_session.commit()
    # Copy 1's crops go; copy 2 is not confirmed, so its crops and every page stay.
    assert deleted > 0 and not crops(copies[1]) and crops(copies[2])
    assert all(store.exists(p.image_key) for p in db_session.exec(select(ScanPage)).all())

    assert _confirm(editor_client, _form_url(consultation, scan, copies[2]),
                    SETTLED[2]).status_code == 302
    db_session.expire_all()
    last = db_session.get(ScannedCopy, copies[2].id).confirmed_at
    scanned.delete_old_images(db_session, store, last + timedelta(days=days + 1), days)
    db_session.commit()
    assert store.list(folder) == []
    assert all(p.image_key is None for p in db_session.exec(select(ScanPage)).all())
