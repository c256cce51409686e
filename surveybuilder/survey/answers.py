"""Reading and checking answers: the one place every format and channel turns what a
person entered into a stored value, or into a message saying how to fix it.

Raw input is a mapping of field name to the list of strings submitted (a web form, a
paper-keying screen, a scanned form all produce this). Each question type reads its
own fields (`survey/types/`); this module adds what is the same for every type: a
blank required answer, and saving to finish later.
"""

from __future__ import annotations

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
           "read_answer", "raw_from_value"]


def read_answer(question: QuestionBase, raw: RawInput, limits: Limits = SITE_DEFAULTS,
                require: bool = True) -> AnswerValue | None:
    """The checked value of one answer, or None when left blank and allowed to be.

    `require=False` accepts a blank required answer (saving to finish later), while
    anything typed must still be valid."""
    if not question.answerable:
        return None
    value = question.read(raw, limits)
    if question.required and require:
        if value is None:
            raise AnswerError(question.required_message())
        missing = question.incomplete(value)
        if missing is not None:
            raise missing
    return value


def raw_from_value(question: QuestionBase, value: AnswerValue | None) -> dict[str, list[str]]:
    """The form fields that would give back `value`, to show a stored answer again."""
    return question.form_fields(value)
