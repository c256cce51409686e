"""Registers every editor page on the blueprint (importing a module adds its routes)."""

from surveybuilder.editor import (  # noqa: F401
    consultation_pages,
    document_pages,
    easy_read_pages,
    easy_read_suggestions,
    event_pages,
    feedback_pages,
    gallery_pages,
    glossary_pages,
    job_pages,
    look_pages,
    paper_pages,
    picture_pages,
    plan_pages,
    print_pages,
    response_import_pages,
    results_pages,
    rights_pages,
    scan_pages,
    share_pages,
    structure_pages,
    translation_pages,
)
from surveybuilder.editor.blueprint import bp

__all__ = ["bp"]
