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
(`easy_read_view.question_view`), with the picture files embedded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Literal

from jinja2 import Environment, FileSystemLoader, StrictUndefined

import easyread
from surveybuilder import easy_read_view as easy_read
from surveybuilder import wording
from surveybuilder.easy_read_view import Picture, WordHelp
from surveybuilder.formats import EASY_READ, STANDARD
from surveybuilder.printing.formats import PrintFormat
from surveybuilder.survey import routing_words
from surveybuilder.survey.definition import QuestionBase, ShowIf, SurveyDefinition
from surveybuilder.survey.numbering import question_numbers
from surveybuilder.survey.types.base import PrintedBox

TEMPLATES = Path(__file__).resolve().parents[1] / "jinja" / "print"


@dataclass(frozen=True)
class AnswerBox:
    """A box the reader ticks or writes in, as the layout file records it."""

    id: str
    question: str
    number: int
    kind: Literal["tick", "write"]
    option: str | None = None
    part: str | None = None
    words: str = ""


@dataclass(frozen=True)
class PrintedChoice:
    key: str
    words: str
    picture: Picture | None
    box: AnswerBox
    route: str
    marks: tuple[str, ...] = ()
    """Signs printed beside the answer that a routing instruction points at ("►")."""


@dataclass(frozen=True)
class PrintedRouting:
    """"Only answer this if you ticked “Yes” at question 3.", as printed: its lines (in
    easy read, maybe a lead-in and then the answers one to a line) and the answers it
    names with their pictures, shown beside it in easy read."""

    lines: tuple[str, ...]
    answers: tuple[tuple[str, Picture | None], ...]
    answers_on_own_lines: bool

    @property
    def text(self) -> str:
        return " ".join(self.lines)

    @property
    def pictures(self) -> tuple[Picture, ...]:
        return tuple(picture for _, picture in self.answers if picture)


@dataclass(frozen=True)
class PrintedQuestion:
    question: QuestionBase
    number: int | None
    lines: tuple[str, ...]
    picture: Picture | None
    hint: str
    instructions: tuple[str, ...]
    condition: PrintedRouting | None
    choices: tuple[PrintedChoice, ...]
    writing: tuple[AnswerBox, ...]
    groups: tuple[tuple[str, tuple[PrintedChoice, ...]], ...]
    hard_words: tuple[WordHelp, ...]
    stacked: bool = False
    """Groups drawn one under another rather than as a table (easy read, large print:
    big words in six columns do not fit across the page)."""

    @property
    def kind(self) -> str:
        return self.question.kind

    @property
    def spans_pages(self) -> bool:
        """A table of statements may run over a page break; other questions are kept
        whole on one page."""
        return bool(self.groups)


@dataclass(frozen=True)
class PrintedSection:
    title: str
    description: str
    condition: PrintedRouting | None
    questions: tuple[PrintedQuestion, ...]
    # Easy read: the introduction's easy-read lines and the picture on their left.
    easy_intro: easy_read.EasyReadSection | None = None


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
                for box in (*(c.box for c in q.choices),
                            *(c.box for _, row in q.groups for c in row), *q.writing)]


def build(definition: SurveyDefinition, version: int, print_format: PrintFormat,
          organisation: str) -> PrintedDocument:
    """The printed document for one definition in one format, in that format's words
    (the types' printed instructions come from the catalogue of its locale)."""
    with wording.in_locale(_locale(print_format)):
        return _build(definition, version, print_format, organisation)


def _build(definition: SurveyDefinition, version: int, print_format: PrintFormat,
           organisation: str) -> PrintedDocument:
    numbers = question_numbers(definition)
    easy = print_format.answer_format == EASY_READ
    routes = _routes(definition, numbers, easy)
    sections = []
    for section in definition.sections:
        questions = tuple(_question(q, numbers, routes, definition, easy,
                                    stacked=print_format.answer_format != STANDARD)
                          for q in section.questions)
        sections.append(PrintedSection(
            title=section.title, description=section.description,
            condition=_condition(section.show_if, definition, numbers, easy, "section"),
            questions=questions,
            easy_intro=easy_read.section_view(section, file_picture) if easy else None))
    shown = easy and any(q.picture or any(c.picture for c in q.choices)
                         for s in sections for q in s.questions)
    return PrintedDocument(definition, version, print_format, organisation,
                           tuple(sections), shown, easy_read.credit())


def to_html(document: PrintedDocument) -> str:
    """The document as one self-contained HTML page (stylesheet inline), its fixed
    words from the catalogue of its format: easy read's own, else the English."""
    with wording.in_locale(_locale(document.print_format)):
        return _environment().get_template("form.html").render(
            doc=document, definition=document.definition, fmt=document.print_format,
            easy=document.print_format.answer_format == EASY_READ, day=long_date,
            info_picture=file_picture)


def _locale(print_format: PrintFormat) -> str:
    return wording.locale_for(print_format.answer_format == EASY_READ)


