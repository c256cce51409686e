"""Reading scanned forms, stage by stage, without drawing a PDF: files checked by their
content, boxes read on drawn pages, type rules and routing turning marks into answers,
pages put together into copies, and page codes with layout identifiers.

The corpus of real printed forms, scanned and photographed, is in
tests/test_scanning_corpus.py."""

from __future__ import annotations

import random

import cv2
import numpy as np
import pytest
from support.scan_corpus import SURVEY, draw_mark, encode

from surveybuilder.printing.marks import BadPayload, PageIdentity, parse_payload
from surveybuilder.scanning import images
from surveybuilder.scanning.answers import Status, read_copy
from surveybuilder.scanning.copies import PlacedPage, group
from surveybuilder.scanning.marks import (
    DEFAULT_THRESHOLDS,
    BoxReading,
    Mark,
    classify,
    read_box,
)
from surveybuilder.survey.loading import load_definition

LIMITS = images.Limits(max_file_mb=1, max_pages=3, pdf_dpi=200)
PX = 8.0  # pixels a mm of the drawn test pages


# Files ------------------------------------------------------------------------------------

def test_files_are_checked_by_their_content_not_their_name():
    page = np.full((80, 60), 255, np.uint8)
    for kind in ("png", "jpg", "tiff"):
        [read] = images.page_images(f"scan.{kind}", encode(page, kind), LIMITS)
        assert read.image.shape == (80, 60)
    with pytest.raises(images.UnreadableFile, match="not a PDF, TIFF, PNG or JPEG"):
        list(images.page_images("scan.png", b"<html>not an image</html>", LIMITS))
    with pytest.raises(images.UnreadableFile, match="damaged"):
        list(images.page_images("scan.png", b"\x89PNG\r\n\x1a\n" + b"0" * 50, LIMITS))
    with pytest.raises(images.UnreadableFile, match="SCAN_MAX_FILE_MB"):
        list(images.page_images("big.png", b"\x89PNG\r\n\x1a\n" + bytes(2 * 1024 * 1024),
                                LIMITS))


def test_a_batch_stops_at_the_page_limit():
    page = encode(np.full((40, 30), 255, np.uint8))
    assert len(list(images.page_images("a.png", page, LIMITS, pages_before=2))) == 1
    with pytest.raises(images.UnreadableFile, match="SCAN_MAX_PAGES"):
        list(images.page_images("a.png", page, LIMITS, pages_before=3))


# Boxes ------------------------------------------------------------------------------------

def _page_with_box(side_mm: float) -> tuple[np.ndarray, dict]:
    """A white page 40 mm square with one box, its border 0.4 mm, at (10, 10) mm."""
    page = np.full((round(40 * PX), round(40 * PX)), 250, np.uint8)
    box = {"id": "box-q-a", "x_mm": 10.0, "y_mm": 10.0, "width_mm": side_mm,
           "height_mm": side_mm, "page": 1}
    x0, y0 = round(10 * PX), round(10 * PX)
    x1, y1 = round((10 + side_mm) * PX), round((10 + side_mm) * PX)
    border = round(0.4 * PX)
    page[y0:y1, x0:x1] = 20
    page[y0 + border:y1 - border, x0 + border:x1 - border] = 250
    return page, box


def _marked(page: np.ndarray, box: dict, shape: str, pen: str, seed: int = 1) -> np.ndarray:
    ink = np.zeros(page.shape, np.float32)
    draw_mark(ink, box, shape, pen, PX, random.Random(seed))
    return np.clip(page * (1 - ink), 0, 255).astype(np.uint8)


@pytest.mark.parametrize("side", [6.0, 10.0, 12.0])
def test_boxes_of_every_size_read_the_same_marks(side):
    page, box = _page_with_box(side)
    assert read_box(page, box, PX, 0.4).mark == Mark.EMPTY
    for shape, pen, expected in [("tick", "thin", Mark.TICKED), ("cross", "thin", Mark.TICKED),
                                 ("tick", "thick", Mark.TICKED), ("fill", "medium",
                                                                  Mark.CANCELLED)]:
        reading = read_box(_marked(page, box, shape, pen), box, PX, 0.4)
        assert reading.mark == expected, (side, shape, pen, reading)


