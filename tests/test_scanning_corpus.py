"""The corpus: real printed forms in all three formats, drawn on with ticks, crosses,
boxes filled in, thin and thick pens and pencil, with stray marks, then scanned by a
flatbed, a 1-bit office scanner and a phone at 200 and 300 dpi (tests/support/
scan_corpus.py), and read back by the scanning pipeline.

A representative, seeded part runs here; benchmarks/scan_accuracy.py reads the whole
grid and prints the figures."""

from __future__ import annotations

import random
from collections import Counter

import numpy as np
import pytest
from support import scan_corpus as corpus

from surveybuilder.scanning import images
from surveybuilder.scanning.reading import Settings, Sources, read_batch, read_page
from surveybuilder.scanning.report import PageStatus
from surveybuilder.survey.loading import load_definition

pytestmark = pytest.mark.pdf

SETTINGS = Settings(images.Limits(max_file_mb=50, max_pages=100, pdf_dpi=200))
# 300 dpi costs more to make and read: each format is read at 300 dpi in one distortion.
AT_300_DPI = {"standard": "phone", "easy-read": "one-bit", "large-print": "scanner"}


@pytest.fixture(scope="module")
def forms():
    return corpus.render_forms()


@pytest.fixture(scope="module")
def sources(forms) -> Sources:
    layouts = {form.layout["layout_id"]: form.layout for form in forms.values()}
    definition = load_definition(corpus.SURVEY)
    return Sources(lambda page: layouts.get(page.layout),
                   lambda number: definition if number == 1 else None)


def _tally(forms, sources, fmt: str, how: str, dpi: int, seed: int, copies: int = 1
           ) -> Counter:
    """Every page of one format drawn on `copies` times, spoilt one way and read; each
    tick box counted as right, sent to a person or wrong, by pen."""
    rng = random.Random(seed)
    counted: Counter = Counter()
    form = forms[fmt]
    rasters = corpus.rasterise(form.pdf, dpi)
    for number, image in [(n, image) for _ in range(copies)
                          for n, image in enumerate(rasters, start=1)]:
        boxes = [b for b in form.layout["boxes"] if b["page"] == number]
        filled = corpus.fill(image, boxes, dpi, rng, marked_share=0.7)
        scanned = corpus.distort(filled.image, how, rng)
        report, placed = read_page(images.PageImage(f"{fmt}-{how}", number, scanned),
                                   "scan-park", sources, SETTINGS.thresholds)
        counted["pages"] += 1
        counted["recognised"] += report.status == PageStatus.READ
        if report.status != PageStatus.READ:
            continue
        for box_id, (shape, pen) in filled.truth.items():
            reading = placed.readings[box_id].mark
            outcome = ("right" if reading == corpus.expected_mark(shape, pen)
                       else "person" if reading == "doubtful" else "wrong")
            counted[(pen or "empty", outcome)] += 1
            counted[outcome] += 1
    return counted


@pytest.mark.parametrize("fmt", corpus.FORMATS)
def test_marks_are_read_right_or_sent_to_a_person(forms, sources, fmt):
    for how in corpus.DISTORTIONS:
        # Enough copies on the flatbed at 200 dpi to count its pen marks.
        runs = [(200, 1, 4 if how == "scanner" else 1)] + (
            [(300, 2, 1)] if AT_300_DPI[fmt] == how else [])
        for dpi, seed, copies in runs:
            counted = _tally(forms, sources, fmt, how, dpi, seed, copies)
            assert counted["recognised"] == counted["pages"] > 1, (how, dpi, counted)
            assert counted["wrong"] == 0, (how, dpi, counted)
            pencil = counted[("pencil", "right")] + counted[("pencil", "person")]
            assert pencil == sum(v for k, v in counted.items() if k[0] == "pencil")
            if how == "scanner" and dpi == 200:
                pen = sum(counted[(p, "right")] for p in ("thin", "medium", "thick"))
                marked = sum(v for k, v in counted.items()
                             if k[0] in ("thin", "medium", "thick"))
                assert marked >= 30 and pen / marked >= 0.995, counted


def test_other_pages_are_reported_as_such(forms, sources):
    """Upside down, another consultation, a page twice, an unknown page, a file that is
    not an image, a multi-page TIFF and the printed PDF itself."""
    rng = random.Random(3)
    form = forms["standard"]
    pages = corpus.rasterise(form.pdf, 200)
    other = corpus.render_forms(corpus.survey("another-park"))["standard"]
    upside_down = corpus.distort(pages[1], "upside-down", rng)
    scanned = [corpus.distort(page, "scanner", rng) for page in pages]
    tiff = _tiff(scanned[:2])
    files = [
        ("form.pdf", form.pdf),
        ("upside-down.png", corpus.encode(upside_down)),
        ("other.png", corpus.encode(corpus.rasterise(other.pdf, 200)[1])),
        ("twice.tif", tiff + b""),
        ("letter.jpg", corpus.encode(corpus.unknown_page(200, rng), "jpg")),
        ("notes.png", b"these are not scanned pages"),
    ]
    report = read_batch(files, "scan-park", sources, SETTINGS, batch="test")
    statuses = [(p.source, p.number, p.status) for p in report.pages]
    count = len(pages)
    assert statuses[:count] == [("form.pdf", n, PageStatus.READ) for n in range(1, count + 1)]
    assert statuses[count:] == [
        ("upside-down.png", 1, PageStatus.MISSING_PAGES),  # page 2 alone: a new copy
        ("other.png", 1, PageStatus.OTHER_CONSULTATION),
        ("twice.tif", 1, PageStatus.MISSING_PAGES),  # a copy with pages 1 and 2 only
        ("twice.tif", 2, PageStatus.MISSING_PAGES),
        ("letter.jpg", 1, PageStatus.NOT_OURS)]
    turned = report.pages[count]
    assert turned.page == 2 and turned.alignment_mm < 1
    assert abs(turned.turned_degrees - 180) < 3
    assert all(p.turned_degrees < 3 or p.turned_degrees > 357 for p in report.pages[:count])
    assert report.files == [{"file": "notes.png",
                             "reason": "notes.png is not a PDF, TIFF, PNG or JPEG file."}]
    assert [c.pages for c in report.copies] == [list(range(1, count + 1)), [2], [1, 2]]
    # The printed form, not filled in: every question blank, nothing for a person.
    assert not report.copies[0].needs_person
    assert {q.status for q in report.copies[0].questions} <= {"blank", "skipped"}
    again = read_batch([("a.png", corpus.encode(scanned[1])),
                        ("b.png", corpus.encode(scanned[1]))], "scan-park", sources, SETTINGS)
    assert [p.status for p in again.pages][1] == PageStatus.DUPLICATE


def _tiff(pages: list[np.ndarray]) -> bytes:
    import cv2

    ok, data = cv2.imencodemulti(".tiff", pages)
    assert ok
    return data.tobytes()
