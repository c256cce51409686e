"""The translator round trip (issue 15 item 2): a draft's texts go out as XLIFF 2.0 or
XLSX, come back translated, and are kept — all of a file, or none of it with every
problem listed. Files are written and read by the real code and a real workbook library;
the translating is done here, as a translator would, by filling in the targets."""

from __future__ import annotations

import io
import zipfile
from datetime import date, timedelta
from xml.etree import ElementTree

import pytest
from openpyxl import load_workbook
from sqlmodel import select
from support.languages import POLISH, WELSH
from support.translator_files import NS, fill_xliff, fill_xlsx

from surveybuilder.consultations import drafts, translating
from surveybuilder.consultations.lifecycle import publish
from surveybuilder.consultations.snapshots import draft_definition, questions_of
from surveybuilder.models import AuditEvent
from surveybuilder.survey.texts import english_texts, fingerprint
from surveybuilder.survey.translations import GapKind, gaps, in_language
from surveybuilder.survey.translator_files import (
    XLIFF_NS,
    character_limit,
    read_file,
    write_xliff,
    write_xlsx,
)

LIMIT = 5_000_000


@pytest.fixture
def park(make_consultation, organisation, ready_definition):
    """Victoria Park offered in Polish and Welsh, nothing translated yet, open from three
    days ago once published."""
    today = date.today()
    return make_consultation(organisation, {**ready_definition, "languages": ["pl", "cy"]},
                             opens=(today - timedelta(days=3)).isoformat(),
                             closes=(today + timedelta(days=30)).isoformat(),
                             feedback_by=(today + timedelta(days=60)).isoformat())


def _import(db_session, park, editor, code, content):
    reading = translating.import_file(db_session, park, editor, code, content, LIMIT)
    db_session.commit()
    return reading


def _draft(db_session, park):
    return draft_definition(db_session, park)


def test_xliff_round_trip_translates_every_text(db_session, park, editor, client):
    sent = translating.translator_file(db_session, park, editor, "pl", "xliff")
    assert sent.name == "victoria-park-2027-pl.xlf"
    root = ElementTree.fromstring(sent.content)
    assert root.tag == f"{{{XLIFF_NS}}}xliff"
    assert (root.get("version"), root.get("srcLang"), root.get("trgLang")) == ("2.0", "en-GB",
                                                                               "pl")
    english = english_texts(_draft(db_session, park).to_json())
    units = root.findall(".//x:unit", NS)
    assert [u.get("id") for u in units] == list(english)
    hint = next(u for u in units if u.get("id") == "questions.visit.options.weekly.label")
    notes = {n.get("category"): n.text for n in hint.iterfind("x:notes/x:note", NS)}
    assert notes == {"location": "Question 1 answer “Every week”", "character-limit": "2000",
                     "source-fingerprint": fingerprint(english[hint.get("id")])}
    assert hint.find("x:segment", NS).get("state") == "initial"
    assert hint.find("x:segment/x:target", NS) is None

    reading = _import(db_session, park, editor, "pl", fill_xliff(sent.content, POLISH))
    assert reading.problems == ()
    assert (len(reading.texts), reading.needs_updating) == (len(POLISH), 0)
    definition = _draft(db_session, park)
    assert gaps(definition, "pl") == []
    shown = in_language(definition, "pl")
    assert shown.definition.title == POLISH["title"]
    assert shown.definition.questions()[0].options[0].label == "Co tydzień"
    assert shown.english == frozenset()
    # The next file carries the translations back out, marked as translated.
    again = ElementTree.fromstring(write_xliff(definition, "pl"))
    title = again.find(".//x:unit[@id='title']/x:segment", NS)
    assert (title.get("state"), title.find("x:target", NS).text) == ("translated",
                                                                     POLISH["title"])
    # Published, residents who choose Polish read the imported words.
    publish(db_session, park, editor, override_reason="The Welsh comes next week")
    db_session.commit()
    page = client.get(f"/c/{park.slug}?language=pl").get_data(as_text=True)
    assert '<html lang="pl"' in page
    assert POLISH["title"] in page and POLISH["summary"] in page


def test_xlsx_round_trip_translates_every_text(db_session, park, editor):
    sent = translating.translator_file(db_session, park, editor, "cy", "xlsx")
    assert sent.name == "victoria-park-2027-cy.xlsx"
    book = load_workbook(io.BytesIO(sent.content))
    assert book.sheetnames == ["Translations", "Instructions"]
    sheet = book["Translations"]
    assert [c.value for c in sheet[1]] == [
        "Id", "Where", "English (source)", "Translation (target)", "Notes",
        "Character limit", "Source fingerprint"]
    assert sheet.freeze_panes == "A2"
    assert sheet.protection.sheet
    assert not sheet["D2"].protection.locked and sheet["C2"].protection.locked
    assert sheet["A2"].value == "title" and sheet["F2"].value == 200
    instructions = [row[1] for row in book["Instructions"].iter_rows(values_only=True) if row]
    assert "victoria-park-2027" in instructions and "cy" in instructions
    assert any("Translation (target) column" in (line or "") for line in instructions)

    reading = _import(db_session, park, editor, "cy", fill_xlsx(sent.content, WELSH))
    assert reading.problems == ()
    assert len(reading.texts) == len(WELSH)
    definition = _draft(db_session, park)
    assert gaps(definition, "cy") == []
    assert in_language(definition, "cy").definition.sections[0].title == "Defnyddio'r parc"
    assert gaps(definition, "pl")  # another language is untouched


