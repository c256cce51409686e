"""Paper data entry: typed option numbers and words read by the shared answer code,
keyed page by page through the staff pages (real database, CSRF off as in every
client test), stored as `paper` responses, and double keying with its decisions."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
from conftest import sign_in
from sqlmodel import select
from support.paper_survey import SECTIONS, publish_paper_survey

from surveybuilder.consultations import lifecycle
from surveybuilder.consultations.snapshots import draft_data, write_draft
from surveybuilder.models import (
    Answer,
    AuditEvent,
    PaperBatch,
    PaperCopy,
    PaperKeying,
    Response,
    ScanBatch,
)
from surveybuilder.paper import keying
from surveybuilder.survey.answers import AnswerError
from surveybuilder.survey.loading import load_definition

DEFINITION = load_definition({
    "format": "surveybuilder/1", "slug": "x", "title": "X", "participation_level": "consult",
    "sections": SECTIONS})

# A whole copy as a keyer types it, page by page.
PAGE_1 = {"visit": "2", "uses": "3 1", "safe": "2", "safe-unclear": "y"}
PAGE_2 = {"visited_on": "3/2/2025", "age": "67", "postcode": "b69 3de",
          "hear_back-blank": "y", "agree": "1"}
STORED = {"visit": "monthly", "uses": ["walk", "sport"], "safe": "agree",
          "visited_on": "2025-02-03", "age": 67, "postcode": "B69 3DE", "agree": True}


@pytest.fixture
def consultation(make_consultation, organisation, ready_definition, db_session):
    return publish_paper_survey(make_consultation, organisation, ready_definition, db_session)


def _question(key):
    return DEFINITION.question(key)


# Reading entries -------------------------------------------------------------------------

def test_pages_follow_the_printed_numbering():
    pages = keying.keying_pages(DEFINITION)
    assert [[(n, q.key) for n, q in p.questions] for p in pages] == [
        [(1, "visit"), (2, "why_not"), (3, "uses"), (4, "safe")],
        [(5, "visited_on"), (6, "age"), (7, "postcode"), (8, "hear_back"), (9, "agree")]]
    assert [(n, c.label) for n, c in keying.numbered_choices(_question("hear_back"))] == [
        (1, "Yes"), (2, "No")]


@pytest.mark.parametrize(("key", "typed", "value"), [
    ("visit", "3", "never"),
    ("uses", "3 1", ["walk", "sport"]),
    ("uses", "2,3", ["play", "sport"]),
    ("safe", " 5 ", "strongly_disagree"),
    ("hear_back", "2", "no"),
    ("agree", "1", True),
    ("visited_on", "03-02-2025", date(2025, 2, 3)),
    ("age", "67", 67),
    ("postcode", "b693de", "B69 3DE"),
    ("why_not", "", None),
])
def test_typed_entries_become_the_answers_online_would_give(key, typed, value):
    assert keying.read_entry(_question(key), typed) == value


@pytest.mark.parametrize(("key", "typed", "message"), [
    ("visit", "4", "Type an option number from 1 to 3"),
    ("visit", "1 2", "Type one option number. If more than one box is ticked"),
    ("uses", "walk", "Type the numbers printed beside the ticked boxes, like 2, or 1 3"),
    ("agree", "2", "Type 1 if the box is ticked"),
    ("visited_on", "3 2", "Type the date as day, month and year"),
    ("visited_on", "31 2 2025", "The date must be a real date"),
    ("age", "200", "Enter a number between 0 and 120"),
    ("postcode", "XYZ", "Enter a real UK postcode"),
])
def test_wrong_entries_say_how_to_fix_them(key, typed, message):
    with pytest.raises(AnswerError) as raised:
        keying.read_entry(_question(key), typed)
    assert str(raised.value).startswith(message)


def test_required_questions_may_be_left_blank_on_paper():
    assert _question("visit").required
    page = keying.keying_pages(DEFINITION)[0]
    checked = keying.check_page(page, {"visit-blank": "y"})
    assert checked.ok and checked.entries == {} and checked.marks == {"visit": "blank"}


def test_marks_that_contradict_the_entry_are_errors():
    page = keying.keying_pages(DEFINITION)[0]
    checked = keying.check_page(page, {"visit": "2", "visit-blank": "y",
                                       "safe-blank": "y", "safe-unclear": "y"})
    assert checked.errors == [
        ("visit", "Either type the answer or tick “Left blank”, not both"),
        ("safe", "Tick “Unclear” or “Left blank”, not both")]


# Keying through the pages ----------------------------------------------------------------

def _paper_url(consultation, rest=""):
    return f"/staff/consultations/{consultation.id}/paper{rest}"


def _new_batch(client, consultation, label="Day centre, 12 March", double=False):
    data = {"label": label, **({"double_keying": "y"} if double else {})}
    answer = client.post(_paper_url(consultation, "/batches/new"), data=data)
    assert answer.status_code == 302, answer.get_data(as_text=True)
    return int(re.search(r"/batches/(\d+)/key", answer.location).group(1))


def _start(client, consultation, batch_id, copy_number=12, answer_format="large_print"):
    return client.post(_paper_url(consultation, f"/batches/{batch_id}/key"),
                       data={"copy_number": str(copy_number), "answer_format": answer_format})


def _key_copy(client, consultation, batch_id, pages=(PAGE_1, PAGE_2), copy_number=12):
    started = _start(client, consultation, batch_id, copy_number)
    assert started.status_code == 302, started.get_data(as_text=True)
    first = started.location
    assert first.endswith("/1")
    second = client.post(first, data=pages[0])
    assert second.status_code == 302 and second.location.endswith("/2")
    check = client.post(second.location, data=pages[1])
    assert check.status_code == 302 and check.location.endswith("/check")
    return check.location


def _export(client, consultation):
    answer = client.get(f"/staff/consultations/{consultation.id}/responses.json")
    return json.loads(answer.get_data(as_text=True))["responses"]


def test_a_keyed_copy_is_stored_as_a_paper_response(editor_client, consultation,
                                                     db_session):
    batch_id = _new_batch(editor_client, consultation)
    check_url = _key_copy(editor_client, consultation, batch_id)

    page = editor_client.get(check_url).get_data(as_text=True)
    assert "3. What do you go there for?" in page
    assert "1 Walking, 3 Sport" in page
    assert "Unclear: 2 Agree" in page
    assert "Left blank" in page and "3 February 2025" in page
    assert db_session.exec(select(Response)).all() == []     # nothing stored before Store

    stored = editor_client.post(check_url)
    assert stored.status_code == 302
    batch_page = editor_client.get(stored.location).get_data(as_text=True)
    response = db_session.exec(select(Response)).one()
    reference = f"{response.reference[:4]}-{response.reference[4:]}"
    assert f"Copy 12 is stored as response {reference}" in batch_page
    [exported] = _export(editor_client, consultation)
    assert (exported["channel"], exported["format"]) == ("paper", "large_print")
    assert exported["answers"] == STORED
    copy = db_session.exec(select(PaperCopy)).one()
    db_session.refresh(copy)
    assert copy.response_id == response.id and copy.copy_number == 12
    assert copy.marks == {"safe": "unclear", "hear_back": "blank"}
    assert editor_client.post(check_url).status_code == 302   # a second click stores nothing
    assert len(db_session.exec(select(Response)).all()) == 1
    assert [e.action for e in db_session.exec(select(AuditEvent)).all()
            if e.action.startswith("paper")] == ["paper_batch_created", "paper_copy_stored"]


def test_forms_printed_before_a_change_are_keyed_against_their_own_version(
        editor_client, consultation, db_session):
    """Version 2 adds an answer at the top, so option numbers move: a form printed as
    version 1 must be read with version 1's numbers, and its response points at it."""
    first = lifecycle.live_version(db_session, consultation)
    changed = draft_data(db_session, consultation)
    changed["sections"][0]["questions"][0]["options"].insert(
        0, {"key": "daily", "label": "Every day"})
    write_draft(db_session, consultation, load_definition(changed))
    second = lifecycle.publish(db_session, consultation, None)
    db_session.commit()

    batch_id = _new_batch(editor_client, consultation)
    url = _paper_url(consultation, f"/batches/{batch_id}/key")
    page = " ".join(editor_client.get(url).get_data(as_text=True).split())
    assert "Version 2 (the one online now) </label>" in page
    assert "Version 1 </label>" in page
    fields = {"copy_number": "5", "answer_format": "standard"}
    unchosen = editor_client.post(url, data=fields)
    assert unchosen.status_code == 200
    assert "Choose the version printed at the foot of the form" in unchosen.get_data(
        as_text=True)
    started = editor_client.post(url, data={**fields, "form_version": "1"})
    assert started.status_code == 302
    other = editor_client.post(url, data={**fields, "form_version": "2"})
    assert "Copy 5 was started as another version of the form" in other.get_data(
        as_text=True)

    second_page = editor_client.post(started.location, data={"visit": "1"}).location
    check = editor_client.post(second_page, data={}).location
    editor_client.post(check)
    response = db_session.exec(select(Response)).one()
    assert response.version_id == first.id != second.id
    answer = db_session.exec(select(Answer).where(Answer.question_key == "visit")).one()
    assert answer.option_key == "weekly"  # option 1 of version 1, not "Every day"


