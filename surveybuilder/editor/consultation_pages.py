"""Editor pages for whole consultations: the dashboard, details, import and export,
publishing and closing, duplicates, version history and the audit trail."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator

from flask import (
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovCheckboxInput,
    GovFileInput,
    GovRadioInput,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from markupsafe import Markup
from sqlmodel import Session
from wtforms import (
    BooleanField,
    IntegerField,
    RadioField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import (
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)

from surveybuilder import db, formats
from surveybuilder.auth.current import (
    can_edit,
    can_read_results,
    consultation_or_404,
    current_organisation,
    current_user,
    signed_in,
)
from surveybuilder.charter import checks as charter
from surveybuilder.consultations import audit, finding, lifecycle
from surveybuilder.consultations.drafts import (
    Details,
    DraftError,
    create_consultation,
    update_details,
)
from surveybuilder.consultations.similar import find_similar
from surveybuilder.consultations.snapshots import (
    draft_definition,
    export_data,
    import_definition,
    options_of,
    questions_of,
    sections_of,
)
from surveybuilder.editor.blueprint import bp
from surveybuilder.editor.easy_read_waiting import easy_read_waiting
from surveybuilder.editor.share_pages import share_area
from surveybuilder.editor.structure_pages import rule_describer
from surveybuilder.forms import ConfirmForm, DayMonthYearField, add_problems, choices, error_pairs
from surveybuilder.models import Consultation, Status, SurveyVersion
from surveybuilder.results.exports import responses_json
from surveybuilder.survey.contact import contact_of, email_problem, other_problem, phone_problem
from surveybuilder.survey.definition import CHOICE_TYPES, QUESTION_TYPES, SLUG_PATTERN
from surveybuilder.survey.languages import LANGUAGES
from surveybuilder.survey.loading import (
    DefinitionError,
    load_definition_bytes,
    load_definition_text,
)

LEVEL_CHOICES = [
    ("inform", "Inform – tell people about a decision already made"),
    ("consult", "Consult – ask for views to inform a decision"),
    ("engage", "Engage – ongoing conversations that can influence some decisions"),
    ("involve", "Involve – people take part in shaping the work"),
    ("co-produce", "Co-produce – people work as equals from start to finish"),
]

# What a consultation can offer besides standard: the register's formats, and paper
# forms (a channel, kept apart in the definition: consultations/snapshots.py).
FORMAT_CHOICES = [*((f.value, f.label) for f in formats.OFFERABLE),
                  (formats.PAPER.value, "Paper forms")]

# The languages a consultation can be offered in besides English, in the list's order;
# the page shows each named in itself (marked with its own `lang`) and in English.
LANGUAGE_CHOICES = [(language.code, language.both_names) for language in LANGUAGES]

STATUS_ORDER = [Status.DRAFT, Status.OPEN, Status.CLOSED, Status.RESULTS_PUBLISHED]
EASY_READ_SUMMARY_MAX = 2000


def _lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _refuse(problem: str | None) -> None:
    """A field's own check: its problem, if any, shown beside it."""
    if problem:
        raise ValidationError(problem)


