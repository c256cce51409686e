"""Printed forms, read back as a person, a screen reader and a scanner would read them:
text and sizes (pdfplumber), tags (pikepdf), page codes (pypdfium2 + zxing-cpp) and
answer boxes found on the rendered image where the layout file says they are."""

from __future__ import annotations

import io
import json
import re

import pdfplumber
import pikepdf
import pypdfium2
import pytest
import zxingcpp
from click.testing import CliRunner
from sqlmodel import select
from support.survey_details import DETAILS

from surveybuilder.cli import main
from surveybuilder.consultations.lifecycle import publish
from surveybuilder.jobs import Outcome
from surveybuilder.models import Consultation
from surveybuilder.printing.cache import printed_form
from surveybuilder.printing.formats import (
    LARGE_PRINT_SIZES,
    UnknownPrintFormat,
    all_print_formats,
    print_format,
)
from surveybuilder.printing.marks import BadPayload, parse_payload
from surveybuilder.printing.render import render_form
from surveybuilder.survey.definition import QUESTION_TYPES
from surveybuilder.survey.loading import load_definition
from surveybuilder.survey.numbering import question_numbers

# Nearly every test here draws a form with WeasyPrint: `make test-fast` leaves them out.
pytestmark = pytest.mark.pdf

NO_JOBS = dict.fromkeys(Outcome, 0)

DPI = 200
A4_PT = (595.28, 841.89)
MINIMUM_PT = {"standard": 12, "easy-read": 16, "large-print": 18}
MINIMUM_BOX_MM = {"standard": 5, "easy-read": 9, "large-print": 9}

EVERY_TYPE = {
    **DETAILS,
    "slug": "every-type",
    "title": "Every kind of question",
    "summary": "A survey that asks every kind of question.",
    "sections": [
        {"title": "Using the park", "questions": [
            {"key": "intro", "type": "statement", "text": "These questions are about the park."},
            {"key": "visit", "type": "single_choice", "required": True,
             "text": "How often do you visit the park?",
             "easy_read": {"text": "How often do you go to the park?", "picture": "park"},
             "options": [{"key": "weekly", "label": "Every week"},
                         {"key": "monthly", "label": "Every month"},
                         {"key": "never", "label": "Never"}]},
            {"key": "why_not", "type": "long_text", "text": "What stops you visiting?",
             "show_if": {"question": "visit", "in": ["never"]}},
            {"key": "safe", "type": "scale", "scale": "agree",
             "text": "I feel safe in the park after dark."},
            {"key": "use_bus", "type": "yes_no", "dont_know": True,
             "text": "Do you come by bus?"},
            {"key": "bus_route", "type": "short_text", "text": "Which bus do you take?",
             "show_if": {"question": "use_bus", "in": ["yes"]}},
            {"key": "activities", "type": "multiple_choice", "text": "What do you do there?",
             "options": [{"key": "walk", "label": "Walk"}, {"key": "play", "label": "Play"},
                         {"key": "sport", "label": "Sport"}]},
            {"key": "times", "type": "number", "text": "How many times did you go last month?",
             "min": 0, "max": 31, "whole_number": True},
            {"key": "last_visit", "type": "date", "text": "When did you last go?"},
            {"key": "hear_back", "type": "yes_no", "text": "Shall we tell you what happened?"},
        ]},
        {"title": "Staying in touch", "show_if": {"question": "hear_back", "in": ["yes"]},
         "questions": [
             {"key": "email", "type": "email", "text": "What is your email address?",
              "personal_data": True},
             {"key": "phone", "type": "phone", "text": "What is your phone number?",
              "personal_data": True},
             {"key": "postcode", "type": "postcode", "text": "What is your postcode?",
              "personal_data": True},
         ]},
        {"title": "Last of all", "questions": [
            {"key": "views", "type": "grid", "scale": "agree", "dont_know": True,
             "text": "How much do you agree with each of these?",
             "options": [{"key": "paths", "label": "The paths are in good repair"},
                         {"key": "lights", "label": "There are enough lights",
                          "easy_read": {"text": "There are lots of lights"}}]},
            {"key": "first", "type": "ranking", "max_ranked": 2,
             "text": "What should we do first? Put two in order.",
             "options": [{"key": "benches", "label": "More benches"},
                         {"key": "bins", "label": "More bins"},
                         {"key": "trees", "label": "More trees"}]},
            {"key": "agree", "type": "consent", "text": "I agree that you can use my answers."},
        ]},
    ],
}


