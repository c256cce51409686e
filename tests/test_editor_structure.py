"""The draft-structure pages of the editor over HTTP: sections, questions of every type,
options, routing (set, refused, cleared), deletions refused while a rule depends on
them, the preview, and the shared question macros. Everything is driven the way a
browser without JavaScript would: plain GETs and form POSTs."""

from __future__ import annotations

import re
from datetime import date

import pytest
from conftest import sign_in
from flask import render_template_string
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.wait import WebDriverWait
from sqlmodel import select
from support.browser import (
    and_wait,
    assert_accessible,
    no_horizontal_scroll,
    small_targets,
    wait_for_new_page,
)

from surveybuilder.consultations.snapshots import options_of, questions_of, sections_of
from surveybuilder.editor.question_forms import (
    COMMON_FIELDS,
    question_form_class,
)
from surveybuilder.models import Question, Role, Section
from surveybuilder.survey.definition import CHOICE_TYPES, QUESTION_TYPES
from surveybuilder.survey.keys import key_from_text

BASE = "/staff/consultations"

# Form data that makes a valid question of each type, with its own settings filled in.
TYPE_FORMS: dict[str, dict] = {
    "statement": {},
    "short_text": {"max_length": "80"},
    "long_text": {"max_length": "500"},
    "single_choice": {},
    "multiple_choice": {},
    "yes_no": {"dont_know": "y"},
    "scale": {"scale": "satisfied"},
    "number": {"min": "0", "max": "10.5", "whole_number": "y"},
    # The editor's date boxes share one name; a browser always sends all three.
    "date": {"earliest": ["1", "1", "1920"], "latest": ["", "", ""]},
    "email": {},
    "phone": {},
    "postcode": {},
    "consent": {},
    "grid": {"scale": "agree", "dont_know": "y"},
    "ranking": {},
}

# A definition with one question of every type, for the preview and the macros.
EVERY_TYPE = {
    "format": "surveybuilder/1", "slug": "every-type", "title": "Every type",
    "participation_level": "consult",
    "sections": [
        {"title": "All of them", "description": "Each kind of question once.",
         "questions": [
             {"key": "intro", "type": "statement", "text": "Please read this first."},
             {"key": "name", "type": "short_text", "text": "Your name", "max_length": 80},
             {"key": "story", "type": "long_text", "text": "Tell us more", "max_length": 500},
             {"key": "visit", "type": "single_choice", "text": "How often do you visit?",
              "options": [{"key": "weekly", "label": "Every week"},
                          {"key": "never", "label": "Never"}]},
             {"key": "uses", "type": "multiple_choice", "text": "What do you use?",
              "max_choices": 2, "options": [{"key": "play", "label": "Play area"},
                                            {"key": "cafe", "label": "Café"},
                                            {"key": "paths", "label": "Paths"}]},
             {"key": "dog", "type": "yes_no", "text": "Do you have a dog?",
              "dont_know": True},
             {"key": "safe", "type": "scale", "scale": "agree", "text": "I feel safe."},
             {"key": "age", "type": "number", "text": "How old are you?", "min": 0,
              "max": 120, "whole_number": True},
             {"key": "born", "type": "date", "text": "When were you born?"},
             {"key": "email", "type": "email", "text": "Email address"},
             {"key": "phone", "type": "phone", "text": "Phone number"},
             {"key": "postcode", "type": "postcode", "text": "Postcode"},
             {"key": "agree", "type": "consent", "text": "I agree to take part",
              "show_if": {"question": "visit", "in": ["weekly"]}},
         ]},
        {"title": "The end", "show_if": {"question": "dog", "in": ["yes"]},
         "questions": [{"key": "thanks", "type": "long_text", "text": "Anything else?"}]},
    ],
}


# --- Helpers -------------------------------------------------------------------------

@pytest.fixture
def park(make_consultation, organisation):
    """The Victoria Park draft: section 1 asks visit (choice), why_not (shown only if
    visit is never) and safe (scale); section 2 asks postcode and hear_back (yes/no)."""
    return make_consultation(organisation)


def section(db_session, consultation, index: int) -> Section:
    return sections_of(db_session, consultation)[index]


def question(db_session, consultation, key: str) -> Question:
    db_session.expire_all()
    return next(q for q in questions_of(db_session, consultation) if q.key == key)


def url(consultation, path: str = "") -> str:
    return f"{BASE}/{consultation.id}/{path}".rstrip("/")


def text_of(response) -> str:
    return response.get_data(as_text=True)


def h1s(body: str) -> list[str]:
    return [re.sub(r"<[^>]+>|\s+", " ", h).strip()
            for h in re.findall(r"<h1[^>]*>(.*?)</h1>", body, re.S)]


def question_form(kind: str, key: str, **extra) -> dict:
    return {"key": key, "text": f"A {kind} question", "hint": "Some help",
            "required": "y", **TYPE_FORMS[kind], **extra}


