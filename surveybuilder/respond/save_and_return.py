"""Save and come back later: the resume code and link, sending the link to an e-mail
address (kept only in the background job that sends it), and finding a journey again
by its code."""

from __future__ import annotations

from flask import current_app, redirect, render_template, request, url_for
from werkzeug.wrappers import Response as HttpResponse

from surveybuilder import db, formats
from surveybuilder.mail import smtp_settings
from surveybuilder.models import Consultation
from surveybuilder.respond.answering import (
    accepting,
    answering,
    change_format,
    closed,
    journey_page,
    limits,
    pages_of,
    published,
    requester,
    resume_url,
    show_in,
)
from surveybuilder.respond.blueprint import bp
from surveybuilder.responses import journeys, ratelimit
from surveybuilder.responses.resume_email import send_resume_link
from surveybuilder.survey.answers import AnswerError, read_answer
from surveybuilder.survey.definition import SurveyDefinition
from surveybuilder.survey.types.email import EmailQuestion
from surveybuilder.web_formats import PARAMETER, named_language, public_url, same_address
from surveybuilder.wording import gettext

# "Send the link to yourself" on the saved page checks the address like any e-mail answer.
EMAIL_ME = EmailQuestion(key="email", type=EmailQuestion.kind, text="Your e-mail address",
                         required=True)

@bp.route("/r/<token>/saved", methods=["GET", "POST"])
def saved(slug: str, token: str) -> HttpResponse | str | tuple[str, int]:
    (item, journey, definition, _version), moved = journey_page(slug, token)
    if moved:
        return redirect(same_address())
    if not journey.resume_code:
        return redirect(url_for("respond.check", slug=slug, token=token))
    code = journeys.format_code(journey.resume_code)
    link = url_for("respond.resume", slug=slug, code=journey.resume_code, _external=True)
    smtp = smtp_settings(current_app.config)
    typed, sent_to, errors, status = "", "", [], 200
    if request.method == "POST" and smtp.configured:
        typed = request.form.get("email", "")
        sent_to, errors, status = _email_the_link(
            item, definition, code,
            public_url("respond.resume", slug=slug, code=journey.resume_code), typed)
    return render_template("respond/saved.html", consultation=item, definition=definition,
                           code=code, link=link, email_offered=smtp.configured,
                           email=typed if errors else "", sent_to=sent_to, errors=errors,
                           continue_url=resume_url(item, journey,
                                                    pages_of(definition, journey),
                                                    journeys.answers_of(definition, journey))
                           ), status


def _email_the_link(item: Consultation, definition: SurveyDefinition, code: str, link: str,
                    typed: str) -> tuple[str, list[tuple[str, str]], int]:
    """Queue the e-mail of the resident's code and link; (address, errors, HTTP status).
    The address is kept only in the job that sends it, and blanked once sent."""
    try:
        address = read_answer(EMAIL_ME, {"email": [typed]}, limits())
    except AnswerError as problem:
        return "", [("email", str(problem))], 200
    limit = ratelimit.Limit("resume_email", current_app.config["RESUME_EMAIL_LIMIT"], 60)
    allowed = ratelimit.allow(db.session(), limit, requester())
    if allowed:
        send_resume_link(db.session(), item, address, definition.title, code, link,
                         definition.closes)
    db.session().commit()
    if not allowed:
        return "", [("email", gettext("We have sent too many e-mails from here. Write the code "
                                      "down instead, or try again in an hour"))], 429
    return address, [], 200


@bp.route("/resume", methods=["GET", "POST"])
def resume(slug: str) -> HttpResponse | str | tuple[str, int]:
    item, _version, definition = published(slug)
    asked = formats.from_slug(request.values.get(PARAMETER))
    show_in(asked or formats.STANDARD, url_for("respond.resume", slug=slug))
    code = request.values.get("code", "")
    if not code:
        return render_template("respond/resume.html", consultation=item, code="", errors=[])
    if not accepting(item, definition):
        return closed(item, definition)
    limit = ratelimit.Limit("resume", current_app.config["RESUME_LOOKUP_LIMIT"], 15)
    if not ratelimit.allow(db.session(), limit, requester()):
        db.session().commit()
        errors = [("code", gettext("You have tried too many codes. Wait 15 minutes and try "
                                   "again, or contact us for help"))]
        return render_template("respond/resume.html", consultation=item, code=code,
                               errors=errors), 429
    journey = journeys.by_resume_code(db.session(), item, code)
    db.session().commit()
    if journey is None:
        errors = [("code", gettext("We could not find that code. Check it and try again: it "
                                   "has 12 letters and numbers, like ACDE-FGHJ-KMNP"))]
        return render_template("respond/resume.html", consultation=item, code=code,
                               errors=errors), 200
    _item, journey, journey_definition, _version = answering(slug, journey.token)
    if asked is not None:  # chosen on this device: the rest of the journey follows it
        change_format(journey_definition, journey, asked)
    language = named_language(journey_definition.languages)
    if language is not None:  # so does a language chosen here
        journeys.set_language(db.session(), journey, language)
        db.session().commit()
    return redirect(resume_url(item, journey, pages_of(journey_definition, journey),
                                journeys.answers_of(journey_definition, journey)))

