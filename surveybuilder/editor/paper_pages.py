"""Editor pages for paper forms that came back: batches, keying a copy page by page,
checking it, and deciding the differences between two people's keyings.

Keying is built for speed without JavaScript: every entry is a short text box where
the keyer types the option numbers printed on the form, and Enter saves the page and
moves on. Each page is saved as it is left, so an interrupted keyer loses nothing.
Reading, checking and storing are `paper.keying` and `paper.double_keying`.
"""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxInput,
    GovRadioInput,
    GovSubmitInput,
    GovTextInput,
)
from werkzeug.wrappers import Response
from wtforms import BooleanField, IntegerField, RadioField, StringField, SubmitField
from wtforms.validators import InputRequired, NumberRange

from surveybuilder import db, formats
from surveybuilder.auth.current import (
    can_edit,
    consultation_or_404,
    current_user,
    owned_or_404,
    signed_in,
)
from surveybuilder.consultations import lifecycle
from surveybuilder.editor.blueprint import bp
from surveybuilder.editor.page_flow import done, form_page
from surveybuilder.forms import choices
from surveybuilder.models import (
    Consultation,
    PaperBatch,
    PaperCopy,
    PaperKeying,
    SurveyVersion,
)
from surveybuilder.models import Response as StoredResponse
from surveybuilder.paper import double_keying, keying, scanned
from surveybuilder.paper.keying import KeyingError, KeyingPage
from surveybuilder.responses.storage import format_reference
from surveybuilder.staff.accounts import names_of
from surveybuilder.survey import languages
from surveybuilder.survey.answers import Limits
from surveybuilder.survey.loading import load_definition

PREFIX = "/consultations/<int:consultation_id>/paper"


class BatchForm(FlaskForm):
    label = StringField("Batch label", widget=GovTextInput(), validators=[
        InputRequired("Enter a batch label, like “Day centre, 12 March”")],
        description="Where and when the forms came back, like “Day centre, 12 March”")
    double_keying = BooleanField(
        "Key every form in this batch twice", widget=GovCheckboxInput(),
        description="Two different people key each form. It is stored only when both "
                    "keyings agree, or when someone decides each difference")
    submit = SubmitField("Add batch", widget=GovSubmitInput())


class CopyNumberField(IntegerField):
    """A whole number typed in a text box, with a message that says how to fix a word
    typed instead (WTForms' own is "Not a valid integer value")."""

    widget = GovTextInput()

    def process_formdata(self, valuelist: list[str]) -> None:
        text = (valuelist[0] if valuelist else "").strip()
        self.data = None
        if text:
            if not text.isdigit():
                raise ValueError("The copy number must be a number, like 12")
            self.data = int(text)


