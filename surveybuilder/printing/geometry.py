"""Stage 3: the layout file — where every answer box is on the page, for scanning.

A scanner finds the page by its QR code (marks.py), lines the image up by the corner
marks, then reads each box at the position recorded here. The positions come from the
same layout that drew the PDF (pdf.py's anchors), so any format, size or number of
pages reads the same way; nothing assumes a fixed grid.

All lengths are millimetres from the page's top-left corner. Pages count from 1 within
one copy; every copy of a numbered batch has the same layout.

The layout describes itself fully, so a scan is read against the layout it was printed
with, months later, whatever the survey or the drawing code has become since: each
question's type, how many boxes may be ticked, its routing, and the box border width.
Its `language` (and the script's `direction`) say which language the form was drawn in:
an Urdu form's boxes sit elsewhere than the English form's, so each language has its
own layout. Its `layout_id` is a hash of everything else in it: a change to the drawing that moves
any box, mark or code gives a new identifier, which the page's QR code also carries;
the file store keeps every layout a consultation has printed under it (cache.py).
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from surveybuilder.printing.document import PrintedDocument
from surveybuilder.printing.marks import PAYLOAD_PREFIX, mark_geometry
from surveybuilder.printing.pdf import RenderedPdf
from surveybuilder.survey.definition import ShowIf, SurveyDefinition

LAYOUT_FORMAT = "surveybuilder-print-layout/1"
BOX_BORDER_MM = 0.4  # jinja/print/form.css draws every answer box with this border
LAYOUT_ID_LENGTH = 12  # hex digits of the hash: short enough for the QR code


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
            "option_number": box.option_number, "character": box.character,
            "x_mm": left, "y_mm": top,
            "width_mm": round(right - left, 2), "height_mm": round(bottom - top, 2)})
    described = {
        "format": LAYOUT_FORMAT,
        "payload_prefix": PAYLOAD_PREFIX,
        "consultation": document.definition.slug,
        "version": version,
        "print_format": fmt.slug,
        "size_pt": fmt.font_pt,
        "language": document.language,
        "direction": document.direction,
        "tick_box_mm": fmt.box_mm,
        "box_border_mm": BOX_BORDER_MM,
        "page_size_mm": list(rendered.page_size_mm),
        "pages": rendered.page_count,
        "marks": mark_geometry(rendered.page_size_mm),
        "questions": _questions(document.definition, {box["question"] for box in boxes}),
        "boxes": boxes,
    }
    return {**described, "layout_id": layout_id(described)}


def layout_id(described: dict[str, Any]) -> str:
    """The hash of a layout's content (without its own id and the number of copies,
    which only the stamp draws): the same drawing always gives the same identifier."""
    content = {k: v for k, v in described.items() if k not in ("layout_id", "copies")}
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()[:LAYOUT_ID_LENGTH]


def _questions(definition: SurveyDefinition, boxed: set[str]) -> dict[str, dict[str, Any]]:
    """What a reader needs to know of each question with boxes, without the survey:
    its type, how many boxes may be ticked (None: any number; a grid's one a statement)
    and the rules (its section's, then its own) that decide whether it is asked."""
    described = {}
    for section in definition.sections:
        for question in section.questions:
            if question.key not in boxed:
                continue
            most = getattr(question, "max_choices", None) if question.many else 1
            described[question.key] = {
                "type": question.kind, "many": question.many, "max_choices": most,
                "required": question.required,
                "show_if": [_rule(rule) for rule in (section.show_if, question.show_if)
                            if rule is not None]}
    return described


def _rule(rule: ShowIf) -> dict[str, Any]:
    return {"question": rule.question, "in": list(rule.in_)}


def _find(rendered: RenderedPdf, box_id: str) -> tuple[int, tuple[float, float, float, float]]:
    for number, anchors in enumerate(rendered.anchors, start=1):
        if box_id in anchors:
            return number, anchors[box_id]
    raise MissingBox(f"answer box {box_id} is not on any page")
