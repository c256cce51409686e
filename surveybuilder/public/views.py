"""Public pages that are not part of answering a consultation."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

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
    current = chosen or formats.STANDARD
    kept = [(k, v) for k, v in request.args.items(multi=True) if k != formats.PARAMETER]
    address = request.path + ("?" + urlencode(kept) if kept else "")
    return {"answer_format": current, "format_links": formats.switcher_links(address, current),
            "format_chosen": chosen is not None,
            "format_args": {formats.PARAMETER: current.slug} if chosen else {},
            "format_field": formats.PARAMETER}


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
