"""Editor pages for scanned paper forms: the upload on the Paper tab, the page that
shows the reading's progress (a refresh link, no script), the batch's pages and forms,
and "Check scanned form" for each form, keyboard-first like keying. The work is
`paper.scanned`; these pages only ask and show."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_wtf.csrf import validate_csrf
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.wrappers import Response
from wtforms import ValidationError

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
from surveybuilder.editor.paper_pages import PREFIX, _batch_or_404, _limits
from surveybuilder.jobs import listing
from surveybuilder.models import (
    Consultation,
    PaperBatch,
    PaperCopy,
    ScanBatch,
    ScannedCopy,
)
from surveybuilder.models import Response as StoredResponse
from surveybuilder.paper import keying, scanned
from surveybuilder.paper.keying import KeyingError
from surveybuilder.responses.storage import format_reference
from surveybuilder.scanning.images import MB, Limits
from surveybuilder.security import csrf
from surveybuilder.survey import languages
from surveybuilder.web_files import send_stored, store

LABEL_FIELD = "label"


def _scan_limits() -> Limits:
    return Limits.from_settings(current_app.config)


def _scan_or_404(consultation: Consultation, scan_id: int) -> ScanBatch:
    return owned_or_404(ScanBatch, scan_id, consultation)


def _scan_url(consultation: Consultation, scan: ScanBatch) -> str:
    return url_for("editor.scan_batch", consultation_id=consultation.id, scan_id=scan.id)


# Upload --------------------------------------------------------------------------------

@bp.route(f"{PREFIX}/scans/new", methods=["GET", "POST"])
@csrf.exempt  # checked below, once the larger body this page may send is allowed
@signed_in
def upload_scans(consultation_id: int) -> Response | str:
    consultation = consultation_or_404(consultation_id, edit=True)
    if lifecycle.live_version(db.session(), consultation) is None:
        abort(404)
    limits = _scan_limits()
    errors: list[tuple[str, str]] = []
    label = ""
    if request.method == "POST":
        request.max_content_length = int(limits.max_file_mb * MB) + MB
        try:
            if current_app.config.get("WTF_CSRF_ENABLED", True):
                validate_csrf(request.form.get("csrf_token"))
            label = request.form.get(LABEL_FIELD, "")
            files = [(f.filename or "scan", f.read()) for f in
                     request.files.getlist(scanned.FILES_FIELD) if f.filename]
            scan = scanned.start_reading(db.session(), store(), consultation, current_user(),
                                         label, files, limits)
        except RequestEntityTooLarge:
            errors = [(scanned.FILES_FIELD, f"The files are larger than "
                                            f"{limits.max_file_mb:g} MB in all. Upload "
                                            "them in smaller batches")]
        except ValidationError:
            errors = [("", "The page had expired. Choose the files again and upload them")]
        except KeyingError as exc:
            db.session().rollback()
            errors = exc.problems
        else:
            db.session().commit()
            return redirect(_scan_url(consultation, scan))
    return render_template("editor/paper/scan_upload.html", consultation=consultation,
                           errors=errors, field_errors=_joined(errors), label=label,
                           limits=limits)


def _joined(errors: list[tuple[str, str]]) -> dict[str, str]:
    """A field's messages as one line beside it (GOV.UK shows one message a field)."""
    joined: dict[str, str] = {}
    for field, message in errors:
        joined[field] = f"{joined[field]}. {message}" if field in joined else message
    return joined


# The batch: progress, pages, forms ---------------------------------------------------------

