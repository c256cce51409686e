"""Stage 1: a survey definition and a print format → the printed document → HTML.

The printed document says everything a person with a pen needs, in words: what the
consultation is about and what can change, the closing date, how to send the form
back and how to ask for another format; every question numbered as paper keying and
exports number it (`survey.numbering.question_numbers`); "Tick one" or "Tick all that
apply"; and routing written as instructions ("If you ticked No, go to question 7",
"Only answer this if you ticked Yes at question 3").

Every answer box gets an id (`box-<question>`, `box-<question>-<option>`, or for a
row of one-character boxes `box-<question>-c<n>` and `box-<question>-day-c<n>`…), which
the PDF stage turns into page positions for the layout file. Every tick box has its
option number printed on its left (the type's `keying_choices`): what keyers type.
Easy read reuses the web's easy-read words and pictures
(`easy_read_view.question_view`), with the picture files embedded.

A form is drawn in one language (decision 18): the survey's texts as
`survey.translations.in_language` gives them and the fixed words from that language's
catalogue (`wording.locale_for`). The document records which of its texts are shown in
English for want of a translation, and the template marks each of those (and staff's
untranslated words, such as the return address) `lang="en" dir="ltr"`, so a screen
reader speaks them as English and, on a right-to-left form, they keep their own
direction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cache
from pathlib import Path
from typing import Literal

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

import easyread
from surveybuilder import easy_read_view as easy_read
from surveybuilder import wording
from surveybuilder.branding import SITE_BRAND, Brand
from surveybuilder.easy_read_view import Picture, WordHelp
from surveybuilder.formats import EASY_READ, STANDARD
from surveybuilder.printing.formats import PrintFormat
from surveybuilder.survey import routing_words
from surveybuilder.survey.contact import contact_html
from surveybuilder.survey.definition import QuestionBase, ShowIf, SurveyDefinition
from surveybuilder.survey.languages import ENGLISH
from surveybuilder.survey.languages import language as language_named
from surveybuilder.survey.numbering import question_numbers
from surveybuilder.survey.translations import InLanguage
from surveybuilder.survey.types.base import PrintedBox

TEMPLATES = Path(__file__).resolve().parents[1] / "jinja" / "print"


# The Noto families each script is printed in (Debian fonts-noto-core; decision 18).
SCRIPT_FONTS: dict[str, tuple[str, ...]] = {
    "pa": ("Noto Sans Gurmukhi",),
    "bn": ("Noto Sans Bengali",),
    "ur": ("Noto Nastaliq Urdu", "Noto Naskh Arabic"),
    "ar": ("Noto Naskh Arabic",),
}
LINE_HEIGHTS: dict[str, float] = {"ur": 2.2}


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
    option_number: int | None = None
    """A tick box's number printed beside it: what a keyer types for it."""
    character: int | None = None
    """A writing box's place (from 1) in a row of one-character boxes."""


@dataclass(frozen=True)
class PrintedChoice:
    key: str
    words: str
    picture: Picture | None
    box: AnswerBox
    route: str
    marks: tuple[str, ...] = ()
    """Signs printed beside the answer that a routing instruction points at ("►")."""
    english: bool = False
    """The words are staff's English, shown for want of a translation."""


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
    english_text: bool = False
    english_hint: bool = False
    """The question's words or hint are shown in English for want of a translation."""

    @property
    def kind(self) -> str:
        return self.question.kind

    @property
    def character_rows(self) -> tuple[tuple[str | None, tuple[AnswerBox, ...]], ...]:
        """The one-character writing boxes as rows, one per part (a date's day, month
        and year; a number's or postcode's one row); empty for free writing."""
        rows: dict[str | None, list[AnswerBox]] = {}
        for box in self.writing:
            if box.character is not None:
                rows.setdefault(box.part, []).append(box)
        return tuple((part, tuple(boxes)) for part, boxes in rows.items())

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
    english_title: bool = False
    english_description: bool = False


