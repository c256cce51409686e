"""A batch of returned forms as the Paper tab's upload gets it: the corpus survey's
numbered copies printed by the real pipeline, ticked, pencilled and written on as
people do (tests/support/scan_corpus.py draws the marks), and scanned like a flatbed
at 200 dpi. What is on each copy is said per box, so a test knows what a person must
settle and what the stored answers must be.

    publish_scan_survey   the corpus survey published, with two numbered standard
                          copies printed (their PDF and layout from the file store)
    scanned_pages         each page of those copies drawn on and scanned, as PNGs
    odd_pages             those, with a page upside down, one twice and a letter
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field

import numpy as np
from support import scan_corpus as corpus

from surveybuilder.consultations.lifecycle import publish
from surveybuilder.printing.cache import printed_form
from surveybuilder.printing.formats import print_format

DPI = 200


@dataclass
class OnCopy:
    """What a person put on one copy: boxes ticked with a pen, boxes touched with
    pencil (doubtful to the reader), and writing boxes written in."""

    ticks: list[str] = field(default_factory=list)
    pencil: list[str] = field(default_factory=list)
    writing: list[str] = field(default_factory=list)


# Copy 1: everything ticked clearly, the date written. Copy 2: "never", why written,
# two boxes for "safe", a pencil touch at "Do you come by bus?" and nothing else.
COPIES = {
    1: OnCopy(ticks=["box-visit-weekly", "box-uses-walk", "box-uses-cafe", "box-safe-agree",
                     "box-use_bus-no", "box-views-clean-agree", "box-views-lit-disagree",
                     "box-agree-yes"],
              writing=["box-visited_on-day-c1", "box-visited_on-month-c1",
                       "box-visited_on-year-c1", "box-visited_on-year-c2"]),
    2: OnCopy(ticks=["box-visit-never", "box-safe-agree", "box-safe-disagree"],
              pencil=["box-use_bus-yes"], writing=["box-why_not"]),
}


def publish_scan_survey(make_consultation, organisation, db_session, store
                        ) -> tuple[object, bytes, dict]:
    """The corpus survey published, and its two numbered standard copies printed."""
    consultation = make_consultation(organisation, corpus.SURVEY)
    publish(db_session, consultation, None)
    db_session.commit()
    printed = printed_form(db_session, store, consultation, print_format("standard"),
                           copies=len(COPIES))
    return (consultation, store.get(printed.key.pdf_key),
            json.loads(store.get(printed.key.layout_key)))


def scanned_pages(pdf: bytes, layout: dict, copies: dict[int, OnCopy] = COPIES,
                  seed: int = 5) -> list[tuple[str, bytes]]:
    """(file name, PNG) for every page of the printed copies, drawn on and scanned."""
    rng = random.Random(seed)
    per_copy = layout["pages"]
    files = []
    for index, image in enumerate(corpus.rasterise(pdf, DPI)):
        number, page = index // per_copy + 1, index % per_copy + 1
        drawn = _draw(image, layout, page, copies[number], rng)
        files.append((f"copy{number}-page{page}.png",
                      corpus.encode(corpus.distort(drawn, "scanner", rng))))
    return files


def odd_pages(files: list[tuple[str, bytes]], seed: int = 9) -> list[tuple[str, bytes]]:
    """The pages a real batch also holds: copy 1's third page turned upside down, the
    same page scanned a second time, and a letter that is not one of our forms."""
    import cv2

    rng = random.Random(seed)
    turned = [(name, corpus.encode(cv2.rotate(cv2.imdecode(np.frombuffer(body, np.uint8),
                                                          cv2.IMREAD_GRAYSCALE),
                                              cv2.ROTATE_180)))
              if name == "copy1-page3.png" else (name, body) for name, body in files]
    again = next(body for name, body in files if name == "copy1-page3.png")
    return [*turned, ("again.png", again),
            ("letter.png", corpus.encode(corpus.unknown_page(DPI, rng)))]


def _draw(image: np.ndarray, layout: dict, page: int, on: OnCopy, rng: random.Random
          ) -> np.ndarray:
    ink = np.zeros(image.shape, np.float32)
    px = DPI / 25.4
    for box in layout["boxes"]:
        if box["page"] != page:
            continue
        if box["id"] in on.ticks:
            corpus.draw_mark(ink, box, "tick", "thin", px, rng)
        elif box["id"] in on.pencil:
            corpus.draw_mark(ink, box, "tick", "pencil", px, rng)
        elif box["id"] in on.writing:
            corpus.scrawl(ink, box, px, rng)
    return np.clip(image * (1 - ink), 0, 255).astype(np.uint8)