class DetailsForm(FlaskForm):
    title = StringField("Title", widget=GovTextInput(), validators=[
        InputRequired("Enter a title"), Length(max=200, message="Title must be 200 characters "
                                                                "or fewer")],
        description="Say what it is about in plain words, like “Have your say on Victoria Park”")
    slug = StringField("Web address", widget=GovTextInput(), validators=[
        InputRequired("Enter a web address"),
        Length(max=80, message="Web address must be 80 characters or fewer"),
        Regexp(SLUG_PATTERN, message="Web address must use only lower-case letters, numbers "
                                     "and single hyphens, like victoria-park-2027")],
        description="The end of the public link, /c/…, using lower-case letters, numbers and "
                    "hyphens, like victoria-park-2027")
    summary = TextAreaField("Summary", widget=GovTextArea(), validators=[Optional()],
                            description="Two or three sentences: what this is about and why "
                                        "it matters")
    easy_read_summary = TextAreaField(
        "Easy read summary", widget=GovTextArea(),
        validators=[Optional(), Length(max=EASY_READ_SUMMARY_MAX, message=(
            f"The easy read summary must be {EASY_READ_SUMMARY_MAX:,} characters or fewer"))],
        description="Shown instead of the summary in easy read, online and on paper. One "
                    "short sentence on each line. Leave it blank to show the summary")
    participation_level = RadioField(
        "How much can people influence this?", choices=choices(LEVEL_CHOICES),
        widget=GovRadioInput(),
        validators=[InputRequired("Choose how much people can influence this")])
    can_change = TextAreaField("What can change as a result", widget=GovTextArea(),
                               description="One thing on each line")
    cannot_change = TextAreaField("What cannot change, and why", widget=GovTextArea(),
                                  description="One thing on each line, with the reason")
    audience = TextAreaField("Who it is for", widget=GovTextArea(),
                             description="One group on each line, like “young people” or "
                                         "“carers”")
    opens = DayMonthYearField("Opening date", description="For example, 10 1 2027")
    closes = DayMonthYearField("Closing date", description="For example, 7 3 2027")
    feedback_by = DayMonthYearField("When you will share the results",
                                    description="For example, 1 5 2027")
    contact_email = StringField(
        "E-mail address for questions and other formats", widget=GovTextInput(),
        validators=[Optional(), Length(max=254)],
        description="Shown to residents as a link that opens their e-mail")
    contact_phone = StringField(
        "Phone number for questions and other formats", widget=GovTextInput(),
        validators=[Optional(), Length(max=40)],
        description="Shown to residents as a link that phones it, like 0121 569 2000")
    contact = StringField("Other contact details", widget=GovTextInput(),
                          validators=[Optional(), Length(max=254)],
                          description="Other ways to reach you, like a text phone number or a "
                                      "desk and its opening hours. Not an e-mail address or "
                                      "phone number: they have their own boxes")
    return_address = TextAreaField(
        "Where to post paper forms", widget=GovTextArea(),
        validators=[Optional(), Length(max=500, message="The address must be 500 characters "
                                                        "or fewer")],
        description="The postal address printed on paper forms, one line each, like "
                    "“FREEPOST Parks Team, Sandwell Council House, Oldbury B69 3DE”")
    drop_off = TextAreaField("Where people can hand in paper forms", widget=GovTextArea(),
                             description="One place on each line, with opening times, like "
                                         "“Tipton Library, Monday to Saturday”")
    privacy_notice = TextAreaField("Privacy notice", widget=GovTextArea(),
                                   description="How answers are used and kept, in plain words")
    retention_months = IntegerField(
        "How many months to keep answers", widget=GovTextInput(),
        validators=[Optional(), NumberRange(1, 120, message="Enter a number of months from "
                                                            "1 to 120, like 24")])
    one_question_per_page = BooleanField("Show one question on each page",
                                         widget=GovCheckboxInput())
    statutory = BooleanField("This is a statutory consultation", widget=GovCheckboxInput())
    topics = TextAreaField("Topics", widget=GovTextArea(),
                           description="One on each line, like “parks” or “adult social "
                                       "care”. Used to find similar work across partners")
    areas = TextAreaField("Areas", widget=GovTextArea(),
                          description="One place on each line, like “Tipton”, or “whole "
                                      "borough”")
    formats = SelectMultipleField("Formats offered besides standard",
                                  choices=choices(FORMAT_CHOICES), widget=GovCheckboxesInput(),
                                  validate_choice=True)
    languages = SelectMultipleField("Languages offered besides English",
                                    choices=choices(LANGUAGE_CHOICES),
                                    widget=GovCheckboxesInput(), validate_choice=True)
    submit = SubmitField("Save details", widget=GovSubmitInput())

    def to_details(self) -> Details:
        return Details(
            slug=self.slug.data.strip(), title=self.title.data.strip(),
            summary=(self.summary.data or "").strip(),
            easy_read_summary="\n".join(_lines(self.easy_read_summary.data)),
            participation_level=self.participation_level.data,
            can_change=_lines(self.can_change.data), cannot_change=_lines(self.cannot_change.data),
            audience=_lines(self.audience.data), opens=self.opens.data,
            closes=self.closes.data, feedback_by=self.feedback_by.data,
            **self._contact(),
            return_address="\n".join(_lines(self.return_address.data)),
            drop_off=_lines(self.drop_off.data),
            privacy_notice=(self.privacy_notice.data or "").strip(),
            retention_months=self.retention_months.data,
            one_question_per_page=bool(self.one_question_per_page.data),
            statutory=bool(self.statutory.data), topics=_lines(self.topics.data),
            areas=_lines(self.areas.data), formats=list(self.formats.data or []),
            languages=[code for code, _name in LANGUAGE_CHOICES
                       if code in (self.languages.data or [])])

    def language_items(self) -> list[dict[str, Markup]]:
        """Each language's check box label: its own name marked with its `lang` (and
        `dir`), so a screen reader says it in that language, then its English name."""
        return [{"html": Markup('<span lang="{}" dir="{}">{}</span> ({})').format(
            language.code, language.direction, language.own, language.english)}
                for language in LANGUAGES]

    def validate_contact_email(self, field: StringField) -> None:
        _refuse(email_problem(field.data or ""))

    def validate_contact_phone(self, field: StringField) -> None:
        _refuse(phone_problem(field.data or ""))

    def validate_contact(self, field: StringField) -> None:
        if self.contact_email.data or self.contact_phone.data:
            _refuse(other_problem(field.data or ""))

    def _contact(self) -> dict[str, str]:
        """The three boxes; an address or number typed in "other" with the other two
        empty (as the one box was used before) is moved to its own field."""
        given = contact_of((self.contact_email.data or "").strip(),
                           " ".join((self.contact_phone.data or "").split()),
                           (self.contact.data or "").strip())
        return {"contact_email": given.email, "contact_phone": given.phone,
                "contact": given.other}

    def fill_from(self, consultation: Consultation) -> None:
        for name in ("title", "slug", "summary", "easy_read_summary", "participation_level",
                     "opens", "closes",
                     "feedback_by", "contact_email", "contact_phone", "contact",
                     "return_address", "privacy_notice",
                     "retention_months", "one_question_per_page",
                     "statutory", "formats", "languages"):
            getattr(self, name).data = getattr(consultation, name)
        for name in ("can_change", "cannot_change", "audience", "topics", "areas", "drop_off"):
            getattr(self, name).data = "\n".join(getattr(consultation, name))


