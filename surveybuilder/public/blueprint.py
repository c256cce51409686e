"""The public blueprint object and its format switcher, shared by the public view
modules (`public/views.py` imports them all, which adds their routes)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint

from surveybuilder import web_formats

bp = Blueprint("public", __name__)


@bp.context_processor
def _format_context() -> dict[str, Any]:
    """Public pages are drawn in the format the address names (`?format=easy-read`), with
    the same switcher as resident pages; links to consultations carry the format on."""
    return web_formats.switcher_context()
