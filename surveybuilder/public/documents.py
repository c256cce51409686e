"""The documents attached to a consultation (consultations/documents.py), sent safely:
with the content type found when the file was checked (never one guessed from its
name), `nosniff` so a browser never guesses either, shown in the browser only for PDFs
and PNG or JPEG pictures and downloaded (`Content-Disposition: attachment`) for
anything else. HTML and SVG are refused at upload, so none is ever served.

A draft's documents are not public: only a published consultation's are sent.
"""

from __future__ import annotations

from typing import Any

from flask import abort
from werkzeug.wrappers import Response

from surveybuilder import db
from surveybuilder.consultations import documents, finding
from surveybuilder.models import Status
from surveybuilder.public.blueprint import bp
from surveybuilder.web_files import send_stored, store


@bp.route("/c/<slug>/documents/<int:document_id>/<name>")
def consultation_document(slug: str, document_id: int, name: str) -> Response:
    return _send(_stored(slug, document_id, easy_read=False), name)


@bp.route("/c/<slug>/documents/<int:document_id>/easy-read/<name>")
def consultation_document_easy_read(slug: str, document_id: int, name: str) -> Response:
    return _send(_stored(slug, document_id, easy_read=True), name)


def _stored(slug: str, document_id: int, easy_read: bool) -> dict[str, Any]:
    consultation = finding.by_slug(db.session(), slug)
    if consultation is None or consultation.status == Status.DRAFT:
        abort(404)
    found = documents.document_of(db.session(), consultation, document_id)
    stored = (found.easy_read if easy_read else found.file) if found else None
    if not stored:
        abort(404)
    return stored


def _send(stored: dict[str, Any], name: str) -> Response:
    opened = store().open(stored["key"]) if name == stored["name"] else None
    if opened is None:
        abort(404)
    kind = documents.KINDS[stored["type"]]
    response = send_stored(opened, stored["name"], as_attachment=not kind.inline)
    response.headers["Content-Type"] = kind.type
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