# --- Sections ------------------------------------------------------------------------

def test_add_section_shows_errors_then_adds(editor_client, park, db_session):
    page = editor_client.get(url(park, "sections/new"))
    assert page.status_code == 200
    assert h1s(text_of(page)) == ["Add a section"]

    refused = editor_client.post(url(park, "sections/new"), data={
        "title": "", "description": "Kept after the error"})
    body = text_of(refused)
    assert "<title>Error: " in body
    assert 'href="#title">Enter a title for the section</a>' in body
    assert "Kept after the error" in body

    done = editor_client.post(url(park, "sections/new"), data={
        "title": "Getting there", "description": "How you travel."})
    new = section(db_session, park, 2)
    assert done.status_code == 302
    assert done.headers["Location"].endswith(f"/staff/consultations/{park.id}#section-{new.id}")
    assert (new.title, new.description) == ("Getting there", "How you travel.")
    assert "The section “Getting there” has been added." in text_of(
        editor_client.get(done.headers["Location"]))


def test_edit_section_keeps_entries_on_error(editor_client, park, db_session):
    first = section(db_session, park, 0)
    page = text_of(editor_client.get(url(park, f"sections/{first.id}/edit")))
    assert 'value="Using the park"' in page

    long_title = "x" * 201
    body = text_of(editor_client.post(url(park, f"sections/{first.id}/edit"),
                                      data={"title": long_title, "description": "New intro"}))
    assert "The section title must be 200 characters or fewer" in body
    assert "New intro" in body

    editor_client.post(url(park, f"sections/{first.id}/edit"),
                       data={"title": "Visiting the park", "description": "New intro"})
    db_session.refresh(first)
    assert first.title == "Visiting the park"


def test_move_section_and_refusals(editor_client, park, db_session):
    first, second = sections_of(db_session, park)
    at_top = editor_client.post(url(park, f"sections/{first.id}/move"), data={"direction": "up"})
    assert at_top.status_code == 409
    assert "This is already at the top" in text_of(at_top)

    # Section 1 holds `visit`, which a rule on section 2 will depend on: moving
    # section 2 above it would make the rule look forward.
    editor_client.post(url(park, f"sections/{second.id}/routing?question=visit"),
                       data={"question": "visit", "values": ["weekly"]})
    forward = editor_client.post(url(park, f"sections/{second.id}/move"),
                                 data={"direction": "up"})
    assert forward.status_code == 409
    assert "before the question its routing rule depends on" in text_of(forward)

    editor_client.post(url(park, f"sections/{second.id}/routing"), data={"question": "-always"})
    moved = editor_client.post(url(park, f"sections/{second.id}/move"),
                               data={"direction": "up"})
    assert moved.status_code == 302
    db_session.expire_all()
    assert [s.id for s in sections_of(db_session, park)] == [second.id, first.id]

    assert editor_client.post(url(park, f"sections/{first.id}/move"),
                              data={"direction": "sideways"}).status_code == 400


def test_delete_section_confirms_and_is_refused_while_a_rule_depends_on_it(
        editor_client, park, db_session):
    first, second = sections_of(db_session, park)
    confirm = text_of(editor_client.get(url(park, f"sections/{first.id}/delete")))
    assert "Are you sure you want to delete the section “Using the park”?" in confirm
    assert "Its 3 questions will be deleted too" in confirm

    editor_client.post(url(park, f"sections/{second.id}/routing?question=visit"),
                       data={"question": "visit", "values": ["never"]})
    refused = editor_client.post(url(park, f"sections/{first.id}/delete"))
    assert refused.status_code == 409
    assert h1s(text_of(refused)) == ["Section 1, “Using the park”, cannot be deleted yet"]
    assert (f'href="/staff/consultations/{park.id}/sections/{second.id}/routing">Change the '
            f'routing rule on section 2, “About you”</a>') in text_of(refused)
    assert len(sections_of(db_session, park)) == 2

    deleted = editor_client.post(url(park, f"sections/{second.id}/delete"))
    assert deleted.status_code == 302
    db_session.expire_all()
    assert [s.id for s in sections_of(db_session, park)] == [first.id]
    assert "hear_back" not in {q.key for q in questions_of(db_session, park)}


# --- Questions -----------------------------------------------------------------------

def test_choose_type_lists_every_type(editor_client, park, db_session):
    first = section(db_session, park, 0)
    body = text_of(editor_client.get(url(park, f"sections/{first.id}/questions/new")))
    assert h1s(body) == ["Add a question to “Using the park” What kind of question is it?"]
    for kind, question_class in QUESTION_TYPES.items():
        assert f'value="{kind}"' in body
        assert question_class.label.replace("'", "&#39;") in body
    assert ' checked' not in body  # radios are never pre-selected

    missing = text_of(editor_client.post(url(park, f"sections/{first.id}/questions/new")))
    assert "Choose the kind of question" in missing

    chosen = editor_client.post(url(park, f"sections/{first.id}/questions/new"),
                                data={"type": "number"})
    assert chosen.headers["Location"].endswith(f"sections/{first.id}/questions/new/number")