@dataclass(frozen=True)
class PrintedDocument:
    definition: SurveyDefinition
    version: int  # printed at the foot of each page, so keying uses the same questions
    print_format: PrintFormat
    organisation: str
    sections: tuple[PrintedSection, ...]
    pictures_shown: bool
    credit: dict[str, str] = field(default_factory=dict)
    language: str = ENGLISH
    english: frozenset[str] = frozenset()
    """The ids (`survey/texts.py`) of the survey's texts shown in English because the
    language has no up-to-date translation of them."""
    brand: Brand = SITE_BRAND
    """The organisation's look: its logo (`logo`, a data: address, so the drawing
    fetches nothing) heads the cover, with a line in its colour (branding.py)."""
    logo: str | None = None

    @property
    def foreign(self) -> bool:
        """Drawn in a language other than English: English words in it are marked."""
        return self.language != ENGLISH

    @property
    def html_lang(self) -> str:
        return "en-GB" if self.language == ENGLISH else self.language

    @property
    def font_family(self) -> str:
        """Arial for Latin letters (and its metric twin where Arial is not installed),
        then the Noto fonts of the language's script, from Debian's fonts-noto-core."""
        script = SCRIPT_FONTS.get(self.language)
        return ", ".join(["Arial", '"Liberation Sans"', *(f'"{f}"' for f in script or ()),
                          "sans-serif"])

    @property
    def line_height(self) -> float:
        """Nastaliq's letters climb and drop far above and below the line: Urdu needs
        more room between lines than the other scripts for nothing to touch."""
        return LINE_HEIGHTS.get(self.language, 1.4)

    @property
    def direction(self) -> str:
        """"rtl" for Urdu and Arabic: the page is mirrored, tick boxes on the right."""
        return language_named(self.language).direction

    def shows_english(self, text_id: str) -> bool:
        """Whether the survey's text `text_id` is shown in English on this form."""
        return self.foreign and text_id in self.english

    @property
    def boxes(self) -> list[AnswerBox]:
        """Every answer box, in the order it is printed."""
        return [box for section in self.sections for q in section.questions
                for box in (*(c.box for c in q.choices),
                            *(c.box for _, row in q.groups for c in row), *q.writing)]


def build(definition: SurveyDefinition | InLanguage, version: int,
          print_format: PrintFormat, organisation: str, brand: Brand = SITE_BRAND,
          logo: str | None = None) -> PrintedDocument:
    """The printed document for one definition in one format and language (a plain
    definition is English), in that format's and language's words (the types' printed
    instructions come from the catalogue of its locale)."""
    shown = (definition if isinstance(definition, InLanguage)
             else InLanguage(ENGLISH, definition, frozenset()))
    with wording.in_locale(_locale(print_format, shown.language)):
        built = _build(shown, version, print_format, organisation)
    return replace(built, brand=brand, logo=logo) if brand.own else built


def _build(shown: InLanguage, version: int, print_format: PrintFormat,
           organisation: str) -> PrintedDocument:
    definition = shown.definition
    english = shown.english if shown.language != ENGLISH else frozenset()
    numbers = question_numbers(definition)
    easy = print_format.answer_format == EASY_READ
    routes = _routes(definition, numbers, easy)
    sections = []
    for index, section in enumerate(definition.sections):
        questions = tuple(_question(q, numbers, routes, definition, easy,
                                    stacked=print_format.answer_format != STANDARD,
                                    english=english)
                          for q in section.questions)
        sections.append(PrintedSection(
            title=section.title, description=section.description,
            condition=_condition(section.show_if, definition, numbers, easy, "section"),
            questions=questions,
            easy_intro=easy_read.section_view(section, file_picture) if easy else None,
            english_title=f"sections.{index}.title" in english,
            english_description=f"sections.{index}.description" in english))
    pictured = easy and any(q.picture or any(c.picture for c in q.choices)
                            for s in sections for q in s.questions)
    return PrintedDocument(definition, version, print_format, organisation,
                           tuple(sections), pictured, easy_read.credit(), shown.language,
                           english)


def to_html(document: PrintedDocument) -> str:
    """The document as one self-contained HTML page (stylesheet inline), its fixed
    words from the catalogue of its format: easy read's own, else the English."""
    with wording.in_locale(_locale(document.print_format, document.language)):
        return _environment().get_template("form.html").render(
            doc=document, definition=document.definition, fmt=document.print_format,
            easy=document.print_format.answer_format == EASY_READ, day=long_date,
            info_picture=file_picture, english=_english_words(document))


def _locale(print_format: PrintFormat, language: str = ENGLISH) -> str:
    return wording.locale_for(print_format.answer_format == EASY_READ, language)


def _english_words(document: PrintedDocument) -> Callable[[object], object]:
    """Staff's words that are never translated (an address, a contact) as they go into
    a sentence of another language: isolated and marked English, so a right-to-left
    line does not reorder them."""
    if not document.foreign:
        return lambda value: value
    return lambda value: Markup('<bdi lang="en" dir="ltr">%s</bdi>') % value


def english_attributes(shown_in_english: bool) -> Markup:
    """` lang="en" dir="ltr"` on an element whose words are English on a form in
    another language; nothing otherwise."""
    return Markup(' lang="en" dir="ltr"') if shown_in_english else Markup("")


