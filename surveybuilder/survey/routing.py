"""Routing: which questions and sections a resident sees, decided from earlier answers.

A `show_if` may only look back at an earlier single-choice or yes/no question and name
values that question offers, so every journey is decided before it is reached.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from surveybuilder.survey import routing_words
from surveybuilder.survey.definition import QuestionBase, ShowIf

if TYPE_CHECKING:
    from surveybuilder.survey.definition import SurveyDefinition


def routing_problems(definition: SurveyDefinition) -> list[tuple[str, str]]:
    """Every unsound `show_if`, as (path, message), in definition order."""
    earlier: dict[str, QuestionBase] = {}
    all_keys = {q.key for q in definition.questions()}
    problems: list[tuple[str, str]] = []
    for si, section in enumerate(definition.sections):
        if section.show_if:
            message = show_if_problem(section.show_if, earlier, all_keys)
            if message:
                problems.append((f"sections[{si}].show_if", message))
        for qi, question in enumerate(section.questions):
            if question.show_if:
                message = show_if_problem(question.show_if, earlier, all_keys)
                if message:
                    problems.append((f"sections[{si}].questions[{qi}].show_if", message))
            earlier.setdefault(question.key, question)
    return problems


def show_if_problem(rule: ShowIf, earlier: Mapping[str, QuestionBase],
                    all_keys: set[str]) -> str | None:
    """Why a rule cannot work given the questions before it, or None when it can."""
    target = earlier.get(rule.question)
    if target is None:
        if rule.question in all_keys:
            return (f"question '{rule.question}' comes later; a rule can only depend on an "
                    f"earlier question")
        return f"question '{rule.question}' does not exist"
    if not target.routable:
        return (f"question '{rule.question}' is a {target.kind} question; only single_choice "
                f"and yes_no answers can decide what is shown")
    offered = {c.key for c in target.choices()}
    missing = [value for value in rule.in_ if value not in offered]
    if missing:
        return f"question '{rule.question}' has no option '{missing[0]}'"
    return None


def is_shown(rule: ShowIf | None, answers: Mapping[str, object]) -> bool:
    """Whether an item with this rule is shown, given the answers so far."""
    return rule is None or answers.get(rule.question) in rule.in_


def describe_rule(rule: ShowIf, questions: Mapping[str, QuestionBase],
                  labels: Mapping[str, str] | None = None) -> str:
    """The rule as a sentence for staff pages, in its shortest true form
    (`routing_words`): never more than three answers named. `labels` gives other words
    for the answers (easy read's); by default their everyday labels."""
    target = questions.get(rule.question)
    if target is None:  # an unfinished question: say what is stored
        return f"Only if the answer to “{rule.question}” is one of {len(rule.in_)} answers"
    said = labels or {c.key: c.label for c in target.choices()}
    return routing_words.for_staff(routing_words.choose(rule.in_, list(said)), target, said)