def definition():
    return load_definition(EVERY_TYPE)


def words(pdf: bytes) -> str:
    """All the text, with line breaks and runs of spaces made single spaces."""
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return " ".join(" ".join((page.extract_text() or "").split())
                        for page in document.pages)


def page_images(pdf: bytes, dpi: int = DPI) -> list:
    document = pypdfium2.PdfDocument(pdf)
    try:
        return [document[i].render(scale=dpi / 72).to_pil().convert("L")
                for i in range(len(document))]
    finally:
        document.close()


@pytest.fixture(scope="module")
def printed() -> dict:
    """The every-type survey drawn once in each format (default sizes)."""
    return {fmt.slug: render_form(definition(), 4, fmt, "Sandwell Council")
            for fmt in all_print_formats()}


# Sizes, fonts, paper ---------------------------------------------------------------------

@pytest.mark.parametrize("slug", ["standard", "easy-read", "large-print"])
def test_a4_upright_text_never_smaller_than_the_format_allows(printed, slug):
    with pdfplumber.open(io.BytesIO(printed[slug].pdf)) as document:
        assert document.pages, "no pages"
        for page in document.pages:
            assert (round(float(page.width), 2), round(float(page.height), 2)) == A4_PT
        chars = [c for page in document.pages for c in page.chars if c["text"].strip()]
        numbers = [c for page in document.pages for c in page.chars
                   if c["top"] > float(page.height) - 30 * 72 / 25.4]
    assert chars
    smallest = min(c["size"] for c in chars)
    assert smallest >= MINIMUM_PT[slug] - 0.01, smallest
    assert not [c["fontname"] for c in chars
                if re.search("italic|oblique", c["fontname"], re.I)]
    assert {c["fontname"].split("+")[-1].split("-")[0] for c in chars} <= {"Liberation", "Arial"}
    # Page numbers are the same size as body text.
    assert numbers and {round(c["size"], 1) for c in numbers} == {float(MINIMUM_PT[slug])}


@pytest.mark.parametrize("size", LARGE_PRINT_SIZES)
def test_large_print_comes_in_each_size(size):
    short = load_definition({**EVERY_TYPE, "sections": EVERY_TYPE["sections"][2:]})
    form = render_form(short, 1, print_format("large-print", size), "Sandwell Council")
    with pdfplumber.open(io.BytesIO(form.pdf)) as document:
        sizes = [c["size"] for p in document.pages for c in p.chars if c["text"].strip()]
    assert round(min(sizes), 1) == size
    assert form.layout["size_pt"] == size
    assert min(b["width_mm"] for b in form.layout["boxes"]) >= MINIMUM_BOX_MM["large-print"]


def test_unknown_formats_and_sizes_are_refused():
    with pytest.raises(UnknownPrintFormat):
        print_format("braille")
    with pytest.raises(UnknownPrintFormat):
        print_format("large-print", 20)
    with pytest.raises(UnknownPrintFormat):
        print_format("standard", 18)


# Tags -----------------------------------------------------------------------------------

def _structure(node, found: list) -> None:
    if isinstance(node, pikepdf.Array):
        for child in node:
            _structure(child, found)
    elif isinstance(node, pikepdf.Dictionary):
        if "/S" in node:
            found.append(node)
        if "/K" in node:
            _structure(node.K, found)


