"""Editor pages for easy read: how ready a consultation is, and the OpenMoji pictures
the editor shows beside questions and options.

The plain-language panels on the question and option forms are drawn by
`easy_read_help.checked_form_page`, which the structure pages call.
"""

from __future__ import annotations

from flask import render_template

from surveybuilder import db
from surveybuilder.auth.current import can_edit, consultation_or_404, signed_in
from surveybuilder.consultations import glossary
from surveybuilder.editor.blueprint import bp
from surveybuilder.editor.easy_read_help import (
    CREDIT,
    readiness,
)


@bp.route("/consultations/<int:consultation_id>/easy-read")
@signed_in
def easy_read(consultation_id: int) -> str:
    consultation = consultation_or_404(consultation_id)
    found, _unfinished = glossary.unexplained(db.session(), consultation)
    return render_template("editor/easy_read/readiness.html", consultation=consultation,
                           readiness=readiness(db.session(), consultation),
                           without_meaning=glossary.words_without_meaning(found),
                           can_edit=can_edit(), picture_credit=CREDIT)
