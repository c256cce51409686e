"""Public pages that are not part of answering a consultation."""

from __future__ import annotations

from flask import Blueprint, render_template
from sqlmodel import select

from surveybuilder import db
from surveybuilder.models import Consultation, Status

bp = Blueprint("public", __name__)


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


# Modules whose routes use `bp` (pictures: GET /pictures/<concept>.svg for easy read).
from surveybuilder.public import get_involved, pictures  # noqa: E402, F401