@pytest.mark.parametrize("slug", ["standard", "easy-read", "large-print"])
def test_tagged_with_language_title_headings_and_alt_text(printed, slug):
    with pikepdf.open(io.BytesIO(printed[slug].pdf)) as pdf:
        assert pdf.Root.MarkInfo.Marked
        assert str(pdf.Root.Lang) == "en-GB"
        assert pdf.Root.ViewerPreferences.DisplayDocTitle
        assert "Every kind of question" in str(pdf.docinfo.Title)
        with pdf.open_metadata() as xmp:
            assert xmp.get("pdfuaid:part") == "1"
        elements: list = []
        _structure(pdf.Root.StructTreeRoot.K, elements)
    kinds = [str(e.S) for e in elements]
    figures = [e for e in elements if str(e.S) == "/Figure"]
    assert all(str(f.get("/Alt", "")).strip() for f in figures)
    if slug == "easy-read":
        assert len(figures) >= 5  # the park, five faces, tick and cross…
    else:
        assert not figures
    levels = [int(k[2]) for k in kinds if re.fullmatch(r"/H[1-6]", k)]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False)), levels


# Page codes and layout --------------------------------------------------------------------

@pytest.mark.parametrize("slug", ["standard", "easy-read", "large-print"])
def test_every_page_code_decodes_to_its_page(printed, slug):
    form = printed[slug]
    images = page_images(form.pdf, dpi=150)
    assert len(images) == form.layout["pages"] > 1
    for number, image in enumerate(images, start=1):
        codes = [c.text for c in zxingcpp.read_barcodes(image)]
        assert len(codes) == 1, (number, codes)
        page = parse_payload(codes[0])
        assert (page.consultation, page.version, page.print_format, page.page, page.copy) == \
            ("every-type", 4, slug, number, 0)
        assert page.size_pt == MINIMUM_PT[slug]


def _dark(image, x_mm: float, y_mm: float) -> int:
    px = DPI / 25.4
    return image.getpixel((round(x_mm * px), round(y_mm * px)))


def _darkest_across(image, x_mm: float, y_mm: float, horizontal: bool) -> int:
    """The darkest pixel within 0.6 mm either side of a point, across a line."""
    steps = [i / 10 for i in range(-6, 7)]
    return min(_dark(image, x_mm + s, y_mm) if horizontal else _dark(image, x_mm, y_mm + s)
               for s in steps)


@pytest.mark.parametrize("slug", ["standard", "easy-read", "large-print"])
def test_layout_boxes_are_where_the_boxes_are_drawn(printed, slug):
    form = printed[slug]
    layout = form.layout
    images = page_images(form.pdf)
    assert layout["boxes"]
    for box in layout["boxes"]:
        image = images[box["page"] - 1]
        x, y, w, h = box["x_mm"], box["y_mm"], box["width_mm"], box["height_mm"]
        border = 0.2
        assert _darkest_across(image, x + border, y + h / 2, True) < 100, box
        assert _darkest_across(image, x + w - border, y + h / 2, True) < 100, box
        assert _darkest_across(image, x + w / 2, y + border, False) < 100, box
        assert _darkest_across(image, x + w / 2, y + h - border, False) < 100, box
        assert _dark(image, x + w / 2, y + h / 2) > 200, box  # empty inside
        assert _dark(image, x - 1.2, y + h / 2) > 200, box  # nothing drawn just outside
        if box["kind"] == "tick":
            assert MINIMUM_BOX_MM[slug] <= w == h
    corners = layout["marks"]["corners"]
    for image in images:
        for cx, cy in corners.values():
            assert _darkest_across(image, cx, cy, True) < 100


