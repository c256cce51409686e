"""The stages joined: a published version in one print format → PDF bytes and layout.

`render_form` is what the web pages, the CLI and the benchmark call (through cache.py
for the first two). Nothing here reads Flask request state.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from surveybuilder.branding import SITE_BRAND, Brand
from surveybuilder.printing import document as printed
from surveybuilder.printing.formats import PrintFormat
from surveybuilder.printing.geometry import layout
from surveybuilder.printing.marks import PageIdentity, Progress, stamp
from surveybuilder.printing.pdf import render_pdf
from surveybuilder.survey.definition import SurveyDefinition
from surveybuilder.survey.translations import InLanguage


@dataclass(frozen=True)
class PrintedForm:
    pdf: bytes
    layout: dict[str, Any]


def form_html(definition: SurveyDefinition | InLanguage, version: int,
              print_format: PrintFormat, organisation: str, brand: Brand = SITE_BRAND,
              logo: str | None = None) -> tuple[printed.PrintedDocument, str]:
    """Stage 1 alone: the printed document and its HTML (the benchmark times it)."""
    document = printed.build(definition, version, print_format, organisation, brand, logo)
    return document, printed.to_html(document)


def render_form(definition: SurveyDefinition | InLanguage, version: int,
                print_format: PrintFormat, organisation: str, copies: int = 0,
                progress: Progress | None = None, brand: Brand = SITE_BRAND,
                logo: str | None = None) -> PrintedForm:
    """The form as a PDF ready to print and scan, and its layout file. `copies` 0 gives
    one unnumbered (and fully tagged) form; N gives N numbered copies in one file. A
    definition `in_language` is drawn in that language; a plain one in English. `brand`
    and `logo` (a data: address) put the organisation's look on the cover."""
    document, html = form_html(definition, version, print_format, organisation, brand, logo)
    rendered = render_pdf(html, data_urls=document.logo is not None)  # the logo
    described = layout(document, rendered, version)
    identity = PageIdentity(document.definition.slug, version, print_format.slug,
                            print_format.font_pt, 0, 0, described["layout_id"],
                            document.language)
    return PrintedForm(stamp(rendered.pdf, identity, copies, progress),
                       described | {"copies": copies})
