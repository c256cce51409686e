"""The editor's Print page: paper forms of the live version in standard, easy read and
large print, in each language it is offered in, numbered copies for tracking returns,
and the layout files scanners read (downloads take `?language=<code>`; English without).

Forms are drawn by background jobs (surveybuilder/printing/jobs.py), queued when a
version is published, and kept in the file store; this page shows where each has got
to and downloads the ready ones. Numbered copies are a job too, with a page that
shows its progress and then the download. Nothing is drawn in a request. Anyone who
can see the consultation may print it; nothing here changes the consultation.
"""

from __future__ import annotations

from flask import abort, current_app, redirect, render_template, request, url_for
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSubmitInput
from werkzeug.wrappers import Response
from wtforms import RadioField, SubmitField
from wtforms.validators import AnyOf, InputRequired, NumberRange

from surveybuilder import db
from surveybuilder.auth.current import consultation_or_404, signed_in
from surveybuilder.charter import checks as charter
from surveybuilder.consultations.lifecycle import live_version
from surveybuilder.editor.blueprint import bp
from surveybuilder.editor.question_forms import WholeNumberField
from surveybuilder.forms import choices, error_pairs
from surveybuilder.models import BackgroundJob, Consultation
from surveybuilder.printing.cache import (
    CacheKey,
    every_format,
    key_for,
    live_key,
    live_version_number,
    version_languages,
)
from surveybuilder.printing.formats import PrintFormat, UnknownPrintFormat, print_format
from surveybuilder.printing.jobs import (
    DRAW_PRINTED_FORM,
    form_state,
    job_for_missing,
    queue_form,
)
from surveybuilder.survey.languages import ENGLISH, language
from surveybuilder.survey.loading import load_definition
from surveybuilder.web_files import send_stored, store

PREFIX = "/consultations/<int:consultation_id>/print"


def _value(chosen: PrintFormat) -> str:
    """The copies form's value for a format: its slug, with the size for large print."""
    return f"{chosen.slug}-{chosen.font_pt}" if chosen.slug == "large-print" else chosen.slug


class CopiesForm(FlaskForm):
    form_format = RadioField(
        "Which format?", widget=GovRadioInput(),
        choices=choices([(_value(chosen), chosen.label) for chosen in every_format()]),
        validators=[InputRequired("Choose the format to print")])
    # Asked only when the live version is offered in another language (_copies_form).
    form_language = RadioField("Which language?", widget=GovRadioInput(),
                               validate_choice=False)
    copies = WholeNumberField("Number of copies",
                              description="Each copy gets its own number in the code on "
                                          "every page.")
    submit = SubmitField("Prepare numbered copies", widget=GovSubmitInput())

    def chosen(self) -> PrintFormat:
        return next(c for c in every_format() if _value(c) == self.form_format.data)


class TryAgainForm(FlaskForm):
    submit = SubmitField("Try drawing them again", widget=GovSubmitInput())


def _copies_form(limit: int, offered: list[str]) -> CopiesForm:
    form = CopiesForm()
    if len(offered) < 2:
        del form.form_language
    else:
        form.form_language.choices = [(code, language(code).both_names) for code in offered]
        form.form_language.validators = [InputRequired("Choose the language to print"),
                                         AnyOf(offered, "Choose the language to print")]
    form.copies.validators = [
        InputRequired("Enter how many copies to print, like 200"),
        NumberRange(min=1, max=limit,
                    message=f"Number of copies must be from 1 to {limit}")]
    return form


@bp.route(PREFIX, methods=["GET", "POST"])
@signed_in
def print_forms(consultation_id: int) -> Response | str:
    consultation = consultation_or_404(consultation_id)
    session = db.session()
    limit = current_app.config["PRINT_MAX_COPIES"]
    first = live_key(session, consultation, every_format()[0])
    offered = version_languages(session, consultation, first and first.version)
    form = _copies_form(limit, offered)
    if first is not None and form.validate_on_submit():
        chosen_language = form.form_language.data if "form_language" in form else ENGLISH
        job = queue_form(session, consultation,
                         key_for(consultation.id, first.version, form.chosen(),
                                 form.copies.data, chosen_language))
        session.commit()
        return redirect(url_for("editor.print_copies", consultation_id=consultation.id,
                                job_id=job.id), code=303)
    states = [] if first is None else [
        (language(code), [(chosen, form_state(session, store(), consultation,
                                              key_for(consultation.id, first.version,
                                                      chosen, language=code)))
                          for chosen in every_format()])
        for code in offered]
    session.commit()  # jobs queued for forms that had none
    return render_template("editor/print/print.html", consultation=consultation,
                           version=first and first.version, states=states, form=form,
                           easy_read=_easy_read_of_live_version(consultation),
                           limit=limit, errors=error_pairs(form),
                           try_again=TryAgainForm(formdata=None))


