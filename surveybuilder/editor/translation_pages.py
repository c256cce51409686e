"""The Translations pages: each offered language's progress, the files for translators
(XLIFF 2.0 and XLSX) and the upload that takes their work back (issue 15 item 2).

One page lists the languages; each language has its own page with its counts, the two
downloads and one file upload (GOV.UK file upload, no JavaScript). An upload with any
problem imports nothing and lists every problem in the error summary. The upload may
be larger than the site's usual request limit (TRANSLATION_FILE_MAX_MB), so the page
takes its body itself and checks the CSRF token once the larger body is allowed, as
the scanned-forms upload does.
"""

from __future__ import annotations

from flask import (
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_wtf.csrf import validate_csrf
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.wrappers import Response
from wtforms import ValidationError

from surveybuilder import db
from surveybuilder.auth.current import can_edit, consultation_or_404, current_user, signed_in
from surveybuilder.consultations import translating
from surveybuilder.editor.blueprint import bp
from surveybuilder.models import Consultation
from surveybuilder.security import csrf
from surveybuilder.survey.languages import language
from surveybuilder.survey.loading import DefinitionError
from surveybuilder.survey.translator_files import FileKind

PREFIX = "/consultations/<int:consultation_id>/translations"
FILE_FIELD = "file"
MB = 1_000_000


@bp.route(PREFIX)
@signed_in
def translations(consultation_id: int) -> str:
    consultation = consultation_or_404(consultation_id)
    progress, draft_problems = _progress(consultation)
    return render_template("editor/translations/index.html", consultation=consultation,
                           progress=progress, draft_problems=draft_problems)


@bp.route(f"{PREFIX}/<code>", methods=["GET", "POST"])
@csrf.exempt  # checked below, once the larger body this page may take is allowed
@signed_in
def translation_language(consultation_id: int, code: str) -> Response | str:
    consultation = _offered_or_404(consultation_id, code, edit=request.method == "POST")
    errors: list[tuple[str, str]] = []
    if request.method == "POST":
        errors = _upload(consultation, code)
        if not errors:
            return redirect(url_for("editor.translation_language",
                                    consultation_id=consultation.id, code=code))
    progress, draft_problems = _progress(consultation)
    shown = next((p for p in progress if p.language.code == code), None)
    return render_template("editor/translations/language.html", consultation=consultation,
                           language=language(code), progress=shown,
                           draft_problems=draft_problems, errors=errors,
                           file_error=_file_error(errors), max_mb=_max_mb(),
                           can_edit=can_edit(), file_field=FILE_FIELD)


@bp.route(f"{PREFIX}/<code>/<kind>")
@signed_in
def translation_download(consultation_id: int, code: str, kind: str) -> Response:
    consultation = _offered_or_404(consultation_id, code)
    if kind not in FileKind.SUFFIX:
        abort(404)
    try:
        made = translating.translator_file(db.session(), consultation, current_user(),
                                           code, kind)
    except DefinitionError:
        abort(409)
    db.session().commit()
    response = make_response(made.content)
    response.headers["Content-Type"] = made.media_type
    response.headers["Content-Disposition"] = f'attachment; filename="{made.name}"'
    return response


def _offered_or_404(consultation_id: int, code: str, edit: bool = False) -> Consultation:
    consultation = consultation_or_404(consultation_id, edit=edit)
    if code not in consultation.languages:
        abort(404)
    return consultation


def _progress(consultation: Consultation
              ) -> tuple[list[translating.Progress], list[str]]:
    """The languages' counts, or the draft's problems when it cannot be read as a whole
    (the texts to translate are not known until those are fixed)."""
    try:
        return translating.progress(db.session(), consultation), []
    except DefinitionError as exc:
        return [], [str(p) for p in exc.problems]


def _upload(consultation: Consultation, code: str) -> list[tuple[str, str]]:
    """Read and apply the uploaded file: the problems, or none when it was imported."""
    limit = int(_max_mb() * MB)
    request.max_content_length = limit + MB
    try:
        if current_app.config.get("WTF_CSRF_ENABLED", True):
            validate_csrf(request.form.get("csrf_token"))
        upload = request.files.get(FILE_FIELD)
        content = upload.read() if upload and upload.filename else b""
    except RequestEntityTooLarge:
        return [(FILE_FIELD, f"The file is larger than {_max_mb():g} MB. Nothing was "
                             "imported")]
    except ValidationError:
        return [("", "The page had expired. Choose the file again and upload it")]
    if not content:
        return [(FILE_FIELD, "Choose the XLIFF or Excel file to upload")]
    try:
        reading = translating.import_file(db.session(), consultation, current_user(), code,
                                          content, limit)
    except DefinitionError:
        return [("", "The draft has problems to fix before translations can be imported")]
    db.session().commit()
    if reading.problems:
        return [(FILE_FIELD, str(problem)) for problem in reading.problems]
    flash(_imported_message(len(reading.texts), reading.needs_updating))
    return []


def _imported_message(imported: int, needs_updating: int) -> str:
    texts = "1 text was" if imported == 1 else f"{imported} texts were"
    message = f"{texts} imported."
    if needs_updating:
        message += (f" {needs_updating} of them {'needs' if needs_updating == 1 else 'need'}"
                    " updating: the English has changed since the file was made.")
    return message


def _file_error(errors: list[tuple[str, str]]) -> str:
    """One message beside the file upload (GOV.UK shows one a field); the summary above
    lists every problem."""
    found = [message for field, message in errors if field == FILE_FIELD]
    if len(found) > 1:
        return f"The file has {len(found)} problems, listed above. Nothing was imported"
    return found[0] if found else ""


def _max_mb() -> float:
    return float(current_app.config.get("TRANSLATION_FILE_MAX_MB", 5))