class ImportForm(FlaskForm):
    file = FileField("Survey definition file (JSON)", widget=GovFileInput())
    text = TextAreaField("Or paste the definition here", widget=GovTextArea())
    submit = SubmitField("Import as a draft", widget=GovSubmitInput())


@bp.route("/")
@signed_in
def dashboard():
    consultations = finding.of_organisation(db.session(), current_organisation().id)
    by_status: dict[str, list[Consultation]] = defaultdict(list)
    for consultation in consultations:
        by_status[consultation.status].append(consultation)
    return render_template("editor/dashboard.html", by_status=by_status,
                           statuses=STATUS_ORDER, status_label=lifecycle.status_label,
                           can_edit=can_edit())


@bp.route("/consultations/new", methods=["GET", "POST"])
@signed_in
def new_consultation():
    if not can_edit():
        abort(403)
    form = DetailsForm()
    if request.method == "GET":
        form.participation_level.data = "consult"
    extra = []
    if form.validate_on_submit():
        try:
            consultation = create_consultation(db.session(), current_organisation(),
                                               current_user(), form.to_details())
        except DraftError as exc:
            db.session().rollback()
            extra = add_problems(form, exc.problems)
        else:
            db.session().commit()
            flash(f"“{consultation.title}” has been created. Now add sections and questions.")
            return redirect(url_for("editor.consultation", consultation_id=consultation.id))
    return render_template("editor/details.html", form=form, consultation=None,
                           errors=error_pairs(form, extra))


@bp.route("/consultations/<int:consultation_id>")
@signed_in
def consultation(consultation_id: int):
    item = consultation_or_404(consultation_id)
    session = db.session()
    sections = sections_of(session, item)
    questions = questions_of(session, item)
    by_section = defaultdict(list)
    for question in questions:
        by_section[question.section_id].append(question)
    option_counts = {q.id: len(options_of(session, q)) for q in questions
                     if q.type in CHOICE_TYPES}
    live = lifecycle.live_version(session, item)
    return render_template(
        "editor/consultation.html", consultation=item, sections=sections,
        by_section=by_section, option_counts=option_counts, type_labels={
            k: c.label for k, c in QUESTION_TYPES.items()},
        offered=[dict(FORMAT_CHOICES).get(f, f) for f in item.formats],
        rule_text=rule_describer(session, item), problems=lifecycle.publish_problems(session, item),
        live=live, share=share_area(item, live is not None),
        unpublished=lifecycle.has_unpublished_changes(session, item),
        status_label=lifecycle.status_label, can_edit=can_edit(),
        level_labels=dict(LEVEL_CHOICES), easy_read_waiting=easy_read_waiting(session, item),
        similar=find_similar(session, item) if item.status == Status.DRAFT else None)