@pytest.mark.parametrize("kind", list(QUESTION_TYPES))
def test_add_each_question_type(kind, editor_client, park, db_session):
    second = section(db_session, park, 1)
    new_url = url(park, f"sections/{second.id}/questions/new/{kind}")
    page = text_of(editor_client.get(new_url))
    assert h1s(page) == ["Add a question"]
    assert 'name="key"' in page

    response = editor_client.post(new_url, data=question_form(kind, f"new_{kind}"))
    assert response.status_code == 302, text_of(response)
    added = question(db_session, park, f"new_{kind}")
    assert (added.type, added.section_id, added.text) == (kind, second.id, f"A {kind} question")
    if kind in CHOICE_TYPES:
        assert response.headers["Location"].endswith(f"questions/{added.id}/options")
    else:
        assert response.headers["Location"].endswith(f"#question-{added.id}")
    assert added.required is (kind not in ("statement",))
    expected_settings = {
        "short_text": {"max_length": 80}, "long_text": {"max_length": 500},
        "yes_no": {"dont_know": True}, "scale": {"scale": "satisfied"},
        "number": {"min": 0.0, "max": 10.5, "whole_number": True},
        "date": {"earliest": "1920-01-01"}, "grid": {"scale": "agree", "dont_know": True},
    }.get(kind, {})
    assert {k: v for k, v in added.settings.items() if v is not False} == expected_settings


def test_question_form_offers_only_the_types_own_settings():
    """Adding and editing share one form, so adding offers every setting editing does
    (the most options a person may choose among them)."""
    for kind, question_class in QUESTION_TYPES.items():
        form_class = question_form_class(kind)
        own = [name for name in question_class.model_fields if name not in COMMON_FIELDS]
        assert list(form_class.setting_names) == own
        assert hasattr(form_class, "options") == (kind in CHOICE_TYPES)
    assert question_form_class("statement").required is None
    assert question_form_class("consent").required is None
    assert "max_choices" in question_form_class("multiple_choice").setting_names


def test_question_errors_name_the_field_and_keep_entries(editor_client, park, db_session):
    first = section(db_session, park, 0)
    new_url = url(park, f"sections/{first.id}/questions/new/short_text")

    body = text_of(editor_client.post(new_url, data={
        "key": "", "text": "", "hint": "Kept hint", "max_length": "lots"}))
    assert "<title>Error: " in body
    assert 'href="#key"' not in body  # a key is made from the question
    assert 'href="#text">Enter the question</a>' in body
    assert 'href="#max_length">Character limit must be a whole number, like 10</a>' in body
    assert "Kept hint" in body and 'value="lots"' in body

    body = text_of(editor_client.post(new_url, data={
        "key": "2 words", "text": "Name?", "max_length": "900"}))
    assert 'href="#key">The key must use only lower-case letters, numbers and underscores' \
        in body
    assert '<details class="govuk-details" id="advanced" open>' in body
    assert "Character limit must be between 1 and 500" in body

    body = text_of(editor_client.post(new_url, data={"key": "visit", "text": "Name?"}))
    assert "The key &#39;visit&#39; is already used by another question" in body

    body = text_of(editor_client.post(url(park, f"sections/{first.id}/questions/new/date"),
                                      data={"key": "when", "text": "When?",
                                            "earliest": ["31", "2", "2027"],
                                            "latest": ["", "", ""]}))
    assert 'href="#earliest-day">Earliest date accepted must be a real date' in body

    body = text_of(editor_client.post(url(park, f"sections/{first.id}/questions/new/number"),
                                      data={"key": "count", "text": "How many?", "min": "10",
                                            "max": "2"}))
    assert 'href="#max">max (2) is smaller than min (10)</a>' in body
    assert not any(q.key in {"when", "count"} for q in questions_of(db_session, park))


def test_edit_question_prefills_and_saves(editor_client, park, db_session):
    first = section(db_session, park, 0)
    editor_client.post(url(park, f"sections/{first.id}/questions/new/date"), data={
        "key": "moved_in", "text": "When did you move here?",
        "earliest": ["", "", ""], "latest": ["31", "12", "2027"]})
    added = question(db_session, park, "moved_in")
    edit_url = url(park, f"questions/{added.id}/edit")

    page = text_of(editor_client.get(edit_url))
    assert 'name="key" type="text" spellcheck="false" value="moved_in"' in page  # typed
    assert 'id="latest-day" name="latest" type="text" value="31"' in page

    response = editor_client.post(edit_url, data={
        "key": "moved_in", "text": "When did you move to the area?", "personal_data": "y",
        "easy_read_text": "When did you move here?", "easy_read_picture": "house",
        "earliest": ["", "", ""], "latest": ["", "", ""]})
    assert response.status_code == 302
    saved = question(db_session, park, "moved_in")
    assert saved.text == "When did you move to the area?"
    assert (saved.personal_data, saved.required) == (True, False)
    assert (saved.easy_read_text, saved.easy_read_picture) == ("When did you move here?",
                                                                "house")
    assert saved.settings == {}