def test_every_question_type_is_printed_in_every_format(printed):
    survey = definition()
    numbers = question_numbers(survey)
    assert {q.kind for q in survey.questions()} == set(QUESTION_TYPES)
    for slug, form in printed.items():
        text = words(form.pdf)
        boxes = form.layout["boxes"]
        for question in survey.questions():
            shown = (question.easy_read.text if slug == "easy-read" and question.easy_read
                     else question.text)
            assert shown in text, (slug, question.key)
            if not question.answerable:
                assert not [b for b in boxes if b["question"] == question.key]
                continue
            assert f"Question {numbers[question.key]} {shown}" in text, (slug, question.key)
            mine = [b for b in boxes if b["question"] == question.key]
            assert {b["number"] for b in mine} == {numbers[question.key]}
            if question.kind == "grid":
                assert [b["option"] for b in mine] == [
                    f"{o.key}:{c.key}" for o in question.options for c in question.choices()]
                assert {b["kind"] for b in mine} == {"tick"}
                statements = ("The paths are in good repair",
                              "There are lots of lights" if slug == "easy-read"
                              else "There are enough lights")
                # A statement's lines are read around the option numbers on its row.
                unnumbered = " ".join(w for w in text.split() if not w.isdigit())
                assert all(statement in unnumbered for statement in statements), slug
            elif question.kind == "ranking":
                assert [(b["kind"], b["part"]) for b in mine] == [
                    ("write", o.key) for o in question.options]
                limit = ("You can put numbers by 2 answers." if slug == "easy-read"
                         else "Number up to 2.")
                assert "Write 1 in the box" in text and limit in text, slug
            elif question.choices():
                assert [b["option"] for b in mine] == [c.key for c in question.choices()]
                assert {b["kind"] for b in mine} == {"tick"}
            elif question.kind == "consent":
                assert [(b["kind"], b["option"]) for b in mine] == [("tick", "yes")]
            elif question.kind == "date":  # DD MM YYYY, a box a character
                assert [(b["part"], b["character"]) for b in mine] == [
                    ("day", 1), ("day", 2), ("month", 1), ("month", 2),
                    *(("year", n) for n in range(1, 5))]
            elif question.kind in ("number", "postcode"):  # 0 to 31: two; AA99 9AA: seven
                assert [b["character"] for b in mine] == list(
                    range(1, {"number": 2, "postcode": 7}[question.kind] + 1))
            else:
                assert [b["kind"] for b in mine] == ["write"]
        single = "Tick 1 box." if slug == "easy-read" else "Tick one box."
        assert text.count(single) == sum(q.kind in ("single_choice", "yes_no", "scale")
                                         for q in survey.questions())
        easy = slug == "easy-read"  # easy read's words: the en@easyread catalogue
        assert ("Tick all the answers you want." if easy else "Tick all that apply.") in text
        assert "Please send your form back by Sunday 7 March 2027." in text
        assert ("Contact parks@example.gov.uk" if easy else "contact parks@example.gov.uk"
                ) in text


def test_a_long_grid_repeats_its_headings_on_every_page_it_runs_over():
    grid = {"key": "many", "type": "grid", "scale": "satisfied",
            "text": "How satisfied are you with each of these?",
            "options": [{"key": f"s{n}", "label": f"Statement number {n}"}
                        for n in range(1, 41)]}
    survey = load_definition({**EVERY_TYPE, "sections": [
        {"title": "Many statements", "questions": [grid]}]})
    form = render_form(survey, 1, print_format("standard"), "Sandwell Council")
    with pdfplumber.open(io.BytesIO(form.pdf)) as document:
        pages = [" ".join((page.extract_text() or "").split()) for page in document.pages]
    # The pages with the grid's boxes (its statements wrap around their option numbers).
    with_statements = [pages[n - 1] for n in sorted({b["page"] for b in form.layout["boxes"]})]
    assert len(with_statements) >= 2
    for text in with_statements:  # the headings, in the order printed across the top
        assert re.search(r"Statement Very satisfied Satisfied .*Dissatisfied", text), text
    assert len(form.layout["boxes"]) == 40 * 5


def test_routing_is_written_as_instructions_with_the_right_numbers(printed):
    n = question_numbers(definition())
    for slug, form in printed.items():
        text = words(form.pdf)
        for option in ("Every week", "Every month"):
            assert f"If you ticked “{option}”, go to question {n['safe']}." in text, slug
        assert "If you ticked “Never”" not in text
        assert f"Only answer this if you ticked “Never” at question {n['visit']}." in text
        assert f"If you ticked “No”, go to question {n['activities']}." in text
        dont_know = "I don't know"
        assert f"If you ticked “{dont_know}”, go to question {n['activities']}." in text
        assert f"Only answer this if you ticked “Yes” at question {n['use_bus']}." in text
        assert f"If you ticked “No”, go to question {n['views']}." in text
        assert (f"Only answer this section if you ticked “Yes” at question {n['hear_back']}."
                in text)


def test_easy_read_credits_the_pictures(printed):
    assert "OpenMoji" in words(printed["easy-read"].pdf)
    assert "OpenMoji" not in words(printed["standard"].pdf)