def test_errors_keep_what_was_typed_and_save_nothing(editor_client, consultation,
                                                     db_session):
    batch_id = _new_batch(editor_client, consultation)
    first = _start(editor_client, consultation, batch_id).location
    answer = editor_client.post(first, data={"visit": "7", "uses": "1 2", "safe-unclear": "y"})
    page = answer.get_data(as_text=True)
    assert answer.status_code == 200
    assert "<title>Error: " in page
    assert '<a href="#visit">Type an option number from 1 to 3</a>' in page
    assert 'value="7"' in page and 'value="1 2"' in page
    assert re.search(r'id="safe-unclear"[^>]*checked', page)
    keying_row = db_session.exec(select(PaperKeying)).one()
    assert keying_row.entries == {}


def test_an_interrupted_keyer_carries_on_where_they_stopped(editor_client, consultation,
                                                            db_session):
    batch_id = _new_batch(editor_client, consultation)
    first = _start(editor_client, consultation, batch_id).location
    editor_client.post(first, data=PAGE_1)
    # Later: "Key a form" with the same copy number goes back to page 2, and page 1
    # shows what was typed.
    again = _start(editor_client, consultation, batch_id)
    assert again.location.endswith("/2")
    page = editor_client.get(first).get_data(as_text=True)
    assert 'value="3 1"' in page and re.search(r'id="safe-unclear"[^>]*checked', page)
    batch_page = editor_client.get(_paper_url(consultation, f"/batches/{batch_id}"))
    assert "Carry on keying" in batch_page.get_data(as_text=True)


