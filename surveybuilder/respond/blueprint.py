"""The resident blueprint object, its caches and its format switcher, shared by the
resident view modules (`respond/views.py` imports them all, which adds their routes).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, g
from markupsafe import Markup

from surveybuilder import web_formats
from surveybuilder.caching import LRUCache
from surveybuilder.respond.drawn_once import Skeleton
from surveybuilder.security import csrf
from surveybuilder.survey.definition import SurveyDefinition
from surveybuilder.survey.translations import InLanguage

bp = Blueprint("respond", __name__, url_prefix="/c/<slug>")
# Residents need no cookies, so no session-held CSRF token either: every form that
# changes anything posts to an address holding the journey's unguessable token, which
# a forged cross-site request cannot know (docs/decisions/0003).
csrf.exempt(bp)

# Published versions never change, so their parsed definitions and the blank markup of
# their pages are kept per app rather than rebuilt on every request.
DEFINITIONS_CACHED = 64
BLANK_PAGES_CACHED = 1024


@bp.record_once
def _make_caches(state) -> None:
    state.app.extensions["respond.definitions"] = LRUCache[SurveyDefinition](DEFINITIONS_CACHED)
    state.app.extensions["respond.blank_pages"] = LRUCache[Markup](BLANK_PAGES_CACHED)
    # Whole blank question pages, the journey's token left out (question_pages).
    state.app.extensions["respond.blank_page_html"] = LRUCache[Skeleton](BLANK_PAGES_CACHED)
    # Check answers pages with holes for the token and the answers (submitting).
    state.app.extensions["respond.check_pages"] = LRUCache[tuple | None](BLANK_PAGES_CACHED)
    # A version's definition in each language it offers (answering.definition_in).
    state.app.extensions["respond.in_language"] = LRUCache[InLanguage](DEFINITIONS_CACHED * 2)
    # A parsed definition's pages per format (answering.pages_in).
    state.app.extensions["respond.pages"] = LRUCache[tuple](DEFINITIONS_CACHED * 3)



@bp.context_processor
def _format_context() -> dict[str, Any]:
    """The switcher of every resident page. A page's format comes from its journey (set
    by `answering.show_in`), or before there is one from `?format=`; a format the
    resident chose (in the address, or a form field) travels on to pages with no journey
    yet, and with none chosen a resumed journey keeps its own."""
    return web_formats.switcher_context(g.get("answer_format"), g.get("format_switch_path"))
