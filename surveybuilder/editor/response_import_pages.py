"""The Paper tab's import of responses from a spreadsheet: staff upload a workbook, CSV
or JSON file of answers gathered elsewhere (typed up at an event, counted by a partner)
and get the same row-by-row report as `surveybuilder import-responses`.

Reading and storing are `paper.importing`, exactly as for the command: every row is
read by the answer code every channel uses, a row with any problem is rejected whole,
and the page lists each rejected row's number and reasons. The file may be as large as
IMPORT_FILE_MAX_MB; the request is allowed that much (plus the form) only here, and a
larger one gets a message on this page rather than the site's "too large" page.
"""

from __future__ import annotations

from flask import abort, current_app, render_template, request
from flask_wtf.csrf import validate_csrf
from werkzeug.exceptions import RequestEntityTooLarge
from wtforms import ValidationError

from surveybuilder import db
from surveybuilder.auth.current import consultation_or_404, signed_in
from surveybuilder.consultations import lifecycle
from surveybuilder.editor.blueprint import bp
from surveybuilder.editor.paper_pages import PREFIX, _limits
from surveybuilder.models import Consultation
from surveybuilder.paper import importing
from surveybuilder.security import csrf

FILE_FIELD = "responses"
MB = 1_000_000
ACCEPTED = ".xlsx,.csv,.json"


def _max_bytes() -> int:
    return int(float(current_app.config["IMPORT_FILE_MAX_MB"]) * MB)


@bp.route(f"{PREFIX}/import", methods=["GET", "POST"])
@csrf.exempt  # checked below, once the larger body this page may send is allowed
@signed_in
def import_paper_responses(consultation_id: int) -> str:
    """The upload form; after an upload, what was imported and every rejected row."""
    consultation = consultation_or_404(consultation_id, edit=True)
    if lifecycle.live_version(db.session(), consultation) is None:
        abort(404)
    report, errors, name = None, [], ""
    if request.method == "POST":
        report, errors, name = _imported(consultation)
    return render_template("editor/paper/import.html", consultation=consultation,
                           report=report, errors=errors, file_name=name,
                           max_mb=float(current_app.config["IMPORT_FILE_MAX_MB"]),
                           accepted=ACCEPTED, field=FILE_FIELD)


def _imported(consultation: Consultation
              ) -> tuple[importing.ImportReport | None, list[tuple[str, str]], str]:
    """(report, errors, file name) for the posted file; nothing is stored from a file
    that cannot be read as a whole."""
    request.max_content_length = _max_bytes() + MB
    try:
        if current_app.config.get("WTF_CSRF_ENABLED", True):
            validate_csrf(request.form.get("csrf_token"))
        upload = request.files.get(FILE_FIELD)
        if upload is None or not upload.filename:
            return None, [(FILE_FIELD, "Choose a spreadsheet of responses to import")], ""
        name = upload.filename
        file_format = name.rsplit(".", 1)[-1].lower() if "." in name else ""
        if file_format not in importing.FILE_FORMATS:
            return None, [(FILE_FIELD, "The file must be an Excel workbook (.xlsx), a CSV "
                                       "file (.csv) or a JSON file (.json)")], name
        rows = importing.read_file_rows(upload.read(), file_format, _max_bytes())
        report = importing.import_responses(db.session(), consultation, rows, _limits())
    except RequestEntityTooLarge:
        return None, [(FILE_FIELD, f"The file must be smaller than "
                                   f"{current_app.config['IMPORT_FILE_MAX_MB']:g} MB")], ""
    except ValidationError:
        return None, [("", "The page had expired. Choose the file again and import it")], ""
    except importing.ImportFileError as exc:
        db.session().rollback()
        return None, [(FILE_FIELD, f"Nothing was imported. {exc}")], name
    return report, [], name
