"""Building a survey fast (issue 16 item 1): keys made from the words and following
them until the first publication, options pasted one per line, one form for adding
and editing, deletions a routing rule blocks naming that rule, and messages naming
questions by number and words. Driven as a browser without JavaScript would."""

from __future__ import annotations

import json
import re

import pytest
from sqlmodel import select

from surveybuilder.consultations.snapshots import options_of, questions_of, sections_of
from surveybuilder.models import Consultation, Question, Status
from surveybuilder.survey.keys import key_from_text, question_key

BASE = "/staff/consultations"


@pytest.fixture
def park(make_consultation, organisation):
    """Victoria Park: section 1 asks visit, why_not (routed on visit = never), safe."""
    return make_consultation(organisation)


def url(consultation, path: str) -> str:
    return f"{BASE}/{consultation.id}/{path}"


def text_of(response) -> str:
    return response.get_data(as_text=True)


def rows(db_session, consultation) -> list[Question]:
    db_session.expire_all()
    return questions_of(db_session, consultation)


def by_text(db_session, consultation, text: str) -> Question:
    return next(q for q in rows(db_session, consultation) if q.text == text)


def banner(response) -> str:
    found = re.search(r'<p class="govuk-notification-banner__heading">\s*(.*?)\s*</p>',
                      text_of(response), re.S)
    return found.group(1) if found else ""


def add(client, consultation, db_session, kind: str, **fields):
    first = sections_of(db_session, consultation)[0]
    return client.post(url(consultation, f"sections/{first.id}/questions/new/{kind}"),
                       data=fields)


# --- Keys from words ----------------------------------------------------------------

@pytest.mark.parametrize(("text", "taken", "key"), [
    ("How often do you use the library?", set(), "how_often_do_you_use_the_library"),
    ("How often do you use the library?", {"how_often_do_you_use_the_library"},
     "how_often_do_you_use_the_library_2"),
    ("What would make you use Tipton library more often than you do now?", set(),
     "what_would_make_you_use_tipton_library"),
    ("2027: your views", set(), "question_2027_your_views"),
    ("???", set(), "question"),
    ("Ymateb i'r arolwg – côr", set(), "ymateb_ir_arolwg_cor"),
])
def test_question_keys_are_safe_short_unique_and_never_blank(text, taken, key):
    made = question_key(text, taken)
    assert made == key
    assert re.fullmatch(r"[a-z][a-z0-9_]{0,63}", made)


def test_option_keys_keep_their_old_rule():
    assert key_from_text("1–2 times", set()) == "option_1_2_times"


def test_a_question_added_without_a_key_gets_one_from_its_words(editor_client, park,
                                                                 db_session):
    response = add(editor_client, park, db_session, "long_text",
                   text="What else should we know?", key="")
    assert response.status_code == 302
    added = by_text(db_session, park, "What else should we know?")
    assert added.key == "what_else_should_we_know" and added.key_follows_text

    add(editor_client, park, db_session, "long_text", text="What else should we know?")
    keys = [q.key for q in rows(db_session, park) if q.text == "What else should we know?"]
    assert keys == ["what_else_should_we_know", "what_else_should_we_know_2"]


def test_the_key_is_asked_only_in_the_advanced_part(editor_client, park, db_session):
    first = sections_of(db_session, park)[0]
    page = text_of(editor_client.get(url(park, f"sections/{first.id}/questions/new/yes_no")))
    advanced = page.index('<details class="govuk-details" id="advanced">')
    assert page.index('name="key"') > advanced > page.index('name="text"')
    assert "Key (optional)" in page


def test_a_made_key_follows_new_wording_and_rules_follow_it(editor_client, park,
                                                            db_session):
    add(editor_client, park, db_session, "single_choice", text="Do you drive?",
        options="Yes, often\nNo")
    asked = by_text(db_session, park, "Do you drive?")
    add(editor_client, park, db_session, "short_text", text="Where do you park?")
    where = by_text(db_session, park, "Where do you park?")
    editor_client.post(url(park, f"questions/{where.id}/routing?question=do_you_drive"),
                       data={"question": "do_you_drive", "values": ["yes_often"]})

    editor_client.post(url(park, f"questions/{asked.id}/edit"), data={
        "key": "do_you_drive", "text": "Do you drive to the park?"})
    assert by_text(db_session, park, "Do you drive to the park?").key == \
        "do_you_drive_to_the_park"
    assert by_text(db_session, park, "Where do you park?").show_if == {
        "question": "do_you_drive_to_the_park", "in": ["yes_often"]}

    # An option's key follows its label too, and so does the rule that names it.
    often = options_of(db_session, asked)[0]
    editor_client.post(url(park, f"questions/{asked.id}/options/{often.id}/edit"),
                       data={"label": "Yes, most days"})
    db_session.expire_all()
    assert [o.key for o in options_of(db_session, asked)] == ["yes_most_days", "no"]
    assert by_text(db_session, park, "Where do you park?").show_if["in"] == ["yes_most_days"]