def test_multiple_choice_limit_is_checked_against_its_options(editor_client, park, db_session):
    first = section(db_session, park, 0)
    editor_client.post(url(park, f"sections/{first.id}/questions/new/multiple_choice"),
                       data={"key": "uses", "text": "What do you use?"})
    uses = question(db_session, park, "uses")
    for label in ("Paths", "Café"):
        editor_client.post(url(park, f"questions/{uses.id}/options"), data={"label": label})
    body = text_of(editor_client.post(url(park, f"questions/{uses.id}/edit"),
                                      data={"text": "What do you use?", "max_choices": "3"}))
    assert ('href="#max_choices">People may choose up to 3 options, but there are only 2. '
            'Add options or choose a smaller number</a>') in body
    editor_client.post(url(park, f"questions/{uses.id}/edit"),
                       data={"text": "What do you use?", "max_choices": "2"})
    assert question(db_session, park, "uses").settings == {"max_choices": 2}


def test_a_grid_is_built_from_statements_some_of_which_may_be_left_out(editor_client, park,
                                                                       db_session):
    first = section(db_session, park, 0)
    editor_client.post(url(park, f"sections/{first.id}/questions/new/grid"),
                       data={"key": "views", "text": "How much do you agree?", "scale": "agree",
                             "required": "y"})
    views = question(db_session, park, "views")
    for label in ("The park feels safe", "The toilets are clean"):
        editor_client.post(url(park, f"questions/{views.id}/options"), data={"label": label})
    page = text_of(editor_client.get(url(park, f"questions/{views.id}/edit")))
    assert "Statements people may leave out" in page
    assert 'value="the_toilets_are_clean"' in page
    editor_client.post(url(park, f"questions/{views.id}/edit"), data={
        "text": "How much do you agree?", "scale": "agree", "required": "y",
        "optional_rows": ["the_toilets_are_clean"]})
    assert question(db_session, park, "views").settings == {
        "scale": "agree", "dont_know": False, "optional_rows": ["the_toilets_are_clean"]}


def test_deleting_an_option_below_the_choice_limit_is_refused(editor_client, park,
                                                               db_session):
    first = section(db_session, park, 0)
    editor_client.post(url(park, f"sections/{first.id}/questions/new/multiple_choice"),
                       data={"key": "uses", "text": "What do you use?"})
    uses = question(db_session, park, "uses")
    for label in ("Paths", "Café"):
        editor_client.post(url(park, f"questions/{uses.id}/options"), data={"label": label})
    editor_client.post(url(park, f"questions/{uses.id}/edit"),
                       data={"text": "What do you use?", "max_choices": "2"})
    paths = options_of(db_session, question(db_session, park, "uses"))[0]
    body = text_of(editor_client.post(
        url(park, f"questions/{uses.id}/options/{paths.id}/delete")))
    assert "Lower that limit first" in body
    assert len(options_of(db_session, question(db_session, park, "uses"))) == 2


def test_a_date_setting_sent_with_missing_boxes_is_an_error_not_a_crash(editor_client, park,
                                                                        db_session):
    first = section(db_session, park, 0)
    response = editor_client.post(url(park, f"sections/{first.id}/questions/new/date"),
                                  data={"key": "when", "text": "When?", "earliest": ["3"]})
    assert response.status_code == 200
    assert "must be a real date" in text_of(response)


def test_move_question_across_sections_and_refused_forward(editor_client, park, db_session):
    postcode = question(db_session, park, "postcode")
    moved = editor_client.post(url(park, f"questions/{postcode.id}/move"),
                               data={"direction": "up"})
    assert moved.headers["Location"].endswith(f"#question-{postcode.id}")
    first = section(db_session, park, 0)
    assert question(db_session, park, "postcode").section_id == first.id

    visit = question(db_session, park, "visit")
    refused = editor_client.post(url(park, f"questions/{visit.id}/move"),
                                 data={"direction": "up"})
    assert refused.status_code == 409
    assert "already at the top" in text_of(refused)
    # why_not depends on visit: visit cannot move below it.
    refused = editor_client.post(url(park, f"questions/{visit.id}/move"),
                                 data={"direction": "down"})
    assert refused.status_code == 409
    assert "before the question its routing rule depends on" in text_of(refused)


