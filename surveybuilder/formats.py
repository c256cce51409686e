"""The register of formats and channels: how a resident can read a survey, and how
their answers can reach the council.

A *format* changes how a survey looks, on screen and on paper: standard, easy read,
large print. A *channel* is the way the answers came in: online, or on a paper form
(keyed in by staff or imported from a file; both are the paper channel, so counts by
channel compare like with like). Every label shown for a format or a channel — results,
exports, paper keying, the command line, the format switcher, the editor — comes from
here, and the values here are what journeys, responses and paper copies store.

Formats only change how pages look. Routing, validation, save and return and storage
are the same code for all three; the one thing a format decides beyond looks is how
the survey is split into pages, because easy read asks one question per page whatever
the consultation says (`pages`).

No Flask and no database: the web's side (the switcher, addresses) is
`surveybuilder.web_formats`, the printed form's boxes are `surveybuilder.printing.formats`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from surveybuilder.survey import journey as route
from surveybuilder.survey.definition import SurveyDefinition
from surveybuilder.survey.journey import Page
from surveybuilder.wording import N_


@dataclass(frozen=True)
class AnswerFormat:
    """One format.

    `value` is stored (journeys, responses, paper copies) and named in definitions;
    `slug` is what addresses and file names carry; `label` is what people read.
    `screen_px` is the root text size on screen in CSS pixels (1rem: the smallest text
    on a page; the stylesheet sets it, and a test holds the two together).
    `print_pt` is the body (and smallest) text size on paper when none is asked for,
    and `print_sizes_pt` every size a printed form can be asked for.
    `pictures`: pages and printed forms give pictures a column of their own."""

    value: str
    slug: str
    label: str
    screen_px: int
    print_pt: int
    print_sizes_pt: tuple[int, ...]
    pictures: bool = False
    one_question_per_page: bool = False

    @property
    def css_class(self) -> str:
        """The class on <html> and <body> that the stylesheet keys the format's look on."""
        return f"sb-format--{self.slug}"


# The rules are the project's (shared reference formats.md): standard text at least
# 12 pt on paper; easy read at least 19 px on screen and 16 pt on paper, with pictures
# in a left column; large print at least 24 px on screen and 18 pt on paper by default
# (16 or 24 pt on request).
STANDARD = AnswerFormat("standard", "standard", N_("Standard"), screen_px=16,
                        print_pt=12, print_sizes_pt=(12,))
EASY_READ = AnswerFormat("easy_read", "easy-read", N_("Easy read"), screen_px=19,
                         print_pt=16, print_sizes_pt=(16,), pictures=True,
                         one_question_per_page=True)
LARGE_PRINT = AnswerFormat("large_print", "large-print", N_("Large print"), screen_px=24,
                           print_pt=18, print_sizes_pt=(16, 18, 24))
FORMATS: tuple[AnswerFormat, ...] = (STANDARD, EASY_READ, LARGE_PRINT)
# What a consultation can offer besides standard, which every consultation has.
OFFERABLE: tuple[AnswerFormat, ...] = (EASY_READ, LARGE_PRINT)
FORMAT_VALUES: tuple[str, ...] = tuple(f.value for f in FORMATS)
FORMAT_LABELS: dict[str, str] = {f.value: f.label for f in FORMATS}

_BY_SLUG = {f.slug: f for f in FORMATS}
_BY_VALUE = {f.value: f for f in FORMATS}


def from_slug(slug: str | None) -> AnswerFormat | None:
    """The format an address names, or None for no name or an unknown one."""
    return _BY_SLUG.get((slug or "").strip().lower())


def from_value(value: str | None) -> AnswerFormat:
    """The format stored on a journey or response; anything unknown is standard."""
    return _BY_VALUE.get(value or "", STANDARD)


def format_label(value: str) -> str:
    """The plain label of a stored format value; an unknown value is shown as it is."""
    found = _BY_VALUE.get(value)
    return found.label if found else value


@dataclass(frozen=True)
class Channel:
    """One way answers reach the council. `value` is what responses store."""

    value: str
    label: str


ONLINE = Channel("online", "Online")
PAPER = Channel("paper", "Paper")
CHANNELS: tuple[Channel, ...] = (ONLINE, PAPER)
CHANNEL_VALUES: tuple[str, ...] = tuple(c.value for c in CHANNELS)
CHANNEL_LABELS: dict[str, str] = {c.value: c.label for c in CHANNELS}

_CHANNEL_BY_VALUE = {c.value: c for c in CHANNELS}


def channel(value: str | None) -> Channel | None:
    """The channel a stored value (or a file's column) names, or None."""
    return _CHANNEL_BY_VALUE.get((value or "").strip().lower())


def channel_label(value: str) -> str:
    """The plain label of a stored channel value; an unknown value is shown as it is."""
    found = _CHANNEL_BY_VALUE.get(value)
    return found.label if found else value


# Pages as a format shows them ------------------------------------------------------------

def pages(definition: SurveyDefinition, answer_format: AnswerFormat) -> list[Page]:
    """The survey's pages as this format shows them."""
    return route.pages(definition, answer_format.one_question_per_page
                       or definition.one_question_per_page)


def matching_page(old_pages: list[Page], new_pages: list[Page], number: int,
                  answers: Mapping[str, Any]) -> int | None:
    """The page of `new_pages` that shows what page `number` of `old_pages` showed
    first, so a resident who switches format stays at the same question; None when
    `number` is not a page."""
    old = next((p for p in old_pages if p.number == number), None)
    if old is None:
        return None
    shown = old.shown_questions(answers) or list(old.questions)
    first = shown[0].key
    return next((p.number for p in new_pages if any(q.key == first for q in p.questions)),
                None)