def test_texts_that_look_like_formulas_are_written_inert_and_read_back_as_they_were(
        make_consultation, organisation, ready_definition, db_session, editor):
    park = make_consultation(organisation, {
        **ready_definition, "languages": ["pl"], "can_change": ["=1+1 benches", "Lights"]})
    sent = translating.translator_file(db_session, park, editor, "pl", "xlsx")
    sheet = load_workbook(io.BytesIO(sent.content))["Translations"]
    row = next(r for r in sheet.iter_rows(values_only=True) if r[0] == "can_change.0")
    assert row[2] == "'=1+1 benches"
    words = {**POLISH, "can_change.0": "-5 ławek"}
    filled = fill_xlsx(sent.content, words)
    # a file written from the stored translation shows it inert too, and reads back
    _import(db_session, park, editor, "pl", filled)
    again = write_xlsx(_draft(db_session, park), "pl")
    row = next(r for r in load_workbook(io.BytesIO(again))["Translations"].iter_rows(
        values_only=True) if r[0] == "can_change.0")
    assert row[3] == "'-5 ławek"
    assert _draft(db_session, park).translations["pl"]["can_change.0"].text == "-5 ławek"
    reading = _import(db_session, park, editor, "pl", again)
    assert reading.problems == ()
    assert _draft(db_session, park).translations["pl"]["can_change.0"].text == "-5 ławek"


@pytest.mark.parametrize("kind", ["xliff", "xlsx"])
def test_a_translation_of_changed_english_is_imported_as_needing_update(
        db_session, park, editor, kind):
    sent = translating.translator_file(db_session, park, editor, "pl", kind)
    safe = next(q for q in questions_of(db_session, park) if q.key == "safe")
    drafts.update_question(db_session, park, editor, safe, {
        "key": "safe", "type": "scale", "scale": "agree",
        "text": "I feel safe in the park in the evening."})
    db_session.commit()
    fill = fill_xliff if kind == "xliff" else fill_xlsx
    reading = _import(db_session, park, editor, "pl", fill(sent.content, POLISH))
    assert reading.problems == ()
    assert (len(reading.texts), reading.needs_updating) == (len(POLISH), 1)
    definition = _draft(db_session, park)
    assert [(g.text_id, g.kind) for g in gaps(definition, "pl")] == [
        ("questions.safe.text", GapKind.NEEDS_UPDATING)]
    # kept, with the fingerprint of the English it was made from ...
    kept = definition.translations["pl"]["questions.safe.text"]
    assert kept.text == POLISH["questions.safe.text"]
    assert kept.source == fingerprint("I feel safe in the park after dark.")
    # ... and residents see the new English until it is translated again
    shown = in_language(definition, "pl")
    assert "questions.safe.text" in shown.english
    assert shown.definition.questions()[2].text == "I feel safe in the park in the evening."
    # the next file says so
    root = ElementTree.fromstring(write_xliff(definition, "pl"))
    segment = root.find(".//x:unit[@id='questions.safe.text']/x:segment", NS)
    assert segment.get("subState") == "surveybuilder:needs-updating"
    event = db_session.exec(select(AuditEvent).where(
        AuditEvent.action == "translations.imported")).one()
    assert event.detail == {"language": "pl", "kind": kind, "imported": len(POLISH),
                            "needs_updating": 1}