def test_delete_question_refused_while_a_rule_depends_on_it(editor_client, park, db_session):
    visit = question(db_session, park, "visit")
    why_not = question(db_session, park, "why_not")
    for method in (editor_client.get, editor_client.post):
        refused = method(url(park, f"questions/{visit.id}/delete"))
        assert refused.status_code == 409
        assert h1s(text_of(refused)) == [
            "Question 1, “How often do you visit Victoria Park?”, cannot be deleted yet"]
        assert (f'href="/staff/consultations/{park.id}/questions/{why_not.id}/routing">'
                f'Change the routing rule on question 2, “') in text_of(refused)
    assert question(db_session, park, "visit")

    safe = question(db_session, park, "safe")
    confirm = text_of(editor_client.get(url(park, f"questions/{safe.id}/delete")))
    assert h1s(confirm)[0].startswith("Are you sure you want to delete question 3, “")
    assert editor_client.post(url(park, f"questions/{safe.id}/delete")).status_code == 302
    assert "safe" not in {q.key for q in questions_of(db_session, park)}


# --- Options -------------------------------------------------------------------------

def test_options_add_edit_reorder_delete(editor_client, park, db_session):
    visit = question(db_session, park, "visit")
    options_url = url(park, f"questions/{visit.id}/options")
    page = text_of(editor_client.get(options_url))
    assert h1s(page) == ["How often do you visit Victoria Park?"]
    assert "3 options, in the order people see them" in page

    added = editor_client.post(options_url, data={"label": "Every week", "easy_read_text":
                                                  "Each week"})
    assert added.status_code == 302
    editor_client.post(options_url, data={"label": "Once a year", "key": "yearly"})
    keys = [o.key for o in options_of(db_session, visit)]
    assert keys == ["weekly", "monthly", "never", "every_week", "yearly"]

    refused = text_of(editor_client.post(options_url, data={"label": "Yearly", "key": "yearly"}))
    assert "The option key &#39;yearly&#39; is already used in this question" in refused
    assert 'value="Yearly"' in refused
    refused = text_of(editor_client.post(options_url, data={"label": "", "key": "Bad Key"}))
    assert 'href="#label">Enter the option text</a>' in refused
    assert "The key must use only lower-case letters" in refused

    yearly = options_of(db_session, visit)[-1]
    editor_client.post(url(park, f"questions/{visit.id}/options/{yearly.id}/move"),
                       data={"direction": "up"})
    db_session.expire_all()
    assert [o.key for o in options_of(db_session, visit)][-2:] == ["yearly", "every_week"]

    edit_url = url(park, f"questions/{visit.id}/options/{yearly.id}/edit")
    assert 'value="Once a year"' in text_of(editor_client.get(edit_url))
    assert "Enter the option text" in text_of(editor_client.post(edit_url, data={"label": ""}))
    editor_client.post(edit_url, data={"label": "Every year", "easy_read_picture": "calendar"})
    db_session.refresh(yearly)
    assert (yearly.label, yearly.easy_read_picture, yearly.key) == ("Every year", "calendar",
                                                                    "yearly")

    deleted = editor_client.post(url(park, f"questions/{visit.id}/options/{yearly.id}/delete"))
    assert deleted.status_code == 302
    db_session.expire_all()
    assert "yearly" not in [o.key for o in options_of(db_session, visit)]


def test_option_used_by_a_rule_cannot_be_deleted(editor_client, park, db_session):
    visit = question(db_session, park, "visit")
    never = next(o for o in options_of(db_session, visit) if o.key == "never")
    why_not = question(db_session, park, "why_not")
    refused = editor_client.post(url(park, f"questions/{visit.id}/options/{never.id}/delete"))
    assert refused.status_code == 409
    assert (f'href="/staff/consultations/{park.id}/questions/{why_not.id}/routing">'
            f'Change the routing rule on question 2, “') in text_of(refused)
    assert never.id in {o.id for o in options_of(db_session, visit)}


def test_options_page_is_only_for_choice_questions(editor_client, park, db_session):
    safe = question(db_session, park, "safe")
    assert editor_client.get(url(park, f"questions/{safe.id}/options")).status_code == 404


@pytest.mark.parametrize(("label", "taken", "key"), [
    ("Every week", set(), "every_week"),
    ("Every week", {"every_week", "every_week_2"}, "every_week_3"),
    ("Don't know", set(), "dont_know"),
    ("Café & bar", set(), "cafe_bar"),
    ("1–2 times", set(), "option_1_2_times"),
    ("Crème brûlée", set(), "creme_brulee"),
    ("!!!", set(), "option"),
])
def test_option_keys_are_made_from_labels(label, taken, key):
    assert key_from_text(label, taken) == key


# --- Routing -------------------------------------------------------------------------

