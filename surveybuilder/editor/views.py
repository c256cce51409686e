"""Registers every editor page on the blueprint (importing a module adds its routes)."""

from surveybuilder.editor import consultation_pages, structure_pages  # noqa: F401
from surveybuilder.editor.blueprint import bp

__all__ = ["bp"]
