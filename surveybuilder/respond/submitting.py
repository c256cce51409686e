"""Check answers, submit and the confirmation: the journey's answers stored once as an
online response, whatever is double-clicked, reloaded or raced (docs/decisions/0003)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from flask import abort, current_app, g, redirect, render_template, request, url_for
from markupsafe import Markup
from werkzeug.wrappers import Response as HttpResponse

from surveybuilder import db, formats, wording
from surveybuilder.consultations.lifecycle import VersionStamp
from surveybuilder.respond.answering import (
    HONEYPOT,
    accepting,
    answering,
    closed,
    journey_page,
    page_url,
    pages_of,
    requester,
    show_in_journey_format,
)
from surveybuilder.respond.blueprint import bp
from surveybuilder.respond.drawn_once import Skeleton, hole
from surveybuilder.responses import journeys, ratelimit, storage
from surveybuilder.responses.journeys import JourneyState, ShownConsultation
from surveybuilder.survey import journey as route
from surveybuilder.survey.definition import QuestionBase, SurveyDefinition
from surveybuilder.web_brand import current_brand
from surveybuilder.web_formats import same_address
from surveybuilder.wording import gettext


@bp.route("/r/<token>/check")
def check(slug: str, token: str) -> HttpResponse | str:
    (item, journey, definition, version), moved = journey_page(slug, token)
    if moved:
        return redirect(same_address())
    if journey.response_id:
        return redirect(url_for("respond.done", slug=slug, token=token))
    if not accepting(item, definition):
        return closed(item, definition)
    return _render_check(item, journey, definition, version, [])


# What check answers shows an answer with: the question, and its easy-read words for
# answer keys (None in other formats).
Shown = tuple[QuestionBase, Mapping[str, str] | None]
Cell = Callable[[QuestionBase, Mapping[str, str] | None], Markup]


def _render_check(item: ShownConsultation, journey: JourneyState, definition: SurveyDefinition,
                  version: VersionStamp, errors: list[tuple[str, str]]) -> str:
    """Check answers. Without errors (or staff's own header) the page is drawn once per
    version, format, route and address with holes for the token and the answers, and
    each journey's answers put in (`drawn_once`)."""
    pages = pages_of(definition, journey)
    answers = journeys.answers_of(definition, journey)
    rows = [(p, q) for p in pages for q in p.shown_questions(answers) if q.answerable]

    def draw(cell: Cell) -> str:
        return render_template("respond/check.html", consultation=item, definition=definition,
                               journey=journey, rows=rows, errors=errors, answer_cell=cell,
                               change_url=lambda p: page_url(item, journey, p.number)
                               + "?return=check", honeypot=HONEYPOT)

    def afresh(question: QuestionBase, words: Mapping[str, str] | None) -> Markup:
        return answer_cell(question, answers.get(question.key), words)

    if errors or g.get("user") is not None:
        return draw(afresh)
    key = (version, journey.format, wording.current(),
           tuple((p.number, q.key) for p, q in rows), item.slug, item.title,
           request.query_string, current_brand())
    drawn = current_app.extensions["respond.check_pages"].get_or_make(
        key, lambda: _check_skeleton(draw, journey.token, len(rows)))
    if drawn is None:
        return draw(afresh)
    skeleton, cells = drawn

    def filled(name: str) -> Markup:
        question, words = cells[int(name)]
        return answer_cell(question, answers.get(question.key), words)

    return skeleton.fill(journey.token, filled)


def _check_skeleton(draw: Callable[[Cell], str], token: str, count: int
                    ) -> tuple[Skeleton, list[Shown]] | None:
    """Check answers drawn with a numbered hole for each answer, and what each hole
    shows; None if the page cannot be kept so (its text holds a hole marker)."""
    cells: list[Shown] = []

    def cell(question: QuestionBase, words: Mapping[str, str] | None) -> Markup:
        cells.append((question, words))
        return hole(str(len(cells) - 1))

    try:
        return Skeleton(draw(cell), token, [str(n) for n in range(count)]), cells
    except ValueError:
        return None


def answer_cell(question: QuestionBase, value: Any, words: Mapping[str, str] | None
                ) -> Markup:
    """An answer as check answers shows it: "Not answered", a list when it can hold
    several items (or has them), else its lines one under another."""
    if value is None:
        return Markup('<span class="govuk-hint govuk-!-margin-0">%s</span>') % Markup(
            gettext("Not answered"))
    shown = question.shown(value, words)
    if question.many or len(shown) > 1:
        return Markup('<ul class="govuk-list">%s</ul>') % Markup("").join(
            Markup("<li>%s</li>") % label for label in shown)
    return Markup("").join(Markup("<br>").join(item.split("\n")) for item in shown)


@bp.route("/r/<token>/submit", methods=["POST"])
def submit(slug: str, token: str) -> HttpResponse | str | tuple[str, int]:
    item, journey, definition, version = answering(slug, token)
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
        return _render_check(item, journey, definition, version, errors), 200
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
    return ratelimit.allow(db.session(), limit, requester())


def _store(item: ShownConsultation, journey: JourneyState, definition: SurveyDefinition,
           answers: dict[str, Any]) -> HttpResponse:
    token = journey.token
    storage.submit(db.session(), item, journey.version_id, definition, answers,
                   formats.ONLINE.value, journey.format, submission_key=token,
                   also=lambda response: journeys.mark_sent(db.session(), journey, response),
                   look_first=False,  # the journey was not sent when loaded
                   language=journey.language)
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
    (item, journey, definition, _version), moved = journey_page(slug, token)
    if not journey.response_id:
        abort(404)
    if moved:
        return redirect(same_address())
    return render_template("respond/done.html", consultation=item, definition=definition,
                           reference=storage.format_reference(journey.reference))

