"""The easy-read printed form says everything in easy read: every sentence of the PDF's
text, read back with pdfplumber, passes the project's own checker (`easyread.check`,
default options) and has at most 15 words.

What is checked is the application's own words — the cover pages, the filling-in
instructions, each type's printed instruction, routing, page headers and footers and
the end page. To keep staff's words out of it, the surveys drawn have staff words that
are easy-read-ready: the shipped easy-read template with its "[Replace: …]" gaps and
cover details filled in easy read, and the demo's sections, questions and routing
with every staff-written text swapped for a short easy-read sentence. A finding here is
then a fault in words the application writes (or in the glossary and routing text,
which others own: the failure names the paragraph)."""

from __future__ import annotations

import json
import re
from itertools import count
from pathlib import Path
from typing import Any

import pytest
from support.easy_read_text import pdf_paragraphs, problems

from surveybuilder.printing import document as printed
from surveybuilder.printing.formats import print_format
from surveybuilder.printing.render import render_form
from surveybuilder.survey.loading import load_definition
from surveybuilder.survey.templates import load_template

pytestmark = pytest.mark.pdf

ROOT = Path(__file__).resolve().parents[1]
EASY_READ_TEMPLATE = ROOT / "templates" / "easy-read-survey.yaml"
DEMO = ROOT / "surveybuilder" / "demo_consultation.json"

# A cover written in easy read, as staff would write it for an easy-read survey.
READY_COVER = {
    "title": "Tell us what you think about the library",
    "summary": "We want to know what you think about the library.\nThere are only a few "
               "questions.",
    "can_change": ["When the library is open"],
    "cannot_change": ["Where the library is"],
    "contact": "library@example.gov.uk",
    "return_address": "Library Team\nCouncil House",
    "drop_off": ["The library in the town centre"],
    "privacy_notice": "We keep your answers safe.",
    "closes": "2027-03-07",
}
STAFF_TEXT = {"text", "label", "title", "description", "hint"}


def template_ready() -> dict[str, Any]:
    """The shipped easy-read template with its gaps filled in easy read."""
    data = load_template(EASY_READ_TEMPLATE).definition.model_dump(mode="json",
                                                                  exclude_none=True)
    filled = json.loads(json.dumps(data).replace("[Replace: the service]", "the library"))
    return {**filled, **READY_COVER}


def demo_ready() -> dict[str, Any]:
    """The demo's sections, types, options and routing, with every staff text an
    easy-read sentence of its own."""
    numbers = count(1)

    def swap(node: Any) -> Any:
        if isinstance(node, dict):
            return {key: (f"Words number {next(numbers)}."
                          if key in STAFF_TEXT and isinstance(value, str) and value
                          else swap(value)) for key, value in node.items()}
        if isinstance(node, list):
            return [swap(item) for item in node]
        return node

    data = json.loads(DEMO.read_text(encoding="utf-8"))
    return {**data, "sections": swap(data["sections"]), **READY_COVER}


@pytest.fixture(scope="module", params=["template", "demo"])
def easy_read_pdf(request) -> bytes:
    data = template_ready() if request.param == "template" else demo_ready()
    return render_form(load_definition(data), 3, print_format("easy-read"),
                       "Sandwell Council").pdf


def test_every_sentence_of_the_easy_read_form_passes_the_checker(easy_read_pdf):
    paragraphs = pdf_paragraphs(easy_read_pdf)
    assert len(paragraphs) > 40  # the whole form was read, not a blank page
    assert not problems(paragraphs), "\n".join(problems(paragraphs))


def test_the_cover_pages_are_in_easy_read(easy_read_pdf):
    paragraphs = pdf_paragraphs(easy_read_pdf)
    for line in ("This is an easy read form.", "Did you tick the wrong box?",
                 "Colour in all of that box.", "Then tick the right box.",
                 "Page 1 of", "You have finished"):
        assert any(p.startswith(line) for p in paragraphs), line
    assert not any("fill that box in completely" in p for p in paragraphs)


def test_every_block_of_the_information_pages_has_a_picture_on_its_left():
    """Each block of the cover and end pages is a picture column then a words column
    (the pictures are drawn as vector paths in the PDF, so this reads the HTML drawn)."""
    document = printed.build(load_definition(template_ready()), 3,
                             print_format("easy-read"), "Sandwell Council")
    html = printed.to_html(document)
    blocks = re.findall(r'<div class="statement info with-pictures[^"]*">\s*'
                        r'<div class="picture-column">(.*?)</div>', html, re.S)
    assert len(blocks) >= 15
    assert all('<img class="picture"' in block for block in blocks), blocks
    standard = printed.to_html(printed.build(load_definition(template_ready()), 3,
                                             print_format("standard"), "Sandwell Council"))
    assert "<img" not in standard.split("</style>")[1].split('<div class="questions">')[0]


def test_the_checker_reading_can_fail():
    """The PDF reading joins wrapped lines, so a long sentence is seen whole."""
    too_long = load_definition({**template_ready(), "summary": " ".join(["word"] * 30) + "."})
    paragraphs = pdf_paragraphs(render_form(too_long, 3, print_format("easy-read"),
                                            "Sandwell Council").pdf)
    assert any("30 words" in found for found in problems(paragraphs))
