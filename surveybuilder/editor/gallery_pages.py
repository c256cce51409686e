"""Editor pages for charter-aligned templates: the gallery, a template's preview,
starting a consultation from a template, and inserting a block into a consultation.

The templates folder is read on every request (cached by file changes), so adding a
YAML file is all it takes to add a template, and a broken file is reported on the
page rather than taking the gallery down.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovRadioInput,
    GovSubmitInput,
)
from werkzeug.wrappers import Response
from wtforms import RadioField, SelectMultipleField, SubmitField
from wtforms.validators import InputRequired

from surveybuilder import db
from surveybuilder.auth.current import (
    can_edit,
    consultation_or_404,
    current_organisation,
    current_user,
    signed_in,
)
from surveybuilder.charter.checks import TITLES as CHECK_TITLES
from surveybuilder.consultations import from_templates
from surveybuilder.consultations.drafts import DraftError
from surveybuilder.consultations.from_templates import BLOCK, TemplateShelf, kind_of
from surveybuilder.editor.blueprint import bp
from surveybuilder.editor.consultation_pages import LEVEL_CHOICES, DetailsForm
from surveybuilder.forms import add_problems, choices, error_pairs
from surveybuilder.survey import journey
from surveybuilder.survey.definition import PARTICIPATION_LEVELS
from surveybuilder.survey.routing import describe_rule
from surveybuilder.survey.templates import ActivityTemplate

LEVEL_LABELS = dict(LEVEL_CHOICES)
KIND_LABELS = {"activity": "Whole consultation", "block": "Block of questions"}


def _shelf() -> TemplateShelf:
    return from_templates.read_templates(Path(current_app.config["TEMPLATES_DIR"]))


def _template_or_404(name: str) -> ActivityTemplate:
    template = _shelf().named(name)
    if template is None:
        abort(404)
    return template


def purpose_label(purpose: str) -> str:
    """Purposes are written as file-name-like words (`service-feedback`); staff read
    them as a phrase."""
    return purpose.replace("-", " ").capitalize()


def level_of(template: ActivityTemplate) -> str:
    return template.definition.participation_level


def purpose_of(template: ActivityTemplate) -> str:
    return str(template.metadata.get("purpose") or "")


# The gallery ----------------------------------------------------------------------------

class FilterForm(FlaskForm):
    """Filters travel in the address (GET), so a filtered gallery can be bookmarked
    and shared, and no JavaScript is needed."""

    class Meta:
        csrf = False

    level = SelectMultipleField("Participation level", widget=GovCheckboxesInput(),
                                validate_choice=False)
    purpose = SelectMultipleField("Purpose", widget=GovCheckboxesInput(),
                                  validate_choice=False)

    def offer(self, shelf: TemplateShelf) -> None:
        self.level.choices = choices([(level, LEVEL_LABELS.get(level, level))
                                      for level in PARTICIPATION_LEVELS])
        purposes = sorted({purpose_of(t) for t in shelf.templates} - {""})
        self.purpose.choices = choices([(p, purpose_label(p)) for p in purposes])

    def matches(self, template: ActivityTemplate) -> bool:
        levels, purposes = self.level.data or [], self.purpose.data or []
        return ((not levels or level_of(template) in levels)
                and (not purposes or purpose_of(template) in purposes))


@bp.route("/templates")
@signed_in
def gallery() -> str:
    shelf = _shelf()
    form = FilterForm(formdata=request.args)
    form.offer(shelf)
    shown = [t for t in shelf.templates if form.matches(t)]
    return render_template("editor/gallery/gallery.html", form=form, shown=shown,
                           total=len(shelf.templates), problems=shelf.problems,
                           filtered=bool(form.level.data or form.purpose.data),
                           can_edit=can_edit(), **_describers())


def _describers() -> dict[str, Callable[..., Any]]:
    """The words every template page uses for a template's kind, level and purpose."""
    return {"kind_of": kind_of, "kind_label": lambda t: KIND_LABELS.get(kind_of(t), kind_of(t)),
            "level_label": lambda t: LEVEL_LABELS.get(level_of(t), level_of(t)),
            "purpose_label": lambda t: purpose_label(purpose_of(t))}


# A template's preview ----------------------------------------------------------------