def test_routing_two_steps_then_always(editor_client, park, db_session):
    safe = question(db_session, park, "safe")
    routing_url = url(park, f"questions/{safe.id}/routing")
    step1 = text_of(editor_client.get(routing_url))
    assert "Show this question" in step1
    assert "Only when the answer to “How often do you visit Victoria Park?” is…" in step1
    assert "What stops you visiting?" not in step1  # long text cannot decide routing

    chosen = editor_client.post(routing_url, data={"question": "visit"})
    assert chosen.headers["Location"].endswith("/routing?question=visit")
    step2 = text_of(editor_client.get(chosen.headers["Location"]))
    assert "Show this question when the answer to “How often do you visit Victoria Park?” is" \
        in step2
    for value in ("weekly", "monthly", "never"):
        assert f'value="{value}"' in step2

    none_chosen = text_of(editor_client.post(chosen.headers["Location"],
                                             data={"question": "visit"}))
    assert 'href="#values">Choose at least one answer</a>' in none_chosen

    saved = editor_client.post(chosen.headers["Location"],
                               data={"question": "visit", "values": ["weekly", "monthly"]})
    assert saved.status_code == 302
    assert question(db_session, park, "safe").show_if == {"question": "visit",
                                                          "in": ["weekly", "monthly"]}
    again = text_of(editor_client.get(routing_url))
    # Two of the three answers show it: the one that hides it is shorter to say.
    assert "Skipped if the answer to “How often do you visit Victoria Park?” is “Never”" \
        in again

    cleared = editor_client.post(routing_url, data={"question": "-always"})
    assert cleared.status_code == 302
    assert question(db_session, park, "safe").show_if is None


def test_routing_refuses_forward_and_unknown_answers(editor_client, park, db_session):
    safe = question(db_session, park, "safe")
    forward = text_of(editor_client.post(
        url(park, f"questions/{safe.id}/routing?question=hear_back"),
        data={"question": "hear_back", "values": ["yes"]}))
    assert "<title>Error: " in forward
    assert ("Question &#39;hear_back&#39; comes later; a rule can only depend on an earlier "
            "question") in forward
    assert 'href="#question"' in forward

    unknown = text_of(editor_client.post(
        url(park, f"questions/{safe.id}/routing?question=visit"),
        data={"question": "visit", "values": ["sometimes"]}))
    assert "Question &#39;visit&#39; has no option &#39;sometimes&#39;" in unknown
    assert question(db_session, park, "safe").show_if is None


def test_routing_says_plainly_when_nothing_earlier_can_decide(editor_client, park, db_session):
    visit = question(db_session, park, "visit")
    body = text_of(editor_client.get(url(park, f"questions/{visit.id}/routing")))
    assert h1s(body) == ["Routing for the question “How often do you visit Victoria Park?” "
                         "This question is always shown"]
    assert "There are no earlier questions this question can depend on" in body
    assert 'type="radio"' not in body


def test_routing_overview_lists_every_rule(editor_client, park, db_session):
    second = section(db_session, park, 1)
    editor_client.post(url(park, f"sections/{second.id}/routing?question=visit"),
                       data={"question": "visit", "values": ["never"]})
    body = text_of(editor_client.get(url(park, "routing")))
    assert "Section 2: About you" in body
    assert "Question “What stops you visiting?”" in body
    assert body.count("Only if the answer to “How often do you visit Victoria Park?” is "
                      "“Never”") == 2
    assert f'href="/staff/consultations/{park.id}/sections/{second.id}/routing"' in body


# --- Preview -------------------------------------------------------------------------

def test_preview_draws_every_question_type(editor_client, make_consultation, organisation):
    consultation = make_consultation(organisation, EVERY_TYPE)
    response = editor_client.get(url(consultation, "preview"))
    body = text_of(response)
    assert response.status_code == 200
    assert "Preview – answers are not saved." in body
    assert "Page 1 of 3, section 1" in body
    assert h1s(body) == ["All of them"]
    assert "Each kind of question once." in body
    for key in ("name", "story", "visit", "uses", "dog", "safe", "age", "email", "phone",
                "postcode"):
        assert f'name="{key}"' in body, key
    for part in ("day", "month", "year"):
        assert f'id="born-{part}" name="born-{part}"' in body
    assert "Please read this first." in body
    assert 'type="email"' in body and 'autocomplete="email"' in body
    assert 'type="tel"' in body and 'autocomplete="postal-code"' in body
    assert 'inputmode="numeric"' in body and 'type="number"' not in body
    assert "Choose up to 2." in body
    assert "You can enter up to 500 characters" in body
    assert " checked" not in body
    assert f'href="{url(consultation, "preview/2")}"' in body

    # A question routed on an answer on its own page starts the next page, since a
    # page cannot react to its own answers without JavaScript.
    second = text_of(editor_client.get(url(consultation, "preview/2")))
    assert 'name="agree"' in second
    assert "<strong>Routing:</strong> Only if the answer to “How often do you visit?” is " \
           "“Every week”." in second

    last = text_of(editor_client.get(url(consultation, "preview/3")))
    assert "Page 3 of 3, section 2" in last and "Finish preview" in last
    assert "Only if the answer to “Do you have a dog?” is “Yes”" in last
    # A section asking one thing has that question as its heading, the section as caption.
    assert h1s(last) == ["Anything else? (optional)"]
    assert editor_client.get(url(consultation, "preview/4")).status_code == 404


