"""Reading and checking answers: the one place every format and channel turns what a
person entered into a stored value, or into a message saying how to fix it.

Raw input is a mapping of field name to the list of strings submitted (a web form, a
paper-keying screen, a scanned form all produce this). Each question type reads its
own fields (`survey/types/`); this module adds what is the same for every type: control
characters taken out, a blank required answer, and saving to finish later.

Every channel (online, keyed, imported, scanned) reads answers here, so cleaning here
cleans them all, the same on SQLite and PostgreSQL: ESC, NUL and the other control
characters no one types on purpose are dropped (a NUL made PostgreSQL refuse every
submission of the journey holding it), keeping tabs and line breaks in a box written
on several lines (`survey.cells.without_controls`).
"""

from __future__ import annotations

from surveybuilder.survey.cells import without_controls
from surveybuilder.survey.types.base import (
    SITE_DEFAULTS,
    AnswerError,
    AnswerValue,
    Limits,
    QuestionBase,
    RawInput,
    long_date,
)

__all__ = ["SITE_DEFAULTS", "AnswerError", "AnswerValue", "Limits", "RawInput", "long_date",
           "read_answer", "raw_from_value", "cleaned"]


def read_answer(question: QuestionBase, raw: RawInput, limits: Limits = SITE_DEFAULTS,
                require: bool = True) -> AnswerValue | None:
    """The checked value of one answer, or None when left blank and allowed to be.

    `require=False` accepts a blank required answer (saving to finish later), while
    anything typed must still be valid."""
    if not question.answerable:
        return None
    value = question.read(cleaned(question, raw), limits)
    if question.required and require:
        if value is None:
            raise AnswerError(question.required_message())
        missing = question.incomplete(value)
        if missing is not None:
            raise missing
    return value


def cleaned(question: QuestionBase, raw: RawInput) -> RawInput:
    """`raw` without control characters; line breaks kept only where the question is
    answered on several lines."""
    keep_lines = question.keying_lines > 1
    return {name: [without_controls(text, keep_lines) for text in texts]
            for name, texts in raw.items()}


def raw_from_value(question: QuestionBase, value: AnswerValue | None) -> dict[str, list[str]]:
    """The form fields that would give back `value`, to show a stored answer again."""
    return question.form_fields(value)
