"""Where residents answer: the consultation page, question pages, check answers,
submission, confirmation, and save and return.

Everything works without JavaScript or cookies: the journey's token is in the address.
Routing, validation and storage are the shared survey and responses code; this module
only turns requests into calls on them and picks the page to show.
"""

from __future__ import annotations

import smtplib
from datetime import date
from typing import Any, NamedTuple

from flask import (
    Blueprint,
    abort,
    current_app,
    g,
    get_template_attribute,
    redirect,
    render_template,
    request,
    url_for,
)
from markupsafe import Markup
from sqlmodel import select
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.wrappers import Response as HttpResponse

from surveybuilder import db
from surveybuilder.caching import LRUCache
from surveybuilder.consultations import lifecycle
from surveybuilder.consultations.lifecycle import VersionStamp
from surveybuilder.mail import SmtpSettings, send, smtp_settings
from surveybuilder.models import (
    Consultation,
    Journey,
    Organisation,
    Response,
    Status,
    SurveyVersion,
)
from surveybuilder.respond import easy_read, formats
from surveybuilder.respond.formats import AnswerFormat
from surveybuilder.responses import journeys, ratelimit, storage
from surveybuilder.security import csrf
from surveybuilder.survey import journey as route
from surveybuilder.survey.answers import (
    AnswerError,
    Limits,
    raw_from_value,
    read_answer,
    text_limit,
)
from surveybuilder.survey.definition import (
    EmailQuestion,
    LongTextQuestion,
    QuestionBase,
    SurveyDefinition,
)
from surveybuilder.survey.journey import Page
from surveybuilder.survey.loading import load_definition

bp = Blueprint("respond", __name__, url_prefix="/c/<slug>")
# Residents need no cookies, so no session-held CSRF token either: every form that
# changes anything posts to an address holding the journey's unguessable token, which
# a forged cross-site request cannot know (docs/decisions/0003).
csrf.exempt(bp)

class Answering(NamedTuple):
    """What every page of a journey works from."""

    consultation: Consultation
    journey: Journey
    definition: SurveyDefinition
    version: VersionStamp


# Published versions never change, so their parsed definitions and the blank markup of
# their pages are kept per app rather than rebuilt on every request.
DEFINITIONS_CACHED = 64
BLANK_PAGES_CACHED = 1024


@bp.record_once
def _make_caches(state) -> None:
    state.app.extensions["respond.definitions"] = LRUCache[SurveyDefinition](DEFINITIONS_CACHED)
    state.app.extensions["respond.blank_pages"] = LRUCache[Markup](BLANK_PAGES_CACHED)

HONEYPOT = "website"
SWITCH_FIELD = "switch_format"  # the switcher's buttons on a question page
# "Send the link to yourself" on the saved page checks the address like any e-mail answer.
EMAIL_ME = EmailQuestion(key="email", type="email", text="Your e-mail address", required=True)

# What the shared question macros need to draw easy read (see respond/easy_read.py).
bp.add_app_template_global(easy_read.question_view, "easy_read")
bp.add_app_template_global(easy_read.pictures_shown, "easy_read_pictures_shown")
bp.add_app_template_global(easy_read.credit, "easy_read_credit")


# Loading --------------------------------------------------------------------------------

def _published(slug: str) -> tuple[Consultation, VersionStamp, SurveyDefinition]:
    consultation = _consultation(slug)
    version = lifecycle.live_version_stamp(db.session(), consultation)
    if version is None:
        abort(404)
    return consultation, version, _definition(version)


def _consultation(slug: str) -> Consultation:
    consultation = db.session().exec(select(Consultation).where(
        Consultation.slug == slug)).first()
    if consultation is None:
        abort(404)
    return consultation


def _definition(version: VersionStamp) -> SurveyDefinition:
    """The version's parsed definition, read from the database only the first time."""
    def parse() -> SurveyDefinition:
        return load_definition(db.session().get(SurveyVersion, version[0]).definition)

    return current_app.extensions["respond.definitions"].get_or_make(version, parse)


