"""Question numbers as printed on paper and typed back in by staff.

Paper forms, routing instructions ("If you ticked No, go to question 7"), data entry
and exports all say "question 7"; this is the one place that decides what 7 is.
Every answerable question is numbered in definition order; statements are not.
"""

from __future__ import annotations

from surveybuilder.survey.definition import QuestionBase, SurveyDefinition


def question_numbers(definition: SurveyDefinition) -> dict[str, int]:
    """Question key → its number (1, 2, 3…), answerable questions only."""
    answerable = [q for q in definition.questions() if q.answerable]
    return {question.key: number for number, question in enumerate(answerable, start=1)}


def numbered_questions(definition: SurveyDefinition) -> list[tuple[int, QuestionBase]]:
    """(number, question) for every answerable question, in order."""
    numbers = question_numbers(definition)
    return [(numbers[q.key], q) for q in definition.questions() if q.key in numbers]
