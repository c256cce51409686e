"""Question pages: showing a page of questions, checking and saving what was typed,
and switching format in the middle of a page.

Routing and validation are the shared journey code (`survey/journey.py`); a blank page's
markup is drawn once per version, format and routing (docs/decisions/0004).
`_raw_value` and `_shown_value` turn form fields and saved answers into what the
question macros show, the only place the resident blueprint looks at question kinds.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import (
    current_app,
    g,
    get_template_attribute,
    redirect,
    render_template,
    request,
    url_for,
)
from markupsafe import Markup
from werkzeug.wrappers import Response as HttpResponse

from surveybuilder import db, easy_read_view, formats, wording
from surveybuilder.consultations.lifecycle import VersionStamp
from surveybuilder.formats import AnswerFormat
from surveybuilder.respond.answering import (
    HONEYPOT,
    accepting,
    accepting_if_open,
    answering,
    change_format,
    closed,
    limits,
    page_address,
    page_url,
    pages_in,
    pages_of,
    resume_url,
    show_in_journey_format,
    switched,
)
from surveybuilder.respond.blueprint import bp
from surveybuilder.respond.drawn_once import Skeleton
from surveybuilder.responses import journeys
from surveybuilder.responses.journeys import JourneyState, ShownConsultation
from surveybuilder.survey import journey as route
from surveybuilder.survey.definition import QuestionBase, SurveyDefinition
from surveybuilder.survey.journey import Page
from surveybuilder.web_brand import current_brand
from surveybuilder.web_formats import LANGUAGE, in_language, same_address

SWITCH_FIELD = "switch_format"  # the switcher's buttons on a question page
# A hidden field: the version, format and questions of the page as drawn, so that saving
# it can be checked before the journey is read (`_save_page_at_once`).
DRAWN_FIELD = "page-as-drawn"



@bp.route("/r/<token>/<int:number>", methods=["GET", "POST"])
def page(slug: str, token: str, number: int) -> HttpResponse | str:
    if request.method == "POST":
        saved = _save_page_at_once(slug, token, number)
        if saved is not None:
            return saved
    item, journey, definition, version = answering(slug, token)
    pages = pages_of(definition, journey)
    answers = journeys.answers_of(definition, journey)
    was = switched(definition, journey)
    if was is not None:
        same = formats.matching_page(formats.pages(definition, was),
                                     pages_of(definition, journey), number, answers)
        return redirect(same_address(page_url(item, journey, same or number)))
    show_in_journey_format(journey)
    if journey.response_id:
        return redirect(url_for("respond.done", slug=slug, token=token))
    if not accepting(item, definition):
        return closed(item, definition)
    current = next((p for p in pages if p.number == number), None)
    if current is None or not current.is_shown(answers):
        return redirect(resume_url(item, journey, pages, answers))
    if request.method == "POST":
        return _save_page(item, journey, definition, version, pages, current, answers)
    values = {q.key: _shown_value(q, answers.get(q.key)) for q in current.questions}
    return _render_page(item, journey, definition, version, pages, current, answers,
                        values, [])


def _save_page(item: ShownConsultation, journey: JourneyState, definition: SurveyDefinition,
               version: VersionStamp, pages: list[Page], current: Page, answers: dict[str, Any]
               ) -> HttpResponse | str:
    saving = request.form.get("action") == "save"
    switching = formats.from_slug(request.form.get(SWITCH_FIELD))
    check = route.check_page(current, request.form.to_dict(flat=False), answers, limits(),
                             require=not (saving or switching))
    if check.errors:  # also when saving: an answer that cannot be kept must not vanish
        values = {q.key: _raw_value(q) for q in current.questions}
        return _render_page(item, journey, definition, version, pages, current, answers,
                            values, check.errors), 200
    kept = route.PageCheck(check.values, [], check.cleared)
    updated = route.apply_page(definition, answers, kept)
    journeys.save_answers(db.session(), journey, updated)
    if switching:
        return _switch_from_page(item, journey, definition, current, updated, switching)
    if saving:
        journeys.give_resume_code(db.session(), journey, current.number)
        db.session().commit()
        return redirect(url_for("respond.saved", slug=item.slug, token=journey.token))
    db.session().commit()
    if request.args.get("return") == "check":
        return redirect(_after_change(item.slug, journey.token, pages, updated))
    following = route.next_page(pages, current.number, updated)
    if following is None:
        return redirect(url_for("respond.check", slug=item.slug, token=journey.token))
    return redirect(page_url(item, journey, following.number))


def _save_page_at_once(slug: str, token: str, number: int) -> HttpResponse | None:
    """A page of valid answers saved in one statement (docs/decisions/0009): checked
    against the page as drawn, merged into the journey by an UPDATE that requires it
    unsent, open, in that version and format, then checked against the answers the
    UPDATE returns — the same questions shown, nothing routing would now remove — or
    rolled back. None when this cannot be done (errors, saving for later, switching
    format, a page whose questions depend on each other, anything not as drawn): the
    journey is then read and the page saved as before."""
    drawn = _drawn(request.form.get(DRAWN_FIELD, ""))
    if (drawn is None or request.form.get("action") == "save"
            or formats.from_slug(request.form.get(SWITCH_FIELD))):
        return None
    version, answer_format, keys = drawn
    definition = current_app.extensions["respond.definitions"].get(version)
    if definition is None:  # only a version this process has read: the field is not trusted
        return None
    pages = pages_in(definition, answer_format)
    current = next((p for p in pages if p.number == number), None)
    if current is None or _routed_within(current) or not accepting_if_open(definition):
        return None
    by_key = {q.key: q for q in current.questions}
    if not keys or not all(key in by_key for key in keys):
        return None
    check = route.check_questions([by_key[key] for key in keys],
                                  request.form.to_dict(flat=False), limits())
    if check.errors:
        return None
    stored = journeys.save_page(db.session(), slug, token, version[0], answer_format.value,
                                check.values, check.cleared)
    if stored is None:
        return None
    answers = route.prune(definition, route.from_json(definition, stored))
    if ([q.key for q in current.shown_questions(answers)] != keys
            or route.to_json(answers) != stored):
        db.session().rollback()
        return None
    db.session().commit()
    if request.args.get("return") == "check":
        return redirect(_after_change(slug, token, pages, answers))
    following = route.next_page(pages, current.number, answers)
    if following is None:
        return redirect(url_for("respond.check", slug=slug, token=token))
    return redirect(page_address(slug, token, following.number))


def _drawn(text: str) -> tuple[VersionStamp, AnswerFormat, list[str]] | None:
    """The hidden field's version stamp, format and question keys, if it reads as one."""
    parts = text.split(" ")
    if len(parts) < 4 or not parts[0].isdigit():
        return None
    answer_format = formats.from_value(parts[2])
    if answer_format.value != parts[2]:
        return None
    try:
        published_at = datetime.fromisoformat(parts[1])
    except ValueError:
        return None
    return (int(parts[0]), published_at), answer_format, parts[3:]


