"""Editor pages for "You said, we did": the summary, the items and their decisions,
publishing, and telling the residents who asked to hear back.

Feedback is written once a consultation has closed. After publication items can still
change; a change of status is logged with a note, and the log is public.
"""

from __future__ import annotations

from datetime import UTC, datetime

from flask import abort, current_app, redirect, render_template, url_for
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovRadioInput,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from werkzeug.wrappers import Response
from wtforms import RadioField, SelectMultipleField, StringField, SubmitField, TextAreaField
from wtforms.validators import Length, Optional

from surveybuilder import db, formats, wording
from surveybuilder.auth.current import can_edit, consultation_or_404, current_user, signed_in
from surveybuilder.config import ConfigError
from surveybuilder.consultations.drafts import DraftError
from surveybuilder.editor.blueprint import bp
from surveybuilder.editor.page_flow import commit_change, done, form_page
from surveybuilder.feedback import decisions, hear_back, publication
from surveybuilder.feedback.document import published_summary
from surveybuilder.feedback.preview import preview_document
from surveybuilder.forms import ConfirmForm, DayMonthYearField, choices
from surveybuilder.mail import smtp_settings
from surveybuilder.models import Consultation, FeedbackItem, FeedbackStatus
from surveybuilder.results import themes
from surveybuilder.web_formats import asked_format, result_links, results_picture

PREFIX = "/consultations/<int:consultation_id>/feedback"
STATUS_CHOICES = [(s.value, decisions.STATUS_WORDS[s]) for s in FeedbackStatus]


class SummaryForm(FlaskForm):
    summary = TextAreaField("Summary of what people said", widget=GovTextArea(),
                            description="How many took part, and the main things they said. "
                                        "Leave a blank line between paragraphs")
    easy_read_summary = TextAreaField(
        "Easy read summary (optional)", widget=GovTextArea(), validators=[Optional()],
        description="Short sentences, one idea each, no more than 15 words")
    what_next = TextAreaField("What happens next", widget=GovTextArea(),
                              description="The next decisions and when they will be made, "
                                          "and how people can stay involved")
    figures = SelectMultipleField("Charts and tables to include", widget=GovCheckboxesInput(),
                                  validate_choice=True)
    submit = SubmitField("Save", widget=GovSubmitInput())


class ItemForm(FlaskForm):
    you_said = TextAreaField("You said", widget=GovTextArea(), validators=[
        Length(max=2000, message="You said must be 2,000 characters or fewer")],
        description="What people told us, in their words where you can")
    question_keys = SelectMultipleField("Questions this comes from",
                                        widget=GovCheckboxesInput(), validate_choice=True)
    themes = SelectMultipleField("Themes from comments", widget=GovCheckboxesInput(),
                                 validate_choice=True)
    we_did = TextAreaField("We did", widget=GovTextArea(), description="The decision, and "
                           "what is being done or will be done")
    status = RadioField("Status", choices=choices(STATUS_CHOICES), widget=GovRadioInput(),
                        validate_choice=False)
    reason = TextAreaField("Why it is not possible", widget=GovTextArea(),
                           validators=[Optional()],
                           description="Needed when the status is “Not possible”")
    owner = StringField("Who is responsible (optional)", widget=GovTextInput(),
                        validators=[Optional(), Length(max=200)],
                        description="A team or role, like “Parks team”, not a person's name")
    due = DayMonthYearField("By when (optional)", description="For example, 30 9 2027")
    easy_read_text = TextAreaField("We did, in easy read (optional)", widget=GovTextArea(),
                                   validators=[Optional()],
                                   description="One or two short sentences")
    easy_read_picture = StringField("Picture for easy read (optional)", widget=GovTextInput(),
                                    validators=[Optional(), Length(max=64)],
                                    description="A word for the picture, like “park” or "
                                                "“bus”")
    note = TextAreaField("What changed (optional)", widget=GovTextArea(),
                         validators=[Optional()],
                         description="Shown with the date in the public progress log when "
                                     "the status changes")
    submit = SubmitField("Save", widget=GovSubmitInput())

    def to_data(self) -> dict:
        return {"you_said": self.you_said.data or "", "question_keys": self.question_keys.data,
                "themes": self.themes.data, "we_did": self.we_did.data or "",
                "status": self.status.data, "reason": self.reason.data or "",
                "owner": self.owner.data or "", "due": self.due.data,
                "easy_read_text": self.easy_read_text.data or "",
                "easy_read_picture": self.easy_read_picture.data or ""}

    def fill_from(self, item: FeedbackItem) -> None:
        for name in decisions.ITEM_FIELDS:
            getattr(self, name).data = getattr(item, name)