def _journey(slug: str, token: str) -> Answering:
    """The consultation, the journey through it that the address names and the version
    it answers (one query: every journey page asks for all three)."""
    found = journeys.with_consultation(db.session(), slug, token)
    if found is None:
        abort(404)
    return Answering(found.consultation, found.journey, _definition(found.version),
                     found.version)


def _limits() -> Limits:
    return Limits(long_text_max=current_app.config["LONG_TEXT_MAX"])


def _accepting(consultation: Consultation, definition: SurveyDefinition) -> bool:
    return lifecycle.is_accepting_answers(consultation, definition, date.today())


def _pages(definition: SurveyDefinition, journey: Journey) -> list[Page]:
    """The pages as the journey's format splits them (easy read: one question each)."""
    return formats.pages(definition, formats.from_value(journey.format))


def _address_key() -> str:
    return ratelimit.address_key(current_app.config["SECRET_KEY"], request.remote_addr or "")


# Formats ---------------------------------------------------------------------------------
# A page's format comes from its journey, or before there is one from `?format=` in the
# address; every page's switcher links to the same address in another format. Only the
# templates and styles differ between formats: these helpers decide which to show.

def _show_in(answer_format: AnswerFormat, switch_path: str | None = None) -> AnswerFormat:
    """Draw this request's page in `answer_format`. The switcher links to `switch_path`
    in each format (default: this address, which must answer a GET)."""
    g.answer_format = answer_format
    g.format_switch_path = switch_path
    return answer_format


def _show_in_journey_format(journey: Journey, switch_path: str | None = None
                            ) -> AnswerFormat:
    return _show_in(formats.from_value(journey.format), switch_path)


def _asked_format() -> AnswerFormat | None:
    """The format the address asks for (`?format=easy-read`), if any."""
    return formats.from_slug(request.args.get(formats.PARAMETER))


def _same_address(path: str | None = None) -> str:
    """This address, or `path`, with this address's query except `format`."""
    return formats.without_format(path or request.path, request.args.items(multi=True))


def _format_asked_anywhere() -> str | None:
    """The format named in the address or the form; a body too large to read (the
    413 page is being drawn) counts as none."""
    try:
        return request.values.get(formats.PARAMETER)
    except RequestEntityTooLarge:
        return request.args.get(formats.PARAMETER)


@bp.context_processor
def _format_context() -> dict[str, Any]:
    current = g.get("answer_format") or _asked_format() or formats.STANDARD
    # A format the resident chose (in the address, or a form field) travels on to pages
    # with no journey yet; with none chosen, a resumed journey keeps its own.
    chosen = formats.from_slug(_format_asked_anywhere()) is not None
    return formats.page_context(current, g.get("format_switch_path") or _same_address(),
                                chosen)


def _change_format(definition: SurveyDefinition, journey: Journey,
                   wanted: AnswerFormat) -> AnswerFormat:
    """Answer the rest of the journey in `wanted`; returns the format it had. The
    place saved for "come back later" moves to the page showing the same question."""
    old = formats.from_value(journey.format)
    if journey.page:
        moved = formats.matching_page(formats.pages(definition, old),
                                      formats.pages(definition, wanted), journey.page,
                                      journeys.answers_of(definition, journey))
        journey.page = moved or journey.page
        db.session().add(journey)
    journeys.set_format(db.session(), journey, wanted.value)
    db.session().commit()
    return old


def _switched(definition: SurveyDefinition, journey: Journey) -> AnswerFormat | None:
    """When a journey page is asked for with `?format=` (the switcher's links), the
    journey takes that format; returns the format it had, else None."""
    wanted = _asked_format() if request.method == "GET" else None
    return _change_format(definition, journey, wanted) if wanted else None


# The consultation page ------------------------------------------------------------------

