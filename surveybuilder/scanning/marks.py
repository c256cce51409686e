"""Stage 3: each box of the page's layout read in greyscale.

On the page lined up square-on (locating.rectify), a box is a slice. Inside its border
(and a little further, so a slightly misplaced box never reads its own border as ink),
every pixel's darkness is measured between the paper around the box (a ring outside
it) and the ink of its own printed border, so a grey photo, a dark scan and a 1-bit
scan are read on the same scale.

Two measures decide, with thresholds that follow the box's size (a tick drawn with the
same pen covers much less of a 12 mm box than of a 6 mm one):

- pen ink, as a number of *strokes*: the dark area divided by a thin pen line (0.3 mm)
  as long as the box is wide. A tick or cross is one or two strokes in any box;
- how much of the box is dark: a box filled in (a changed mind, "cancelled") is dark
  nearly all over; a thick cross much less.

A box is empty, ticked or cancelled only when it is clearly so; anything between (a
thick cross near "filled", a faint pencil tick, a dot, a scan too pale to trust) is
doubtful, and a person decides: nothing is guessed.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import numpy as np

PEN_LINE_MM = 0.3  # the thinnest pen line counted as one stroke
INSET_MM = 0.5  # read this far inside the border
RING_MM = (0.6, 2.0)  # the paper around a box: this far outside it
INK = 0.5  # darkness (0 paper, 1 the border's ink) counted as pen ink
FAINT = 0.2  # darkness counted as a faint mark (pencil, a light pen)
LEAST_CONTRAST = 60  # grey levels between paper and ink below which nothing is trusted


class Mark(StrEnum):
    EMPTY = "empty"
    TICKED = "ticked"
    CANCELLED = "cancelled"
    DOUBTFUL = "doubtful"


@dataclass(frozen=True)
class Thresholds:
    """When a box is clearly empty, ticked or filled in (docs/scanning.md)."""

    empty_strokes: float  # at most this much pen ink (and faint ink) is empty
    ticked_strokes: float  # at least this much pen ink is ticked
    ticked_most: float  # a tick or cross covers at most this share of the box
    filled_least: float  # a box filled in is dark over at least this share

    def for_one_bit(self) -> Thresholds:
        """On a black-and-white scan a faint pencil mark is a few scattered dots, like
        the scanner's own specks: only a box with no dot at all is empty."""
        return Thresholds(0.0, self.ticked_strokes, self.ticked_most, self.filled_least)

    @classmethod
    def from_settings(cls, config: dict) -> Thresholds:
        return cls(float(config["SCAN_EMPTY_STROKES"]), float(config["SCAN_TICKED_STROKES"]),
                   float(config["SCAN_TICKED_MOST_PERCENT"]) / 100,
                   float(config["SCAN_FILLED_LEAST_PERCENT"]) / 100)


DEFAULT_THRESHOLDS = Thresholds(empty_strokes=0.03, ticked_strokes=1.0, ticked_most=0.72,
                                filled_least=0.80)
FAINT_EMPTY = 3  # an empty box may hold this many times `empty_strokes` of faint ink


@dataclass(frozen=True)
class BoxReading:
    """What one box holds. `strokes` is the pen ink as thin lines across the box,
    `faint` the same for faint ink, `fill` the share of the box that is dark;
    `confidence` from 0 (on a threshold) to 1 (far from every threshold)."""

    box_id: str
    mark: Mark
    strokes: float
    faint: float
    fill: float
    confidence: float
    reason: str = ""