@bp.route("/consultations/<int:consultation_id>/details", methods=["GET", "POST"])
@signed_in
def edit_details(consultation_id: int):
    item = consultation_or_404(consultation_id, edit=True)
    form = DetailsForm()
    if request.method == "GET":
        form.fill_from(item)
    extra = []
    if form.validate_on_submit():
        try:
            update_details(db.session(), item, current_user(), form.to_details())
        except DraftError as exc:
            db.session().rollback()
            extra = add_problems(form, exc.problems)
        else:
            db.session().commit()
            flash("The details have been saved.")
            return redirect(url_for("editor.consultation", consultation_id=item.id))
    return render_template("editor/details.html", form=form, consultation=item,
                           errors=error_pairs(form, extra))


@bp.route("/consultations/import", methods=["GET", "POST"])
@signed_in
def import_consultation():
    if not can_edit():
        abort(403)
    form = ImportForm()
    problems: list[str] = []
    if form.validate_on_submit():
        upload = form.file.data
        data = upload.read() if upload else None  # a file: refused unless it is UTF-8
        if not (data.strip() if data is not None else (form.text.data or "").strip()):
            form.file.errors = ["Choose a survey definition file, or paste one"]
            form._errors = None
        else:
            try:
                definition = (load_definition_bytes(data) if data is not None
                              else load_definition_text(form.text.data))
                imported = import_definition(db.session(), current_organisation(),
                                             current_user(), definition)
            except DefinitionError as exc:
                db.session().rollback()
                problems = [str(p) for p in exc.problems]
            else:
                db.session().commit()
                flash(f"“{imported.title}” has been imported as a draft.")
                return redirect(url_for("editor.consultation", consultation_id=imported.id))
    errors = error_pairs(form) + [("text", p) for p in problems]
    return render_template("editor/import.html", form=form, problems=problems, errors=errors)


@bp.route("/consultations/<int:consultation_id>/export.json")
@signed_in
def export_consultation(consultation_id: int):
    item = consultation_or_404(consultation_id)
    body = json.dumps(export_data(db.session(), item), indent=2, ensure_ascii=False) + "\n"
    return Response(body, mimetype="application/json", headers={
        "Content-Disposition": f'attachment; filename="{item.slug}.json"'})


class PublishForm(FlaskForm):
    reason = TextAreaField(
        "Why are you publishing without meeting the charter?", widget=GovTextArea(),
        description="This is kept in the audit log and the version history with the "
                    "checks that were not met.")
    submit = SubmitField("Publish", widget=GovSubmitInput())

    def ask_about(self, needing: list[charter.CheckRow]) -> None:
        """Word the reason box for what is missing: easy read alone gets its own
        question, as it is not a charter failure."""
        if [row.id for row in needing] == ["easy_read_ready"]:
            self.reason.label.text = ("Why are you publishing easy read before every "
                                      "question is ready for it?")


@bp.route("/consultations/<int:consultation_id>/responses.json")
@signed_in
def export_responses(consultation_id: int):
    """Every response with its answers, streamed (see results/exports.py)."""
    item = consultation_or_404(consultation_id)
    if not can_read_results():
        abort(403)
    body = stream_with_context(_streamed_responses(item))
    return Response(body, mimetype="application/json", headers={
        "Content-Disposition": f'attachment; filename="{item.slug}-responses.json"'})


def _streamed_responses(consultation: Consultation) -> Iterator[str]:
    """The body is produced after the request's own session has closed, so the stream
    has a session of its own, closed when the last piece is sent."""
    with Session(db.engine(), expire_on_commit=False) as session:
        yield from responses_json(session, consultation)


@bp.route("/consultations/<int:consultation_id>/publish", methods=["GET", "POST"])
@signed_in
def publish(consultation_id: int):
    item = consultation_or_404(consultation_id, edit=True)
    session = db.session()
    form = PublishForm()
    problems = lifecycle.publish_problems(session, item)
    needing = [] if problems else charter.needing_a_reason(charter_rows(item))
    form.ask_about(needing)
    if form.validate_on_submit() and not problems:
        try:
            version = lifecycle.publish(session, item, current_user(),
                                        charter.settings_from(current_app.config),
                                        form.reason.data, unready_easy_read_needs_reason=True)
        except lifecycle.CharterOverrideNeeded:
            session.rollback()
            form.reason.errors = [_reason_needed(needing)]
            form._errors = None
        else:
            session.commit()
            flash(f"Version {version.number} is published. The consultation is open at "
                  f"/c/{item.slug}.")
            return redirect(url_for("editor.consultation", consultation_id=item.id))
    return render_template("editor/publish.html", consultation=item, form=form,
                           problems=problems, failing=charter.failures(needing),
                           needing=needing, errors=error_pairs(form),
                           easy_read_waiting=easy_read_waiting(session, item) if any(
                               row.id == "easy_read_ready" for row in needing) else None,
                           live=lifecycle.live_version(session, item))


