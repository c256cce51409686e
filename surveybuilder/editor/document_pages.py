"""The editor's Documents page: attach the documents people need to read to take part
(a proposal, a map, a plan), each with a title and an optional easy-read version, and
remove them. Uploads are checked by consultations/documents.py (kind by content, size
by the DOCUMENT_MAX_MB setting); the start page lists them as soon as they are added.
"""

from __future__ import annotations

from flask import current_app, request, url_for
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from govuk_frontend_wtf.wtforms_widgets import GovFileInput, GovSubmitInput, GovTextInput
from werkzeug.wrappers import Response
from wtforms import StringField, SubmitField

from surveybuilder import db
from surveybuilder.auth.current import (
    can_edit,
    consultation_or_404,
    current_user,
    signed_in,
)
from surveybuilder.consultations import documents
from surveybuilder.consultations.documents import MB, Upload
from surveybuilder.editor.blueprint import bp
from surveybuilder.editor.page_flow import commit_change, done, form_page
from surveybuilder.forms import ConfirmForm
from surveybuilder.models import Consultation
from surveybuilder.web_files import store

PREFIX = "/consultations/<int:consultation_id>/documents"


class DocumentForm(FlaskForm):
    title = StringField("Title", widget=GovTextInput(),
                        description="What the document is, as people will see it in the "
                                    "list, like “Proposed changes to Victoria Park”")
    file = FileField("Document", widget=GovFileInput(),
                     description="A PDF, a PNG or JPEG picture, or a Word (.docx) or "
                                 "OpenDocument (.odt) document")
    easy_read_file = FileField("Easy read version (optional)", widget=GovFileInput(),
                               description="The same document in easy read, if there is one")
    submit = SubmitField("Attach the document", widget=GovSubmitInput())


def _max_bytes() -> int:
    return int(float(current_app.config["DOCUMENT_MAX_MB"]) * MB)


def _upload(field: FileField) -> Upload:
    sent = field.data
    return Upload(sent.filename or "", sent.read()) if sent and sent.filename else Upload("", b"")


def _page_url(consultation: Consultation) -> str:
    return url_for("editor.consultation_documents", consultation_id=consultation.id)


@bp.route(PREFIX, methods=["GET", "POST"])
@signed_in
def consultation_documents(consultation_id: int) -> Response | str:
    """The list, and the form to attach another (editors only)."""
    item = consultation_or_404(consultation_id, edit=request.method == "POST")
    # Two files of up to the limit each, and the form's other fields.
    request.max_content_length = 2 * _max_bytes() + MB
    form = DocumentForm()
    return form_page(
        form, lambda: documents.add_document(
            db.session(), store(), item, current_user(), form.title.data or "",
            _upload(form.file), _upload(form.easy_read_file), _max_bytes()),
        lambda added: done(f"“{added.title}” is attached. It is on the consultation's "
                           "page now.", _page_url(item)),
        "editor/documents.html", consultation=item, can_edit=can_edit(),
        documents=documents.documents_of(db.session(), item),
        described=documents.described, remove_form=ConfirmForm(),
        max_mb=current_app.config["DOCUMENT_MAX_MB"])


@bp.route(f"{PREFIX}/<int:document_id>/remove", methods=["POST"])
@signed_in
def remove_consultation_document(consultation_id: int, document_id: int) -> Response:
    item = consultation_or_404(consultation_id, edit=True)
    found = documents.document_of(db.session(), item, document_id)
    if found is None or not ConfirmForm().validate_on_submit():
        return done("That document was already removed.", _page_url(item))
    commit_change(lambda: documents.remove_document(db.session(), store(), item,
                                                    current_user(), found))
    return done(f"“{found.title}” is removed.", _page_url(item))
