"""Printed forms for anyone: GET /c/<slug>/print/<format>.pdf (`?size=16|18|24` for
large print), the live version's paper form, drawn once and then served from the cache
(surveybuilder/printing). No sign-in, no cookies; a consultation with nothing published
is a 404, like its page.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, request, send_file
from werkzeug.wrappers import Response

from surveybuilder import db
from surveybuilder.consultations import finding
from surveybuilder.printing.cache import printed_form
from surveybuilder.printing.formats import (
    LARGE_PRINT_SIZES,
    PrintFormat,
    UnknownPrintFormat,
    print_format,
)

bp = Blueprint("printed", __name__, url_prefix="/c/<slug>/print")


@bp.app_context_processor
def _sizes() -> dict[str, tuple[int, ...]]:
    """The consultation page links to every large-print size."""
    return {"large_print_sizes": LARGE_PRINT_SIZES}


def asked_print_format(slug: str, size: str | None) -> PrintFormat:
    """The format an address names; unknown formats are a 404, a bad size a 400."""
    try:
        chosen_size = int(size) if size else None
    except ValueError:
        abort(400)
    try:
        return print_format(slug, chosen_size)
    except UnknownPrintFormat:
        abort(404 if chosen_size is None else 400)


@bp.route("/<format_slug>.pdf")
def form(slug: str, format_slug: str) -> Response:
    chosen = asked_print_format(format_slug, request.args.get("size"))
    consultation = finding.by_slug(db.session(), slug)
    found = consultation and printed_form(db.session(), current_app.config["EXPORTS_DIR"],
                                          consultation, chosen)
    if not found:
        abort(404)
    # A new version means a new form at the same address: browsers check every time
    # (the ETag makes an unchanged form a quick 304).
    return send_file(found.pdf_path, mimetype="application/pdf",
                     download_name=found.download_name, max_age=0, conditional=True)
