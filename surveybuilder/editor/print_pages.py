"""The editor's Print page: paper forms of the live version in standard, easy read and
large print, numbered copies for tracking returns, and the layout files scanners read.

Forms are drawn by surveybuilder/printing and kept in its cache, so a second download
of the same version and format is instant. Anyone who can see the consultation may
print it; nothing here changes the consultation.
"""

from __future__ import annotations

from flask import abort, current_app, render_template, request, send_file
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSubmitInput
from werkzeug.wrappers import Response
from wtforms import RadioField, SubmitField
from wtforms.validators import InputRequired, NumberRange

from surveybuilder import db
from surveybuilder.auth.current import consultation_or_404, signed_in
from surveybuilder.consultations.lifecycle import live_version
from surveybuilder.editor.blueprint import bp
from surveybuilder.editor.question_forms import WholeNumberField
from surveybuilder.forms import choices, error_pairs
from surveybuilder.models import Consultation
from surveybuilder.printing.cache import CachedForm, printed_form
from surveybuilder.printing.formats import (
    LARGE_PRINT_SIZES,
    PrintFormat,
    UnknownPrintFormat,
    print_format,
)

PREFIX = "/consultations/<int:consultation_id>/print"
# Every printable choice: (value of the copies form, format slug, large-print size).
CHOICES = [("standard", "standard", None), ("easy-read", "easy-read", None)] + [
    (f"large-print-{size}", "large-print", size) for size in LARGE_PRINT_SIZES]


class CopiesForm(FlaskForm):
    form_format = RadioField(
        "Which format?", widget=GovRadioInput(),
        choices=choices([(value, print_format(slug, size).label)
                         for value, slug, size in CHOICES]),
        validators=[InputRequired("Choose the format to print")])
    copies = WholeNumberField("Number of copies",
                              description="Each copy gets its own number in the code on "
                                          "every page.")
    submit = SubmitField("Download numbered copies", widget=GovSubmitInput())

    def chosen(self) -> PrintFormat:
        _value, slug, size = next(c for c in CHOICES if c[0] == self.form_format.data)
        return print_format(slug, size)


def _copies_form(limit: int) -> CopiesForm:
    form = CopiesForm()
    form.copies.validators = [
        InputRequired("Enter how many copies to print, like 200"),
        NumberRange(min=1, max=limit,
                    message=f"Number of copies must be from 1 to {limit}")]
    return form


@bp.route(PREFIX, methods=["GET", "POST"])
@signed_in
def print_forms(consultation_id: int) -> Response | str:
    consultation = consultation_or_404(consultation_id)
    version = live_version(db.session(), consultation)
    limit = current_app.config["PRINT_MAX_COPIES"]
    form = _copies_form(limit)
    if version is not None and form.validate_on_submit():
        return _download(consultation, form.chosen(), form.copies.data)
    formats = [(value, print_format(slug, size)) for value, slug, size in CHOICES]
    return render_template("editor/print/print.html", consultation=consultation,
                           version=version, form=form, formats=formats, limit=limit,
                           errors=error_pairs(form))


@bp.route(f"{PREFIX}/<format_slug>.pdf")
@signed_in
def print_download(consultation_id: int, format_slug: str) -> Response:
    consultation = consultation_or_404(consultation_id)
    return _download(consultation, _asked(format_slug), 0)


@bp.route(f"{PREFIX}/<format_slug>.layout.json")
@signed_in
def print_layout(consultation_id: int, format_slug: str) -> Response:
    consultation = consultation_or_404(consultation_id)
    found = _drawn(consultation, _asked(format_slug), 0)
    return send_file(found.layout_path, mimetype="application/json", as_attachment=True,
                     download_name=found.download_name.removesuffix(".pdf") + "-layout.json")


def _asked(format_slug: str) -> PrintFormat:
    size = request.args.get("size")
    try:
        return print_format(format_slug, int(size) if size and size.isdigit() else None)
    except UnknownPrintFormat:
        abort(404)


def _drawn(consultation: Consultation, chosen: PrintFormat, copies: int) -> CachedForm:
    found = printed_form(db.session(), current_app.config["EXPORTS_DIR"], consultation,
                         chosen, copies)
    if found is None:
        abort(404)
    return found


def _download(consultation: Consultation, chosen: PrintFormat, copies: int) -> Response:
    found = _drawn(consultation, chosen, copies)
    return send_file(found.pdf_path, mimetype="application/pdf", as_attachment=True,
                     download_name=found.download_name)
