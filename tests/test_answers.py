"""Reading answers: every question type accepts good input and explains bad input."""

from __future__ import annotations

import re
from datetime import date

import pytest

from surveybuilder.survey.answers import AnswerError, Limits, raw_from_value, read_answer
from surveybuilder.survey.definition import QUESTION_TYPES


def make(kind: str, **settings):
    data = {"key": "q", "type": kind, "text": "Question?", **settings}
    if kind in ("single_choice", "multiple_choice", "grid", "ranking"):
        data.setdefault("options", [{"key": "a", "label": "A"}, {"key": "b", "label": "B"},
                                    {"key": "c", "label": "C"}])
    if kind in ("scale", "grid"):
        data.setdefault("scale", "agree")
    return QUESTION_TYPES[kind].model_validate(data)


GOOD = {
    "short_text": ({"q": ["  Hello "]}, "Hello"),
    "long_text": ({"q": ["Line one\r\nLine two"]}, "Line one\nLine two"),
    "single_choice": ({"q": ["b"]}, "b"),
    "multiple_choice": ({"q": ["c", "a"]}, ["a", "c"]),
    "yes_no": ({"q": ["no"]}, "no"),
    "scale": ({"q": ["strongly_agree"]}, "strongly_agree"),
    "number": ({"q": ["1,200"]}, 1200),
    "date": ({"q-day": ["7"], "q-month": ["3"], "q-year": ["2027"]}, date(2027, 3, 7)),
    "email": ({"q": ["sam@example.com"]}, "sam@example.com"),
    "phone": ({"q": ["07700 900 982"]}, "07700 900 982"),
    "postcode": ({"q": ["b693de"]}, "B69 3DE"),
    "consent": ({"q": ["yes"]}, True),
    "grid": ({"q-a": ["agree"], "q-b": ["neither"], "q-c": ["agree"]},
             {"a": "agree", "b": "neither", "c": "agree"}),
    "ranking": ({"q-a": ["2"], "q-b": [""], "q-c": ["1"]}, {"c": 1, "a": 2}),
}

BAD = {
    "short_text": ({"q": ["x" * 501]}, "Your answer must be 500 characters or fewer"),
    "long_text": ({"q": ["x" * 5001]}, "Your answer must be 5,000 characters or fewer"),
    "single_choice": ({"q": ["zzz"]}, "Select one of the options shown"),
    "multiple_choice": ({"q": ["a", "zzz"]}, "Select only options shown on the page"),
    "yes_no": ({"q": ["maybe"]}, "Select one of the options shown"),
    "scale": ({"q": ["very"]}, "Select one of the options shown"),
    "number": ({"q": ["twelve"]}, "Enter a number, like 12 or 4.5"),
    "date": ({"q-day": ["31"], "q-month": ["2"], "q-year": ["2027"]},
             "The date must be a real date, like 27 3 2027"),
    "email": ({"q": ["sam.example.com"]}, "Enter an email address in the correct format"),
    "phone": ({"q": ["call me"]}, "Enter a phone number, like 01632 960 001"),
    "postcode": ({"q": ["B69"]}, "Enter a real UK postcode, like B69 3DE"),
    "grid": ({"q-a": ["agree"], "q-b": ["sometimes"]},
             "For “B”, select one of the answers shown"),
    "ranking": ({"q-a": ["1"], "q-b": ["1"]}, "You put “A” and “B” both 1st"),
}

REQUIRED = {  # each names the question ("Question?"), GOV.UK style (issue 16)
    "short_text": "Enter your answer to “Question?”",
    "long_text": "Enter your answer to “Question?”",
    "single_choice": "Select an answer to “Question?”",
    "multiple_choice": "Select at least one answer to “Question?”",
    "yes_no": "Select yes or no for “Question?”",
    "scale": "Select how much you agree with “Question?”",
    "number": "Enter a number for “Question?”", "date": "Enter a date for “Question?”",
    "email": "Enter your email address",
    "phone": "Enter your phone number", "postcode": "Enter your postcode",
    "consent": "Tick the box to say you agree",
    "grid": "Select how much you agree with each statement", "ranking": "Choose which option",
}


