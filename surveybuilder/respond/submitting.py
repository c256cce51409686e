"""Check answers, submit and the confirmation: the journey's answers stored once as an
online response, whatever is double-clicked, reloaded or raced (docs/decisions/0003)."""

from __future__ import annotations

from typing import Any

from flask import abort, current_app, redirect, render_template, request, url_for
from werkzeug.wrappers import Response as HttpResponse

from surveybuilder import db, formats
from surveybuilder.respond.answering import (
    HONEYPOT,
    accepting,
    address_key,
    answering,
    closed,
    journey_page,
    page_url,
    pages_of,
    show_in_journey_format,
    switched,
)
from surveybuilder.respond.blueprint import bp
from surveybuilder.responses import journeys, ratelimit, storage
from surveybuilder.responses.journeys import JourneyState, ShownConsultation
from surveybuilder.survey import journey as route
from surveybuilder.survey.definition import SurveyDefinition
from surveybuilder.web_formats import same_address
from surveybuilder.wording import gettext


@bp.route("/r/<token>/check")
def check(slug: str, token: str) -> HttpResponse | str:
    item, journey, definition, switched = journey_page(slug, token)
    if switched:
        return redirect(same_address())
    if journey.response_id:
        return redirect(url_for("respond.done", slug=slug, token=token))
    if not accepting(item, definition):
        return closed(item, definition)
    return _render_check(item, journey, definition, [])


def _render_check(item: ShownConsultation, journey: JourneyState, definition: SurveyDefinition,
                  errors: list[tuple[str, str]]) -> str:
    pages = pages_of(definition, journey)
    answers = journeys.answers_of(definition, journey)
    rows = [(p, q) for p in pages for q in p.shown_questions(answers) if q.answerable]
    return render_template("respond/check.html", consultation=item, definition=definition,
                           journey=journey, rows=rows, answers=answers, errors=errors,
                           change_url=lambda p: page_url(item, journey, p.number)
                           + "?return=check", honeypot=HONEYPOT)


@bp.route("/r/<token>/submit", methods=["POST"])
def submit(slug: str, token: str) -> HttpResponse | str | tuple[str, int]:
    item, journey, definition, _version = answering(slug, token)
    # Pages after a POST are drawn here, but the switcher must lead somewhere a GET
    # can go: the check answers page.
    show_in_journey_format(journey, url_for("respond.check", slug=slug, token=token))
    if journey.response_id:
        return redirect(url_for("respond.done", slug=slug, token=token))
    if not accepting(item, definition):
        return closed(item, definition)
    pages = pages_of(definition, journey)
    answers = route.prune(definition, journeys.answers_of(definition, journey))
    missing = route.missing_required(pages, answers)
    if missing:
        errors = [(f"answer-{q.key}",
                   gettext("Answer “%(question)s”: it is required", question=q.text))
                  for _, q in missing]
        return _render_check(item, journey, definition, errors), 200
    if request.form.get(HONEYPOT):
        return _pretend_submitted(item, journey, definition)
    if not _within_submit_limit():
        db.session().commit()
        return render_template("respond/too_many.html", consultation=item,
                               minutes=current_app.config["SUBMIT_RATE_WINDOW_MINUTES"],
                               retry_url=url_for("respond.check", slug=slug, token=token)), 429
    return _store(item, journey, definition, answers)


def _within_submit_limit() -> bool:
    limit = ratelimit.Limit("submit", current_app.config["SUBMIT_RATE_LIMIT"],
                            current_app.config["SUBMIT_RATE_WINDOW_MINUTES"])
    return ratelimit.allow(db.session(), limit, address_key())


def _store(item: ShownConsultation, journey: JourneyState, definition: SurveyDefinition,
           answers: dict[str, Any]) -> HttpResponse:
    token = journey.token
    storage.submit(db.session(), item, journey.version_id, definition, answers,
                   formats.ONLINE.value, journey.format, submission_key=token,
                   also=lambda response: journeys.mark_sent(db.session(), journey, response),
                   look_first=False)  # the journey was not sent when loaded
    return redirect(url_for("respond.done", slug=item.slug, token=token))


def _pretend_submitted(item: ShownConsultation, journey: JourneyState, definition: SurveyDefinition
                       ) -> str:
    """A form filled in by a robot gets the ordinary confirmation, and nothing is kept."""
    show_in_journey_format(journey, url_for("respond.consultation", slug=item.slug))
    journeys.forget(db.session(), journey)
    db.session().commit()
    fake = journeys.random_code(journeys.REFERENCE_LENGTH)
    return render_template("respond/done.html", consultation=item, definition=definition,
                           reference=storage.format_reference(fake))


@bp.route("/r/<token>/done")
def done(slug: str, token: str) -> HttpResponse | str:
    item, journey, definition, _version = answering(slug, token)
    if not journey.response_id:
        abort(404)
    if switched(definition, journey):
        return redirect(same_address())
    show_in_journey_format(journey)
    return render_template("respond/done.html", consultation=item, definition=definition,
                           reference=storage.format_reference(journey.reference))