def test_numbered_copies_carry_their_number_on_every_page():
    short = load_definition({**EVERY_TYPE, "sections": EVERY_TYPE["sections"][2:]})
    seen: list[tuple[int, int]] = []
    one = render_form(short, 2, print_format("standard"), "Sandwell Council")
    batch = render_form(short, 2, print_format("standard"), "Sandwell Council", copies=3,
                        progress=lambda done, total: seen.append((done, total)))
    pages = one.layout["pages"]
    assert seen == [(1, 3), (2, 3), (3, 3)]
    images = page_images(batch.pdf, dpi=150)
    assert len(images) == 3 * pages
    found = [parse_payload(zxingcpp.read_barcodes(image)[0].text) for image in images]
    assert [(p.copy, p.page) for p in found] == [(c, p) for c in (1, 2, 3)
                                                 for p in range(1, pages + 1)]
    # A person keying reads the same number in the box at the top left of every page.
    box = batch.layout["marks"]["copy_number"]
    assert [read_copy_number(image, box, dpi=150) for image in images] == [
        str(c) for c in (1, 2, 3) for _ in range(pages)]
    assert batch.layout["boxes"] == one.layout["boxes"]
    assert len(batch.pdf) < 2 * len(one.pdf)  # copies share the drawn pages


def test_a_copy_number_is_drawn_as_digits_anyone_can_read():
    short = load_definition({**EVERY_TYPE, "sections": EVERY_TYPE["sections"][2:]})
    batch = render_form(short, 2, print_format("large-print", 24), "Sandwell Council",
                        copies=109)
    document = pypdfium2.PdfDocument(batch.pdf)
    pages = batch.layout["pages"]
    box = batch.layout["marks"]["copy_number"]
    try:
        for copy in (34, 58, 69, 72, 109):  # every digit, 2 and 3 digits long
            image = document[(copy - 1) * pages].render(scale=150 / 72).to_pil().convert("L")
            assert read_copy_number(image, box, dpi=150) == str(copy)
    finally:
        document.close()


def test_an_unnumbered_form_has_an_empty_copy_number_box_to_write_in(printed):
    for slug, form in printed.items():
        box = form.layout["marks"]["copy_number"]
        images = page_images(form.pdf, dpi=150)
        assert [read_copy_number(image, box, dpi=150) for image in images] == \
            [""] * len(images), slug
        with pdfplumber.open(io.BytesIO(form.pdf)) as document:
            for page in document.pages:
                assert "Copy number" in (page.extract_text() or ""), slug


def test_every_page_says_its_number_and_the_version_keying_must_use(printed):
    """Staff choose the version when keying a form; it is at the foot of each page."""
    for slug, form in printed.items():
        with pdfplumber.open(io.BytesIO(form.pdf)) as document:
            count = len(document.pages)
            for number, page in enumerate(document.pages, start=1):
                text = " ".join((page.extract_text() or "").split())
                assert f"Page {number} of {count} · form version 4" in text, slug


# Seven-segment digits as a person reads them: which of the seven strokes are dark.
DIGITS = {"abcdef": "0", "bc": "1", "abdeg": "2", "abcdg": "3", "bcfg": "4",
          "acdfg": "5", "acdefg": "6", "abc": "7", "abcdefg": "8", "abcdfg": "9"}


def read_copy_number(image, box: dict, dpi: int) -> str:
    """The digits in the copy number box, read from the page image at the cells the
    layout file gives; stops at the first empty cell."""
    scale = dpi / 25.4
    number = ""
    for cell in box["digits"]:
        x, y, w, h = (cell[k] * scale for k in ("x_mm", "y_mm", "width_mm", "height_mm"))
        probes = {"a": (x + w / 2, y + 1), "g": (x + w / 2, y + h / 2),
                  "d": (x + w / 2, y + h - 1), "f": (x + 1, y + h / 4),
                  "e": (x + 1, y + 3 * h / 4), "b": (x + w - 1, y + h / 4),
                  "c": (x + w - 1, y + 3 * h / 4)}
        lit = "".join(sorted(s for s, (px, py) in probes.items()
                             if image.getpixel((round(px), round(py))) < 128))
        if not lit:
            break
        assert lit in DIGITS, f"not a digit: segments {lit}"
        number += DIGITS[lit]
    return number


