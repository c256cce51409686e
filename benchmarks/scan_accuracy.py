"""How well scanned forms are read: the whole corpus grid, per format and distortion.

The corpus survey (tests/support/scan_corpus.py: choices, several ticks with a limit, a
scale, yes/no, a grid, a date and consent) is printed in all three formats, every page
drawn on at random (ticks, crosses, boxes filled in; thin, medium and thick pens and
pencil; stray marks), spoilt like a flatbed scanner, a 1-bit office scanner, a phone
photo and a page scanned upside down, at 200 and 300 dpi, --copies times each with
different marks, and read. It prints, per format, distortion and dpi:

  pages      pages read / pages (QR found, corner marks found, lined up)
  right      tick boxes read right automatically (empty, ticked or filled in)
  person     tick boxes sent to a person (doubtful)
  WRONG      tick boxes read wrong without being sent to a person (must be 0)
  pen        pen marks (not empty, not pencil) read right automatically
  pencil     pencil marks read right or sent to a person
  boxes      tick boxes counted; pens: pen marks among them
  pages/s    pages read a second, one core: from the encoded image file (PNG; JPEG for
             the phone) to every box read; CPU seconds of this process, single-threaded

    .venv/bin/python benchmarks/scan_accuracy.py [--copies 3] [--seed 1] [--formats standard]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[0:0] = [str(ROOT), str(ROOT / "tests")]

import cv2  # noqa: E402
from support import scan_corpus as corpus  # noqa: E402

from surveybuilder.scanning import images  # noqa: E402
from surveybuilder.scanning.reading import Settings, Sources, read_page  # noqa: E402
from surveybuilder.scanning.report import PageStatus  # noqa: E402
from surveybuilder.survey.loading import load_definition  # noqa: E402

DISTORTIONS = (*corpus.DISTORTIONS, "upside-down")
PENS = ("thin", "medium", "thick")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=3, help="marked copies of each page")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--formats", default=",".join(corpus.FORMATS),
                        help="which formats, separated by commas (default: all three)")
    parser.add_argument("--distortions", default=",".join(DISTORTIONS),
                        help="which distortions, separated by commas (default: all)")
    parser.add_argument("--dpi", default="200,300", help="which resolutions (default: both)")
    args = parser.parse_args()
    cv2.setNumThreads(1)  # one core
    forms = corpus.render_forms()
    layouts = {form.layout["layout_id"]: form.layout for form in forms.values()}
    definition = load_definition(corpus.SURVEY)
    sources = Sources(lambda page: layouts.get(page.layout),
                      lambda number: definition if number == 1 else None)
    settings = Settings(images.Limits(max_file_mb=50, max_pages=10_000, pdf_dpi=200))
    rng = random.Random(args.seed)
    print(f"{'format':<12}{'distortion':<12}{'dpi':>4}{'pages':>9}{'right':>8}{'person':>8}"
          f"{'WRONG':>7}{'pen right':>11}{'pencil ok':>11}{'pages/s':>9}{'boxes':>7}{'pens':>6}")
    totals: Counter = Counter()
    for fmt, form in forms.items():
        if fmt not in args.formats.split(","):
            continue
        for dpi in [int(d) for d in args.dpi.split(",")]:
            rasters = corpus.rasterise(form.pdf, dpi)
            for how in args.distortions.split(","):
                counted = _run(form, rasters, how, dpi, args.copies, rng, sources, settings)
                totals.update(counted)
                print(_row(fmt, how, dpi, counted))
    print(_row("all", "", 0, totals))


def _run(form, rasters, how: str, dpi: int, copies: int, rng: random.Random,
         sources: Sources, settings: Settings) -> Counter:
    counted: Counter = Counter()
    for _ in range(copies):
        for number, raster in enumerate(rasters, start=1):
            boxes = [b for b in form.layout["boxes"] if b["page"] == number]
            filled = corpus.fill(raster, boxes, dpi, rng)
            scanned = corpus.distort(filled.image, how, rng)
            data = corpus.encode(scanned, "jpg" if how == "phone" else "png")
            started = time.process_time()
            [page] = images.page_images("page", data, settings.limits)
            report, placed = read_page(page, "scan-park", sources, settings.thresholds)
            counted["seconds"] += time.process_time() - started
            counted["pages"] += 1
            if report.status != PageStatus.READ:
                continue
            counted["read"] += 1
            for box_id, (shape, pen) in filled.truth.items():
                mark = placed.readings[box_id].mark
                outcome = ("right" if mark == corpus.expected_mark(shape, pen)
                           else "person" if mark == "doubtful" else "wrong")
                counted[outcome] += 1
                counted[(pen or "empty", outcome)] += 1
    return counted


def _row(fmt: str, how: str, dpi: int, c: Counter) -> str:
    boxes = c["right"] + c["person"] + c["wrong"]
    pen = sum(c[(p, o)] for p in PENS for o in ("right", "person", "wrong"))
    pen_right = sum(c[(p, "right")] for p in PENS)
    pencil = sum(c[("pencil", o)] for o in ("right", "person", "wrong"))
    pencil_ok = c[("pencil", "right")] + c[("pencil", "person")]
    rate = c["pages"] / c["seconds"] if c["seconds"] else 0
    return (f"{fmt:<12}{how:<12}{dpi or '':>4}{c['read']:>5}/{c['pages']:<3}"
            f"{_pct(c['right'], boxes):>8}{_pct(c['person'], boxes):>8}{c['wrong']:>7}"
            f"{_pct(pen_right, pen):>11}{_pct(pencil_ok, pencil):>11}{rate:>9.1f}"
            f"{boxes:>7}{pen:>6}")


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "-"


if __name__ == "__main__":
    main()