@pytest.mark.parametrize("kind", [k for k in QUESTION_TYPES if k != "statement"])
def test_every_type_reads_good_input_and_gives_it_back(kind):
    raw, expected = GOOD[kind]
    question = make(kind)
    value = read_answer(question, raw)
    assert value == expected
    assert read_answer(question, raw_from_value(question, value)) == expected


@pytest.mark.parametrize("kind", list(BAD))
def test_every_type_explains_bad_input(kind):
    raw, message = BAD[kind]
    with pytest.raises(AnswerError) as caught:
        read_answer(make(kind), raw)
    assert str(caught.value).startswith(message)


@pytest.mark.parametrize("kind", [k for k in QUESTION_TYPES if k != "statement"])
def test_blank_is_none_unless_required(kind):
    assert read_answer(make(kind, required=False) if kind != "consent" else make(
        "short_text"), {}) is None
    with pytest.raises(AnswerError, match=re.escape(REQUIRED[kind])):
        read_answer(make(kind, required=True), {})


def test_a_required_grid_names_the_statement_left_out_unless_it_may_be():
    grid = make("grid", required=True, optional_rows=["c"])
    with pytest.raises(AnswerError, match="Select an answer for “B”") as caught:
        read_answer(grid, {"q-a": ["agree"]})
    assert caught.value.field == "q-b"
    assert read_answer(grid, {"q-a": ["agree"], "q-b": ["disagree"]}) == {
        "a": "agree", "b": "disagree"}
    assert read_answer(grid, {"q-a": ["agree"]}, require=False) == {"a": "agree"}


def test_a_ranking_is_numbered_from_first_without_gaps_or_ties():
    ranking = make("ranking", max_ranked=2)
    with pytest.raises(AnswerError, match="You chose a 2nd but no 1st"):
        read_answer(ranking, {"q-a": ["2"]})
    with pytest.raises(AnswerError, match="choose a place from 1st to 2nd"):
        read_answer(ranking, {"q-a": ["3"]})
    assert read_answer(ranking, {"q-b": ["1"], "q-a": ["2"]}) == {"b": 1, "a": 2}


def test_statement_has_no_answer():
    assert read_answer(make("statement"), {"q": ["anything"]}) is None


def test_number_range_and_whole_numbers():
    question = make("number", min=1, max=10, whole_number=True)
    assert read_answer(question, {"q": ["10"]}) == 10
    with pytest.raises(AnswerError, match="between 1 and 10"):
        read_answer(question, {"q": ["11"]})
    with pytest.raises(AnswerError, match="whole number"):
        read_answer(question, {"q": ["2.5"]})
    with pytest.raises(AnswerError, match="12 or 4.5"):
        read_answer(make("number"), {"q": ["nan"]})


def test_date_range_and_missing_parts():
    question = make("date", earliest="2027-01-01", latest="2027-12-31")
    with pytest.raises(AnswerError, match="on or after 1 January 2027"):
        read_answer(question, {"q-day": ["31"], "q-month": ["12"], "q-year": ["2026"]})
    with pytest.raises(AnswerError, match="must include a month and a year"):
        read_answer(question, {"q-day": ["3"]})


def test_max_choices_and_long_text_limits():
    with pytest.raises(AnswerError, match="no more than 2 options"):
        read_answer(make("multiple_choice", max_choices=2), {"q": ["a", "b", "c"]})
    question = make("long_text", max_length=10)
    with pytest.raises(AnswerError, match="10 characters or fewer"):
        read_answer(question, {"q": ["x" * 11]})
    site = Limits(long_text_max=20)
    with pytest.raises(AnswerError, match="20 characters or fewer"):
        read_answer(make("long_text"), {"q": ["x" * 21]}, site)


@pytest.mark.parametrize("postcode", ["SW1A 1AA", "m1 1ae", "B33 8TH", "CR2 6XH", "DN55 1PT",
                                      "EC1A 1BB", "W1A 0AX"])
def test_real_postcode_shapes_are_accepted(postcode):
    assert read_answer(make("postcode"), {"q": [postcode]}) == postcode.upper()