def _drawn_value(version: VersionStamp, journey: JourneyState, shown: list[QuestionBase]
                 ) -> str:
    return " ".join([str(version[0]), version[1].isoformat(), journey.format,
                     *(q.key for q in shown)])


def _routed_within(current: Page) -> bool:
    """Whether a question of the page is shown depends on an answer on the same
    page (only a section's condition can): its shown questions then depend on what is
    being saved, so it is saved the long way."""
    keys = {q.key for q in current.questions}
    conditions = [current.section.show_if, *(q.show_if for q in current.questions)]
    return any(c is not None and c.question in keys for c in conditions)


def _switch_from_page(item: ShownConsultation, journey: JourneyState, definition: SurveyDefinition,
                      current: Page, answers: dict[str, Any], wanted: AnswerFormat
                      ) -> HttpResponse:
    """The switcher pressed on a question page: what was typed is kept (as far as it
    is valid; otherwise the page shows why first) and the same question is shown in
    the wanted format."""
    was = change_format(definition, journey, wanted)
    same = formats.matching_page(formats.pages(definition, was), pages_of(definition, journey),
                                 current.number, answers)
    return redirect(same_address(page_url(item, journey, same or current.number)))


def _after_change(slug: str, token: str, pages: list[Page], answers: dict[str, Any]) -> str:
    """After changing an answer from check answers, go back there — unless the change
    brought in a required question, which is asked first."""
    missing = route.missing_required(pages, answers)
    if missing:
        return page_address(slug, token, missing[0][0].number) + "?return=check"
    return url_for("respond.check", slug=slug, token=token)