def _easy_read_of_live_version(consultation: Consultation) -> charter.EasyReadReadiness | None:
    """How ready the live version is for easy read, so its easy read form is not shown
    as simply "Ready" when questions in it are still in standard words."""
    live = live_version(db.session(), consultation)
    return charter.easy_read_readiness(load_definition(live.definition)) if live else None


@bp.route(f"{PREFIX}/try-again", methods=["POST"])
@signed_in
def print_try_again(consultation_id: int) -> Response:
    """Queue again every form of the live version whose drawing failed."""
    consultation = consultation_or_404(consultation_id)
    session = db.session()
    if TryAgainForm().validate_on_submit():
        number = live_version_number(session, consultation)
        for code in version_languages(session, consultation, number):
            for chosen in every_format():
                key = live_key(session, consultation, chosen, language=code)
                if key is not None and form_state(session, store(), consultation,
                                                  key).failed:
                    queue_form(session, consultation, key)
        session.commit()
    return redirect(url_for("editor.print_forms", consultation_id=consultation.id), code=303)


@bp.route(f"{PREFIX}/<format_slug>.pdf")
@signed_in
def print_download(consultation_id: int, format_slug: str) -> Response:
    consultation = consultation_or_404(consultation_id)
    key = _live(consultation, _asked(format_slug))
    return _send(consultation, key.pdf_key, key.download_name(consultation.slug))


@bp.route(f"{PREFIX}/<format_slug>.layout.json")
@signed_in
def print_layout(consultation_id: int, format_slug: str) -> Response:
    consultation = consultation_or_404(consultation_id)
    key = _live(consultation, _asked(format_slug))
    name = key.download_name(consultation.slug).removesuffix(".pdf") + "-layout.json"
    return _send(consultation, key.layout_key, name)


@bp.route(f"{PREFIX}/copies/<int:job_id>")
@signed_in
def print_copies(consultation_id: int, job_id: int) -> str:
    """How far a numbered-copies job has got, and its download once done; copies gone
    from the store since are drawn again."""
    consultation = consultation_or_404(consultation_id)
    job, key = _copies_job(consultation, job_id)
    ready = store().exists(key.pdf_key)
    if not ready:
        job = job_for_missing(db.session(), consultation, key)
        db.session().commit()
    return render_template("editor/print/copies.html", consultation=consultation, job=job,
                           key=key, chosen=key.chosen_format(), ready=ready,
                           language=language(key.language))


@bp.route(f"{PREFIX}/copies/<int:job_id>.pdf")
@signed_in
def print_copies_download(consultation_id: int, job_id: int) -> Response:
    consultation = consultation_or_404(consultation_id)
    _job, key = _copies_job(consultation, job_id)
    return _send(consultation, key.pdf_key, key.download_name(consultation.slug),
                 job_id=job_id)


def _copies_job(consultation: Consultation, job_id: int) -> tuple[BackgroundJob, CacheKey]:
    job = db.session().get(BackgroundJob, job_id)
    if (job is None or job.consultation_id != consultation.id
            or job.kind != DRAW_PRINTED_FORM or not job.args.get("copies")):
        abort(404)
    return job, CacheKey(**job.args)


def _asked(format_slug: str) -> PrintFormat:
    size = request.args.get("size")
    try:
        return print_format(format_slug, int(size) if size and size.isdigit() else None)
    except UnknownPrintFormat:
        abort(404)


def _live(consultation: Consultation, chosen: PrintFormat) -> CacheKey:
    """The live version's form in the format asked and the language `?language=` names
    (English without); a 404 for a language the version is not offered in."""
    session = db.session()
    key = live_key(session, consultation, chosen,
                   language=request.args.get("language") or ENGLISH)
    if key is None or key.language not in version_languages(session, consultation,
                                                             key.version):
        abort(404)
    return key


def _send(consultation: Consultation, file_key: str, name: str,
          job_id: int | None = None) -> Response:
    """The stored file as a download; one not drawn yet goes back to the page that
    says where it has got to."""
    opened = store().open(file_key)
    if opened is None:
        back = (url_for("editor.print_copies", consultation_id=consultation.id,
                        job_id=job_id) if job_id
                else url_for("editor.print_forms", consultation_id=consultation.id))
        return redirect(back, code=303)
    return send_stored(opened, name, as_attachment=True)