class StartForm(FlaskForm):
    copy_number = CopyNumberField("Copy number", validators=[
        InputRequired("Enter the copy number printed on the form, like 12"),
        NumberRange(min=1, max=keying.MAX_COPY_NUMBER,
                    message=f"The copy number must be between 1 and "
                            f"{keying.MAX_COPY_NUMBER:,}")],
        description="It is in the “Copy number” box at the top left of every page. If "
                    "the box is empty, write the next unused number in it and type that")
    # The service checks the choice, with a message that says what to do.
    answer_format = RadioField("Format of the returned form", widget=GovRadioInput(),
                               validate_choice=False,
                               validators=[InputRequired("Choose the format of the "
                                                         "returned form")])
    # Asked only once the survey is offered in another language (see __init__).
    form_language = RadioField("Language of the form", widget=GovRadioInput(),
                               validate_choice=False,
                               description="The language the questions are printed in. "
                                           "Each language's form has its own layout")
    # Asked only once there are several published versions (see __init__).
    form_version = RadioField("Version of the form", widget=GovRadioInput(),
                              validate_choice=False)
    submit = SubmitField("Start keying", widget=GovSubmitInput())

    def __init__(self, versions: list[SurveyVersion], offered: list[str], *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.answer_format.choices = choices(list(formats.FORMAT_LABELS.items()))
        if len(offered) < 2:
            del self.form_language
        else:
            self.form_language.choices = [(code, languages.language(code).both_names)
                                          for code in offered]
        if len(versions) < 2:
            del self.form_version
            return
        live = versions[0]
        self.form_version.choices = [
            (str(v.number), f"Version {v.number}" + (" (the one online now)" if v is live
                                                     else "")) for v in versions]
        self.form_version.description = ("It is at the foot of every page, after the page "
                                         "number. Forms printed before a change have an "
                                         "earlier version")


# Finding things -----------------------------------------------------------------------

def _limits() -> Limits:
    return Limits(long_text_max=current_app.config["LONG_TEXT_MAX"])


def _batch_or_404(consultation: Consultation, batch_id: int) -> PaperBatch:
    return owned_or_404(PaperBatch, batch_id, consultation)


def _copy_or_404(consultation: Consultation, copy_id: int) -> tuple[PaperBatch, PaperCopy]:
    copy = db.session().get(PaperCopy, copy_id)
    if copy is None:
        abort(404)
    return _batch_or_404(consultation, copy.batch_id), copy


def _my_keying(consultation: Consultation, keying_id: int
               ) -> tuple[PaperBatch, PaperCopy, PaperKeying]:
    """A keying in progress belongs to the person keying it: with double keying, the
    second person must not see or change the first person's reading."""
    found = db.session().get(PaperKeying, keying_id)
    if found is None:
        abort(404)
    batch, copy = _copy_or_404(consultation, found.copy_id)
    if found.keyed_by_id != current_user().id:
        abort(403)
    return batch, copy, found


def _names(user_ids: list[int]) -> dict[int, str]:
    return names_of(db.session(), user_ids)


# Batches ----------------------------------------------------------------------------------

@bp.route(PREFIX)
@signed_in
def paper(consultation_id: int) -> str:
    consultation = consultation_or_404(consultation_id)
    session = db.session()
    rows = []
    for batch in keying.batches(session, consultation):
        copies = keying.copies(session, batch)
        rows.append((batch, len(copies), sum(1 for c, _ in copies if c.response_id)))
    return render_template("editor/paper/batches.html", consultation=consultation,
                           rows=rows, live=lifecycle.live_version(session, consultation),
                           scans=scanned.scan_batches(session, consultation),
                           can_edit=can_edit())


@bp.route(f"{PREFIX}/batches/new", methods=["GET", "POST"])
@signed_in
def new_paper_batch(consultation_id: int) -> Response | str:
    consultation = consultation_or_404(consultation_id, edit=True)
    if lifecycle.live_version(db.session(), consultation) is None:
        abort(404)
    form = BatchForm()
    return form_page(
        form, lambda: keying.create_batch(db.session(), consultation, current_user(),
                                          form.label.data, form.double_keying.data),
        lambda batch: done(f"The batch “{batch.label}” has been added. Key its first form.",
                           url_for("editor.start_keying", consultation_id=consultation.id,
                                   batch_id=batch.id)),
        "editor/paper/batch_form.html", consultation=consultation)


@bp.route(f"{PREFIX}/batches/<int:batch_id>")
@signed_in
def paper_batch(consultation_id: int, batch_id: int) -> str:
    consultation = consultation_or_404(consultation_id)
    batch = _batch_or_404(consultation, batch_id)
    session = db.session()
    copies = keying.copies(session, batch)
    names = _names([k.keyed_by_id for _, ks in copies for k in ks])
    references = {c.response_id: format_reference(r.reference) for c, _ in copies
                  if c.response_id and (r := _response(c.response_id))}
    return render_template("editor/paper/batch.html", consultation=consultation, batch=batch,
                           copies=copies, names=names, references=references,
                           status=lambda c, ks: keying.copy_status(batch, c, ks),
                           me=current_user().id, format_label=formats.format_label,
                           can_edit=can_edit())


def _response(response_id: int) -> StoredResponse | None:
    return db.session().get(StoredResponse, response_id)


# Keying --------------------------------------------------------------------------------------

@bp.route(f"{PREFIX}/batches/<int:batch_id>/key", methods=["GET", "POST"])
@signed_in
def start_keying(consultation_id: int, batch_id: int) -> Response | str:
    consultation = consultation_or_404(consultation_id, edit=True)
    batch = _batch_or_404(consultation, batch_id)
    versions = lifecycle.versions(db.session(), consultation)
    if not versions:
        abort(404)
    offered = _printed_languages(versions)
    form = StartForm(versions, offered)

    def start() -> PaperKeying:
        asked = form.form_version.data if keying.VERSION_FIELD in form else None
        version = keying.printed_version(versions, asked)
        language = keying.printed_language(
            offered, form.form_language.data if keying.LANGUAGE_FIELD in form else None)
        return keying.start_keying(db.session(), batch, version, current_user(),
                                   form.copy_number.data, form.answer_format.data,
                                   language)

    return form_page(
        form, start,
        lambda found: redirect(_page_url(consultation, found, found.page)),
        "editor/paper/start.html", consultation=consultation, batch=batch)


def _printed_languages(versions: list[SurveyVersion]) -> list[str]:
    """Every language any published version was printed in: English first."""
    offered = [languages.ENGLISH]
    for version in versions:
        for code in load_definition(version.definition).languages:
            if code not in offered:
                offered.append(code)
    return offered


def _page_url(consultation: Consultation, found: PaperKeying, number: int) -> str:
    return url_for("editor.key_page", consultation_id=consultation.id, keying_id=found.id,
                   number=number)


def _check_url(consultation: Consultation, found: PaperKeying) -> str:
    return url_for("editor.keying_check", consultation_id=consultation.id, keying_id=found.id)


@bp.route(f"{PREFIX}/keyings/<int:keying_id>/<int:number>", methods=["GET", "POST"])
@signed_in
def key_page(consultation_id: int, keying_id: int, number: int) -> Response | str:
    consultation = consultation_or_404(consultation_id, edit=True)
    batch, copy, found = _my_keying(consultation, keying_id)
    if found.finished_at:
        return redirect(url_for("editor.paper_batch", consultation_id=consultation.id,
                                batch_id=batch.id))
    pages = keying.keying_pages(keying.definition_of(db.session(), copy))
    current = next((p for p in pages if p.number == number), None)
    if current is None:
        abort(404)
    form = FlaskForm()
    if form.validate_on_submit():
        typed = keying.check_page(current, request.form, _limits())
        if typed.ok:
            following = next((p for p in pages if p.number > number), None)
            keying.save_page(db.session(), found, current, typed,
                             following.number if following else number)
            db.session().commit()
            if following is None or request.args.get("return") == "check":
                return redirect(_check_url(consultation, found))
            return redirect(_page_url(consultation, found, following.number))
        return _render_page(consultation, batch, copy, found, pages, current, form,
                            dict(request.form), typed.errors)
    shown = {**found.entries}
    shown.update({keying.mark_field(q, found.marks[q.key]): "y"
                  for _, q in current.questions if q.key in found.marks})
    return _render_page(consultation, batch, copy, found, pages, current, form, shown, [])


def _render_page(consultation: Consultation, batch: PaperBatch, copy: PaperCopy,
                 found: PaperKeying, pages: list[KeyingPage], current: KeyingPage,
                 form: FlaskForm, values: dict[str, str], errors: list[tuple[str, str]]
                 ) -> str:
    previous = next((p for p in reversed(pages) if p.number < current.number), None)
    return render_template(
        "editor/paper/page.html", consultation=consultation, batch=batch, copy=copy,
        keying=found, page=current, page_count=len(pages), form=form, values=values,
        errors=errors, question_errors=dict(errors),
        numbered_choices=keying.numbered_choices, mark_field=keying.mark_field,
        format_label=formats.format_label, language=languages.language(copy.language),
        back_url=(_page_url(consultation, found, previous.number) if previous else
                  url_for("editor.paper_batch", consultation_id=consultation.id,
                          batch_id=batch.id)),
        action_url=request.full_path.rstrip("?"))


@bp.route(f"{PREFIX}/keyings/<int:keying_id>/check", methods=["GET", "POST"])
@signed_in
def keying_check(consultation_id: int, keying_id: int) -> Response | str:
    consultation = consultation_or_404(consultation_id, edit=True)
    batch, copy, found = _my_keying(consultation, keying_id)
    if found.finished_at:
        return redirect(url_for("editor.paper_batch", consultation_id=consultation.id,
                                batch_id=batch.id))
    definition = keying.definition_of(db.session(), copy)
    form = FlaskForm()
    if form.validate_on_submit():
        outcome = double_keying.finish_keying(db.session(), consultation, batch, copy, found,
                                              current_user(), _limits())
        return _after_finishing(consultation, batch, copy, outcome)
    values = keying.values_of(definition, found.entries, _limits())
    rows = [(page, number, q, keying.describe(q, values.get(q.key), found.marks.get(q.key)))
            for page in keying.keying_pages(definition) for number, q in page.questions]
    dropped = keying.routed_out(definition, values)
    return render_template("editor/paper/check.html", consultation=consultation, batch=batch,
                           copy=copy, keying=found, rows=rows, form=form,
                           dropped=[(number, q) for _, number, q, _ in rows if q.key in dropped],
                           change_url=lambda p: _page_url(consultation, found, p.number)
                           + "?return=check", format_label=formats.format_label)


def _after_finishing(consultation: Consultation, batch: PaperBatch, copy: PaperCopy,
                     outcome: double_keying.Finished) -> Response:
    batch_url = url_for("editor.paper_batch", consultation_id=consultation.id,
                        batch_id=batch.id)
    if outcome.response is not None:
        flash(f"Copy {copy.copy_number} is stored as response "
              f"{format_reference(outcome.response.reference)}.")
    elif outcome.waiting:
        flash(f"Copy {copy.copy_number} is keyed once. A second person must key it before "
              "it is stored.")
    else:
        flash(f"The two keyings of copy {copy.copy_number} differ. Decide each difference.")
        return redirect(url_for("editor.paper_differences", consultation_id=consultation.id,
                                copy_id=copy.id))
    return redirect(batch_url)


# Differences ---------------------------------------------------------------------------------

@bp.route(f"{PREFIX}/copies/<int:copy_id>/differences", methods=["GET", "POST"])
@signed_in
def paper_differences(consultation_id: int, copy_id: int) -> Response | str:
    consultation = consultation_or_404(consultation_id, edit=True)
    batch, copy = _copy_or_404(consultation, copy_id)
    pair = double_keying.finished_pair(db.session(), copy)
    if pair is None or copy.response_id:
        abort(404)
    definition = keying.definition_of(db.session(), copy)
    found = double_keying.differences(definition, *pair, _limits())
    form = FlaskForm()
    errors: list[tuple[str, str]] = []
    chosen = {d.question.key: request.form.get(d.question.key, "") for d in found}
    if form.validate_on_submit():
        try:
            response = double_keying.decide(db.session(), consultation, copy, chosen,
                                            current_user(), _limits())
        except KeyingError as exc:
            db.session().rollback()
            errors = exc.problems
        else:
            flash(f"Copy {copy.copy_number} is stored as response "
                  f"{format_reference(response.reference)}.")
            return redirect(url_for("editor.paper_batch", consultation_id=consultation.id,
                                    batch_id=batch.id))
    names = _names([k.keyed_by_id for k in pair])
    return render_template("editor/paper/differences.html", consultation=consultation,
                           batch=batch, copy=copy, differences=found, form=form,
                           chosen=chosen, errors=errors,
                           question_errors=dict(errors),
                           first_name=names.get(pair[0].keyed_by_id, "First person"),
                           second_name=names.get(pair[1].keyed_by_id, "Second person"))