def _threshold() -> int:
    return current_app.config["SUPPRESSION_THRESHOLD"]


def _question_choices(consultation: Consultation) -> list[tuple[str, str, str]]:
    """(key, label, published figures) for questions whose results may be shown."""
    summary = published_summary(db.session(), consultation, _threshold())
    return [(q.key, f"Question {q.number}: {q.text}", q.summary_line)
            for q in summary.questions if not q.personal_data]


def _writable(consultation_id: int) -> Consultation:
    consultation = consultation_or_404(consultation_id, edit=True)
    if not decisions.can_write(consultation):
        abort(404)
    return consultation


def _overview_url(consultation: Consultation) -> str:
    return url_for("editor.feedback", consultation_id=consultation.id)


@bp.route(PREFIX)
@signed_in
def feedback(consultation_id: int) -> str:
    consultation = consultation_or_404(consultation_id)
    found = decisions.feedback_of(db.session(), consultation)
    views = decisions.item_views(db.session(), found) if found else []
    contacts = hear_back.contacts(db.session(), consultation) if found else []
    smtp = smtp_settings(current_app.config)
    return render_template(
        "editor/feedback/overview.html", consultation=consultation, feedback=found,
        items=views, can_edit=can_edit(), writable=decisions.can_write(consultation),
        problems=decisions.publish_problems(db.session(), consultation),
        questions={key: label for key, label, _ in _question_choices(consultation)}
        if decisions.can_write(consultation) else {},
        emails=sum(1 for c in contacts if c.email),
        letters=sum(1 for c in contacts if c.postal_address),
        smtp_ready=smtp.configured, form=ConfirmForm(), preview_formats=formats.FORMATS)


@bp.route(f"{PREFIX}/preview")
@signed_in
def feedback_preview(consultation_id: int) -> str:
    """The public results page as it will look once published, in the format asked for
    (`?format=`, as on the public page), for staff only: nothing is stored or shown."""
    consultation = consultation_or_404(consultation_id)
    found = decisions.feedback_of(db.session(), consultation)
    if found is None or not decisions.can_write(consultation):
        abort(404)
    shown = asked_format() or formats.STANDARD
    wording.use(wording.locale_for(shown == formats.EASY_READ))
    document = preview_document(db.session(), consultation, found, _threshold(),
                                datetime.now(UTC))
    return render_template("editor/feedback/preview.html", doc=document,
                           consultation=consultation, picture=results_picture,
                           **publication.body_context(shown))


@bp.route(f"{PREFIX}/summary", methods=["GET", "POST"])
@signed_in
def feedback_summary(consultation_id: int) -> Response | str:
    consultation = _writable(consultation_id)
    form = SummaryForm()
    offered = _question_choices(consultation)
    form.figures.choices = choices([(key, label) for key, label, _ in offered])
    found = decisions.feedback_of(db.session(), consultation)
    if not form.is_submitted() and found is not None:
        form.summary.data, form.easy_read_summary.data = found.summary, found.easy_read_summary
        form.what_next.data, form.figures.data = found.what_next, found.figures
    return form_page(
        form, lambda: decisions.update_summary(
            db.session(), consultation, current_user(), form.summary.data or "",
            form.easy_read_summary.data or "", form.what_next.data or "",
            form.figures.data or []),
        lambda _: done("The summary has been saved.", _overview_url(consultation)),
        "editor/feedback/summary.html", consultation=consultation, hints=offered)