def test_a_typed_key_stays_and_a_blank_one_is_made_again(editor_client, park, db_session):
    add(editor_client, park, db_session, "short_text", text="Your street", key="street")
    typed = by_text(db_session, park, "Your street")
    assert (typed.key, typed.key_follows_text) == ("street", False)
    editor_client.post(url(park, f"questions/{typed.id}/edit"),
                       data={"key": "street", "text": "Your road"})
    assert by_text(db_session, park, "Your road").key == "street"

    editor_client.post(url(park, f"questions/{typed.id}/edit"),
                       data={"key": "", "text": "Your road"})
    assert by_text(db_session, park, "Your road").key == "your_road"

    clash = editor_client.post(url(park, f"questions/{typed.id}/edit"),
                               data={"key": "visit", "text": "Your road"})
    assert "The key &#39;visit&#39; is already used by another question" in text_of(clash)


def test_keys_are_frozen_from_the_first_publication(editor_client, park, db_session):
    add(editor_client, park, db_session, "short_text", text="Your street")
    row = by_text(db_session, park, "Your street")
    park.status = Status.OPEN  # published: answers are now stored by key
    db_session.add(park)
    db_session.commit()
    page = text_of(editor_client.get(url(park, f"questions/{row.id}/edit")))
    assert 'name="key"' not in page and "<code>your_street</code>" in page
    editor_client.post(url(park, f"questions/{row.id}/edit"),
                       data={"key": "other", "text": "Your road"})
    assert by_text(db_session, park, "Your road").key == "your_street"


def test_keys_from_a_template_follow_new_wording(editor_client, db_session):
    editor_client.post("/staff/templates/public-consultation/use", data={
        "title": "Have your say on Tipton library", "slug": "tipton-library"})
    consultation = db_session.exec(select(Consultation).where(
        Consultation.slug == "tipton-library")).one()
    effect = next(q for q in rows(db_session, consultation) if q.key == "proposal_effect")
    editor_client.post(url(consultation, f"questions/{effect.id}/edit"), data={
        "key": "proposal_effect", "text": "How would the changes to the library affect you?"})
    assert by_text(db_session, consultation,
                   "How would the changes to the library affect you?").key == \
        "how_would_the_changes_to_the_library"
    assert all(q.key_follows_text for q in rows(db_session, consultation))


def test_imported_keys_were_chosen_so_they_stay(editor_client, park, db_session):
    visit = next(q for q in rows(db_session, park) if q.key == "visit")
    assert not visit.key_follows_text
    editor_client.post(url(park, f"questions/{visit.id}/edit"),
                       data={"key": "visit", "text": "How often do you go to the park?"})
    assert by_text(db_session, park, "How often do you go to the park?").key == "visit"


# --- Options pasted one per line ---------------------------------------------------

def test_options_pasted_when_adding_a_question(editor_client, park, db_session):
    response = add(editor_client, park, db_session, "multiple_choice",
                   text="Which rooms do you use?", max_choices="2",
                   options="Study room\n\n  Children's library  \nCafé\n")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("#question-" + str(
        by_text(db_session, park, "Which rooms do you use?").id))
    rooms = by_text(db_session, park, "Which rooms do you use?")
    assert [(o.key, o.label) for o in options_of(db_session, rooms)] == [
        ("study_room", "Study room"), ("childrens_library", "Children's library"),
        ("cafe", "Café")]
    assert rooms.settings == {"max_choices": 2}


