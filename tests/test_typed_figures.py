"""Figures typed in any script, and figures of absurd size (issue 15 item 4, issue 17):
the question types read ٢٧ or ੨੭ as 27, and a day of 9999999999999999999 or a
100,000-digit number gets the ordinary message, never a server error."""

from __future__ import annotations

from datetime import date

import pytest

from surveybuilder.survey.answers import AnswerError, Limits, read_answer
from surveybuilder.survey.definition import QUESTION_TYPES

LIMITS = Limits(long_text_max=5000)


def make(kind: str, **settings):
    return QUESTION_TYPES[kind](key="q", type=kind, text="Q?", **settings)


# The zero of each script residents of issue 15 may type in: Eastern Arabic-Indic
# (Arabic), Extended Arabic-Indic (Urdu), Bengali, Gurmukhi, Devanagari.
ZEROS = ["٠", "۰", "০", "੦", "०"]


def in_script(figures: str, zero: str) -> str:
    return "".join(chr(ord(zero) + int(c)) for c in figures)


@pytest.mark.parametrize("zero", ZEROS)
def test_a_number_in_any_script_reads_as_the_number(zero):
    assert read_answer(make("number"), {"q": [in_script("27", zero)]}, LIMITS) == 27


@pytest.mark.parametrize("zero", ZEROS)
def test_a_date_in_any_script_reads_as_the_date(zero):
    raw = {"q-day": [in_script("27", zero)], "q-month": [in_script("3", zero)],
           "q-year": [in_script("2027", zero)]}
    assert read_answer(make("date"), raw, LIMITS) == date(2027, 3, 27)


def test_a_phone_number_and_postcode_in_urdu_digits_are_read():
    phone = read_answer(make("phone"), {"q": ["۰۷۷۰۰ ۹۰۰۹۸۲"]}, LIMITS)
    assert phone == "07700 900982"
    assert read_answer(make("postcode"), {"q": ["B۶۹ ۳DE"]}, LIMITS) == "B69 3DE"


def test_words_people_write_keep_their_own_digits():
    assert read_answer(make("short_text"), {"q": ["پارک ۲۷"]}, LIMITS) == "پارک ۲۷"


@pytest.mark.parametrize("day", ["9999999999999999999", "9" * 100_000])
def test_a_day_of_absurd_size_gets_the_ordinary_message(day):
    raw = {"q-day": [day], "q-month": ["3"], "q-year": ["2027"]}
    with pytest.raises(AnswerError, match="real date"):
        read_answer(make("date"), raw, LIMITS)


@pytest.mark.parametrize("typed", ["9" * 100_000, "1" + "0" * 400, "-" + "9" * 5000])
def test_a_number_of_absurd_size_gets_the_ordinary_message(typed):
    with pytest.raises(AnswerError, match="Enter a number"):
        read_answer(make("number"), {"q": [typed]}, LIMITS)


def test_a_ranking_place_of_absurd_size_gets_the_ordinary_message():
    question = make("ranking", options=[{"key": "a", "label": "A"}, {"key": "b", "label": "B"}])
    with pytest.raises(AnswerError, match="choose a place"):
        read_answer(question, {"q-a": ["9" * 100_000]}, LIMITS)