@bp.route("/templates/<name>")
@signed_in
def template(name: str) -> str:
    found = _template_or_404(name)
    definition = found.definition
    guidance = {g.get("section"): g.get("text", "")
                for g in found.metadata.get("guidance") or [] if isinstance(g, dict)}
    known = {q.key: q for q in definition.questions()}
    return render_template(
        "editor/gallery/template.html", template=found, definition=definition,
        pages=journey.pages(definition, definition.one_question_per_page), guidance=guidance,
        left_to_staff=[CHECK_TITLES.get(i, i) for i in found.metadata.get("left_to_staff") or []],
        describe=lambda rule: describe_rule(rule, known), can_edit=can_edit(),
        **_describers())


# Starting a consultation from a template ---------------------------------------------

class UseTemplateForm(FlaskForm):
    """Only what must differ from the template: its name and its web address, checked
    exactly as the details form checks them."""

    title = DetailsForm.title
    slug = DetailsForm.slug
    submit = SubmitField("Create consultation", widget=GovSubmitInput())


@bp.route("/templates/<name>/use", methods=["GET", "POST"])
@signed_in
def use_template(name: str) -> Response | str:
    if not can_edit():
        abort(403)
    found = _template_or_404(name)
    if kind_of(found) == BLOCK:
        abort(404)
    form = UseTemplateForm()
    if request.method == "GET":
        form.title.data = found.definition.title
        form.slug.data = found.definition.slug.removeprefix("tpl-")
    extra: list[tuple[str, str]] = []
    if form.validate_on_submit():
        try:
            consultation = from_templates.create_from_template(
                db.session(), current_organisation(), current_user(), found,
                form.title.data.strip(), form.slug.data.strip())
        except DraftError as exc:
            db.session().rollback()
            extra = add_problems(form, exc.problems)
        else:
            db.session().commit()
            flash(f"“{consultation.title}” has been created from the template "
                  f"“{found.title}”. Replace every [Replace: …] with your own words, and "
                  f"answer the charter plan.")
            return redirect(url_for("editor.consultation", consultation_id=consultation.id))
    return render_template("editor/gallery/use.html", form=form, template=found,
                           errors=error_pairs(form, extra))


# Inserting a block ------------------------------------------------------------------

class InsertBlockForm(FlaskForm):
    block = RadioField("Which block do you want to add?", widget=GovRadioInput(),
                       validators=[InputRequired("Choose a block to add")])
    submit = SubmitField("Add block", widget=GovSubmitInput())


@bp.route("/consultations/<int:consultation_id>/insert-block", methods=["GET", "POST"])
@signed_in
def insert_block(consultation_id: int) -> Response | str:
    consultation = consultation_or_404(consultation_id, edit=True)
    blocks = _shelf().of_kind(BLOCK)
    form = InsertBlockForm()
    form.block.choices = choices([(b.name, b.title) for b in blocks])
    extra: list[tuple[str, str]] = []
    if form.validate_on_submit():
        chosen = next(b for b in blocks if b.name == form.block.data)
        try:
            inserted = from_templates.insert_block(db.session(), consultation, current_user(),
                                                   chosen)
        except DraftError as exc:
            db.session().rollback()
            extra = add_problems(form, [("block", m) for _, m in exc.problems])
        else:
            db.session().commit()
            flash(_inserted_message(chosen, inserted))
            first = inserted.sections[0].id if inserted.sections else None
            return redirect(url_for("editor.consultation", consultation_id=consultation.id,
                                    _anchor=f"section-{first}" if first else "questions"))
    return render_template("editor/gallery/insert_block.html", form=form,
                           consultation=consultation, blocks=blocks,
                           errors=error_pairs(form, extra))


def _inserted_message(block: ActivityTemplate,
                      inserted: from_templates.InsertedBlock) -> str:
    count = len(inserted.sections)
    message = (f"The block “{block.title}” has been added at the end: {count} "
               f"section{'' if count == 1 else 's'}.")
    if inserted.renamed:
        pairs = ", ".join(f"{old} is now {new}" for old, new in inserted.renamed.items())
        message += (f" Some question keys were already used in this consultation, so they "
                    f"were renamed and the block's routing follows the new names: {pairs}.")
    return message
