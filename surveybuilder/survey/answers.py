"""Reading and checking answers: the one place every format and channel turns what a
person entered into a stored value, or into a message saying how to fix it.

Raw input is a mapping of field name to the list of strings submitted (a web form, a
paper-keying screen, a scanned form all produce this). A date uses three fields,
`<key>-day`, `<key>-month` and `<key>-year`; every other type uses `<key>`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from surveybuilder.survey.definition import (
    DateQuestion,
    LongTextQuestion,
    MultipleChoiceQuestion,
    NumberQuestion,
    QuestionBase,
    ShortTextQuestion,
)

AnswerValue = str | float | int | date | bool | list[str]
RawInput = Mapping[str, Sequence[str]]

DEFAULT_SHORT_TEXT_MAX = 500
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]{2,}$")
# The UK postcode shapes (A9 9AA, A99 9AA, AA9 9AA, AA99 9AA, A9A 9AA, AA9A 9AA),
# plus GIR 0AA; the check is on shape, not on whether the postcode is in use.
POSTCODE = re.compile(
    r"^(GIR ?0AA|[A-PR-UWYZ][A-HK-Y]?[0-9][0-9A-HJKMNPR-Y]? ?[0-9][ABD-HJLNP-UW-Z]{2})$")
PHONE_CHARS = re.compile(r"^\+?[0-9 ()\-.]+$")


class AnswerError(ValueError):
    """The answer cannot be accepted; the message says how to fix it, in plain words."""


@dataclass(frozen=True)
class Limits:
    """Site-wide limits that a question may tighten but never loosen."""

    long_text_max: int = 5000


def field_names(question: QuestionBase) -> list[str]:
    if isinstance(question, DateQuestion):
        return [f"{question.key}-day", f"{question.key}-month", f"{question.key}-year"]
    return [question.key]


SITE_DEFAULTS = Limits()


def read_answer(question: QuestionBase, raw: RawInput, limits: Limits = SITE_DEFAULTS,
                require: bool = True) -> AnswerValue | None:
    """The checked value of one answer, or None when left blank and allowed to be.

    `require=False` accepts a blank required answer (saving to finish later), while
    anything typed must still be valid."""
    if not question.answerable:
        return None
    values = [v for v in raw.get(question.key, []) if v is not None]
    reader = _READERS[question.kind]
    value = reader(question, values, raw, limits)
    if value is None and question.required and require:
        raise AnswerError(_required_message(question))
    return value


def _first(values: Sequence[str]) -> str:
    return values[0].strip() if values else ""


def _text(question: QuestionBase, values, _raw, limits: Limits) -> str | None:
    text = _first(values).replace("\r\n", "\n")
    if not text:
        return None
    limit = text_limit(question, limits)
    if len(text) > limit:
        raise AnswerError(f"Your answer must be {limit:,} characters or fewer. It is "
                          f"{len(text):,} characters now")
    return text


def text_limit(question: QuestionBase, limits: Limits) -> int:
    """The longest text accepted: the question's own limit within the site-wide one."""
    if isinstance(question, LongTextQuestion):
        return min(question.max_length or limits.long_text_max, limits.long_text_max)
    if isinstance(question, ShortTextQuestion):
        return question.max_length or DEFAULT_SHORT_TEXT_MAX
    return DEFAULT_SHORT_TEXT_MAX


def _one_choice(question: QuestionBase, values, _raw, _limits) -> str | None:
    chosen = _first(values)
    if not chosen:
        return None
    if chosen not in {c.key for c in question.choices()}:
        raise AnswerError("Select one of the options shown")
    return chosen


def _many_choices(question: MultipleChoiceQuestion, values, _raw, _limits) -> list[str] | None:
    offered = [c.key for c in question.choices()]
    chosen = [v for v in offered if v in set(values)]
    if any(v not in offered for v in values):
        raise AnswerError("Select only options shown on the page")
    if not chosen:
        return None
    if question.max_choices and len(chosen) > question.max_choices:
        raise AnswerError(f"Select no more than {question.max_choices} option"
                          f"{'' if question.max_choices == 1 else 's'}")
    return chosen


def _number(question: NumberQuestion, values, _raw, _limits) -> float | int | None:
    text = _first(values).replace(",", "")
    if not text:
        return None
    try:
        number = float(text)
    except ValueError:
        raise AnswerError("Enter a whole number, like 12" if question.whole_number
                          else "Enter a number, like 12 or 4.5") from None
    if number != number or number in (float("inf"), float("-inf")):
        raise AnswerError("Enter a number, like 12 or 4.5")
    if question.whole_number and not number.is_integer():
        raise AnswerError("Enter a whole number, like 12")
    _check_range(question, number)
    return int(number) if number.is_integer() else number