def test_a_faint_pencil_tick_or_a_dot_goes_to_a_person():
    page, box = _page_with_box(10.0)
    assert read_box(_marked(page, box, "tick", "pencil"), box, PX, 0.4).mark in (
        Mark.DOUBTFUL, Mark.TICKED)
    dotted = page.copy()
    cv2.circle(dotted, (round(15 * PX), round(15 * PX)), 2, 20, -1)
    reading = read_box(dotted, box, PX, 0.4)
    assert reading.mark == Mark.DOUBTFUL and reading.reason


def test_between_a_thick_cross_and_filled_in_is_doubtful():
    assert classify(strokes=8, faint=9, fill=0.6)[0] == Mark.TICKED
    assert classify(strokes=12, faint=13, fill=0.76)[0] == Mark.DOUBTFUL
    assert classify(strokes=20, faint=20, fill=0.9)[0] == Mark.CANCELLED
    assert classify(strokes=0.5, faint=0.6, fill=0.02)[0] == Mark.DOUBTFUL
    assert classify(strokes=0.0, faint=0.02, fill=0.0)[0] == Mark.EMPTY


def test_on_a_black_and_white_scan_any_dot_goes_to_a_person():
    page, box = _page_with_box(10.0)
    page = np.where(page < 128, 0, 255).astype(np.uint8)
    assert images.is_one_bit(page) and not images.is_one_bit(page // 2 + 60)
    assert read_box(page, box, PX, 0.4, DEFAULT_THRESHOLDS.for_one_bit()).mark == Mark.EMPTY
    page[round(15 * PX), round(15 * PX)] = 0  # one speck, or what pencil left
    assert read_box(page, box, PX, 0.4).mark == Mark.EMPTY
    assert read_box(page, box, PX, 0.4, DEFAULT_THRESHOLDS.for_one_bit()).mark == Mark.DOUBTFUL


def test_a_pale_scan_is_not_trusted():
    page, box = _page_with_box(10.0)
    washed = (page.astype(np.float32) * 0.15 + 210).astype(np.uint8)
    assert read_box(washed, box, PX, 0.4).mark == Mark.DOUBTFUL


# Answers through the question types ---------------------------------------------------------

DEFINITION = load_definition(SURVEY)


def _layout() -> dict:
    """A layout for the corpus survey's tick boxes (positions do not matter here)."""
    boxes = []
    for question in DEFINITION.questions():
        spec = question.printed(False)
        everything = [*spec.boxes, *(b for _, row in spec.groups for b in row)]
        for index, printed in enumerate(everything):
            name = printed.option or printed.part
            box_id = f"box-{question.key}-{name}" if name else f"box-{question.key}"
            boxes.append({"id": box_id.replace(":", "-"), "page": 2,
                          "question": question.key, "number": 1, "kind": printed.kind,
                          "option": printed.option, "part": printed.part, "x_mm": index,
                          "y_mm": 0, "width_mm": 6, "height_mm": 6})
    return {"version": 1, "layout_id": "abc", "print_format": "standard", "boxes": boxes,
            "questions": {"why_not": {"type": "short_text",
                                      "show_if": [{"question": "visit", "in": ["never"]}]}}}


def _copy_with(ticks: dict[str, str]) -> object:
    layout = _layout()
    page = PlacedPage(0, PageIdentity("scan-park", 1, "standard", 12, 2, 0, "abc"), layout)
    for box in layout["boxes"]:
        mark = Mark(ticks.get(box["id"], "empty"))
        page.readings[box["id"]] = BoxReading(box["id"], mark, 0, 0, 0, 1.0,
                                              "why" if mark == Mark.DOUBTFUL else "")
    [copy] = group([page]).copies
    return {a.key: a for a in read_copy(copy, DEFINITION)}


def test_ticks_become_answers_through_each_types_rules():
    read = _copy_with({"box-visit-monthly": "ticked", "box-uses-walk": "ticked",
                       "box-uses-cafe": "ticked", "box-uses-play": "cancelled",
                       "box-views-clean-agree": "ticked", "box-agree-yes": "ticked",
                       "box-use_bus-no": "ticked"})
    assert (read["visit"].status, read["visit"].value) == (Status.ANSWERED, "monthly")
    assert read["uses"].value == ["walk", "cafe"]  # the box filled in is a changed mind
    assert read["views"].value == {"clean": "agree"}
    assert read["agree"].value is True and read["use_bus"].value == "no"
    assert read["safe"].status == Status.BLANK
    assert read["why_not"].status == Status.SKIPPED  # routed past: "monthly", not "never"


def test_conflicts_are_doubts_never_guesses():
    read = _copy_with({"box-visit-monthly": "ticked", "box-visit-never": "ticked",
                       "box-uses-walk": "ticked", "box-uses-play": "ticked",
                       "box-uses-sport": "ticked", "box-views-lit-agree": "ticked",
                       "box-views-lit-disagree": "ticked", "box-safe-agree": "doubtful"})
    for key, words in [("visit", "2 boxes are ticked"), ("uses", "no more than 2"),
                       ("views", "each statement takes one"), ("safe", "why")]:
        assert read[key].status == Status.DOUBT and read[key].value is None, key
        assert any(words in doubt for doubt in read[key].doubts), read[key].doubts


def test_an_answer_the_routing_skips_is_a_doubt():
    read = _copy_with({"box-visit-weekly": "ticked", "box-why_not": "ticked"})
    assert read["why_not"].status == Status.DOUBT
    assert "says to skip it" in read["why_not"].doubts[0]


# Copies -----------------------------------------------------------------------------------

def _placed(index: int, page: int, copy: int = 0, layout_id: str = "abc") -> PlacedPage:
    layout = {"version": 1, "layout_id": layout_id, "print_format": "standard",
              "boxes": [{"page": 2}, {"page": 3}]}
    return PlacedPage(index, PageIdentity("park", 1, "standard", 12, page, copy, layout_id),
                      layout)


def test_numbered_copies_come_together_in_any_order_and_duplicates_are_found():
    pages = [_placed(0, 2, copy=7), _placed(1, 3, copy=8), _placed(2, 3, copy=7),
             _placed(3, 2, copy=7)]
    grouped = group(pages)
    assert [(c.number, sorted(c.pages), c.missing) for c in grouped.copies] == [
        (7, [2, 3], []), (8, [3], [2])]
    assert list(grouped.duplicates) == [3]


def test_unnumbered_copies_follow_page_order():
    pages = [_placed(0, 1), _placed(1, 2), _placed(2, 3), _placed(3, 1), _placed(4, 3),
             _placed(5, 3), _placed(6, 2, layout_id="other")]
    grouped = group(pages)
    assert [(sorted(c.pages), c.missing) for c in grouped.copies] == [
        ([1, 2, 3], []), ([1, 3], [2]), ([2], [3])]
    assert list(grouped.duplicates) == [5]


# Page codes -------------------------------------------------------------------------------

def test_page_codes_carry_the_layout_and_language_and_old_codes_still_read():
    page = PageIdentity("park", 2, "easy-read", 16, 3, 17, "3f9a0c12d4e7", "ur")
    assert parse_payload(page.payload()) == page
    assert page.payload() == "SB3|park|v2|easy-read|s16|p3|c17|l3f9a0c12d4e7|ur"
    older = parse_payload("SB2|park|v2|easy-read|s16|p3|c17|l3f9a0c12d4e7")
    assert (older.layout, older.language) == ("3f9a0c12d4e7", "en")
    first = parse_payload("SB1|park|v2|easy-read|s16|p3|c17")
    assert (first.layout, first.language) == ("", "en")
    for bad in ("SB2|park|v2|easy-read|s16|p3|c17", "SB2|park|v2|easy-read|s16|p3|c17|l",
                "SB1|park|v2|easy-read|s16|p3|c17|l3f9a",
                "SB3|park|v2|easy-read|s16|p3|c17|l3f9a0c12d4e7",
                "SB3|park|v2|easy-read|s16|p3|c17|l3f9a0c12d4e7|u r",
                "SB2|park|v2|easy-read|s16|p3|c17|l3f9a0c12d4e7|ur"):
        with pytest.raises(BadPayload):
            parse_payload(bad)


def test_pages_are_counted_without_drawing_them():
    """The upload's page limit and its "page 12 of 40" count pages before reading: a
    multi-page TIFF by its chain of images, an image as one, and anything that is not
    a scan (or a TIFF whose chain runs off the file) as none, without failing."""
    page = np.full((40, 30), 255, np.uint8)
    ok, tiff = cv2.imencodemulti(".tiff", [page, page, page])
    assert ok
    assert images.page_count(tiff.tobytes()) == 3
    assert images.page_count(encode(page)) == 1
    assert images.page_count(b"just some notes") == 0
    assert images.page_count(b"II*\x00\xff\xff\xff\x7f") == 0
    assert images.page_count(b"%PDF-1.4 not really") == 0