def read_box(page: np.ndarray, box: dict, px_per_mm: float, border_mm: float,
             thresholds: Thresholds = DEFAULT_THRESHOLDS) -> BoxReading:
    """One tick box of the layout, on the page lined up at `px_per_mm`."""
    left, top = box["x_mm"] * px_per_mm, box["y_mm"] * px_per_mm
    right = left + box["width_mm"] * px_per_mm
    bottom = top + box["height_mm"] * px_per_mm
    inset = (border_mm + INSET_MM) * px_per_mm
    inner = _slice(page, left + inset, top + inset, right - inset, bottom - inset)
    paper = _paper(page, left, top, right, bottom, px_per_mm)
    ink = _border_ink(page, left, top, right, bottom, border_mm * px_per_mm)
    if inner.size == 0 or paper - ink < LEAST_CONTRAST:
        return BoxReading(box["id"], Mark.DOUBTFUL, 0, 0, 0, 0, "the scan is too pale here")
    darkness = (paper - inner.astype(np.float32)) / (paper - ink)
    side_mm = (inner.shape[0] + inner.shape[1]) / 2 / px_per_mm
    stroke_px = PEN_LINE_MM * side_mm * px_per_mm * px_per_mm
    strokes = float(np.count_nonzero(darkness >= INK)) / stroke_px
    faint = float(np.count_nonzero(darkness >= FAINT)) / stroke_px
    fill = float(np.count_nonzero(darkness >= INK)) / inner.size
    mark, confidence, reason = classify(strokes, faint, fill, thresholds)
    return BoxReading(box["id"], mark, round(strokes, 3), round(faint, 3), round(fill, 3),
                      round(confidence, 3), reason)


def classify(strokes: float, faint: float, fill: float,
             t: Thresholds = DEFAULT_THRESHOLDS) -> tuple[Mark, float, str]:
    """The mark, how sure (0-1) and, when doubtful, why in words."""
    if fill >= t.filled_least:
        return Mark.CANCELLED, min(1.0, (fill - t.filled_least) / (1 - t.filled_least) + 0.5), ""
    if fill > t.ticked_most:
        return Mark.DOUBTFUL, 0.0, "the box is nearly filled in: a thick cross, or cancelled?"
    if strokes >= t.ticked_strokes:
        margin = min(strokes / t.ticked_strokes - 1, (t.ticked_most - fill) / t.ticked_most)
        return Mark.TICKED, min(1.0, 0.5 + margin), ""
    if strokes <= t.empty_strokes and faint <= FAINT_EMPTY * t.empty_strokes:
        return Mark.EMPTY, min(1.0, 1 - max(strokes, faint / FAINT_EMPTY) / t.ticked_strokes), ""
    if strokes <= t.empty_strokes or faint > 2 * strokes:
        return Mark.DOUBTFUL, 0.0, "a faint mark: pencil, or a smudge?"
    return Mark.DOUBTFUL, 0.0, "a small mark: a tick, or a stray dot?"


def _slice(page: np.ndarray, left: float, top: float, right: float, bottom: float
           ) -> np.ndarray:
    height, width = page.shape
    x0, y0 = max(0, round(left)), max(0, round(top))
    x1, y1 = min(width, round(right)), min(height, round(bottom))
    return page[y0:max(y0, y1), x0:max(x0, x1)]


def _paper(page: np.ndarray, left: float, top: float, right: float, bottom: float,
           px_per_mm: float) -> float:
    """The paper's grey level just around the box (its lighter part: words beside a
    box are dark, paper is most of the ring)."""
    near, far = (d * px_per_mm for d in RING_MM)
    outer = _slice(page, left - far, top - far, right + far, bottom + far)
    strips = [outer[: round(far - near)], outer[-round(far - near):],
              outer[:, : round(far - near)], outer[:, -round(far - near):]]
    return float(np.percentile(np.concatenate([s.ravel() for s in strips]), 75))


def _border_ink(page: np.ndarray, left: float, top: float, right: float, bottom: float,
                border_px: float) -> float:
    """The printed border's grey level: the ink every mark is measured against."""
    reach = max(2.0, border_px)
    strips = [_slice(page, left - 1, top - 1, right + 1, top + reach),
              _slice(page, left - 1, bottom - reach, right + 1, bottom + 1),
              _slice(page, left - 1, top - 1, left + reach, bottom + 1),
              _slice(page, right - reach, top - 1, right + 1, bottom + 1)]
    return float(np.median([np.min(s, axis=None) for s in strips if s.size] or [0]))


def crop(page: np.ndarray, box: dict, px_per_mm: float, margin_mm: float = 2.0) -> bytes:
    """A box and a little around it as a PNG, for a person to look at or type from."""
    import cv2

    m = margin_mm
    part = _slice(page, (box["x_mm"] - m) * px_per_mm, (box["y_mm"] - m) * px_per_mm,
                  (box["x_mm"] + box["width_mm"] + m) * px_per_mm,
                  (box["y_mm"] + box["height_mm"] + m) * px_per_mm)
    ok, png = cv2.imencode(".png", part)
    return png.tobytes() if ok else b""