def _check_range(question: NumberQuestion, number: float) -> None:
    low, high = question.min, question.max
    if low is not None and high is not None and not low <= number <= high:
        raise AnswerError(f"Enter a number between {low:g} and {high:g}")
    if low is not None and number < low:
        raise AnswerError(f"Enter a number that is {low:g} or more")
    if high is not None and number > high:
        raise AnswerError(f"Enter a number that is {high:g} or less")


def _date(question: DateQuestion, _values, raw: RawInput, _limits) -> date | None:
    parts = [_first(raw.get(name, [])) for name in field_names(question)]
    if not any(parts):
        return None
    labels = ("day", "month", "year")
    missing = [label for label, part in zip(labels, parts, strict=True) if not part]
    if missing:
        raise AnswerError(f"The date must include a {' and a '.join(missing)}")
    try:
        day, month, year = (int(p) for p in parts)
        if year < 1000:
            raise ValueError
        value = date(year, month, day)
    except ValueError:
        raise AnswerError("The date must be a real date, like 27 3 2027") from None
    if question.earliest and value < question.earliest:
        raise AnswerError(f"The date must be on or after {long_date(question.earliest)}")
    if question.latest and value > question.latest:
        raise AnswerError(f"The date must be on or before {long_date(question.latest)}")
    return value


def long_date(value: date) -> str:
    return f"{value.day} {value.strftime('%B %Y')}"


def _email(question: QuestionBase, values, raw, limits) -> str | None:
    text = _text(question, values, raw, limits)
    if text is not None and not EMAIL.match(text):
        raise AnswerError("Enter an email address in the correct format, like "
                          "name@example.com")
    return text


def _phone(question: QuestionBase, values, raw, limits) -> str | None:
    text = _text(question, values, raw, limits)
    if text is None:
        return None
    digits = re.sub(r"\D", "", text)
    if not PHONE_CHARS.match(text) or not 10 <= len(digits) <= 15:
        raise AnswerError("Enter a phone number, like 01632 960 001 or 07700 900 982")
    return text


def _postcode(question: QuestionBase, values, raw, limits) -> str | None:
    text = _text(question, values, raw, limits)
    if text is None:
        return None
    compact = re.sub(r"\s+", "", text.upper())
    if not POSTCODE.match(compact):
        raise AnswerError("Enter a real UK postcode, like B69 3DE")
    return f"{compact[:-3]} {compact[-3:]}"


def _consent(question: QuestionBase, values, _raw, _limits) -> bool | None:
    return True if _first(values) else None


_READERS: dict[str, Any] = {
    "short_text": _text, "long_text": _text, "single_choice": _one_choice,
    "yes_no": _one_choice, "scale": _one_choice, "multiple_choice": _many_choices,
    "number": _number, "date": _date, "email": _email, "phone": _phone,
    "postcode": _postcode, "consent": _consent,
}

_REQUIRED = {
    "short_text": "Enter your answer", "long_text": "Enter your answer",
    "single_choice": "Select an option", "multiple_choice": "Select at least one option",
    "yes_no": "Select yes or no", "number": "Enter a number", "date": "Enter a date",
    "email": "Enter your email address", "phone": "Enter your phone number",
    "postcode": "Enter your postcode",
    "consent": "Tick the box to say you agree. You cannot go on without it",
}


def _required_message(question: QuestionBase) -> str:
    if question.kind == "scale":
        return ("Select how much you agree" if getattr(question, "scale", "") == "agree"
                else "Select how satisfied you are")
    return _REQUIRED[question.kind]


def raw_from_value(question: QuestionBase, value: AnswerValue | None) -> dict[str, list[str]]:
    """The form fields that would give back `value`, to show a stored answer again."""
    if value is None:
        return {}
    if isinstance(question, DateQuestion) and isinstance(value, date):
        return {f"{question.key}-day": [str(value.day)],
                f"{question.key}-month": [str(value.month)],
                f"{question.key}-year": [str(value.year)]}
    if isinstance(value, list):
        return {question.key: list(value)}
    if isinstance(value, bool):
        return {question.key: ["yes"]} if value else {}
    if isinstance(value, float):
        return {question.key: [f"{value:g}"]}
    return {question.key: [str(value)]}