def _render_page(item: ShownConsultation, journey: JourneyState, definition: SurveyDefinition,
                 version: VersionStamp, pages: list[Page], current: Page, answers: dict[str, Any],
                 values: dict[str, Any], errors: list[tuple[str, str]]) -> str:
    shown = current.shown_questions(answers)
    previous = route.previous_page(pages, current.number, answers)
    visible = [p for p in pages if p.is_shown(answers)]
    sections = list(dict.fromkeys(p.section_number for p in visible))
    position = sections.index(current.section_number) + 1

    def draw() -> str:
        question_errors = {q.key: next((message for field, message in errors
                                        if field in (route.error_target(q), *q.field_names())),
                                       None) for q in shown}
        return render_template(
            "respond/page.html", consultation=item, definition=definition, journey=journey,
            page=current, questions=shown,
            body=_page_body(journey, version, current, shown, values, question_errors,
                            definition.meanings()),
            errors=errors, section_position=position, section_count=len(sections),
            back_url=(page_url(item, journey, previous.number) if previous
                      else in_language(url_for("respond.consultation", slug=item.slug),
                                       journey.language)),
            action_url=_action_url(journey), honeypot=HONEYPOT,
            drawn=_drawn_value(version, journey, shown), drawn_field=DRAWN_FIELD,
            pictures_shown=(formats.from_value(journey.format) == formats.EASY_READ
                            and easy_read_view.pictures_shown(shown)))

    if errors or any(v is not None for v in values.values()) or g.get("user") is not None:
        return draw()
    # A blank page is the same for every journey on the same route but for the journey's
    # token in its addresses, so it is drawn once and the token put in (not for signed-in
    # staff, whose header differs).
    key = (version, journey.format, wording.current(), current.number,
           tuple(q.key for q in shown),
           previous.number if previous else 0, position, len(sections), item.slug, item.title,
           request.query_string, limits(), current_brand())
    drawn = current_app.extensions["respond.blank_page_html"].get_or_make(
        key, lambda: Skeleton(draw(), journey.token))
    return drawn.fill(journey.token)


def _action_url(journey: JourneyState) -> str:
    """Where the page's form posts: this address, naming the journey's language, so a
    page refused before the journey is read (413: too large to read) is still drawn in
    it. A journey page takes `?language=` only on a GET, so posting it changes nothing."""
    address = request.full_path.rstrip("?")
    if LANGUAGE in request.args:
        return address
    return in_language(address, journey.language)


def _page_body(journey: JourneyState, version: VersionStamp, current: Page,
               shown: list[QuestionBase], values: dict[str, Any],
               question_errors: dict[str, str | None], glossary: dict[str, str]) -> Markup:
    """The page's questions, drawn by the macro the editor's preview also uses, hard
    words explained with the version's own glossary first.

    Most pages are first seen blank, and a blank page depends only on the version,
    the format and which questions routing shows, so that markup is drawn once."""
    def draw() -> Markup:
        page_body = get_template_attribute("questions/page_body.html", "page_body")
        return Markup(page_body(current, [_for_display(q) for q in shown], values,
                                question_errors, format=answer_format.value,
                                glossary=glossary))

    answer_format = formats.from_value(journey.format)

    if any(v is not None for v in values.values()) or any(question_errors.values()):
        return draw()
    key = (version, answer_format.value, wording.current(), current.number,
           tuple(q.key for q in shown), limits())
    return current_app.extensions["respond.blank_pages"].get_or_make(key, draw)


def _for_display(question: QuestionBase) -> QuestionBase:
    """The question as drawn: a long text states the limit that will be enforced, even
    the site's own."""
    return question.for_display(limits())


def _raw_value(question: QuestionBase) -> Any:
    """What the resident typed, to show again after an error (nothing is lost)."""
    return question.drawn_value({name: request.form.getlist(name)
                                 for name in question.field_names()})


def _shown_value(question: QuestionBase, value: Any) -> Any:
    """A saved answer as the question macros expect it."""
    return None if value is None else question.drawn_value(question.form_fields(value))