def long_date(value: date) -> str:
    """A date as people write it, with the day of the week: "Sunday 7 March 2027"."""
    return f"{value:%A} {value.day} {value:%B %Y}"


@cache
def _environment() -> Environment:
    """Templates mark fixed words with `_()`, given by `wording` as on the web pages."""
    environment = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=True,
                              undefined=StrictUndefined, trim_blocks=True,
                              lstrip_blocks=True, extensions=["jinja2.ext.i18n"])
    environment.install_gettext_callables(wording.gettext, wording.ngettext, newstyle=True)
    environment.globals["sentences"] = easy_read.lines  # easy read: a sentence a line
    return environment


# Questions -------------------------------------------------------------------------------

def _question(question: QuestionBase, numbers: dict[str, int],
              routes: _Routes, definition: SurveyDefinition,
              easy: bool, stacked: bool) -> PrintedQuestion:
    number = numbers.get(question.key)
    view = (easy_read.question_view(question, file_picture, definition.meanings()) if easy
            else None)
    lines = view.lines if view else tuple(p.strip() for p in question.text.split("\n\n")
                                          if p.strip())
    spec = question.printed(easy)
    asked = number is not None and question.answerable

    def ticks(boxes: tuple[PrintedBox, ...]) -> tuple[PrintedChoice, ...]:
        return tuple(_printed_choice(question, number, box, view, routes)
                     for box in boxes if box.kind == "tick") if asked else ()

    writing = tuple(AnswerBox(_box_id(question.key, box.part), question.key, number, "write",
                              part=box.part,
                              words=view.choice_words(box.part) if view and box.part
                              and box.words else box.words)
                    for box in spec.boxes if box.kind == "write") if asked else ()
    said = [spec.instruction] if spec.instruction else []
    if question.answerable and not question.required:
        said.append(wording.gettext("You do not have to answer this."))
    return PrintedQuestion(
        question=question, number=number, lines=lines,
        picture=view.picture if view else None, hint=question.hint,
        instructions=tuple(said),
        condition=_condition(question.show_if, definition, numbers, easy, "question"),
        choices=ticks(spec.boxes), writing=writing,
        groups=tuple((label, ticks(boxes)) for label, boxes in spec.groups),
        hard_words=view.hard_words if view else (), stacked=stacked)


def _box_id(question_key: str, part: str | None) -> str:
    """`box-<question>`, or `box-<question>-<part>` (an option, a date's day…); a grid's
    "row:column" part becomes "row-column", as ids are kept to letters, digits, _ and -."""
    return f"box-{question_key}-{part.replace(':', '-')}" if part else f"box-{question_key}"


def _printed_choice(question: QuestionBase, number: int, box: PrintedBox,
                    view: easy_read.EasyReadQuestion | None,
                    routes: _Routes) -> PrintedChoice:
    """A tick box with its words: in easy read the easy-read words and picture of the
    answer where it has them."""
    answer = box.answer or box.option
    easy = next((c for c in view.choices if c.key == answer), None) if view else None
    words, picture = (easy.words, easy.picture) if easy else (box.words, None)
    key = box.option or ""
    return PrintedChoice(key, words, picture,
                         AnswerBox(_box_id(question.key, key), question.key, number, "tick",
                                   option=key),
                         routes.go_tos.get((question.key, key), ""),
                         routes.marks.get((question.key, key), ()))


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
# The words are chosen by `survey.routing_words` (the shortest true instruction, never
# more than three answers named); this part gives it the answers' words, everyday or
# easy read, and adds the easy-read pictures of the answers an instruction names.

@dataclass(frozen=True)
class _Routes:
    go_tos: dict[tuple[str, str], str]
    marks: dict[tuple[str, str], tuple[str, ...]]


def _labels(easy: bool) -> routing_words.Labels:
    if easy:
        return lambda question: easy_read.question_view(question, file_picture).choice_map
    return lambda question: {c.key: c.label for c in question.choices()}


def _condition(rule: ShowIf | None, definition: SurveyDefinition, numbers: dict[str, int],
               easy: bool, what: routing_words.Item) -> PrintedRouting | None:
    """"Only answer this if you ticked Yes at question 3", for a question or section."""
    said = routing_words.at_item(rule, definition, numbers, _labels(easy), what,
                                 easy) if rule else None
    if said is None:
        return None
    target = definition.question(rule.question)
    view = easy_read.question_view(target, file_picture) if easy and target else None
    answers = tuple((view.choice_words(key) if view else key,
                     next((c.picture for c in view.choices if c.key == key), None)
                     if view else None) for key in said.named)
    return PrintedRouting(said.lines, answers, said.answers_on_own_lines)


def _routes(definition: SurveyDefinition, numbers: dict[str, int], easy: bool) -> _Routes:
    """Under each answer: where it sends the reader ("If you ticked “No”, go to question
    7.") and the signs of the instructions that point at it."""
    return _Routes(routing_words.go_tos(definition, numbers, _labels(easy), easy),
                   routing_words.marks_beside(routing_words.signs(definition)))