def test_page_codes_that_are_not_ours_are_refused():
    with pytest.raises(BadPayload):
        parse_payload("https://example.com")
    with pytest.raises(BadPayload):
        parse_payload("SB1|park|v1|standard|s12|pX|c0")


# Cache, web and command line -----------------------------------------------------------------

@pytest.fixture
def published(db_session, organisation, make_consultation) -> Consultation:
    consultation = make_consultation(organisation, EVERY_TYPE)
    publish(db_session, consultation, None)
    db_session.commit()
    return consultation


def test_drawn_once_per_version_and_again_for_a_new_version(app, db_session, published):
    store = app.extensions["file_store"]
    fmt = print_format("easy-read")
    first = printed_form(db_session, store, published, fmt)
    again = printed_form(db_session, store, published, fmt)
    assert first.drawn_now and not again.drawn_now
    assert first.key == again.key and store.exists(first.key.pdf_key)
    assert json.loads(store.get(first.key.layout_key))["version"] == 1

    publish(db_session, published, None)
    db_session.commit()
    newer = printed_form(db_session, store, published, fmt)
    assert newer.drawn_now and newer.key.pdf_key != first.key.pdf_key
    code = zxingcpp.read_barcodes(page_images(store.get(newer.key.pdf_key), 150)[0])[0].text
    assert parse_payload(code).version == 2


def test_public_print_addresses(client, published, db_session, organisation,
                                make_consultation, run_jobs):
    # A form a format and size, and one job recording the spoken questions.
    assert run_jobs()[Outcome.DONE] == 2 + len(LARGE_PRINT_SIZES) + 1
    response = client.get("/c/every-type/print/large-print.pdf?size=24")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    with pdfplumber.open(io.BytesIO(response.data)) as document:
        assert round(min(c["size"] for c in document.pages[0].chars), 1) == 24
    unchanged = client.get("/c/every-type/print/large-print.pdf?size=24",
                           headers={"If-None-Match": response.headers["ETag"]})
    assert unchanged.status_code == 304
    assert client.get("/c/every-type/print/braille.pdf").status_code == 404
    assert client.get("/c/every-type/print/large-print.pdf?size=20").status_code == 400
    assert client.get("/c/nothing-here/print/standard.pdf").status_code == 404
    make_consultation(organisation, {**EVERY_TYPE, "slug": "still-a-draft"})
    assert client.get("/c/still-a-draft/print/standard.pdf").status_code == 404

    page = client.get("/c/every-type").get_data(as_text=True)
    for address in ("/c/every-type/print/standard.pdf", "/c/every-type/print/easy-read.pdf",
                    *(f"/c/every-type/print/large-print.pdf?size={s}"
                      for s in LARGE_PRINT_SIZES)):
        assert f'href="{address}"' in page


