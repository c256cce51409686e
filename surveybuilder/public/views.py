"""Public pages that are not part of answering a consultation."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template, request
from sqlmodel import select

from surveybuilder import db
from surveybuilder.models import Consultation, Status
from surveybuilder.respond import formats

bp = Blueprint("public", __name__)


@bp.context_processor
def _format_context() -> dict[str, Any]:
    """Public pages are drawn in the format the address names (`?format=easy-read`), with
    the same switcher as resident pages; links to consultations carry the format on."""
    chosen = formats.from_slug(request.args.get(formats.PARAMETER))
    address = formats.without_format(request.path, request.args.items(multi=True))
    return formats.page_context(chosen or formats.STANDARD, address, chosen is not None)


@bp.route("/")
def home():
    open_now = db.session().exec(
        select(Consultation).where(Consultation.status == Status.OPEN)
        .order_by(Consultation.closes)).all()
    return render_template("public/home.html", consultations=open_now)


@bp.route("/accessibility")
def accessibility():
    return render_template("public/accessibility.html")


@bp.route("/privacy")
def privacy():
    return render_template("public/privacy.html")


# Modules whose routes use `bp` (pictures: GET /pictures/<concept>.svg for easy read;
# results_pages: published "You said, we did", the results archive and its feed).
from surveybuilder.public import get_involved, pictures, results_pages  # noqa: E402, F401