def test_answers_the_form_says_to_skip_are_not_stored(editor_client, consultation,
                                                      db_session):
    batch_id = _new_batch(editor_client, consultation)
    check_url = _key_copy(editor_client, consultation, batch_id,
                          pages=({"visit": "1", "why_not": "Too far"}, {}))
    page = editor_client.get(check_url).get_data(as_text=True)
    assert "Not stored, because the form says to skip it" in page and "question 2" in page
    editor_client.post(check_url)
    [exported] = _export(editor_client, consultation)
    assert exported["answers"] == {"visit": "weekly"}


def test_a_stored_copy_cannot_be_keyed_again(editor_client, consultation, db_session):
    batch_id = _new_batch(editor_client, consultation)
    editor_client.post(_key_copy(editor_client, consultation, batch_id))
    again = _start(editor_client, consultation, batch_id)
    assert again.status_code == 200
    assert "Copy 12 of this batch is already stored" in again.get_data(as_text=True)
    other_format = _start(editor_client, consultation, batch_id, copy_number=13,
                          answer_format="nonsense")
    assert "Choose the format of the returned form" in other_format.get_data(as_text=True)


def test_batch_labels_are_unique_and_required(editor_client, consultation):
    _new_batch(editor_client, consultation)
    again = editor_client.post(_paper_url(consultation, "/batches/new"),
                               data={"label": "Day centre,  12 March"})
    assert "There is already a batch called “Day centre, 12 March”" in \
        again.get_data(as_text=True)
    empty = editor_client.post(_paper_url(consultation, "/batches/new"), data={"label": " "})
    assert "Enter a batch label" in empty.get_data(as_text=True)


def test_other_organisations_and_viewers(client, consultation, make_org, make_user,
                                         organisation):
    other = make_user(make_org("dudley", "Dudley Council"), "someone@dudley.gov.uk")
    sign_in(client, other.email)
    assert client.get(_paper_url(consultation)).status_code == 404
    viewer = make_user(organisation, "viewer@example.gov.uk", role="viewer")
    sign_in(client, viewer.email)
    page = client.get(_paper_url(consultation))
    assert page.status_code == 200 and "Add a batch" not in page.get_data(as_text=True)
    assert client.get(_paper_url(consultation, "/batches/new")).status_code == 403


# Double keying ------------------------------------------------------------------------------

@pytest.fixture
def second_client(app, make_user, organisation):
    person = make_user(organisation, "second@example.gov.uk", name="Sam Second")
    other = app.test_client()
    sign_in(other, person.email)
    return other


