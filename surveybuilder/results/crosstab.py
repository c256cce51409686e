"""Cross-tabulation: one choice question's answers broken down by another's.

Offers `crosstab(session, consultation, row_key, column_key, filters=None) -> CrossTab`
and `crosstab_questions(definition)` (the questions that can be used). Counted with one
GROUP BY over the answers joined to themselves, among respondents who answered both
questions. Totals are the sums of the cells shown, so a table always adds up; for a
multiple-choice question a respondent is counted once per option ticked.

These are exact, staff-only figures; `results.suppression.publishable_crosstab` makes
them safe to publish.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import aliased
from sqlmodel import Session

from surveybuilder.models import Answer, Consultation
from surveybuilder.results.counting import (
    Filters,
    live_definition,
    percent,
    respondents_query,
)
from surveybuilder.survey.definition import SurveyDefinition
from surveybuilder.survey.numbering import question_numbers


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
        return (f"Question {self.row_number}: {self.row_text} — by question "
                f"{self.column_number}: {self.column_text}")


def crosstab_questions(definition: SurveyDefinition | None) -> list[tuple[int, CrossTabPart]]:
    """(number, part) of every question, or part of one, that can be a row or column."""
    if definition is None:
        return []
    numbers = question_numbers(definition)
    return [(numbers[q.key], CrossTabPart(key, text, q.key, tuple(choices)))
            for q in definition.questions() if q.key in numbers
            for key, text, choices in q.crosstab_parts()]


def crosstab(session: Session, consultation: Consultation, row_key: str, column_key: str,
             filters: Filters | None = None) -> CrossTab:
    """Count respondents by their answers to two choice questions."""
    questions = dict((q.key, (n, q)) for n, q in crosstab_questions(
        live_definition(session, consultation)))
    if row_key not in questions or column_key not in questions:
        raise CrossTabError("Choose two questions that have options to choose from.")
    if row_key == column_key:
        raise CrossTabError("Choose two different questions.")
    (row_number, row_question), (col_number, col_question) = (questions[row_key],
                                                              questions[column_key])
    row_labels, col_labels = list(row_question.choices), list(col_question.choices)
    rows, cols = aliased(Answer), aliased(Answer)
    query = (select(rows.option_key, cols.option_key, func.count())
             .join(cols, cols.response_id == rows.response_id)
             .where(rows.consultation_id == consultation.id,
                    rows.question_key == row_question.question_key,
                    rows.option_key.in_([key for key, _ in row_labels]),
                    cols.consultation_id == consultation.id,
                    cols.question_key == col_question.question_key,
                    cols.option_key.in_([key for key, _ in col_labels]),
                    # Always true of a choice; lets the column side be found in the
                    # counting index by response (see docs/decisions/0005).
                    cols.number_value.is_(None), cols.date_value.is_(None))
             .group_by(rows.option_key, cols.option_key))
    if filters and not filters.is_empty():
        query = query.where(rows.response_id.in_(respondents_query(consultation, filters)))
    found = {(r, c): n for r, c, n in session.execute(query)}
    counts = tuple(tuple(found.get((r, c), 0) for c, _ in col_labels) for r, _ in row_labels)
    return CrossTab(
        row_key=row_key, row_text=row_question.text, row_number=row_number,
        column_key=column_key, column_text=col_question.text, column_number=col_number,
        row_labels=tuple(row_labels), column_labels=tuple(col_labels), counts=counts,
        row_totals=tuple(sum(row) for row in counts),
        col_totals=tuple(sum(column) for column in zip(*counts, strict=True)),
        total=sum(sum(row) for row in counts))
