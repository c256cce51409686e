"""The three formats a resident can answer in: standard, easy read and large print.

A format changes only how pages look. Routing, validation, save and return and
storage are the same code for all three (survey/journey.py, responses/); the one
thing a format decides beyond looks is how the survey is split into pages, because
easy read asks one question per page whatever the consultation says.

The format travels in the address, never in a cookie (docs/decisions/0003): before a
journey exists as `?format=easy-read` (and a hidden field of the Start form); after,
on the journey itself, which `?format=` on any journey page changes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from surveybuilder.survey import journey as route
from surveybuilder.survey.definition import SurveyDefinition
from surveybuilder.survey.journey import Page

PARAMETER = "format"  # the name of the query parameter and of the Start form's field


@dataclass(frozen=True)
class AnswerFormat:
    """One format: `value` is stored on journeys and responses, `slug` is what the
    address carries, `label` what the switcher shows."""

    value: str
    slug: str
    label: str
    one_question_per_page: bool = False

    @property
    def css_class(self) -> str:
        """The class on <html> and <body> that the stylesheet keys the format's look on."""
        return f"sb-format--{self.slug}"


STANDARD = AnswerFormat("standard", "standard", "Standard")
EASY_READ = AnswerFormat("easy_read", "easy-read", "Easy read", one_question_per_page=True)
LARGE_PRINT = AnswerFormat("large_print", "large-print", "Large print")
FORMATS: tuple[AnswerFormat, ...] = (STANDARD, EASY_READ, LARGE_PRINT)

_BY_SLUG = {f.slug: f for f in FORMATS}
_BY_VALUE = {f.value: f for f in FORMATS}


def from_slug(slug: str | None) -> AnswerFormat | None:
    """The format an address names, or None for no name or an unknown one."""
    return _BY_SLUG.get((slug or "").strip().lower())


def from_value(value: str | None) -> AnswerFormat:
    """The format stored on a journey; anything unknown is shown as standard."""
    return _BY_VALUE.get(value or "", STANDARD)


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


def switcher_links(address: str, current: AnswerFormat) -> list[dict[str, Any]]:
    """The format switcher's links: `address` (which names no format) in each format,
    the one shown marked current."""
    joiner = "&" if "?" in address else "?"
    return [{"format": f, "current": f == current,
             "url": address + joiner + urlencode({PARAMETER: f.slug})} for f in FORMATS]


def without_format(path: str, args: Iterable[tuple[str, str]]) -> str:
    """`path` with the query arguments `args` except the format."""
    kept = [(k, v) for k, v in args if k != PARAMETER]
    return path + ("?" + urlencode(kept) if kept else "")


def page_context(current: AnswerFormat, address: str, chosen: bool) -> dict[str, Any]:
    """What every page residents see needs to draw the switcher (links to `address`
    in each format) and to carry a format the resident chose on to the next page."""
    return {"answer_format": current, "format_links": switcher_links(address, current),
            "format_chosen": chosen,
            "format_args": {PARAMETER: current.slug} if chosen else {},
            "format_field": PARAMETER}
