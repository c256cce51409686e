"""The stages joined: a published version in one print format → PDF bytes and layout.

`render_form` is what the web pages, the CLI and the benchmark call (through cache.py
for the first two). Nothing here reads Flask request state.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from surveybuilder.printing import document as printed
from surveybuilder.printing.formats import PrintFormat
from surveybuilder.printing.geometry import layout
from surveybuilder.printing.marks import PageIdentity, Progress, stamp
from surveybuilder.printing.pdf import render_pdf
from surveybuilder.survey.definition import SurveyDefinition


@dataclass(frozen=True)
class PrintedForm:
    pdf: bytes
    layout: dict[str, Any]


def form_html(definition: SurveyDefinition, version: int, print_format: PrintFormat,
              organisation: str) -> tuple[printed.PrintedDocument, str]:
    """Stage 1 alone: the printed document and its HTML (the benchmark times it)."""
    document = printed.build(definition, version, print_format, organisation)
    return document, printed.to_html(document)


def render_form(definition: SurveyDefinition, version: int, print_format: PrintFormat,
                organisation: str, copies: int = 0,
                progress: Progress | None = None) -> PrintedForm:
    """The form as a PDF ready to print and scan, and its layout file. `copies` 0 gives
    one unnumbered (and fully tagged) form; N gives N numbered copies in one file."""
    document, html = form_html(definition, version, print_format, organisation)
    rendered = render_pdf(html)
    described = layout(document, rendered, version)
    identity = PageIdentity(definition.slug, version, print_format.slug,
                            print_format.font_pt, 0, 0, described["layout_id"])
    return PrintedForm(stamp(rendered.pdf, identity, copies, progress),
                       described | {"copies": copies})
