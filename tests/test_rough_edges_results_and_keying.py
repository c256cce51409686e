"""Rough edges found in the trial of issue 16 (items 5 and 6), each with a test that
failed before its fix: error messages that name the question, GOV.UK's date messages,
dates limited to the past or the future, and the keyer's own message for too many ticks."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from support.paper_survey import SECTIONS

from surveybuilder.consultations import lifecycle
from surveybuilder.consultations.snapshots import questions_of, sections_of
from surveybuilder.paper import keying
from surveybuilder.survey.answers import AnswerError, read_answer
from surveybuilder.survey.definition import QUESTION_TYPES
from surveybuilder.survey.loading import load_definition
from surveybuilder.survey.types.base import SITE_DEFAULTS


def _date(**settings):
    return QUESTION_TYPES["date"].model_validate(
        {"key": "born", "type": "date", "text": "What is your date of birth?", **settings})


def _typed(day: date) -> dict[str, list[str]]:
    return {"born-day": [str(day.day)], "born-month": [str(day.month)],
            "born-year": [str(day.year)]}


def test_a_two_figure_year_gets_govuk_message_and_points_at_the_year():
    with pytest.raises(AnswerError) as raised:
        read_answer(_date(), {"born-day": ["5"], "born-month": ["12"], "born-year": ["26"]})
    assert str(raised.value) == "Year must include 4 numbers"
    assert raised.value.field == "born-year"


def test_keying_5_12_26_gets_the_same_message():
    with pytest.raises(AnswerError, match="Year must include 4 numbers"):
        keying.read_entry(_date(), "5 12 26")


def test_not_in_the_future_refuses_tomorrow_and_takes_today():
    question = _date(relative_to_today="not_future")
    today = date.today()
    assert read_answer(question, _typed(today)) == today
    with pytest.raises(AnswerError, match="^The date must be today or in the past$"):
        read_answer(question, _typed(today + timedelta(days=1)))
    with pytest.raises(AnswerError, match="today or in the past"):  # keyed the same way
        keying.read_entry(question, (today + timedelta(days=400)).strftime("%d %m %Y"))


def test_not_in_the_past_refuses_yesterday_and_takes_today():
    question = _date(relative_to_today="not_past")
    today = date.today()
    assert read_answer(question, _typed(today)) == today
    with pytest.raises(AnswerError, match="^The date must be today or in the future$"):
        read_answer(question, _typed(today - timedelta(days=1)))
    assert read_answer(_date(relative_to_today="any"),
                       _typed(today - timedelta(days=1))) == today - timedelta(days=1)


def test_a_required_question_left_blank_is_named_in_the_message():
    question = QUESTION_TYPES["single_choice"].model_validate({
        "key": "visit", "type": "single_choice", "required": True,
        "text": "How often do you visit the library?",
        "options": [{"key": "weekly", "label": "Every week"}]})
    with pytest.raises(AnswerError) as raised:
        read_answer(question, {})
    assert str(raised.value) == "Select an answer to “How often do you visit the library?”"


def test_keying_too_many_ticks_gets_the_keyers_message_not_the_residents():
    sections = [{**SECTIONS[0], "questions": [
        {**q, "max_choices": 2} if q["key"] == "uses" else q
        for q in SECTIONS[0]["questions"]]}, *SECTIONS[1:]]
    definition = load_definition({"format": "surveybuilder/1", "slug": "x", "title": "X",
                                  "participation_level": "consult", "sections": sections})
    uses = definition.question("uses")
    with pytest.raises(AnswerError) as raised:
        keying.read_entry(uses, "1 2 3", SITE_DEFAULTS)
    assert str(raised.value) == ("3 boxes are ticked; choose the ones that count (up to 2) "
                                 "or mark it Unclear")
    assert keying.read_entry(uses, "1 3") == ["walk", "sport"]
    page = next(p for p in keying.keying_pages(definition)
                if any(q.key == "uses" for _, q in p.questions))
    checked = keying.check_page(page, {"uses": "3 2 1"})
    assert checked.errors == [("uses", "3 boxes are ticked; choose the ones that count "
                                       "(up to 2) or mark it Unclear")]


def test_the_versions_page_names_its_definition_on_an_element_that_may_have_a_name(
        editor_client, make_consultation, organisation, ready_definition, db_session):
    """The Nu checker refuses aria-label on a `pre` with no role; as a scrolling region
    (tabindex 0, so keyboard users can scroll it) it may carry one."""
    consultation = make_consultation(organisation, ready_definition)
    lifecycle.publish(db_session, consultation, None)
    db_session.commit()
    page = editor_client.get(f"/staff/consultations/{consultation.id}/versions/1"
                             ).get_data(as_text=True)
    pre = re.search(r"<pre[^>]*>", page).group()
    assert 'aria-label="Survey definition of version 1"' in pre and 'role="region"' in pre


def test_a_404_asked_for_in_a_format_is_drawn_in_it(client):
    page = client.get("/c/no-such-consultation?format=large-print")
    assert page.status_code == 404
    html = page.get_data(as_text=True)
    assert re.search(r'<body class="[^"]*sb-format--large-print', html)
    assert 'class="sb-format-switcher"' in html
    staff = client.get("/staff/no-such-page?format=large-print").get_data(as_text=True)
    assert "sb-format-switcher" not in staff


def test_the_editor_sets_a_date_to_refuse_the_future(editor_client, make_consultation,
                                                     organisation, db_session):
    """The date question's form offers the setting, and it reaches the definition."""
    park = make_consultation(organisation)
    first = sections_of(db_session, park)[0]
    new = f"/staff/consultations/{park.id}/sections/{first.id}/questions/new/date"
    form = editor_client.get(new).get_data(as_text=True)
    assert "Dates before or after today" in form
    assert "Not in the future (today or before)" in form
    saved = editor_client.post(new, data={
        "key": "born", "text": "What is your date of birth?",
        "earliest": ["", "", ""], "latest": ["", "", ""],
        "relative_to_today": "not_future"})
    assert saved.status_code == 302, saved.get_data(as_text=True)[:3000]
    db_session.expire_all()
    born = next(q for q in questions_of(db_session, park) if q.key == "born")
    assert born.settings["relative_to_today"] == "not_future"
