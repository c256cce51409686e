"""Stage 2: HTML → a tagged A4 PDF, and where every element with an id landed.

WeasyPrint is imported here, inside the function, so the web app and the CLI start
fast and only pay for it when a form is drawn. The PDF is tagged (`pdf/ua-1`: language,
title, heading structure, /Alt on pictures), and its text layer says each glyph's own
text in every script (text_layer.py). No AcroForm fields: boxes are drawn
content with visible words, which prints, scans and reads aloud properly.

Positions are WeasyPrint's page anchors: id → (left, top, right, bottom) of the
element's border box in CSS pixels (96 to the inch) from the page's top-left corner.
"""

from __future__ import annotations

from dataclasses import dataclass

from surveybuilder.printing import text_layer

PDF_VARIANT = "pdf/ua-1"
PX_PER_MM = 96 / 25.4


@dataclass(frozen=True)
class RenderedPdf:
    """The PDF, and per page (in order) the anchors found on it, in millimetres."""

    pdf: bytes
    anchors: tuple[dict[str, tuple[float, float, float, float]], ...]
    page_size_mm: tuple[float, float]

    @property
    def page_count(self) -> int:
        return len(self.anchors)


def render_pdf(html: str, data_urls: bool = False) -> RenderedPdf:
    """Lay out and write the PDF once; the anchors come from the same layout.
    `data_urls` lets pictures be given inside the HTML (a poster's QR code)."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    # Pictures are embedded from installed files; a form never fetches from a network.
    local_only = URLFetcher(allowed_protocols=("file", "data") if data_urls else ("file",))
    document = HTML(string=html, base_url="/", url_fetcher=local_only).render(
        pdf_variant=PDF_VARIANT)
    with text_layer.recording() as noted:
        pdf = document.write_pdf(pdf_variant=PDF_VARIANT)
    pdf = text_layer.retext(pdf, noted)
    anchors = tuple(
        {name: tuple(round(v / PX_PER_MM, 2) for v in rect)
         for name, rect in page.anchors.items()}
        for page in document.pages)
    first = document.pages[0]
    return RenderedPdf(pdf, anchors,
                       (round(first.width / PX_PER_MM, 2), round(first.height / PX_PER_MM, 2)))