@bp.route("")
def consultation(slug: str) -> str:
    item, _version, definition = _published(slug)
    _show_in(_asked_format() or formats.STANDARD)
    organisation = db.session().get(Organisation, item.organisation_id)
    return render_template("respond/consultation.html", consultation=item,
                           definition=definition, organisation=organisation,
                           accepting=_accepting(item, definition),
                           not_yet=bool(definition.opens and date.today() < definition.opens),
                           results_published=item.status == Status.RESULTS_PUBLISHED)


@bp.route("/start", methods=["POST"])
def start(slug: str) -> HttpResponse | str:
    item, version, definition = _published(slug)
    chosen = _show_in(formats.from_slug(request.form.get(formats.PARAMETER))
                      or formats.STANDARD,
                      url_for("respond.consultation", slug=slug))
    if not _accepting(item, definition):
        return _closed(item, definition)
    journey = journeys.start(db.session(), item, version[0], chosen.value)
    db.session().commit()
    first = route.next_page(_pages(definition, journey), 0, {})
    return redirect(_page_url(item, journey, first.number))


# Question pages -------------------------------------------------------------------------

@bp.route("/r/<token>/<int:number>", methods=["GET", "POST"])
def page(slug: str, token: str, number: int) -> HttpResponse | str:
    item, journey, definition, version = _journey(slug, token)
    pages = _pages(definition, journey)
    answers = journeys.answers_of(definition, journey)
    was = _switched(definition, journey)
    if was is not None:
        same = formats.matching_page(formats.pages(definition, was),
                                     _pages(definition, journey), number, answers)
        return redirect(_same_address(_page_url(item, journey, same or number)))
    _show_in_journey_format(journey)
    if journey.response_id:
        return redirect(url_for("respond.done", slug=slug, token=token))
    if not _accepting(item, definition):
        return _closed(item, definition)
    current = next((p for p in pages if p.number == number), None)
    if current is None or not current.is_shown(answers):
        return redirect(_resume_url(item, journey, pages, answers))
    if request.method == "POST":
        return _save_page(item, journey, definition, version, pages, current, answers)
    values = {q.key: _shown_value(q, answers.get(q.key)) for q in current.questions}
    return _render_page(item, journey, definition, version, pages, current, answers,
                        values, [])


