"""What every resident page works from: the published survey or the journey the address
names, the format the page is drawn in, and the addresses pages lead to.

The view modules (`starting`, `question_pages`, `submitting`, `save_and_return`) share
these helpers, so loading, formats and "where next" are decided once.
"""

from __future__ import annotations

from datetime import date
from typing import Any, NamedTuple

from flask import abort, current_app, g, render_template, request, url_for

from surveybuilder import db, formats
from surveybuilder.consultations import finding, lifecycle
from surveybuilder.consultations.lifecycle import VersionStamp
from surveybuilder.formats import AnswerFormat
from surveybuilder.models import Consultation, Status, SurveyVersion
from surveybuilder.responses import journeys, ratelimit
from surveybuilder.responses.journeys import JourneyState, ShownConsultation
from surveybuilder.survey import journey as route
from surveybuilder.survey.answers import Limits
from surveybuilder.survey.definition import SurveyDefinition
from surveybuilder.survey.journey import Page
from surveybuilder.survey.loading import load_definition
from surveybuilder.web_formats import asked_format, show_in_format

# A field people cannot see or reach: a form that fills it in was sent by a robot.
HONEYPOT = "website"


class Answering(NamedTuple):
    """What every page of a journey works from."""

    consultation: ShownConsultation
    journey: JourneyState
    definition: SurveyDefinition
    version: VersionStamp

# Either the whole consultation (its own page) or what journey pages read of it.
AnyConsultation = Consultation | ShownConsultation


# Loading --------------------------------------------------------------------------------

def published(slug: str) -> tuple[Consultation, VersionStamp, SurveyDefinition]:
    """The consultation the address names and its live version; 404 without either."""
    consultation = finding.by_slug(db.session(), slug)
    if consultation is None:
        abort(404)
    version = lifecycle.live_version_stamp(db.session(), consultation)
    if version is None:
        abort(404)
    return consultation, version, definition_of(version)


def startable(slug: str) -> tuple[ShownConsultation, VersionStamp, SurveyDefinition]:
    """What Start needs, in one query: the consultation's address, title and status and
    its live version; 404 without either."""
    found = journeys.published(db.session(), slug)
    if found is None or found.version is None:
        abort(404)
    return found.consultation, found.version, definition_of(found.version)


def definition_of(version: VersionStamp) -> SurveyDefinition:
    """The version's parsed definition, read from the database only the first time."""
    def parse() -> SurveyDefinition:
        return load_definition(db.session().get(SurveyVersion, version[0]).definition)

    return current_app.extensions["respond.definitions"].get_or_make(version, parse)


def answering(slug: str, token: str) -> Answering:
    """The consultation, the journey through it that the address names and the version
    it answers (one query: every journey page asks for all three)."""
    reading = request.method == "GET"  # journey pages' GETs read one row and draw it
    found = journeys.with_consultation(db.reading_session() if reading else db.session(),
                                       slug, token)
    if found is None:
        abort(404)
    return Answering(found.consultation, found.journey, definition_of(found.version),
                     found.version)


def limits() -> Limits:
    return Limits(long_text_max=current_app.config["LONG_TEXT_MAX"])


def accepting(consultation: AnyConsultation, definition: SurveyDefinition) -> bool:
    return lifecycle.is_accepting_answers(consultation, definition, date.today())


# What a page saved in one statement knows of its consultation: the UPDATE itself
# requires the status to be open, so only the version's dates are left to check.
_OPEN = ShownConsultation(0, "", "", Status.OPEN, 0)


def accepting_if_open(definition: SurveyDefinition) -> bool:
    """`accepting`, for a consultation known to be open."""
    return accepting(_OPEN, definition)


def pages_of(definition: SurveyDefinition, journey: JourneyState) -> list[Page]:
    """The pages as the journey's format splits them (easy read: one question each).
    A parsed definition never changes, so its split is kept with it."""
    return pages_in(definition, formats.from_value(journey.format))


def pages_in(definition: SurveyDefinition, answer_format: AnswerFormat) -> list[Page]:
    """The definition's pages in this format, split once per definition and format."""
    split = current_app.extensions["respond.pages"]
    key = (id(definition), answer_format.value)

    def make() -> tuple[SurveyDefinition, list[Page]]:
        return definition, formats.pages(definition, answer_format)

    kept = split.get_or_make(key, make)
    if kept[0] is not definition:  # an id reused after its definition was dropped
        kept = make()
        split.put(key, kept)
    return kept[1]