def test_a_mismatched_xliff_imports_nothing_and_lists_every_problem(
        make_consultation, organisation, ready_definition, db_session, park, editor):
    other = make_consultation(organisation, {**ready_definition, "languages": ["pl"]},
                              slug="another-park")
    _import(db_session, park, editor, "pl", fill_xliff(
        translating.translator_file(db_session, park, editor, "pl", "xliff").content,
        {"title": "Stary tytuł", **{k: v for k, v in POLISH.items() if k != "title"}}))
    before = dict(park.translations)
    words = {**POLISH, "title": "T" * 201}
    content = fill_xliff(write_xliff(draft_definition(db_session, other), "cy"), words)
    content = content.replace(b'<unit id="summary"', b'<unit id="questions.vist.text"')
    content = content.replace(b"<target>Co miesi", b"<target><pc id='1'>Co</pc> miesi")
    reading = _import(db_session, park, editor, "pl", content)
    assert [str(p) for p in reading.problems] == [
        "file: the file is for the language “cy”, not Polish (pl)",
        "file f1: the file is for another consultation (“surveybuilder:another-park”, not "
        "“surveybuilder:victoria-park-2027”)"]
    # with the header right, every unit's problem is listed together
    content = content.replace(b'trgLang="cy"', b'trgLang="pl"').replace(
        b"surveybuilder:another-park", b"surveybuilder:victoria-park-2027")
    reading = _import(db_session, park, editor, "pl", content)
    assert [str(p) for p in reading.problems] == [
        "unit title: the translation has 201 characters; the limit is 200",
        "unit questions.vist.text: “questions.vist.text” is not the id of any text in this "
        "consultation (a question since deleted, or an id that was changed)",
        "unit questions.visit.options.monthly.label: the text holds markup (<pc>); "
        "Surveybuilder texts are plain text"]
    assert reading.texts == ()
    db_session.refresh(park)
    assert park.translations == before
    assert _draft(db_session, park).translations["pl"]["title"].text == "Stary tytuł"
    refused = db_session.exec(select(AuditEvent).where(
        AuditEvent.action == "translations.import_refused")).all()
    assert [e.detail["problems"] for e in refused] == [2, 3]


def test_a_mismatched_workbook_imports_nothing_and_lists_every_problem(
        make_consultation, organisation, ready_definition, db_session, park, editor):
    other = make_consultation(organisation, {**ready_definition, "languages": ["cy"]},
                              slug="another-park")
    content = write_xlsx(draft_definition(db_session, other), "cy")
    book = load_workbook(io.BytesIO(content))
    book["Translations"].delete_cols(7)  # the fingerprints
    out = io.BytesIO()
    book.save(out)
    reading = _import(db_session, park, editor, "pl", out.getvalue())
    assert [str(p) for p in reading.problems] == [
        "Instructions sheet: the file is for another consultation (“another-park”, not "
        "“victoria-park-2027”)",
        "Instructions sheet: the file is for the language “cy”, not Polish (pl)",
        "row 1: the column “Source fingerprint” is missing"]
    # right file, wrong rows: an unknown id, one twice, a damaged fingerprint
    content = write_xlsx(_draft(db_session, park), "pl")
    filled = fill_xlsx(content, POLISH, extra_rows=[
        ("questions.gone.hint", "", "", "Tekst"), ("title", "", "", "Znowu"),
        ("summary", "", "", "Coś", "", "", "not-a-print")])
    reading = _import(db_session, park, editor, "pl", filled)
    rows = len(english_texts(_draft(db_session, park).to_json())) + 1
    assert [str(p) for p in reading.problems] == [
        f"row {rows + 1}: “questions.gone.hint” is not the id of any text in this "
        "consultation (a question since deleted, or an id that was changed)",
        f"row {rows + 2}: the id “title” appears more than once",
        f"row {rows + 3}: the id “summary” appears more than once",
        f"row {rows + 3}: the source fingerprint “not-a-print” is not one this tool wrote"]
    db_session.refresh(park)
    assert park.translations == {}


def test_unsafe_or_unknown_files_are_refused_before_they_are_parsed(db_session, park):
    definition = draft_definition(db_session, park)
    bomb = (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">'
            b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
            b'<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0">&b;</xliff>')
    outside = (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
               b'<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0">&e;</xliff>')
    for content in (bomb, outside):
        kind, reading = read_file(content, definition, "pl", LIMIT)
        assert [p.message for p in reading.problems] == [
            "the file declares a DTD or entities, which are not accepted; export it again "
            "as plain XLIFF 2.0"]
    xliff_1 = b'<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2"/>'
    assert "is not XLIFF 2.0" in str(read_file(xliff_1, definition, "pl", LIMIT)[1].problems[0])
    assert "not well-formed" in str(read_file(b"<xliff", definition, "pl", LIMIT)[1]
                                    .problems[0])
    assert "neither XLIFF 2.0 nor" in str(read_file(b"%PDF-1.7", definition, "pl", LIMIT)[1]
                                          .problems[0])
    good = write_xliff(definition, "pl")
    assert str(read_file(good, definition, "pl", len(good) - 1)[1].problems[0]) == (
        f"file: the file is larger than {(len(good) - 1) / 1e6:g} MB")
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * 3_000_000)
    kind, reading = read_file(packed.getvalue(), definition, "pl", 100_000)
    assert kind == "xlsx" and "unpacks to far more" in str(reading.problems[0])


def test_character_limits_follow_what_the_definition_accepts():
    assert character_limit("title") == 200
    assert character_limit("questions.visit.text") == 2000
    assert character_limit("questions.visit.options.weekly.label") == 2000
    assert character_limit("sections.0.title") == 2000
    assert character_limit("questions.visit.hint") == 5000
    assert character_limit("privacy_notice") == 5000