def test_preview_one_question_per_page_makes_the_question_the_heading(
        editor_client, make_consultation, organisation):
    consultation = make_consultation(organisation, {**EVERY_TYPE,
                                                    "one_question_per_page": True})
    second = text_of(editor_client.get(url(consultation, "preview/2")))
    assert "Page 2 of 14, section 1" in second
    assert h1s(second) == ["Your name (optional)"]
    assert "govuk-label--l" in second
    visit = text_of(editor_client.get(url(consultation, "preview/4")))
    assert h1s(visit) == ["How often do you visit? (optional)"]
    # The statement is never a heading: its page is headed by the section title.
    first = text_of(editor_client.get(url(consultation, "preview/1")))
    assert h1s(first) == ["All of them"]


def test_preview_of_an_unfinished_draft_lists_its_problems(editor_client, park, db_session):
    first = section(db_session, park, 0)
    editor_client.post(url(park, f"sections/{first.id}/questions/new/single_choice"),
                       data={"key": "colour", "text": "Favourite colour?"})
    body = text_of(editor_client.get(url(park, "preview")))
    assert h1s(body) == ["This draft cannot be previewed yet"]
    assert "options" in body


def test_viewers_can_preview_but_not_change(client, make_user, organisation, park, db_session):
    make_user(organisation, "viewer@example.gov.uk", Role.VIEWER, "Vic Viewer")
    sign_in(client, "viewer@example.gov.uk")
    assert client.get(url(park, "preview")).status_code == 200
    assert client.get(url(park, "routing")).status_code == 200
    assert "Change" not in text_of(client.get(url(park, "routing")))
    first = section(db_session, park, 0)
    assert client.get(url(park, f"sections/{first.id}/edit")).status_code == 403
    assert client.post(url(park, "sections/new"), data={"title": "No"}).status_code == 403


def test_other_organisations_ids_are_not_found(editor_client, park, make_org,
                                               make_consultation, db_session):
    other_org = make_org("other-council", "Other Council")
    theirs = make_consultation(other_org, slug="their-park")
    their_section = section(db_session, theirs, 0)
    their_visit = next(q for q in questions_of(db_session, theirs) if q.key == "visit")
    their_option = options_of(db_session, their_visit)[0]
    # Their consultation, and their items reached through ours.
    for path in (url(theirs, "preview"), url(theirs, f"sections/{their_section.id}/edit"),
                 url(park, f"sections/{their_section.id}/edit"),
                 url(park, f"sections/{their_section.id}/routing"),
                 url(park, f"sections/{their_section.id}/questions/new"),
                 url(park, f"questions/{their_visit.id}/edit"),
                 url(park, f"questions/{their_visit.id}/options"),
                 url(park, f"questions/{their_visit.id}/routing")):
        assert editor_client.get(path).status_code == 404, path
    our_visit = question(db_session, park, "visit")
    assert editor_client.get(url(park, f"questions/{our_visit.id}/options/"
                                       f"{their_option.id}/edit")).status_code == 404
    for path in (url(park, f"questions/{their_visit.id}/delete"),
                 url(park, f"sections/{their_section.id}/move"),
                 url(park, f"questions/{our_visit.id}/options/{their_option.id}/delete")):
        assert editor_client.post(path, data={"direction": "up"}).status_code == 404, path
    assert db_session.exec(select(Question).where(Question.id == their_visit.id)).one()


# --- The question macros -------------------------------------------------------------

def draw(app, data: dict, value=None, error=None, heading=False) -> str:
    q = QUESTION_TYPES[data["type"]].model_validate(data)
    with app.test_request_context():
        return render_template_string(
            '{% from "questions/macros.html" import question %}'
            '{{ question(q, value, error, heading) }}', q=q, value=value, error=error,
            heading=heading)


