"""Cross-tabulation: one choice question's answers broken down by another's.

Offers `crosstab(session, consultation, row_key, column_key, filters=None) -> CrossTab`
and `crosstab_questions(definition)` (the questions that can be used), and
`crosstab_dimensions(definition)`: those plus the language each response was answered
in (`LANGUAGE`), which can be the rows or the columns against any question. Counted with
one GROUP BY over the answers joined to themselves (or to their responses, for the
language), among respondents who answered both questions. Totals are the sums of the
cells shown, so a table always adds up; for a multiple-choice question a respondent is
counted once per option ticked.

These are exact, staff-only figures; `results.suppression.publishable_crosstab` makes
them safe to publish.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import aliased
from sqlmodel import Session

from surveybuilder.models import Answer, Consultation, Response
from surveybuilder.results.counting import (
    Filters,
    language_labels,
    live_definition,
    percent,
    respondents_query,
    staff_name,
)
from surveybuilder.survey.definition import SurveyDefinition
from surveybuilder.survey.numbering import question_numbers

LANGUAGE = ".language"
"""The key of the language dimension (no question key starts with a dot)."""
LANGUAGE_NAME = "Language"


class CrossTabError(ValueError):
    """The questions asked for cannot be cross-tabulated; the message says why."""


@dataclass(frozen=True)
class CrossTabPart:
    """A question, or a part of one (a grid's statement), that can be the rows or the
    columns: its answers are the option keys in `choices`."""

    key: str
    text: str
    question_key: str
    choices: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class CrossTab:
    """Rows are the options of `row_key`, columns those of `column_key`. In a published
    table a hidden count is None and its mark says why ("small" or "secondary")."""

    row_key: str
    row_text: str
    row_number: int
    column_key: str
    column_text: str
    column_number: int
    row_labels: tuple[tuple[str, str], ...]
    column_labels: tuple[tuple[str, str], ...]
    counts: tuple[tuple[int | None, ...], ...]
    row_totals: tuple[int | None, ...]
    col_totals: tuple[int | None, ...]
    total: int | None
    marks: tuple[tuple[str, ...], ...] = ()
    row_marks: tuple[str, ...] = ()
    col_marks: tuple[str, ...] = ()
    total_mark: str = ""
    threshold: int | None = None

    def mark(self, row: int, column: int) -> str:
        return self.marks[row][column] if self.marks else ""

    def row_percent(self, row: int, column: int) -> float | None:
        """The cell as a percentage of its row, or None if either is hidden."""
        value, whole = self.counts[row][column], self.row_totals[row]
        return None if value is None or whole is None else percent(value, whole)

    @property
    def caption(self) -> str:
        return (f"{_named(self.row_number, self.row_text)} — by "
                f"{_named(self.column_number, self.column_text, lower=True)}")

    @property
    def short_caption(self) -> str:
        """"Rows: question 2. Columns: language."""
        return (f"Rows: {_short(self.row_number)}. "
                f"Columns: {_short(self.column_number)}.")


def _named(number: int, text: str, lower: bool = False) -> str:
    """"Question 3: How often …?", or the language dimension's name (number 0)."""
    if not number:
        return text.lower() if lower else text
    return f"{'question' if lower else 'Question'} {number}: {text}"


def _short(number: int) -> str:
    return f"question {number}" if number else LANGUAGE_NAME.lower()


def crosstab_questions(definition: SurveyDefinition | None) -> list[tuple[int, CrossTabPart]]:
    """(number, part) of every question, or part of one, that can be a row or column."""
    if definition is None:
        return []
    numbers = question_numbers(definition)
    return [(numbers[q.key], CrossTabPart(key, text, q.key, tuple(choices)))
            for q in definition.questions() if q.key in numbers
            for key, text, choices in q.crosstab_parts()]


def crosstab_dimensions(definition: SurveyDefinition | None
                        ) -> list[tuple[int, CrossTabPart]]:
    """The questions that can be cross-tabulated and, first, the language answered in
    (number 0), whose choices are English and each language offered."""
    if definition is None:
        return []
    labels = language_labels(list(definition.languages))
    return [(0, CrossTabPart(LANGUAGE, LANGUAGE_NAME, LANGUAGE, tuple(labels.items()))),
            *crosstab_questions(definition)]


def _with_found_languages(session: Session, consultation: Consultation,
                          part: CrossTabPart) -> CrossTabPart:
    """The language dimension with any language responses were given in that is no
    longer offered, so every response is in a column."""
    found = session.execute(select(Response.language).distinct().where(
        Response.consultation_id == consultation.id)).scalars().all()
    known = {key for key, _ in part.choices}
    extra = tuple((code, staff_name(code)) for code in sorted(found) if code not in known)
    return CrossTabPart(part.key, part.text, part.question_key, part.choices + extra)


def crosstab(session: Session, consultation: Consultation, row_key: str, column_key: str,
             filters: Filters | None = None) -> CrossTab:
    """Count respondents by their answers to two choice questions, or to one and the
    language they answered in."""
    questions = dict((q.key, (n, q)) for n, q in crosstab_dimensions(
        live_definition(session, consultation)))
    if row_key not in questions or column_key not in questions:
        raise CrossTabError("Choose two questions that have options to choose from.")
    if row_key == column_key:
        raise CrossTabError("Choose two different questions.")
    (row_number, row_question), (col_number, col_question) = (questions[row_key],
                                                              questions[column_key])
    if LANGUAGE in (row_key, column_key):
        language_part = _with_found_languages(
            session, consultation, row_question if row_key == LANGUAGE else col_question)
        if row_key == LANGUAGE:
            row_question = language_part
        else:
            col_question = language_part
    row_labels, col_labels = list(row_question.choices), list(col_question.choices)
    respondents = respondents_query(consultation, filters) \
        if filters and not filters.is_empty() else None
    query = (_by_language_query if LANGUAGE in (row_key, column_key)
             else _two_questions_query)(consultation, row_question, col_question, respondents)
    found = {(r, c): n for r, c, n in session.execute(query)}
    counts = tuple(tuple(found.get((r, c), 0) for c, _ in col_labels) for r, _ in row_labels)
    return CrossTab(
        row_key=row_key, row_text=row_question.text, row_number=row_number,
        column_key=column_key, column_text=col_question.text, column_number=col_number,
        row_labels=tuple(row_labels), column_labels=tuple(col_labels), counts=counts,
        row_totals=tuple(sum(row) for row in counts),
        col_totals=tuple(sum(column) for column in zip(*counts, strict=True)),
        total=sum(sum(row) for row in counts))


def _two_questions_query(consultation: Consultation, row_question: CrossTabPart,
                         col_question: CrossTabPart, respondents: Any) -> Any:
    """(row option, column option, how many) of two choice questions, among
    `respondents` (a SELECT of response ids) when filtered."""
    rows, cols = aliased(Answer), aliased(Answer)
    query = (select(rows.option_key, cols.option_key, func.count())
             .join(cols, cols.response_id == rows.response_id)
             .where(rows.consultation_id == consultation.id,
                    rows.question_key == row_question.question_key,
                    rows.option_key.in_([key for key, _ in row_question.choices]),
                    cols.consultation_id == consultation.id,
                    cols.question_key == col_question.question_key,
                    cols.option_key.in_([key for key, _ in col_question.choices]),
                    # Always true of a choice; lets the column side be found in the
                    # counting index by response (see docs/decisions/0005).
                    cols.number_value.is_(None), cols.date_value.is_(None))
             .group_by(rows.option_key, cols.option_key))
    return query if respondents is None else query.where(rows.response_id.in_(respondents))


def _by_language_query(consultation: Consultation, row_question: CrossTabPart,
                       col_question: CrossTabPart, respondents: Any) -> Any:
    """(row, column, how many) of a choice question against the language its
    respondents answered in, either way round, among `respondents` when filtered."""
    question = col_question if row_question.key == LANGUAGE else row_question
    option, language = Answer.option_key, Response.language
    pair = (language, option) if row_question.key == LANGUAGE else (option, language)
    query = (select(*pair, func.count())
             .join(Response, Response.id == Answer.response_id)
             .where(Answer.consultation_id == consultation.id,
                    Answer.question_key == question.question_key,
                    option.in_([key for key, _ in question.choices]))
             .group_by(*pair))
    return query if respondents is None else query.where(Answer.response_id.in_(respondents))
