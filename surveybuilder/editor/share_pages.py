"""Sharing a published consultation: its public address (with a "Copy link" button
that JavaScript adds) and printable posters and flyers that point people to it.

The address is built from the PUBLIC_URL setting, never from the Host header a
request came in on, as it goes on paper and into other people's newsletters.

A poster is one page drawn when asked for (about a third of a second), not by a
background job like the forms: it names the address, which is a setting, and so is
never kept.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import abort, url_for
from werkzeug.wrappers import Response

from surveybuilder import db
from surveybuilder.auth.current import consultation_or_404, signed_in
from surveybuilder.branding import brand_for, logo_data_uri
from surveybuilder.config import ConfigError
from surveybuilder.consultations.lifecycle import live_version
from surveybuilder.editor.blueprint import bp
from surveybuilder.models import Consultation, Organisation
from surveybuilder.printing.formats import all_print_formats, print_format
from surveybuilder.printing.poster import PAPERS, poster_facts, render_poster
from surveybuilder.survey.loading import load_definition
from surveybuilder.web_files import store
from surveybuilder.web_formats import public_url


def public_address(slug: str) -> str | None:
    """The consultation's public address, or None when PUBLIC_URL is not set (a
    production site that sends no e-mail may leave it unset)."""
    try:
        return public_url("respond.consultation", slug=slug)
    except ConfigError:
        return None


def share_area(consultation: Consultation, published: bool) -> dict[str, Any] | None:
    """What the overview page's share area shows, once a version is published: the
    address, and a poster and flyer in each format (none without an address to print)."""
    if not published:
        return None
    address = public_address(consultation.slug)
    posters = [(paper.label, [(chosen.answer_format.label, url_for(
        "editor.poster", consultation_id=consultation.id, paper_slug=paper.slug,
        format_slug=chosen.slug)) for chosen in all_print_formats()])
        for paper in PAPERS.values()] if address else []
    return {"address": address, "posters": posters}


@bp.route("/consultations/<int:consultation_id>/share/<paper_slug>/<format_slug>.pdf")
@signed_in
def poster(consultation_id: int, paper_slug: str, format_slug: str) -> Response:
    """An A4 poster or A5 flyer of the live version, in one format, as a PDF."""
    item = consultation_or_404(consultation_id)
    session = db.session()
    live = live_version(session, item)
    paper = PAPERS.get(paper_slug)
    address = public_address(item.slug)
    if live is None or paper is None or address is None or format_slug not in {
            chosen.slug for chosen in all_print_formats()}:
        abort(404)
    brand = brand_for(session.get(Organisation, item.organisation_id))
    facts = poster_facts(load_definition(live.definition), brand, address, date.today(),
                         logo_data_uri(brand, store()))
    pdf = render_poster(facts, print_format(format_slug), paper)
    name = f"{item.slug}-{paper.slug}-{'poster' if paper.slug == 'a4' else 'flyer'}"
    return Response(pdf, mimetype="application/pdf", headers={
        "Content-Disposition": f'inline; filename="{name}-{format_slug}.pdf"'})
