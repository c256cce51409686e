"""The journey through a published survey: pages, routing between them, checking a
page's answers, and dropping answers to questions that routing no longer shows.

Every format (standard, easy read, large print) and channel (online, paper keying)
walks the same journey; only how a page looks differs.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from surveybuilder.survey.answers import (
    SITE_DEFAULTS,
    AnswerError,
    AnswerValue,
    Limits,
    RawInput,
    read_answer,
)
from surveybuilder.survey.definition import QuestionBase, SectionDef, SurveyDefinition
from surveybuilder.survey.routing import is_shown

Answers = dict[str, AnswerValue]


@dataclass(frozen=True)
class Page:
    """One screen: a whole section, or one question of it."""

    number: int
    section_number: int
    section: SectionDef
    questions: tuple[QuestionBase, ...]

    def shown_questions(self, answers: Mapping[str, Any]) -> list[QuestionBase]:
        if not is_shown(self.section.show_if, answers):
            return []
        return [q for q in self.questions if is_shown(q.show_if, answers)]

    def is_shown(self, answers: Mapping[str, Any]) -> bool:
        return bool(self.shown_questions(answers))

    @property
    def first_of_section(self) -> bool:
        return self.questions[0] is self.section.questions[0]

    @property
    def heading_question(self) -> QuestionBase | None:
        """The question that is the page's h1 (GOV.UK: one question, one heading),
        when the page asks exactly one thing and has no introduction before it."""
        if len(self.questions) == 1 and self.questions[0].answerable and not (
                self.first_of_section and self.section.description):
            return self.questions[0]
        return None


@dataclass(frozen=True)
class PageCheck:
    """The outcome of checking one page: the values read and any problems."""

    values: Answers
    errors: list[tuple[str, str]]
    cleared: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.errors


def pages(definition: SurveyDefinition, one_question_per_page: bool) -> list[Page]:
    """Split the survey into pages; the split is fixed, routing decides which are seen.

    Without JavaScript a page cannot react to its own answers, so a question that
    depends on another question of the same page starts a new page."""
    result: list[Page] = []
    for s_index, section in enumerate(definition.sections, start=1):
        groups = ([(q,) for q in section.questions] if one_question_per_page
                  else _split_at_dependencies(section.questions))
        for group in groups:
            if group:
                result.append(Page(len(result) + 1, s_index, section, group))
    return result


def _split_at_dependencies(questions: list[QuestionBase]) -> list[tuple[QuestionBase, ...]]:
    groups: list[list[QuestionBase]] = [[]]
    for question in questions:
        on_this_page = {q.key for q in groups[-1]}
        if question.show_if and question.show_if.question in on_this_page:
            groups.append([])
        groups[-1].append(question)
    return [tuple(group) for group in groups]


def next_page(all_pages: list[Page], current: int, answers: Mapping[str, Any]) -> Page | None:
    """The next page the resident should see after page `current` (0 = the start)."""
    return next((p for p in all_pages if p.number > current and p.is_shown(answers)), None)


def previous_page(all_pages: list[Page], current: int, answers: Mapping[str, Any]
                  ) -> Page | None:
    return next((p for p in reversed(all_pages)
                 if p.number < current and p.is_shown(answers)), None)


def check_page(page: Page, raw: RawInput, answers: Mapping[str, Any],
               limits: Limits = SITE_DEFAULTS, require: bool = True) -> PageCheck:
    """Read every shown question on the page; errors are (field id, message) pairs
    in page order, linking to the first field of each question. With `require=False`
    (saving to finish later) blank required answers are allowed."""
    return check_questions(page.shown_questions({**answers}), raw, limits, require)


def check_questions(questions: list[QuestionBase], raw: RawInput,
                    limits: Limits = SITE_DEFAULTS, require: bool = True) -> PageCheck:
    """`check_page` for questions already known to be shown (a page saved in one
    statement knows them from the page as drawn, not from the answers so far)."""
    values: Answers = {}
    errors: list[tuple[str, str]] = []
    cleared: list[str] = []
    for question in questions:
        try:
            value = read_answer(question, raw, limits, require)
        except AnswerError as exc:
            errors.append((exc.field or error_target(question), str(exc)))
            continue
        if value is None:
            cleared.append(question.key)
        else:
            values[question.key] = value
    return PageCheck(values, errors, tuple(cleared))


def error_target(question: QuestionBase) -> str:
    """The id of the field an error links to: the first input of the question."""
    return question.error_target()


def apply_page(definition: SurveyDefinition, answers: Mapping[str, Any],
               check: PageCheck) -> Answers:
    """The answers after a page is saved: new values in, blanks out, and anything that
    routing no longer shows removed so it is never stored."""
    updated = {k: v for k, v in answers.items() if k not in check.cleared}
    updated.update(check.values)
    return prune(definition, updated)


def prune(definition: SurveyDefinition, answers: Mapping[str, Any]) -> Answers:
    """Keep only answers to questions that are shown given the answers before them."""
    kept: Answers = {}
    for section in definition.sections:
        section_shown = is_shown(section.show_if, kept)
        for question in section.questions:
            if section_shown and is_shown(question.show_if, kept) and question.key in answers:
                kept[question.key] = answers[question.key]
    return kept


def missing_required(all_pages: list[Page], answers: Mapping[str, Any]
                     ) -> list[tuple[Page, QuestionBase]]:
    """Required questions the resident will see but has not answered."""
    return [(page, q) for page in all_pages for q in page.shown_questions(answers)
            if q.required and q.answerable and q.key not in answers]


def to_json(answers: Mapping[str, Any]) -> dict[str, Any]:
    """Answers in a form JSON can hold (dates as ISO strings)."""
    return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in answers.items()}


def from_json(definition: SurveyDefinition, data: Mapping[str, Any]) -> Answers:
    """Answers read back from JSON, with dates restored and unknown keys dropped."""
    answers: Answers = {}
    for question in definition.questions():
        if question.key in data:
            answers[question.key] = question.value_from_json(data[question.key])
    return answers