def test_pasted_duplicates_are_named_and_nothing_is_lost(editor_client, park, db_session):
    body = text_of(add(editor_client, park, db_session, "single_choice",
                       text="Which day?", options="Monday\nTuesday\nmonday"))
    assert "<title>Error: " in body
    assert 'href="#options">“Monday” is in the list more than once. Keep it once</a>' in body
    assert "Monday\nTuesday\nmonday</textarea>" in body
    assert not any(q.text == "Which day?" for q in rows(db_session, park))

    body = text_of(add(editor_client, park, db_session, "multiple_choice",
                       text="Which day?", options="Monday", max_choices="3"))
    assert ('href="#max_choices">People may choose up to 3 options, but there is only 1. '
            'Add options or choose a smaller number</a>') in body


def test_more_options_pasted_on_the_edit_page(editor_client, park, db_session):
    visit = next(q for q in rows(db_session, park) if q.key == "visit")
    before = [o.label for o in options_of(db_session, visit)]
    edit = url(park, f"questions/{visit.id}/edit")
    body = text_of(editor_client.post(edit, data={"text": visit.text,
                                                  "options": f"{before[0]}\nTwice a year"}))
    assert f"“{before[0]}” is already an option. Remove it from the list" in body
    editor_client.post(edit, data={"key": "visit", "text": visit.text,
                                   "options": "Twice a year"})
    assert [o.label for o in options_of(db_session, visit)] == [*before, "Twice a year"]


def test_the_editor_shows_the_words_added_under_a_multiple_choice_question(
        editor_client, park, db_session):
    first = sections_of(db_session, park)[0]
    page = text_of(editor_client.get(url(park, f"sections/{first.id}/questions/new/"
                                              f"multiple_choice")))
    assert "People also see “Choose all that apply.” under the question" in page


# --- Messages name questions by number and words -----------------------------------

def test_messages_name_questions_by_number_and_words(editor_client, park, db_session):
    added = add(editor_client, park, db_session, "yes_no", text="Do you have a dog?")
    page = editor_client.get(added.headers["Location"])
    assert banner(page) == "Question 4, “Do you have a dog?”, has been added."
    dog = by_text(db_session, park, "Do you have a dog?")
    moved = editor_client.post(url(park, f"questions/{dog.id}/move"),
                               data={"direction": "up"}, follow_redirects=True)
    assert banner(moved) == "Question 3, “Do you have a dog?”, has been moved up."


# --- Charter findings name questions and link to the field to fix --------------------

def test_charter_findings_name_questions_and_quote_the_sentence(ready_definition):
    from surveybuilder.charter import checks
    from surveybuilder.survey.loading import load_definition

    data = json.loads(json.dumps(ready_definition))
    first = data["sections"][0]["questions"][0]
    first["hint"] = ("Think about it. Tell us how often you go to the park when the weather "
                     "is good and when it is bad and when there is something special on.")
    data["sections"][0]["questions"].append(
        {"key": "home_address", "type": "short_text", "text": "Where do you live?"})
    rows = {row.id: row for row in checks.check(load_definition(data))}

    personal = rows["personal_data_flagged"]
    assert "home_address" not in personal.detail
    assert "“Where do you live?”" in personal.detail and "question " in personal.detail
    assert [(f.question, f.field) for f in personal.findings] == [("home_address",
                                                                   "personal_data")]
    plain = rows["plain_language"]
    long_one = next(f for f in plain.findings if f.field == "hint")
    assert long_one.question == first["key"]
    assert long_one.said.startswith("“Tell us how often you go to the park when the weather")
    assert "” in the hint of question 1, “" in long_one.said
    assert "Think about it." not in long_one.said


def test_the_charter_page_links_each_finding_to_its_field(editor_client, park, db_session):
    visit = next(q for q in rows(db_session, park) if q.key == "visit")
    editor_client.post(url(park, f"questions/{visit.id}/edit"), data={
        "key": "visit", "text": visit.text,
        "hint": "Tell us how often you go to the park when the weather is good and when it "
                "is bad and when there is something special on in the park."})
    page = text_of(editor_client.get(url(park, "charter")))
    link = f'href="/staff/consultations/{park.id}/questions/key/visit#hint"'
    assert link in page
    assert "” in the hint of question 1, “How often do you visit Victoria Park?”" in page
    followed = editor_client.get(url(park, "questions/key/visit"))
    assert followed.headers["Location"].endswith(f"/questions/{visit.id}/edit")
    assert editor_client.get(url(park, "questions/key/nothing")).status_code == 404