def _item_form(consultation: Consultation, item: FeedbackItem | None) -> ItemForm:
    form = ItemForm()
    offered = _question_choices(consultation)
    form.question_keys.choices = choices([(key, label) for key, label, _ in offered])
    names = [t.name for t in themes.themes(db.session(), consultation)]
    if item is not None:
        names += [t for t in item.themes if t not in names]
    form.themes.choices = choices([(name, name) for name in names])
    if item is not None and not form.is_submitted():
        form.fill_from(item)
    return form


@bp.route(f"{PREFIX}/items/new", methods=["GET", "POST"])
@signed_in
def new_feedback_item(consultation_id: int) -> Response | str:
    consultation = _writable(consultation_id)
    form = _item_form(consultation, None)
    return form_page(
        form, lambda: decisions.add_item(db.session(), consultation, current_user(),
                                         form.to_data()),
        lambda _: done("The item has been added.", _overview_url(consultation)),
        "editor/feedback/item.html", consultation=consultation, item=None,
        published=_published(consultation), hints=_question_choices(consultation))


@bp.route(f"{PREFIX}/items/<int:item_id>", methods=["GET", "POST"])
@signed_in
def edit_feedback_item(consultation_id: int, item_id: int) -> Response | str:
    consultation = _writable(consultation_id)
    found = decisions.feedback_of(db.session(), consultation)
    item = decisions.item_or_none(db.session(), found, item_id) if found else None
    if item is None:
        abort(404)
    form = _item_form(consultation, item)
    return form_page(
        form, lambda: decisions.update_item(db.session(), consultation, current_user(), item,
                                            form.to_data(), note=form.note.data or ""),
        lambda _: done("The item has been changed.", _overview_url(consultation)),
        "editor/feedback/item.html", consultation=consultation, item=item,
        published=_published(consultation), hints=_question_choices(consultation))


def _published(consultation: Consultation) -> bool:
    return decisions.published_feedback(db.session(), consultation) is not None


@bp.route(f"{PREFIX}/publish", methods=["POST"])
@signed_in
def publish_feedback(consultation_id: int) -> Response | str:
    consultation = _writable(consultation_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        commit_change(lambda: decisions.publish(db.session(), consultation, current_user()))
    except DraftError:
        # The overview lists what is missing, beside the button.
        return redirect(_overview_url(consultation))
    return done("The results have been published.", _overview_url(consultation))


@bp.route(f"{PREFIX}/email", methods=["POST"])
@signed_in
def email_hear_back(consultation_id: int) -> Response | str:
    """Send the e-mails now, from the page's own address (the public links use it)."""
    consultation = _writable(consultation_id)
    published = decisions.published_feedback(db.session(), consultation)
    form = ConfirmForm()
    if published is None or not form.validate_on_submit():
        abort(400)
    try:
        sent = commit_change(lambda: hear_back.send_emails(
            db.session(), consultation, published, result_links(consultation.slug),
            smtp_settings(current_app.config), current_user()))
    except (hear_back.HearBackError, ConfigError, OSError) as exc:
        db.session().rollback()
        return render_template("editor/feedback/email_failed.html",
                               consultation=consultation, reason=str(exc)), 502
    return done(f"{sent} e-mails are being sent. The background jobs page shows how "
                "they are going.", _overview_url(consultation))


@bp.route(f"{PREFIX}/letters.csv", methods=["POST"])
@signed_in
def hear_back_letters(consultation_id: int) -> Response:
    """The list for letters. A POST with its CSRF token, since downloading it counts as
    using the details (starting CONTACT_KEEP_DAYS) and is recorded: a GET must change
    nothing, or a link or prefetch could do it unasked."""
    consultation = _writable(consultation_id)
    published = decisions.published_feedback(db.session(), consultation)
    if published is None:
        abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    text = commit_change(lambda: hear_back.letters_csv(
        db.session(), consultation, published, result_links(consultation.slug),
        current_user()))
    return Response(text, content_type="text/csv; charset=utf-8", headers={
        "Content-Disposition": f'attachment; filename="{consultation.slug}-letters.csv"'})