def test_macros_restore_answers_and_show_errors(app):
    radios = draw(app, {"key": "visit", "type": "single_choice", "text": "How often?",
                        "options": [{"key": "weekly", "label": "Weekly"},
                                    {"key": "never", "label": "Never"}]},
                  value="never", error="Select how often you visit", heading=True)
    assert re.search(r'value="never"\s+checked', radios)
    assert 'value="weekly" checked' not in radios
    assert '<span class="govuk-visually-hidden">Error:</span> Select how often you visit' \
        in radios
    assert '<h1 class="govuk-fieldset__heading">' in radios

    boxes = draw(app, {"key": "uses", "type": "multiple_choice", "text": "Uses",
                       "options": [{"key": "a", "label": "A"}, {"key": "b", "label": "B"}]},
                 value=["b"])
    assert re.search(r'value="b"\s+checked', boxes) and "Choose all that apply." in boxes

    when = draw(app, {"key": "born", "type": "date", "text": "Born"},
                value={"day": "3", "month": "4", "year": "1990"}, error="Enter a real date")
    assert 'id="born-day" name="born-day" type="text" value="3"' in when
    assert when.count("govuk-input--error") == 3

    also_when = draw(app, {"key": "born", "type": "date", "text": "Born"},
                     value=date(1990, 4, 3))
    assert 'name="born-year" type="text" value="1990"' in also_when

    consent = draw(app, {"key": "agree", "type": "consent", "text": "I agree"}, value="yes")
    assert re.search(r'value="yes"\s+checked', consent) and "(optional)" not in consent

    story = draw(app, {"key": "story", "type": "long_text", "text": "Story"}, value=None)
    assert "None" not in story and "<textarea" in story


def test_unknown_question_type_is_not_silently_skipped(app):
    from jinja2 import TemplateNotFound, UndefinedError

    # Each type is drawn by its own template: a type without one is an error, not a gap.
    with app.test_request_context(), pytest.raises((UndefinedError, TypeError,
                                                    TemplateNotFound)):
        render_template_string('{% from "questions/macros.html" import question %}'
                               '{{ question(q) }}', q={"type": "hologram", "key": "x"})


# --- In the browser: accessibility, reflow, target size, keyboard ------------------------

def structure_pages(consultation, db_session) -> list[str]:
    first = section(db_session, consultation, 0)
    visit = question(db_session, consultation, "visit")
    safe = question(db_session, consultation, "safe")
    option = options_of(db_session, visit)[0]
    return [url(consultation, path) for path in (
        "sections/new", f"sections/{first.id}/edit", f"sections/{first.id}/delete",
        f"sections/{first.id}/routing", f"sections/{first.id}/questions/new",
        *(f"sections/{first.id}/questions/new/{kind}" for kind in QUESTION_TYPES),
        f"questions/{visit.id}/edit", f"questions/{safe.id}/delete",
        f"questions/{visit.id}/options", f"questions/{visit.id}/options/{option.id}/edit",
        f"questions/{visit.id}/options/{option.id}/delete", f"questions/{visit.id}/routing",
        f"questions/{safe.id}/routing", f"questions/{safe.id}/routing?question=visit",
        "routing", "preview", "preview/2")]


def test_structure_pages_are_accessible_reflow_and_have_big_targets(
        signed_in_browser, live_server, make_consultation, organisation, db_session):
    browser = signed_in_browser
    park = make_consultation(organisation)
    every = make_consultation(organisation, EVERY_TYPE)
    for path in [*structure_pages(park, db_session), url(every, "preview"),
                 url(every, "preview/2")]:
        browser.get(live_server + path)
        assert browser.current_url == live_server + path
        assert len(browser.find_elements(By.TAG_NAME, "h1")) == 1, path
        assert_accessible(browser)
        assert no_horizontal_scroll(browser), f"{path} scrolls sideways at 320 CSS px"
        assert small_targets(browser) == [], path


def test_question_errors_in_the_browser(signed_in_browser, live_server, make_consultation,
                                        organisation, db_session):
    browser = signed_in_browser
    park = make_consultation(organisation)
    first = section(db_session, park, 0)
    browser.get(live_server + url(park, f"sections/{first.id}/questions/new/number"))
    browser.find_element(By.ID, "hint").send_keys("Kept")
    browser.find_element(By.ID, "min").send_keys("ten")
    and_wait(browser, browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))

    assert browser.title.startswith("Error: ")
    summary = WebDriverWait(browser, 10).until(
        lambda driver: driver.find_element(By.CSS_SELECTOR, ".govuk-error-summary:focus"))
    links = [a.get_attribute("href").split("#")[1]
             for a in summary.find_elements(By.TAG_NAME, "a")]
    assert links == ["text", "min"]  # a key is made from the question
    assert browser.find_element(By.ID, "hint").get_attribute("value") == "Kept"
    assert_accessible(browser)
    assert no_horizontal_scroll(browser)


def test_options_reorder_with_the_keyboard(signed_in_browser, live_server, make_consultation,
                                           organisation, db_session):
    browser = signed_in_browser
    park = make_consultation(organisation)
    visit = question(db_session, park, "visit")
    browser.get(live_server + url(park, f"questions/{visit.id}/options"))
    button = browser.find_element(
        By.XPATH, "//button[contains(., 'Move up') and contains(., 'Never')]")
    wait_for_new_page(browser, lambda: button.send_keys(Keys.ENTER))

    assert "has been moved up" in browser.page_source
    db_session.expire_all()
    assert [o.key for o in options_of(db_session, visit)] == ["weekly", "never", "monthly"]
