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
from surveybuilder.addresses import Requester
from surveybuilder.consultations import finding, lifecycle
from surveybuilder.consultations.lifecycle import VersionStamp
from surveybuilder.formats import AnswerFormat
from surveybuilder.models import Consultation, Status, SurveyVersion
from surveybuilder.responses import journeys
from surveybuilder.responses.journeys import JourneyState, ShownConsultation
from surveybuilder.survey import journey as route
from surveybuilder.survey import translations
from surveybuilder.survey.answers import Limits
from surveybuilder.survey.definition import SurveyDefinition
from surveybuilder.survey.journey import Page
from surveybuilder.survey.languages import ENGLISH
from surveybuilder.survey.loading import load_definition
from surveybuilder.web_brand import show_brand_of
from surveybuilder.web_formats import LANGUAGE, asked_format, named_language, show_in_format

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
    """The consultation the address names and its live version, in the language the
    address or form asks for if the version offers it; 404 without either."""
    consultation = finding.by_slug(db.session(), slug)
    if consultation is None:
        abort(404)
    version = lifecycle.live_version_stamp(db.session(), consultation)
    if version is None:
        abort(404)
    show_brand_of(consultation.organisation_id)
    return consultation, version, in_chosen_language(version)


def startable(slug: str) -> tuple[ShownConsultation, VersionStamp, SurveyDefinition]:
    """What Start needs, in one query: the consultation's address, title and status and
    its live version (in the language the form names, if offered); 404 without either."""
    found = journeys.published(db.session(), slug)
    if found is None or found.version is None:
        abort(404)
    show_brand_of(found.consultation.organisation_id)
    return found.consultation, found.version, in_chosen_language(found.version)


def in_chosen_language(version: VersionStamp) -> SurveyDefinition:
    """Before a journey: the version in the language the address or the posted form
    names (`?language=ur`), if the version offers it, else in English."""
    english = definition_of(version)
    return definition_in(version, named_language(english.languages) or ENGLISH)


def definition_of(version: VersionStamp) -> SurveyDefinition:
    """The version's parsed definition, read from the database only the first time."""
    def parse() -> SurveyDefinition:
        return load_definition(db.session().get(SurveyVersion, version[0]).definition)

    return current_app.extensions["respond.definitions"].get_or_make(version, parse)


def definition_in(version: VersionStamp, language: str) -> SurveyDefinition:
    """The version's definition with its texts in `language` (English where a text has no
    up-to-date translation), made once per version and language: building it costs
    about a millisecond, too much for every page. Pages draw it in `language`
    (`g.in_language`: which texts fell back to English, for `web_formats.fell_back`)."""
    english = definition_of(version)
    if language not in english.languages:  # English, or a language no longer offered
        made = translations.InLanguage(ENGLISH, english, frozenset())
    else:
        made = current_app.extensions["respond.in_language"].get_or_make(
            (version, language), lambda: translations.in_language(english, language))
    g.in_language = made
    return made.definition


def answering(slug: str, token: str) -> Answering:
    """The consultation, the journey through it that the address names and the version
    it answers (one query: every journey page asks for all three)."""
    reading = request.method == "GET"  # journey pages' GETs read one row and draw it
    found = journeys.with_consultation(
        db.reading_connection() if reading else db.session().connection(), slug, token)
    if found is None:
        abort(404)
    show_brand_of(found.consultation.organisation_id)
    return Answering(found.consultation, found.journey,
                     definition_in(found.version, found.journey.language), found.version)


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


def requester() -> Requester:
    """Who the rate limits count this request as: its address, only ever hashed."""
    return Requester(current_app.config["SECRET_KEY"], request.remote_addr or "")


# Formats ---------------------------------------------------------------------------------
# A page's format comes from its journey, or before there is one from `?format=` in the
# address; every page's switcher links to the same address in another format. Only the
# templates and styles differ between formats: these helpers decide which to show.

def show_in(answer_format: AnswerFormat, switch_path: str | None = None) -> AnswerFormat:
    """Draw this request's page in `answer_format`, in the language of the definition
    last loaded (`definition_in`). The switcher links to `switch_path` in each format
    (default: this address, which must answer a GET)."""
    g.answer_format = answer_format
    g.format_switch_path = switch_path
    shown = g.get("in_language")
    show_in_format(answer_format, shown.language if shown else ENGLISH)
    return answer_format


def show_in_journey_format(journey: JourneyState, switch_path: str | None = None
                           ) -> AnswerFormat:
    return show_in(formats.from_value(journey.format), switch_path)


def asked_journey_language(definition: SurveyDefinition) -> str | None:
    """The language a journey page's address asks for (`?language=`): one the
    consultation offers, or English; any other is ignored."""
    asked = request.args.get(LANGUAGE) if request.method == "GET" else None
    return asked if asked == ENGLISH or asked in definition.languages else None


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
    """When a journey page is asked for with `?format=` (the switcher's links) or
    `?language=`, the journey takes that format and language; returns the format it
    had, else None (the page then redirects to itself without them)."""
    language = asked_journey_language(definition)
    if language is not None:
        journeys.set_language(db.session(), journey, language)
        db.session().commit()
    wanted = asked_format() if request.method == "GET" else None
    if wanted:
        return change_format(definition, journey, wanted)
    return formats.from_value(journey.format) if language is not None else None


def journey_page(slug: str, token: str) -> tuple[Answering, bool]:
    """What every page of a journey but the question pages starts with: the
    consultation, the journey, the version it answers and its format; True when the
    address asked to switch format (the page then redirects to itself without
    `?format=`)."""
    found = answering(slug, token)
    if switched(found.definition, found.journey):
        return found, True
    show_in_journey_format(found.journey)
    return found, False


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