def address_key() -> str:
    """The rate limits' key for the address this request came from."""
    return ratelimit.address_key(current_app.config["SECRET_KEY"], request.remote_addr or "")


# Formats ---------------------------------------------------------------------------------
# A page's format comes from its journey, or before there is one from `?format=` in the
# address; every page's switcher links to the same address in another format. Only the
# templates and styles differ between formats: these helpers decide which to show.

def show_in(answer_format: AnswerFormat, switch_path: str | None = None) -> AnswerFormat:
    """Draw this request's page in `answer_format`. The switcher links to `switch_path`
    in each format (default: this address, which must answer a GET)."""
    g.answer_format = answer_format
    g.format_switch_path = switch_path
    show_in_format(answer_format)
    return answer_format


def show_in_journey_format(journey: JourneyState, switch_path: str | None = None
                           ) -> AnswerFormat:
    return show_in(formats.from_value(journey.format), switch_path)


def change_format(definition: SurveyDefinition, journey: JourneyState,
                  wanted: AnswerFormat) -> AnswerFormat:
    """Answer the rest of the journey in `wanted`; returns the format it had. The
    place saved for "come back later" moves to the page showing the same question."""
    old = formats.from_value(journey.format)
    moved = None
    if journey.page:
        moved = formats.matching_page(pages_in(definition, old), pages_in(definition, wanted),
                                      journey.page, journeys.answers_of(definition, journey))
    journeys.set_format(db.session(), journey, wanted.value, moved)
    db.session().commit()
    return old


def switched(definition: SurveyDefinition, journey: JourneyState) -> AnswerFormat | None:
    """When a journey page is asked for with `?format=` (the switcher's links), the
    journey takes that format; returns the format it had, else None."""
    wanted = asked_format() if request.method == "GET" else None
    return change_format(definition, journey, wanted) if wanted else None


def journey_page(slug: str, token: str
                 ) -> tuple[ShownConsultation, JourneyState, SurveyDefinition, bool]:
    """What every page of a journey starts with: the consultation, the journey, the
    version it answers and its format; True when the address asked to switch format
    (the page then redirects to itself without `?format=`)."""
    item, journey, definition, _version = answering(slug, token)
    if switched(definition, journey):
        return item, journey, definition, True
    show_in_journey_format(journey)
    return item, journey, definition, False


# Where pages lead ---------------------------------------------------------------------------

def page_url(item: AnyConsultation, journey: JourneyState, number: int) -> str:
    """A question page's address. Check answers links to every page, so the journey's
    address is built by the router once a request and the page number added to it."""
    return page_address(item.slug, journey.token, number)


def page_address(slug: str, token: str, number: int) -> str:
    """`page_url` from the journey's address alone."""
    key = (slug, token)
    bases = g.setdefault("journey_addresses", {})
    if key not in bases:
        bases[key] = url_for("respond.page", slug=slug, token=token,
                             number=0).removesuffix("0")
    return f"{bases[key]}{number}"


def resume_url(item: AnyConsultation, journey: JourneyState, pages: list[Page],
               answers: dict[str, Any]) -> str:
    """Where the resident saved, if still on their route; else the first page still
    needing an answer, or check answers when none does."""
    saved_on = next((p for p in pages if p.number == journey.page), None)
    if saved_on is not None and saved_on.is_shown(answers):
        return page_url(item, journey, saved_on.number)
    missing = route.missing_required(pages, answers)
    if missing:
        return page_url(item, journey, missing[0][0].number)
    answered_pages = [p.number for p in pages
                      if any(q.key in answers for q in p.questions)]
    following = route.next_page(pages, max(answered_pages, default=0), answers)
    if following is None:
        return url_for("respond.check", slug=item.slug, token=journey.token)
    return page_url(item, journey, following.number)


def closed(item: AnyConsultation, definition: SurveyDefinition) -> tuple[str, int]:
    """The page for a consultation not (or no longer) taking answers."""
    not_yet = bool(item.status == Status.OPEN and definition.opens
                   and date.today() < definition.opens)
    return render_template("respond/closed.html", consultation=item, definition=definition,
                           not_yet=not_yet,
                           results_published=item.status == Status.RESULTS_PUBLISHED), (
        200 if not_yet else 410)
