"""Stage 1: a survey definition and a print format → the printed document → HTML.

The printed document says everything a person with a pen needs, in words: what the
consultation is about and what can change, the closing date, how to send the form
back and how to ask for another format; every question numbered as paper keying and
exports number it (`survey.numbering.question_numbers`); "Tick one" or "Tick all that
apply"; and routing written as instructions ("If you ticked No, go to question 7",
"Only answer this if you ticked Yes at question 3").

Every answer box gets an id (`box-<question>`, `box-<question>-<option>` or
`box-<question>-day|month|year`), which the PDF stage turns into page positions for the
layout file. Easy read reuses the web's easy-read words and pictures
(`respond.easy_read.question_view`), with the picture files embedded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Literal

from jinja2 import Environment, FileSystemLoader, StrictUndefined

import easyread
from surveybuilder.printing.formats import PrintFormat
from surveybuilder.respond import easy_read
from surveybuilder.respond.easy_read import Picture, WordHelp
from surveybuilder.respond.formats import EASY_READ
from surveybuilder.survey.definition import (
    QuestionBase,
    SectionDef,
    ShowIf,
    SurveyDefinition,
)
from surveybuilder.survey.numbering import question_numbers

TEMPLATES = Path(__file__).resolve().parents[1] / "jinja" / "print"
TICK_TYPES = frozenset({"single_choice", "yes_no", "scale", "multiple_choice", "consent"})
WRITE_INSTRUCTIONS = {
    "short_text": "Write your answer in the box.",
    "long_text": "Write your answer in the box.",
    "email": "Write your email address in the box.",
    "phone": "Write your phone number in the box.",
    "postcode": "Write your postcode in the box.",
    "date": "Write the day, month and year in the boxes, for example 27 3 2027.",
}
DATE_PARTS = (("day", "Day"), ("month", "Month"), ("year", "Year"))


@dataclass(frozen=True)
class AnswerBox:
    """A box the reader ticks or writes in, as the layout file records it."""

    id: str
    question: str
    number: int
    kind: Literal["tick", "write"]
    option: str | None = None
    part: str | None = None


@dataclass(frozen=True)
class PrintedChoice:
    key: str
    words: str
    picture: Picture | None
    box: AnswerBox
    route: str


@dataclass(frozen=True)
class PrintedQuestion:
    question: QuestionBase
    number: int | None
    lines: tuple[str, ...]
    picture: Picture | None
    hint: str
    instructions: tuple[str, ...]
    condition: str
    choices: tuple[PrintedChoice, ...]
    writing: tuple[AnswerBox, ...]
    hard_words: tuple[WordHelp, ...]

    @property
    def kind(self) -> str:
        return self.question.kind


@dataclass(frozen=True)
class PrintedSection:
    title: str
    description: str
    condition: str
    questions: tuple[PrintedQuestion, ...]


@dataclass(frozen=True)
class PrintedDocument:
    definition: SurveyDefinition
    version: int  # printed at the foot of each page, so keying uses the same questions
    print_format: PrintFormat
    organisation: str
    sections: tuple[PrintedSection, ...]
    pictures_shown: bool
    credit: dict[str, str] = field(default_factory=dict)

    @property
    def boxes(self) -> list[AnswerBox]:
        """Every answer box, in the order it is printed."""
        return [box for section in self.sections for q in section.questions
                for box in (*(c.box for c in q.choices), *q.writing)]


def build(definition: SurveyDefinition, version: int, print_format: PrintFormat,
          organisation: str) -> PrintedDocument:
    """The printed document for one definition in one format."""
    numbers = question_numbers(definition)
    easy = print_format.answer_format == EASY_READ
    routes = _routes(definition, numbers, easy)
    sections = []
    for section in definition.sections:
        questions = tuple(_question(q, numbers, routes, definition, easy)
                          for q in section.questions)
        sections.append(PrintedSection(
            title=section.title, description=section.description,
            condition=_condition(section.show_if, definition, numbers, easy, "section"),
            questions=questions))
    shown = easy and any(q.picture or any(c.picture for c in q.choices)
                         for s in sections for q in s.questions)
    return PrintedDocument(definition, version, print_format, organisation,
                           tuple(sections), shown, easy_read.credit())


def to_html(document: PrintedDocument) -> str:
    """The document as one self-contained HTML page (stylesheet inline)."""
    return _environment().get_template("form.html").render(
        doc=document, definition=document.definition, fmt=document.print_format,
        easy=document.print_format.answer_format == EASY_READ, day=long_date)


def long_date(value: date) -> str:
    """A date as people write it, with the day of the week: "Sunday 7 March 2027"."""
    return f"{value:%A} {value.day} {value:%B %Y}"


@cache
def _environment() -> Environment:
    return Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=True,
                       undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)


# Questions -------------------------------------------------------------------------------

def _question(question: QuestionBase, numbers: dict[str, int],
              routes: dict[tuple[str, str], str], definition: SurveyDefinition,
              easy: bool) -> PrintedQuestion:
    number = numbers.get(question.key)
    view = easy_read.question_view(question, file_picture) if easy else None
    lines = view.lines if view else tuple(p.strip() for p in question.text.split("\n\n")
                                          if p.strip())
    choices: tuple[PrintedChoice, ...] = ()
    if question.kind in TICK_TYPES and number is not None:
        choices = tuple(
            PrintedChoice(key, words, picture,
                          AnswerBox(f"box-{question.key}-{key}", question.key, number, "tick",
                                    option=key),
                          routes.get((question.key, key), ""))
            for key, words, picture in _choice_words(question, view))
    writing: tuple[AnswerBox, ...] = ()
    if question.kind == "date" and number is not None:
        writing = tuple(AnswerBox(f"box-{question.key}-{part}", question.key, number, "write",
                                  part=part) for part, _label in DATE_PARTS)
    elif question.answerable and question.kind not in TICK_TYPES and number is not None:
        writing = (AnswerBox(f"box-{question.key}", question.key, number, "write"),)
    return PrintedQuestion(
        question=question, number=number, lines=lines,
        picture=view.picture if view else None, hint=question.hint,
        instructions=_instructions(question, easy),
        condition=_condition(question.show_if, definition, numbers, easy, "question"),
        choices=choices, writing=writing, hard_words=view.hard_words if view else ())


def _choice_words(question: QuestionBase, view: easy_read.EasyReadQuestion | None
                  ) -> list[tuple[str, str, Picture | None]]:
    if question.kind == "consent":
        return [("yes", "I agree", None)]
    if view is not None:
        return [(c.key, c.words, c.picture) for c in view.choices]
    return [(c.key, c.label, None) for c in question.choices()]


def _instructions(question: QuestionBase, easy: bool) -> tuple[str, ...]:
    """What to do, in words: how many boxes to tick, or what to write where."""
    said: list[str] = []
    kind = question.kind
    if kind in ("single_choice", "yes_no", "scale"):
        said.append("Tick 1 box." if easy else "Tick one box.")
    elif kind == "multiple_choice":
        limit = getattr(question, "max_choices", None)
        said.append(f"Tick up to {limit} boxes." if limit else "Tick all that apply.")
    elif kind == "consent":
        said.append("Tick the box to say you agree.")
    elif kind == "number":
        said.append("Write a number in the box." + _number_range(question))
    elif kind in WRITE_INSTRUCTIONS:
        said.append(WRITE_INSTRUCTIONS[kind])
    if question.answerable and not question.required:
        said.append("You do not have to answer this.")
    return tuple(said)


def _number_range(question: QuestionBase) -> str:
    low, high = getattr(question, "min", None), getattr(question, "max", None)
    noun = "whole number" if getattr(question, "whole_number", False) else "number"
    if low is not None and high is not None:
        return f" Use a {noun} from {low:g} to {high:g}."
    if low is not None:
        return f" Use a {noun} of {low:g} or more."
    if high is not None:
        return f" Use a {noun} of {high:g} or less."
    return " Use a whole number." if noun == "whole number" else ""


def file_picture(concept_name: str | None, alt: str | None = None) -> Picture | None:
    """A picture concept as its SVG file (embedded in the PDF), or None when unknown."""
    name = (concept_name or "").strip()
    concept = easyread.find_concept(name) if name else None
    if concept is None:
        return None
    try:
        path = easyread.picture_path(concept.name)
    except easyread.PictureNotFound:
        return None
    return Picture(Path(path).resolve().as_uri(), alt or concept.name)


# Routing as instructions -----------------------------------------------------------------

def _choice_label(question: QuestionBase, key: str, easy: bool) -> str:
    if easy:
        view = easy_read.question_view(question, lambda *_args: None)
        return view.choice_words(key)
    return next((c.label for c in question.choices() if c.key == key), key)


def _condition(rule: ShowIf | None, definition: SurveyDefinition, numbers: dict[str, int],
               easy: bool, what: str) -> str:
    """"Only answer this if you ticked Yes at question 3", for a question or section."""
    if rule is None:
        return ""
    target = definition.question(rule.question)
    if target is None or rule.question not in numbers:
        return ""
    ticked = " or ".join(f"“{_choice_label(target, v, easy)}”" for v in rule.in_)
    this = "this section" if what == "section" else "this"
    return f"Only answer {this} if you ticked {ticked} at question {numbers[rule.question]}."


def _hidden_when(rule: ShowIf | None, target: str, value: str) -> bool:
    return rule is not None and rule.question == target and value not in rule.in_


def _skipped(item: tuple[SectionDef, QuestionBase], target: str, value: str) -> bool:
    """Whether answering `value` to `target` skips this question (or its section)."""
    section, question = item
    return (_hidden_when(section.show_if, target, value)
            or _hidden_when(question.show_if, target, value))


def _routes(definition: SurveyDefinition, numbers: dict[str, int], easy: bool
            ) -> dict[tuple[str, str], str]:
    """(question, answer) → "If you ticked No, go to question 7", for every answer that
    skips the question straight after it. Skips further on are said at the question
    skipped ("Only answer this if…")."""
    ordered = [(s, q) for s in definition.sections for q in s.questions if q.key in numbers]
    routes: dict[tuple[str, str], str] = {}
    for index, (_section, target) in enumerate(ordered):
        if not target.routable:
            continue
        later = ordered[index + 1:]
        for choice in target.choices():
            if not later or not _skipped(later[0], target.key, choice.key):
                continue
            following = next((question for item in later for question in [item[1]]
                              if not _skipped(item, target.key, choice.key)), None)
            where = (f"go to question {numbers[following.key]}" if following
                     else "go to the end of the form")
            label = _choice_label(target, choice.key, easy)
            routes[(target.key, choice.key)] = f"If you ticked “{label}”, {where}."
    return routes