def _reason_needed(needing: list[charter.CheckRow]) -> str:
    if [row.id for row in needing] == ["easy_read_ready"]:
        return ("Enter why you are publishing easy read before every question is ready "
                "for it, or make the questions ready first")
    return "Enter the reason for publishing without meeting the charter, or fix the checks first"


def charter_rows(consultation: Consultation) -> list[charter.CheckRow]:
    """The charter check of the draft as it stands (empty while the draft is unsound)."""
    try:
        definition = draft_definition(db.session(), consultation)
    except DefinitionError:
        return []
    return charter.check(definition, charter.settings_from(current_app.config))


@bp.route("/consultations/<int:consultation_id>/charter")
@signed_in
def charter_check(consultation_id: int):
    item = consultation_or_404(consultation_id)
    try:
        draft_definition(db.session(), item)
        problems: list[str] = []
    except DefinitionError as exc:
        problems = [str(p) for p in exc.problems]
    return render_template("editor/charter.html", consultation=item, rows=charter_rows(item),
                           problems=problems, can_edit=can_edit(),
                           easy_read_waiting=easy_read_waiting(db.session(), item))


@bp.route("/consultations/<int:consultation_id>/close", methods=["GET", "POST"])
@signed_in
def close(consultation_id: int):
    item = consultation_or_404(consultation_id, edit=True)
    form = ConfirmForm()
    if item.status != Status.OPEN:
        abort(404)
    if form.validate_on_submit():
        lifecycle.close(db.session(), item, current_user())
        db.session().commit()
        flash("The consultation is closed. No more answers will be accepted.")
        return redirect(url_for("editor.consultation", consultation_id=item.id))
    return render_template("editor/close.html", consultation=item, form=form)


@bp.route("/consultations/<int:consultation_id>/duplicate", methods=["POST"])
@signed_in
def duplicate(consultation_id: int):
    item = consultation_or_404(consultation_id, edit=True)
    copy = lifecycle.duplicate(db.session(), item, current_user())
    db.session().commit()
    flash(f"This is a copy of “{item.title}”. Change its title and web address before you "
          f"publish it.")
    return redirect(url_for("editor.consultation", consultation_id=copy.id))


@bp.route("/consultations/<int:consultation_id>/versions")
@signed_in
def versions(consultation_id: int):
    item = consultation_or_404(consultation_id)
    return render_template("editor/versions.html", consultation=item,
                           versions=lifecycle.versions(db.session(), item), can_edit=can_edit(),
                           form=ConfirmForm(),
                           reasons=audit.publish_reasons(db.session(), item),
                           check_titles=charter.TITLES)


@bp.route("/consultations/<int:consultation_id>/versions/<int:number>")
@signed_in
def version(consultation_id: int, number: int):
    item = consultation_or_404(consultation_id)
    found = _version_or_404(item, number)
    return render_template("editor/version.html", consultation=item, version=found,
                           can_edit=can_edit(),
                           definition_json=json.dumps(found.definition, indent=2,
                                                      ensure_ascii=False))


@bp.route("/consultations/<int:consultation_id>/versions/<int:number>/restore",
          methods=["POST"])
@signed_in
def restore_version(consultation_id: int, number: int):
    item = consultation_or_404(consultation_id, edit=True)
    lifecycle.restore_version(db.session(), item, _version_or_404(item, number), current_user())
    db.session().commit()
    flash(f"The draft now matches version {number}. Publish it to make it live again.")
    return redirect(url_for("editor.consultation", consultation_id=item.id))


def _version_or_404(consultation: Consultation, number: int) -> SurveyVersion:
    found = finding.version(db.session(), consultation, number)
    if found is None:
        abort(404)
    return found


@bp.route("/consultations/<int:consultation_id>/history")
@signed_in
def history(consultation_id: int):
    item = consultation_or_404(consultation_id)
    return render_template("editor/history.html", consultation=item,
                           events=audit.history(db.session(), item))
