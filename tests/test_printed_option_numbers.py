"""Option numbers and character boxes on the printed forms, read back from the PDFs.

Every tick box of every choice-like question has its option number printed on its
left, in order, at the format's text size and outside the paper a scanner measures
around the box; those are the numbers a keyer types, so a form keyed by the numbers
read off the PDF stores the answers ticked. Numbers, dates and postcodes have one box
per character, each in the layout file."""

from __future__ import annotations

import io
import json
from functools import cache
from itertools import pairwise
from pathlib import Path

import pdfplumber
import pytest
from test_paper_keying import _export, _key_copy, _new_batch
from test_printing import EVERY_TYPE

from surveybuilder.demo import DEMO_FILE
from surveybuilder.printing.cache import printed_form
from surveybuilder.printing.formats import print_format
from surveybuilder.printing.marks import PageIdentity
from surveybuilder.printing.render import PrintedForm, render_form
from surveybuilder.scanning.answers import Status, read_copy
from surveybuilder.scanning.copies import PlacedPage, group
from surveybuilder.scanning.marks import RING_MM, BoxReading, Mark
from surveybuilder.survey.definition import SurveyDefinition
from surveybuilder.survey.loading import load_definition
from surveybuilder.survey.templates import load_template

pytestmark = pytest.mark.pdf

PT_PER_MM = 72 / 25.4
MINIMUM_PT = {"standard": 12, "easy-read": 16, "large-print": 18}
NUMBER_GAP_MM = 3  # form.css: .option-number's margin-right
TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
SURVEYS = {"every-type": lambda: load_definition(EVERY_TYPE),
           "demo": lambda: load_definition(json.loads(DEMO_FILE.read_text())),
           **{path.stem: (lambda path=path: load_template(path).definition)
              for path in sorted(TEMPLATES.glob("*.yaml"))}}
CHARACTERS = {"date": 8, "postcode": 7, "number": None}
"""Boxes a character: DD MM YYYY; AA99 9AA without its space; a number, as its range."""


def printed_numbers(pdf: bytes, layout: dict) -> dict[str, tuple[str, float, float]]:
    """For each tick box: the text printed on its left (where the option number goes),
    its smallest size and the gap in mm between that text and the box."""
    found = {}
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        for box in layout["boxes"]:
            if box["kind"] != "tick":
                continue
            page = document.pages[box["page"] - 1]
            left = box["x_mm"] * PT_PER_MM
            top, bottom = (box["y_mm"] * PT_PER_MM,
                           (box["y_mm"] + box["height_mm"]) * PT_PER_MM)
            chars = sorted((c for c in page.chars if c["text"].strip()
                            and left - (NUMBER_GAP_MM + 1) * PT_PER_MM - 1.5 * c["size"]
                            <= c["x0"] and c["x1"] <= left
                            and top <= (c["top"] + c["bottom"]) / 2 <= bottom),
                           key=lambda c: c["x0"])
            found[box["id"]] = ("".join(c["text"] for c in chars),
                                min((c["size"] for c in chars), default=0),
                                (left - max((c["x1"] for c in chars), default=0)) / PT_PER_MM)
    return found


@cache
def drawn(name: str, slug: str, size: int | None = None) -> tuple[SurveyDefinition, PrintedForm]:
    """A survey drawn once in a format, for both tests below."""
    survey = SURVEYS[name]()
    return survey, render_form(survey, 1, print_format(slug, size), "Sandwell Council")


@pytest.mark.parametrize("slug", ["standard", "easy-read", "large-print"])
@pytest.mark.parametrize("name", sorted(SURVEYS))
def test_every_tick_box_has_its_option_number_on_its_left_in_order(name, slug):
    survey, form = drawn(name, slug)
    printed = printed_numbers(form.pdf, form.layout)
    ticks = [b for b in form.layout["boxes"] if b["kind"] == "tick"]
    for box in ticks:
        question = survey.question(box["question"])
        answer = box["option"].split(":")[-1]  # a grid's box is "statement:column"
        expected = next(n for n, c in question.keying_choices() if c.key == answer)
        text, size, gap = printed[box["id"]]
        assert box["option_number"] == expected, box
        assert text == str(expected), (slug, box["id"], text)
        assert size >= MINIMUM_PT[slug] - 0.01, (slug, box["id"], size)
        assert RING_MM[1] < gap < NUMBER_GAP_MM + 1, (slug, box["id"], gap)
    for key in {b["question"] for b in ticks}:  # 1, 2, 3… (a grid's for each statement)
        rows: dict[str, list[int]] = {}
        for box in (b for b in ticks if b["question"] == key):
            statement = box["option"].split(":")[0] if ":" in box["option"] else ""
            rows.setdefault(statement, []).append(box["option_number"])
        assert all(numbers == list(range(1, len(numbers) + 1)) for numbers in rows.values())
    choosing = {q.key for q in survey.questions() if q.keyed_as_numbers}
    assert {b["question"] for b in ticks} == choosing


