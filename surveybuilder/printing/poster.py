"""Posters (A4) and flyers (A5) that send people to a published consultation, for the
walls and counters of libraries, GP surgeries and day centres (issue 16).

One page in standard, easy read or large print: the title, the closing date, a QR code
to the consultation's public address with the address written out, and the other ways
to take part (a paper copy, events with a place, the e-mail address, phone number and
other contact, each on its own line), under the organisation's name and logo
(branding.py). The words are the
catalogue's, as on the forms (easy read's own catalogue for easy read); staff's words
(title, contact, events) are shown as written. The PDF is tagged like the forms
(pdf/ua-1, printing/pdf.py), with the QR code a picture with a text alternative; in
easy read each block has its picture on the left, as on the easy-read forms.
Nothing here reads Flask request state: the web page gives the address, made from
PUBLIC_URL.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import segno

import easyread
from surveybuilder import wording
from surveybuilder.branding import Brand
from surveybuilder.formats import EASY_READ
from surveybuilder.printing.document import _environment as print_templates
from surveybuilder.printing.document import file_picture, long_date
from surveybuilder.printing.formats import PrintFormat
from surveybuilder.printing.pdf import render_pdf
from surveybuilder.survey.contact import ContactDetails
from surveybuilder.survey.definition import SurveyDefinition


@dataclass(frozen=True)
class Paper:
    """A sheet size: its CSS name, its body text size (the print format's body size on
    an A5 flyer, never under 14 pt; larger on an A4 poster read from further away) and
    the QR code's side, big enough to scan from arm's length."""

    slug: str
    css: str
    extra_pt: int
    qr_mm: int
    label: str

    def body_sizes(self, print_format: PrintFormat) -> list[int]:
        """Body sizes to try, largest first, down to the format's own (never smaller:
        12 pt standard, 16 pt easy read, the large print size)."""
        largest = max(print_format.font_pt, 14) + self.extra_pt
        return list(range(largest, print_format.font_pt - 1, -2))


A4_POSTER = Paper("a4", "A4", 6, 50, "A4 poster")
A5_FLYER = Paper("a5", "A5", 0, 34, "A5 flyer")
PAPERS = {paper.slug: paper for paper in (A4_POSTER, A5_FLYER)}


@dataclass(frozen=True)
class PosterEvent:
    title: str
    place: str
    day: date


@dataclass(frozen=True)
class PosterFacts:
    """What a poster says, taken from the live version and the organisation's brand
    (`logo` a data: address, as the PDF fetches nothing)."""

    title: str
    organisation: str
    address: str
    closes: date | None
    contact: ContactDetails
    paper_copies: bool
    events: tuple[PosterEvent, ...]
    logo: str | None = None
    logo_alt: str = ""


def poster_facts(definition: SurveyDefinition, brand: Brand, address: str, today: date,
                 logo: str | None = None) -> PosterFacts:
    """A poster's facts: events are listed only where they have a place to go to and
    are still to come, as a poster stays on the wall."""
    events = tuple(PosterEvent(event.title, event.location, event.starts.date())
                   for event in definition.events
                   if event.location and event.starts.date() >= today)
    return PosterFacts(definition.title, brand.name, address, definition.closes,
                       definition.contact_details, definition.paper, events, logo,
                       brand.logo_alt)


def qr_data_uri(address: str) -> str:
    """The address as a QR code (SVG, medium error correction so a scuffed poster still
    scans, the standard quiet zone of 4 modules)."""
    return segno.make(address, error="m", micro=False).svg_data_uri(border=4)


def poster_html(facts: PosterFacts, print_format: PrintFormat, paper: Paper,
                body_pt: int) -> str:
    """The poster as one self-contained HTML page, in its format's words."""
    easy = print_format.answer_format == EASY_READ
    with wording.in_locale(wording.locale_for(easy)):
        return print_templates().get_template("poster.html").render(
            facts=facts, fmt=print_format, paper=paper, body_pt=body_pt, easy=easy,
            picture=file_picture, credit=easyread.ATTRIBUTION,
            qr=qr_data_uri(facts.address), day=long_date)


def render_poster(facts: PosterFacts, print_format: PrintFormat, paper: Paper) -> bytes:
    """The poster or flyer as a tagged PDF, on one page if it fits: a long title or
    many events make the text smaller, never below the format's own size, and what
    still does not fit goes on to a second page rather than being left out."""
    for body_pt in paper.body_sizes(print_format):
        rendered = render_pdf(poster_html(facts, print_format, paper, body_pt),
                              data_urls=True)
        if rendered.page_count == 1:
            break
    return rendered.pdf