@bp.route(f"{PREFIX}/scans/<int:scan_id>")
@signed_in
def scan_batch(consultation_id: int, scan_id: int) -> str:
    consultation = consultation_or_404(consultation_id)
    scan = _scan_or_404(consultation, scan_id)
    session = db.session()
    batch = session.get(PaperBatch, scan.paper_batch_id)
    if scan.status != scanned.READ:
        job = scanned.reading_job(session, scan)
        return render_template("editor/paper/scan_progress.html", consultation=consultation,
                               scan=scan, batch=batch, job=job, listing=listing)
    copies = scanned.copies_of(session, scan)
    stored = {c.ordinal: _reference(c) for c in copies if c.confirmed_at}
    problems = [p for p in scanned.pages_of(session, scan)
                if p.status != "read" or p.reason]
    return render_template("editor/paper/scan_batch.html", consultation=consultation,
                           scan=scan, batch=batch, copies=copies, stored=stored,
                           problems=problems, what_to_do=scanned.WHAT_TO_DO,
                           to_settle=scanned.to_settle, can_edit=can_edit(),
                           format_label=lambda slug: formats.from_slug(slug).label)


def _reference(copy: ScannedCopy) -> str:
    paper_copy = db.session().get(PaperCopy, copy.paper_copy_id)
    response = db.session().get(StoredResponse, paper_copy.response_id)
    return format_reference(response.reference)


@bp.route(f"{PREFIX}/scans/<int:scan_id>/files/<path:name>")
@signed_in
def scan_image(consultation_id: int, scan_id: int, name: str) -> Response:
    consultation = consultation_or_404(consultation_id)
    scan = _scan_or_404(consultation, scan_id)
    if not name.endswith((".png", ".jpg")) or name.startswith("upload-"):
        abort(404)
    opened = store().open(f"{scanned.folder(scan)}/{name}")
    if opened is None:
        abort(404)
    response = send_stored(opened, name.rsplit("/", 1)[-1])
    response.headers["Cache-Control"] = "private, no-store"  # personal data
    return response


# Checking one form ---------------------------------------------------------------------------

@bp.route(f"{PREFIX}/scans/<int:scan_id>/forms/<int:ordinal>", methods=["GET", "POST"])
@signed_in
def check_scanned(consultation_id: int, scan_id: int, ordinal: int) -> Response | str:
    consultation = consultation_or_404(consultation_id, edit=True)
    scan = _scan_or_404(consultation, scan_id)
    session = db.session()
    copy = scanned.copy_of(session, scan, ordinal)
    if copy is None:
        abort(404)
    if copy.confirmed_at:
        flash(f"Form {ordinal} is stored as response {_reference(copy)}.")
        return redirect(_scan_url(consultation, scan))
    rows = scanned.checking_rows(scanned.definition_of(session, copy), copy)
    language = scanned.copy_language(store(), consultation, copy)
    values = scanned.first_entries(rows)
    errors: list[tuple[str, str]] = []
    if request.method == "POST":  # CSRF is checked for every editor form
        try:
            response = scanned.confirm(session, consultation, scan, copy, request.form,
                                       current_user(), _limits(), language)
        except KeyingError as exc:
            session.rollback()
            errors, values = exc.problems, dict(request.form)
        else:
            flash(f"Form {ordinal} is stored as response "
                  f"{format_reference(response.reference)}.")
            return redirect(_after(consultation, scan, ordinal))
    return render_template(
        "editor/paper/scan_check.html", consultation=consultation, scan=scan,
        batch=_batch_or_404(consultation, scan.paper_batch_id), copy=copy, rows=rows,
        values=values, errors=errors, question_errors=dict(errors),
        numbered_choices=keying.numbered_choices, mark_field=keying.mark_field,
        format_label=lambda slug: formats.from_slug(slug).label,
        language=languages.language(language),
        image_url=lambda key: url_for("editor.scan_image", consultation_id=consultation.id,
                                      scan_id=scan.id,
                                      name=key.removeprefix(scanned.folder(scan) + "/")))


def _after(consultation: Consultation, scan: ScanBatch, ordinal: int) -> str:
    """The next form still to check, or the batch when there is none."""
    waiting = [c for c in scanned.copies_of(db.session(), scan)
               if not c.confirmed_at and c.ordinal != ordinal]
    following = next((c for c in waiting if c.ordinal > ordinal), None) or \
        next(iter(waiting), None)
    if following is None:
        return _scan_url(consultation, scan)
    return url_for("editor.check_scanned", consultation_id=consultation.id, scan_id=scan.id,
                   ordinal=following.ordinal)
