"""Public pages that are not part of answering a consultation: the home page and the
site's accessibility and privacy notes here; importing the other modules adds their
routes to the blueprint (`get_involved`: open consultations and events; `pictures`:
GET /pictures/<concept>.svg for easy read; `results_pages`: published "You said, we
did", the results archive and its feed; `documents`: the documents attached to a
consultation)."""

from __future__ import annotations

from flask import render_template

from surveybuilder import db
from surveybuilder.consultations import finding
from surveybuilder.public import (  # noqa: F401
    documents,
    get_involved,
    pictures,
    results_pages,
)
from surveybuilder.public.blueprint import bp

__all__ = ["bp"]


@bp.route("/")
def home():
    return render_template("public/home.html", consultations=finding.open_now(db.session()))


@bp.route("/accessibility")
def accessibility():
    return render_template("public/accessibility.html")


@bp.route("/privacy")
def privacy():
    return render_template("public/privacy.html")