def test_double_keying_stores_when_the_two_keyings_agree(editor_client, second_client,
                                                         consultation, db_session):
    batch_id = _new_batch(editor_client, consultation, double=True)
    first_check = _key_copy(editor_client, consultation, batch_id)
    done = editor_client.post(first_check)
    assert "keyed once. A second person must key it" in \
        editor_client.get(done.location).get_data(as_text=True)
    assert db_session.exec(select(Response)).all() == []
    # The same person may not be the second keyer.
    refused = _start(editor_client, consultation, batch_id)
    assert "You have already keyed copy 12" in refused.get_data(as_text=True)

    # Typed differently, meaning the same: they agree.
    agreeing = ({**PAGE_1, "uses": "1,3"}, {**PAGE_2, "visited_on": "03 02 2025"})
    second_check = _key_copy(second_client, consultation, batch_id, pages=agreeing)
    second_client.post(second_check)
    [exported] = _export(editor_client, consultation)
    assert exported["channel"] == "paper" and exported["answers"] == STORED


def test_double_keying_differences_are_decided_by_a_person(editor_client, second_client,
                                                           consultation, db_session):
    batch_id = _new_batch(editor_client, consultation, double=True)
    editor_client.post(_key_copy(editor_client, consultation, batch_id))
    # The second person cannot open the first person's keying.
    first_keying = db_session.exec(select(PaperKeying)).one()
    assert second_client.get(_paper_url(consultation, f"/keyings/{first_keying.id}/1")
                             ).status_code == 403
    differing = ({**PAGE_1, "visit": "3"}, {k: v for k, v in PAGE_2.items()
                                            if k != "hear_back-blank"} | {"hear_back": "1"})
    finished = second_client.post(_key_copy(second_client, consultation, batch_id,
                                            pages=differing))
    assert finished.location.endswith("/differences")
    page = second_client.get(finished.location).get_data(as_text=True)
    assert "in 2 places" in page
    assert "2 Every month" in page and "3 Never" in page
    assert "Left blank" in page and "1 Yes" in page
    assert db_session.exec(select(Response)).all() == []

    undecided = second_client.post(finished.location, data={"visit": "second"})
    page = undecided.get_data(as_text=True)
    assert "<title>Error: " in page
    assert '<a href="#hear_back">Choose which reading of question 8 is right</a>' in page
    assert re.search(r'value="second" checked', page)              # the choice is kept
    assert db_session.exec(select(Response)).all() == []

    second_client.post(finished.location, data={"visit": "second", "hear_back": "first"})
    [exported] = _export(editor_client, consultation)
    assert exported["answers"] == {**STORED, "visit": "never"}
    copy = db_session.exec(select(PaperCopy)).one()
    db_session.refresh(copy)
    assert copy.decisions == {"visit": "second", "hear_back": "first"}
    assert copy.marks == {"safe": "unclear", "hear_back": "blank"}
    assert db_session.exec(select(Answer).where(Answer.question_key == "hear_back")
                           ).all() == []
    batch = db_session.exec(select(PaperBatch)).one()
    assert keying.copy_status(batch, copy, []) == "Stored"


def test_batches_and_scans_of_another_consultation_are_not_found(
        editor_client, consultation, make_consultation, make_org, ready_definition, editor,
        db_session):
    """Ids from another organisation's consultation, reached through ours, are 404."""
    theirs = publish_paper_survey(make_consultation, make_org("dudley", "Dudley Council"),
                                  ready_definition, db_session, slug="dudley-park")
    batch = keying.create_batch(db_session, theirs, editor, "Their day centre", False)
    db_session.flush()
    scan = ScanBatch(consultation_id=theirs.id, paper_batch_id=batch.id)
    db_session.add(scan)
    db_session.commit()
    for rest in (f"/batches/{batch.id}", f"/batches/{batch.id}/key", f"/scans/{scan.id}",
                 f"/scans/{scan.id}/forms/1"):
        assert editor_client.get(_paper_url(consultation, rest)).status_code == 404, rest
        assert editor_client.get(_paper_url(theirs, rest)).status_code == 404, rest
    assert editor_client.get(_paper_url(consultation)).status_code == 200


def test_a_draft_has_nothing_to_key_yet(editor_client, make_consultation, organisation):
    draft = make_consultation(organisation, slug="not-published-yet")
    page = editor_client.get(_paper_url(draft)).get_data(as_text=True)
    assert "Publish the consultation first" in page and "Add a batch" not in page
    assert editor_client.get(_paper_url(draft, "/batches/new")).status_code == 404