def long_date(value: date) -> str:
    """A date as the form's readers write it, with the day of the week: "Sunday 7 March
    2027" in English, Babel's full date in another language (drawn in its locale)."""
    return wording.long_date(value, weekday=True)


@cache
def _environment() -> Environment:
    """Templates mark fixed words with `_()`, given by `wording` as on the web pages."""
    environment = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=True,
                              undefined=StrictUndefined, trim_blocks=True,
                              lstrip_blocks=True, extensions=["jinja2.ext.i18n"])
    environment.install_gettext_callables(wording.gettext, wording.ngettext, newstyle=True)
    environment.globals["sentences"] = easy_read.lines  # easy read: a sentence a line
    environment.globals["en"] = english_attributes
    environment.globals["contact_html"] = contact_html
    return environment


# Questions -------------------------------------------------------------------------------

def _question(question: QuestionBase, numbers: dict[str, int],
              routes: _Routes, definition: SurveyDefinition,
              easy: bool, stacked: bool, english: frozenset[str] = frozenset()
              ) -> PrintedQuestion:
    number = numbers.get(question.key)
    view = (easy_read.question_view(question, file_picture, definition.meanings()) if easy
            else None)
    lines = view.lines if view else tuple(p.strip() for p in question.text.split("\n\n")
                                          if p.strip())
    spec = question.printed(easy)
    asked = number is not None and question.answerable

    def ticks(boxes: tuple[PrintedBox, ...]) -> tuple[PrintedChoice, ...]:
        return tuple(_printed_choice(question, number, box, view, routes, english)
                     for box in boxes if box.kind == "tick") if asked else ()

    writing = tuple(written for box in spec.boxes if box.kind == "write"
                    for written in _writing(question.key, number, box, view)) if asked else ()
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
        hard_words=view.hard_words if view else (), stacked=stacked,
        english_text=_text_id(question, easy) in english,
        english_hint=f"questions.{question.key}.hint" in english)


def _text_id(question: QuestionBase, easy: bool) -> str:
    """The id of the words printed as the question: its easy-read words when easy read
    has them, else its text."""
    written = question.easy_read.text.strip() if question.easy_read else ""
    return f"questions.{question.key}.{'easy_read' if easy and written else 'text'}"


def _option_id(question: QuestionBase, key: str, easy: bool) -> str | None:
    """The id of an answer's printed words, when staff wrote them (an option); None for
    the application's own words (yes and no, a scale's points)."""
    option = question.written_option(key)
    if option is None:
        return None
    written = option.easy_read.text.strip() if option.easy_read else ""
    return f"questions.{question.key}.options.{key}.{'easy_read' if easy and written else 'label'}"


def _writing(question_key: str, number: int, box: PrintedBox,
             view: easy_read.EasyReadQuestion | None) -> tuple[AnswerBox, ...]:
    """A box to write in, or its row of one-character boxes (`box-<question>-c1`,
    `box-<question>-day-c1`…), each recorded in the layout for a person to read."""
    words = view.choice_words(box.part) if view and box.part and box.words else box.words
    whole = AnswerBox(_box_id(question_key, box.part), question_key, number, "write",
                      part=box.part, words=words)
    if not box.characters:
        return (whole,)
    return tuple(AnswerBox(f"{whole.id}-c{place}", question_key, number, "write",
                           part=box.part, words=words, character=place)
                 for place in range(1, box.characters + 1))


def _box_id(question_key: str, part: str | None) -> str:
    """`box-<question>`, or `box-<question>-<part>` (an option, a date's day…); a grid's
    "row:column" part becomes "row-column", as ids are kept to letters, digits, _ and -."""
    return f"box-{question_key}-{part.replace(':', '-')}" if part else f"box-{question_key}"


def _printed_choice(question: QuestionBase, number: int, box: PrintedBox,
                    view: easy_read.EasyReadQuestion | None,
                    routes: _Routes, english: frozenset[str] = frozenset()) -> PrintedChoice:
    """A tick box with its words: in easy read the easy-read words and picture of the
    answer where it has them."""
    answer = box.answer or box.option
    easy = next((c for c in view.choices if c.key == answer), None) if view else None
    words, picture = (easy.words, easy.picture) if easy else (box.words, None)
    key = box.option or ""
    return PrintedChoice(key, words, picture,
                         AnswerBox(_box_id(question.key, key), question.key, number, "tick",
                                   option=key, option_number=box.number),
                         routes.go_tos.get((question.key, key), ""),
                         routes.marks.get((question.key, key), ()),
                         _option_id(question, key, view is not None) in english)


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