def _save_page(item: Consultation, journey: Journey, definition: SurveyDefinition,
               version: VersionStamp, pages: list[Page], current: Page, answers: dict[str, Any]
               ) -> HttpResponse | str:
    saving = request.form.get("action") == "save"
    switching = formats.from_slug(request.form.get(SWITCH_FIELD))
    check = route.check_page(current, request.form.to_dict(flat=False), answers, _limits(),
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
        return redirect(_after_change(item, journey, pages, updated))
    following = route.next_page(pages, current.number, updated)
    if following is None:
        return redirect(url_for("respond.check", slug=item.slug, token=journey.token))
    return redirect(_page_url(item, journey, following.number))


def _switch_from_page(item: Consultation, journey: Journey, definition: SurveyDefinition,
                      current: Page, answers: dict[str, Any], wanted: AnswerFormat
                      ) -> HttpResponse:
    """The switcher pressed on a question page: what was typed is kept (as far as it
    is valid; otherwise the page shows why first) and the same question is shown in
    the wanted format."""
    was = _change_format(definition, journey, wanted)
    same = formats.matching_page(formats.pages(definition, was), _pages(definition, journey),
                                 current.number, answers)
    return redirect(_same_address(_page_url(item, journey, same or current.number)))


def _after_change(item: Consultation, journey: Journey, pages: list[Page],
                  answers: dict[str, Any]) -> str:
    """After changing an answer from check answers, go back there — unless the change
    brought in a required question, which is asked first."""
    missing = route.missing_required(pages, answers)
    if missing:
        return _page_url(item, journey, missing[0][0].number) + "?return=check"
    return url_for("respond.check", slug=item.slug, token=journey.token)


def _render_page(item: Consultation, journey: Journey, definition: SurveyDefinition,
                 version: VersionStamp, pages: list[Page], current: Page, answers: dict[str, Any],
                 values: dict[str, Any], errors: list[tuple[str, str]]) -> str:
    shown = current.shown_questions(answers)
    previous = route.previous_page(pages, current.number, answers)
    visible = [p for p in pages if p.is_shown(answers)]
    sections = list(dict.fromkeys(p.section_number for p in visible))
    error_by_field = dict(errors)
    question_errors = {q.key: error_by_field.get(route.error_target(q)) for q in shown}
    return render_template(
        "respond/page.html", consultation=item, definition=definition, journey=journey,
        page=current, questions=shown,
        body=_page_body(journey, version, current, shown, values, question_errors),
        errors=errors, section_position=sections.index(current.section_number) + 1,
        section_count=len(sections),
        back_url=(_page_url(item, journey, previous.number) if previous
                  else url_for("respond.consultation", slug=item.slug)),
        action_url=request.full_path.rstrip("?"), honeypot=HONEYPOT,
        pictures_shown=(formats.from_value(journey.format) == formats.EASY_READ
                        and easy_read.pictures_shown(shown)))


def _page_body(journey: Journey, version: VersionStamp, current: Page, shown: list[QuestionBase],
               values: dict[str, Any], question_errors: dict[str, str | None]) -> Markup:
    """The page's questions, drawn by the macro the editor's preview also uses.

    Most pages are first seen blank, and a blank page depends only on the version,
    the format and which questions routing shows, so that markup is drawn once."""
    def draw() -> Markup:
        page_body = get_template_attribute("questions/page_body.html", "page_body")
        return Markup(page_body(current, [_for_display(q) for q in shown], values,
                                question_errors, format=answer_format.value))

    answer_format = formats.from_value(journey.format)

    if any(v is not None for v in values.values()) or any(question_errors.values()):
        return draw()
    key = (version, answer_format.value, current.number,
           tuple(q.key for q in shown), _limits())
    return current_app.extensions["respond.blank_pages"].get_or_make(key, draw)


def _for_display(question: QuestionBase) -> QuestionBase:
    """A long-text question shows the limit that will be enforced, even the site's own."""
    if isinstance(question, LongTextQuestion):
        return question.model_copy(update={"max_length": text_limit(question, _limits())})
    return question


def _raw_value(question: QuestionBase) -> Any:
    """What the resident typed, to show again after an error (nothing is lost)."""
    if question.kind == "date":
        return {part: request.form.get(f"{question.key}-{part}", "")
                for part in ("day", "month", "year")}
    if question.kind in ("multiple_choice", "consent"):
        return request.form.getlist(question.key)
    return request.form.get(question.key)


def _shown_value(question: QuestionBase, value: Any) -> Any:
    """A saved answer as the question macros expect it."""
    if value is None:
        return None
    raw = raw_from_value(question, value)
    if question.kind == "date":
        return value
    if question.kind in ("multiple_choice", "consent"):
        return raw.get(question.key, [])
    return raw.get(question.key, [None])[0]


def _page_url(item: Consultation, journey: Journey, number: int) -> str:
    return url_for("respond.page", slug=item.slug, token=journey.token, number=number)


def _resume_url(item: Consultation, journey: Journey, pages: list[Page],
                answers: dict[str, Any]) -> str:
    """Where the resident saved, if still on their route; else the first page still
    needing an answer, or check answers when none does."""
    saved_on = next((p for p in pages if p.number == journey.page), None)
    if saved_on is not None and saved_on.is_shown(answers):
        return _page_url(item, journey, saved_on.number)
    missing = route.missing_required(pages, answers)
    if missing:
        return _page_url(item, journey, missing[0][0].number)
    answered_pages = [p.number for p in pages
                      if any(q.key in answers for q in p.questions)]
    following = route.next_page(pages, max(answered_pages, default=0), answers)
    if following is None:
        return url_for("respond.check", slug=item.slug, token=journey.token)
    return _page_url(item, journey, following.number)


def _journey_page(slug: str, token: str
                  ) -> tuple[Consultation, Journey, SurveyDefinition, bool]:
    """What every page of a journey starts with: the consultation, the journey, the
    version it answers and its format; True when the address asked to switch format
    (the page then redirects to itself without `?format=`)."""
    item, journey, definition, _version = _journey(slug, token)
    if _switched(definition, journey):
        return item, journey, definition, True
    _show_in_journey_format(journey)
    return item, journey, definition, False


# Check answers, submit, confirmation ------------------------------------------------------

@bp.route("/r/<token>/check")
def check(slug: str, token: str) -> HttpResponse | str:
    item, journey, definition, switched = _journey_page(slug, token)
    if switched:
        return redirect(_same_address())
    if journey.response_id:
        return redirect(url_for("respond.done", slug=slug, token=token))
    if not _accepting(item, definition):
        return _closed(item, definition)
    return _render_check(item, journey, definition, [])


def _render_check(item: Consultation, journey: Journey, definition: SurveyDefinition,
                  errors: list[tuple[str, str]]) -> str:
    pages = _pages(definition, journey)
    answers = journeys.answers_of(definition, journey)
    rows = [(p, q) for p in pages for q in p.shown_questions(answers) if q.answerable]
    return render_template("respond/check.html", consultation=item, definition=definition,
                           journey=journey, rows=rows, answers=answers, errors=errors,
                           change_url=lambda p: _page_url(item, journey, p.number)
                           + "?return=check", honeypot=HONEYPOT)


@bp.route("/r/<token>/submit", methods=["POST"])
def submit(slug: str, token: str) -> HttpResponse | str | tuple[str, int]:
    item, journey, definition, _version = _journey(slug, token)
    # Pages after a POST are drawn here, but the switcher must lead somewhere a GET
    # can go: the check answers page.
    _show_in_journey_format(journey, url_for("respond.check", slug=slug, token=token))
    if journey.response_id:
        return redirect(url_for("respond.done", slug=slug, token=token))
    if not _accepting(item, definition):
        return _closed(item, definition)
    pages = _pages(definition, journey)
    answers = route.prune(definition, journeys.answers_of(definition, journey))
    missing = route.missing_required(pages, answers)
    if missing:
        errors = [(f"answer-{q.key}", f"Answer “{q.text}”: it is required")
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
    return ratelimit.allow(db.session(), limit, _address_key())


def _store(item: Consultation, journey: Journey, definition: SurveyDefinition,
           answers: dict[str, Any]) -> HttpResponse:
    token = journey.token
    storage.submit(db.session(), item, journey.version_id, definition, answers, "online",
                   journey.format, submission_key=token,
                   also=lambda response: journeys.mark_sent(db.session(), journey, response))
    return redirect(url_for("respond.done", slug=item.slug, token=token))


def _pretend_submitted(item: Consultation, journey: Journey, definition: SurveyDefinition
                       ) -> str:
    """A form filled in by a robot gets the ordinary confirmation, and nothing is kept."""
    _show_in_journey_format(journey, url_for("respond.consultation", slug=item.slug))
    db.session().delete(journey)
    db.session().commit()
    fake = journeys.random_code(journeys.REFERENCE_LENGTH)
    return render_template("respond/done.html", consultation=item, definition=definition,
                           reference=storage.format_reference(fake))


@bp.route("/r/<token>/done")
def done(slug: str, token: str) -> HttpResponse | str:
    item, journey, definition, _version = _journey(slug, token)
    if not journey.response_id:
        abort(404)
    if _switched(definition, journey):
        return redirect(_same_address())
    _show_in_journey_format(journey)
    response = db.session().get(Response, journey.response_id)
    return render_template("respond/done.html", consultation=item, definition=definition,
                           reference=storage.format_reference(response.reference))


# Save and return ----------------------------------------------------------------------

@bp.route("/r/<token>/saved", methods=["GET", "POST"])
def saved(slug: str, token: str) -> HttpResponse | str | tuple[str, int]:
    item, journey, definition, switched = _journey_page(slug, token)
    if switched:
        return redirect(_same_address())
    if not journey.resume_code:
        return redirect(url_for("respond.check", slug=slug, token=token))
    code = journeys.format_code(journey.resume_code)
    link = url_for("respond.resume", slug=slug, code=journey.resume_code, _external=True)
    smtp = smtp_settings(current_app.config)
    typed, sent_to, errors, status = "", "", [], 200
    if request.method == "POST" and smtp.configured:
        typed = request.form.get("email", "")
        sent_to, errors, status = _email_the_link(smtp, definition, code, link, typed)
    return render_template("respond/saved.html", consultation=item, definition=definition,
                           code=code, link=link, email_offered=smtp.configured,
                           email=typed if errors else "", sent_to=sent_to, errors=errors,
                           continue_url=_resume_url(item, journey,
                                                    _pages(definition, journey),
                                                    journeys.answers_of(definition, journey))
                           ), status


def _email_the_link(smtp: SmtpSettings, definition: SurveyDefinition, code: str, link: str,
                    typed: str) -> tuple[str, list[tuple[str, str]], int]:
    """Send the resident their code and link; (address sent to, errors, HTTP status).
    The address is used once and not stored."""
    try:
        address = read_answer(EMAIL_ME, {"email": [typed]}, _limits())
    except AnswerError as problem:
        return "", [("email", str(problem))], 200
    limit = ratelimit.Limit("resume_email", current_app.config["RESUME_EMAIL_LIMIT"], 60)
    allowed = ratelimit.allow(db.session(), limit, _address_key())
    db.session().commit()
    if not allowed:
        return "", [("email", "We have sent too many e-mails from here. Write the code down "
                              "instead, or try again in an hour")], 429
    message = journeys.resume_link_message(smtp.sender, address, definition.title, code,
                                           link, definition.closes)
    try:
        send(smtp, [message])
    except (OSError, smtplib.SMTPException):
        current_app.logger.exception("Could not send a resume link")
        return "", [("email", "We could not send the e-mail just now. Write the code down "
                              "instead, or try again later")], 200
    return address, [], 200


@bp.route("/resume", methods=["GET", "POST"])
def resume(slug: str) -> HttpResponse | str | tuple[str, int]:
    item, _version, definition = _published(slug)
    asked = formats.from_slug(request.values.get(formats.PARAMETER))
    _show_in(asked or formats.STANDARD, url_for("respond.resume", slug=slug))
    code = request.values.get("code", "")
    if not code:
        return render_template("respond/resume.html", consultation=item, code="", errors=[])
    if not _accepting(item, definition):
        return _closed(item, definition)
    limit = ratelimit.Limit("resume", current_app.config["RESUME_LOOKUP_LIMIT"], 15)
    if not ratelimit.allow(db.session(), limit, _address_key()):
        db.session().commit()
        errors = [("code", "You have tried too many codes. Wait 15 minutes and try again, "
                           "or contact us for help")]
        return render_template("respond/resume.html", consultation=item, code=code,
                               errors=errors), 429
    journey = journeys.by_resume_code(db.session(), item, code)
    db.session().commit()
    if journey is None:
        errors = [("code", "We could not find that code. Check it and try again: it has 12 "
                           "letters and numbers, like ACDE-FGHJ-KMNP")]
        return render_template("respond/resume.html", consultation=item, code=code,
                               errors=errors), 200
    _item, journey, journey_definition, _version = _journey(slug, journey.token)
    if asked is not None:  # chosen on this device: the rest of the journey follows it
        _change_format(journey_definition, journey, asked)
    return redirect(_resume_url(item, journey, _pages(journey_definition, journey),
                                journeys.answers_of(journey_definition, journey)))


# Closed -------------------------------------------------------------------------------

def _closed(item: Consultation, definition: SurveyDefinition) -> tuple[str, int]:
    not_yet = bool(item.status == Status.OPEN and definition.opens
                   and date.today() < definition.opens)
    return render_template("respond/closed.html", consultation=item, definition=definition,
                           not_yet=not_yet,
                           results_published=item.status == Status.RESULTS_PUBLISHED), (
        200 if not_yet else 410)