def _with_characters() -> list[tuple[str, str, int | None]]:
    """(survey, format, size) for each survey asking a number, date or postcode; the
    largest large print for the every-type survey only."""
    names = [name for name, survey in SURVEYS.items()
             if any(q.kind in CHARACTERS for q in survey().questions())]
    return [(name, slug, size) for name in sorted(names)
            for slug, size in (("standard", None), ("easy-read", None), ("large-print", None),
                               ("large-print", 24))
            if size != 24 or name == "every-type"]


@pytest.mark.parametrize(("name", "slug", "size"), _with_characters())
def test_numbers_dates_and_postcodes_have_a_box_per_character(name, slug, size):
    survey, form = drawn(name, slug, size)
    asked = [q for q in survey.questions() if q.kind in CHARACTERS]
    fmt = print_format(slug, size)
    for question in asked:
        mine = [b for b in form.layout["boxes"] if b["question"] == question.key]
        expected = (question.printed_characters() if question.kind == "number"
                    else CHARACTERS[question.kind])
        assert len(mine) == expected >= 1, question.key
        assert all(b["kind"] == "write" and b["character"] for b in mine)
        width, height = fmt.character_mm
        assert {(b["width_mm"], b["height_mm"]) for b in mine} == {(width, height)}
        for part, row in _rows(mine):  # side by side, apart, on one line
            assert [b["character"] for b in row] == list(range(1, len(row) + 1)), part
            assert len({b["y_mm"] for b in row}) == 1
            assert all(b["x_mm"] + width < after["x_mm"] for b, after in pairwise(row))


def test_a_scanned_date_reports_each_character_box_and_goes_to_a_person():
    """Written characters are never read by machine: a date with ink in its boxes is
    for a person to type, and the reader's report has a mark for each of its eight
    boxes (they share three parts, so they are named by id)."""
    survey, form = drawn("every-type", "standard")
    layout = form.layout
    pages = []
    for number in range(1, layout["pages"] + 1):
        identity = PageIdentity(survey.slug, 1, "standard", 12, number, 0, layout["layout_id"])
        page = PlacedPage(number - 1, identity, layout)
        for box in (b for b in layout["boxes"] if b["page"] == number):
            written = box["question"] == "last_visit" and box["part"] != "month"
            page.readings[box["id"]] = BoxReading(
                box["id"], Mark.TICKED if written else Mark.EMPTY, 0, 0, 0, 1.0)
        pages.append(page)
    [copy] = group(pages).copies
    answer = next(a for a in read_copy(copy, survey) if a.key == "last_visit")
    assert answer.status == Status.TO_TYPE
    assert answer.marks == {b["id"]: "empty" if b["part"] == "month" else "ticked"
                            for b in layout["boxes"] if b["question"] == "last_visit"}
    assert len(answer.marks) == 8


def _rows(boxes: list[dict]) -> list[tuple[str, list[dict]]]:
    rows: dict[str, list[dict]] = {}
    for box in boxes:
        rows.setdefault(box["part"] or "", []).append(box)
    return list(rows.items())


# Keying by the numbers printed ------------------------------------------------------------

@pytest.fixture
def consultation(make_consultation, organisation, ready_definition, db_session):
    from support.paper_survey import publish_paper_survey
    return publish_paper_survey(make_consultation, organisation, ready_definition, db_session)


def test_a_form_keyed_by_the_numbers_printed_on_it_stores_the_boxes_ticked(
        app, editor_client, consultation, db_session):
    """The numbers are read off the large-print PDF a resident gets, not worked out:
    the boxes ticked are "Never", "Walking" and "Sport", "Disagree", "No" and the
    consent box."""
    store = app.extensions["file_store"]
    drawn = printed_form(db_session, store, consultation, print_format("large-print"))
    layout = json.loads(store.get(drawn.key.layout_key))
    printed = printed_numbers(store.get(drawn.key.pdf_key), layout)

    def number(question: str, option: str) -> str:
        return printed[f"box-{question}-{option}"][0]

    assert [number("visit", o) for o in ("weekly", "monthly", "never")] == ["1", "2", "3"]
    page_1 = {"visit": number("visit", "never"),
              "uses": f"{number('uses', 'walk')} {number('uses', 'sport')}",
              "safe": number("safe", "disagree")}
    page_2 = {"hear_back": number("hear_back", "no"), "agree": number("agree", "yes"),
              "age": "67", "visited_on": "03 02 2025", "postcode": "B69 3DE"}
    batch_id = _new_batch(editor_client, consultation)
    check_url = _key_copy(editor_client, consultation, batch_id, pages=(page_1, page_2))
    assert editor_client.post(check_url).status_code == 302
    [exported] = _export(editor_client, consultation)
    assert exported["answers"] == {
        "visit": "never", "uses": ["walk", "sport"], "safe": "disagree", "hear_back": "no",
        "agree": True, "age": 67, "visited_on": "2025-02-03", "postcode": "B69 3DE"}
