"""Stage 3: the layout file — where every answer box is on the page, for scanning.

A scanner finds the page by its QR code (marks.py), lines the image up by the corner
marks, then reads each box at the position recorded here. The positions come from the
same layout that drew the PDF (pdf.py's anchors), so any format, size or number of
pages reads the same way; nothing assumes a fixed grid.

All lengths are millimetres from the page's top-left corner. Pages count from 1 within
one copy; every copy of a numbered batch has the same layout.
"""

from __future__ import annotations

from typing import Any

from surveybuilder.printing.document import PrintedDocument
from surveybuilder.printing.marks import PAYLOAD_PREFIX, mark_geometry
from surveybuilder.printing.pdf import RenderedPdf

LAYOUT_FORMAT = "surveybuilder-print-layout/1"


class MissingBox(RuntimeError):
    """An answer box was not drawn (a template or stylesheet lost it)."""


def layout(document: PrintedDocument, rendered: RenderedPdf, version: int) -> dict[str, Any]:
    """The layout file's content for one rendered form."""
    fmt = document.print_format
    boxes = []
    for box in document.boxes:
        page, rect = _find(rendered, box.id)
        left, top, right, bottom = rect
        boxes.append({
            "id": box.id, "page": page, "question": box.question, "number": box.number,
            "kind": box.kind, "option": box.option, "part": box.part,
            "x_mm": left, "y_mm": top,
            "width_mm": round(right - left, 2), "height_mm": round(bottom - top, 2)})
    return {
        "format": LAYOUT_FORMAT,
        "payload_prefix": PAYLOAD_PREFIX,
        "consultation": document.definition.slug,
        "version": version,
        "print_format": fmt.slug,
        "size_pt": fmt.font_pt,
        "tick_box_mm": fmt.box_mm,
        "page_size_mm": list(rendered.page_size_mm),
        "pages": rendered.page_count,
        "marks": mark_geometry(rendered.page_size_mm),
        "boxes": boxes,
    }


def _find(rendered: RenderedPdf, box_id: str) -> tuple[int, tuple[float, float, float, float]]:
    for number, anchors in enumerate(rendered.anchors, start=1):
        if box_id in anchors:
            return number, anchors[box_id]
    raise MissingBox(f"answer box {box_id} is not on any page")