def test_editor_print_page_downloads_copies_and_layouts(editor_client, published, make_org,
                                                        make_consultation, run_jobs):
    base = f"/staff/consultations/{published.id}/print"
    page = editor_client.get(base).get_data(as_text=True)
    assert "Numbered copies" in page and "Waiting to be made" in page
    assert f"{base}/easy-read.layout.json" not in page, "nothing is ready before the jobs run"
    assert editor_client.get(f"{base}/easy-read.pdf").status_code == 303

    run_jobs()
    page = editor_client.get(base).get_data(as_text=True)
    assert page.count(">Ready<") == 2 + len(LARGE_PRINT_SIZES)
    assert f"{base}/easy-read.layout.json" in page
    layout = editor_client.get(f"{base}/large-print.layout.json?size=16")
    assert layout.status_code == 200
    assert json.loads(layout.data)["size_pt"] == 16

    refused = editor_client.post(base, data={"form_format": "standard", "copies": "0"})
    body = refused.get_data(as_text=True)
    assert refused.status_code == 200 and "<title>Error: " in body
    assert "Number of copies must be from 1 to 500" in body
    assert 'value="0"' in body

    asked = editor_client.post(base, data={"form_format": "large-print-24", "copies": "2"})
    assert asked.status_code == 303
    progress = editor_client.get(asked.location).get_data(as_text=True)
    assert "We are making 2 numbered copies of the large print (24 point) form" in progress
    assert "Waiting to start" in progress and ".pdf" not in progress
    assert run_jobs() == {**NO_JOBS, Outcome.DONE: 1}
    ready = editor_client.get(asked.location).get_data(as_text=True)
    assert "Your copies are ready" in ready
    sent = editor_client.get(f"{asked.location}.pdf")
    assert sent.status_code == 200 and sent.mimetype == "application/pdf"
    assert "2-copies" in sent.headers["Content-Disposition"]
    first = parse_payload(zxingcpp.read_barcodes(page_images(sent.data, 150)[0])[0].text)
    assert (first.print_format, first.size_pt, first.copy) == ("large-print", 24, 1)

    other = make_consultation(make_org("dudley", "Dudley Council"),
                              {**EVERY_TYPE, "slug": "dudley-park"})
    assert editor_client.get(f"/staff/consultations/{other.id}/print").status_code == 404
    assert editor_client.get(
        f"/staff/consultations/{other.id}/print/standard.pdf").status_code == 404


def test_render_command_writes_numbered_copies_and_layout(app, database_url, published,
                                                          tmp_path, monkeypatch):
    monkeypatch.setenv("SURVEYBUILDER_DATABASE_URL", database_url)
    monkeypatch.setenv("SURVEYBUILDER_SECRET_KEY", "cli-test")
    monkeypatch.setenv("SURVEYBUILDER_EXPORTS_DIR", str(tmp_path / "exports"))
    output, layout = tmp_path / "forms.pdf", tmp_path / "forms.json"
    result = CliRunner().invoke(main, ["render", "every-type", "--format", "easy-read",
                                       "--copies", "2", "--output", str(output),
                                       "--layout", str(layout)])
    assert result.exit_code == 0, result.output
    assert "2 numbered copies" in result.output
    pages = json.loads(layout.read_text())["pages"]
    with pikepdf.open(output) as pdf:
        assert len(pdf.pages) == 2 * pages
    missing = CliRunner().invoke(main, ["render", "no-such-thing", "--format", "standard",
                                        "--output", str(output)])
    assert missing.exit_code != 0 and "no-such-thing" in missing.output


def test_print_page_before_publishing_says_to_publish(editor_client, organisation,
                                                      make_consultation, db_session):
    draft = make_consultation(organisation, EVERY_TYPE)
    page = editor_client.get(f"/staff/consultations/{draft.id}/print").get_data(as_text=True)
    assert "publish it first" in page
    assert editor_client.get(
        f"/staff/consultations/{draft.id}/print/standard.pdf").status_code == 404
    assert db_session.exec(select(Consultation)).first() is not None


def test_the_first_page_says_where_to_post_and_hand_in_the_form():
    with_address = load_definition({
        **EVERY_TYPE,
        "return_address": "FREEPOST Parks Team\nSandwell Council House\nOldbury B69 3DE",
        "drop_off": ["Tipton Library, Monday to Saturday", "Oldbury Council House reception"],
    })
    for shown_as in all_print_formats():
        first = words(render_form(with_address, 1, shown_as, "Sandwell Council").pdf)
        assert "Post it to this address: FREEPOST Parks Team" in first, shown_as.slug
        assert "Sandwell Council House" in first and "Oldbury B69 3DE" in first
        easy = shown_as.slug == "easy-read"
        assert ("Or you can give it in at one of these places:" if easy
                else "Or hand it in at one of these places:") in first
        assert "Tipton Library, Monday to Saturday" in first
        assert ("This is an easy read form." if easy
                else f"This is a {shown_as.label.lower()} paper form.") in first
        assert "Oldbury Council House reception" in first
    without = words(render_form(definition(), 1, all_print_formats()[0], "Sandwell").pdf)
    assert "Post it to this address" not in without
    assert "To find out where to post it, contact parks@example.gov.uk." in without
