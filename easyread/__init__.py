"""Easy-read engine for Surveybuilder: check plain language, suggest pictures, score readiness.

This package stands alone (no Flask, nothing from ``surveybuilder``) so the
web app, the command line and the PDF builder can all call it with plain data.

Main entry points::

    check(text) -> list[Finding]
    suggest_pictures(text, limit=5) -> list[PictureSuggestion]
    picture_path(concept) -> pathlib.Path
    score_question(QuestionText(...)) -> QuestionScore
    score_consultation([...]) -> ConsultationScore
    ATTRIBUTION  # must be shown wherever OpenMoji pictures appear
"""

from __future__ import annotations

from ._context import CheckOptions
from .checker import check, sentence_lengths
from .data import Acronym, Concept, DataFileError, JargonEntry
from .definitions import Definition, define, definition_entries, explain, is_circular
from .findings import RULE_TITLES, Finding, Rule
from .pictures import (
    ATTRIBUTION,
    PICTURE_LICENCE,
    PICTURE_LICENCE_URL,
    PictureNotFound,
    PictureSuggestion,
    code_path,
    find_concept,
    nearest_picture_words,
    picture_path,
    suggest_pictures,
    svg_filename,
)
from .rewrite import Change, SuggestedSentence, Suggestion, suggest_easy_read
from .scorecard import (
    BLOCKING_RULES,
    PASS_MARK,
    RULE_PENALTIES,
    ConsultationScore,
    QuestionScore,
    QuestionText,
    score_consultation,
    score_question,
)


def jargon_entries() -> tuple[JargonEntry, ...]:
    """Every jargon term shipped in ``easyread/words``, for glossaries and editors."""
    from . import data

    return data.jargon()


def acronym_entries() -> dict[str, Acronym]:
    """Every shipped acronym and its full words, keyed by the acronym."""
    from . import data

    return dict(data.acronyms())


def picture_concepts() -> tuple[Concept, ...]:
    """Every picture concept, for a picture chooser in the editor."""
    from . import data

    return data.concepts()


__all__ = [
    "ATTRIBUTION",
    "BLOCKING_RULES",
    "PASS_MARK",
    "PICTURE_LICENCE",
    "PICTURE_LICENCE_URL",
    "RULE_PENALTIES",
    "RULE_TITLES",
    "Acronym",
    "Change",
    "CheckOptions",
    "Concept",
    "ConsultationScore",
    "DataFileError",
    "Definition",
    "Finding",
    "JargonEntry",
    "PictureNotFound",
    "PictureSuggestion",
    "QuestionScore",
    "QuestionText",
    "Rule",
    "SuggestedSentence",
    "Suggestion",
    "acronym_entries",
    "check",
    "code_path",
    "define",
    "definition_entries",
    "explain",
    "find_concept",
    "is_circular",
    "jargon_entries",
    "nearest_picture_words",
    "picture_concepts",
    "picture_path",
    "score_consultation",
    "score_question",
    "sentence_lengths",
    "suggest_easy_read",
    "suggest_pictures",
    "svg_filename",
]
