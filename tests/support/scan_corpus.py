"""A corpus of scanned forms made by the tests themselves: real PDFs from the printing
pipeline, drawn on as people do, and spoilt as scanners and phones spoil them.

    forms      render_forms: the corpus survey in all three formats (WeasyPrint)
    pages      rasterise: each page as a greyscale image at 200 or 300 dpi
    answers    fill: ticks, crosses and boxes filled in, with thin and thick pens and
               pencil, and stray marks outside the boxes; returns what each box holds
    scanning   distort: a flatbed scanner (slight skew, blur, noise, JPEG), a 1-bit
               office scanner (skew, then black and white) or a phone photo
               (perspective, rotation, blur, uneven light, JPEG 60)

Everything is seeded, so a failure can be drawn again. The tests read a
representative part; benchmarks/scan_accuracy.py reads the whole grid.
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass, field

import cv2
import numpy as np
import pypdfium2
from support.survey_details import DETAILS

from surveybuilder.printing.formats import print_format
from surveybuilder.printing.render import PrintedForm, render_form
from surveybuilder.survey.loading import load_definition

FORMATS = ("standard", "easy-read", "large-print")
DISTORTIONS = ("scanner", "one-bit", "phone")
DPIS = (200, 300)

SURVEY = {
    **DETAILS,
    "slug": "scan-park",
    "title": "Victoria Park on paper",
    "summary": "A survey to read back from scanned paper.",
    "sections": [
        {"title": "Using the park", "questions": [
            {"key": "visit", "type": "single_choice", "required": True,
             "text": "How often do you visit the park?",
             "options": [{"key": "weekly", "label": "Every week"},
                         {"key": "monthly", "label": "Every month"},
                         {"key": "never", "label": "Never"}]},
            {"key": "why_not", "type": "short_text", "text": "What stops you visiting?",
             "show_if": {"question": "visit", "in": ["never"]}},
            {"key": "uses", "type": "multiple_choice", "text": "What do you go there for?",
             "max_choices": 2,
             "options": [{"key": "walk", "label": "Walking"},
                         {"key": "play", "label": "Play area"},
                         {"key": "sport", "label": "Sport"},
                         {"key": "cafe", "label": "The cafe"}]},
            {"key": "safe", "type": "scale", "scale": "agree",
             "text": "I feel safe in the park after dark."},
            {"key": "use_bus", "type": "yes_no", "text": "Do you come by bus?"},
        ]},
        {"title": "What you think", "questions": [
            {"key": "views", "type": "grid", "scale": "agree",
             "text": "How much do you agree with each of these?",
             "options": [{"key": "clean", "label": "The park is kept clean"},
                         {"key": "lit", "label": "The paths are well lit"}]},
            {"key": "visited_on", "type": "date", "text": "When did you last visit?"},
            {"key": "agree", "type": "consent", "text": "You may contact me about this."},
        ]},
    ],
}


def survey(slug: str = "scan-park", **changes) -> dict:
    return {**SURVEY, "slug": slug, **changes}


def render_forms(definition: dict | None = None, version: int = 1, copies: int = 0
                 ) -> dict[str, PrintedForm]:
    """The survey drawn in each format (large print at its default size)."""
    loaded = load_definition(definition or SURVEY)
    return {slug: render_form(loaded, version, print_format(slug), "Sandwell Council", copies)
            for slug in FORMATS}


def rasterise(pdf: bytes, dpi: int) -> list[np.ndarray]:
    """Each page as a greyscale image, as a perfect scanner would see it."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        drawn = [page.render(scale=dpi / 72, grayscale=True).to_numpy() for page in document]
    finally:
        document.close()
    return [np.array(image[..., 0] if image.ndim == 3 else image) for image in drawn]


# Pens: (line width mm, darkness 0-1, grain: how unevenly it marks)
PENS = {"thin": (0.3, 0.92, 0.0), "medium": (0.5, 0.95, 0.0), "thick": (1.0, 0.97, 0.0),
        "pencil": (0.5, 0.5, 0.45)}
SHAPES = ("tick", "cross", "fill")


@dataclass
class Filled:
    """A page image drawn on, and what each tick box holds: (shape or "empty", pen)."""

    image: np.ndarray
    truth: dict[str, tuple[str, str]] = field(default_factory=dict)


def fill(image: np.ndarray, boxes: list[dict], dpi: int, rng: random.Random,
         pens: tuple[str, ...] = ("thin", "medium", "thick", "pencil"),
         marked_share: float = 0.45, strays: int = 3, write: bool = True) -> Filled:
    """Marks drawn into the page's boxes at random: each tick box is left empty or
    gets a tick, a cross or is filled in, with one of `pens`; writing boxes get a few
    handwritten-looking strokes; stray marks go outside every box."""
    ink = np.zeros(image.shape, np.float32)
    px = dpi / 25.4
    filled = Filled(image)
    for box in boxes:
        if box["kind"] == "write":
            if write and rng.random() < 0.5:
                scrawl(ink, box, px, rng)
            continue
        if rng.random() > marked_share:
            filled.truth[box["id"]] = ("empty", "")
            continue
        shape = rng.choice(SHAPES)
        pen = rng.choice(pens if shape != "fill" else [p for p in pens if p != "pencil"]
                         or ["thin"])
        draw_mark(ink, box, shape, pen, px, rng)
        filled.truth[box["id"]] = (shape, pen)
    for _ in range(strays):
        _stray(ink, boxes, px, rng, image.shape)
    filled.image = np.clip(image.astype(np.float32) * (1 - ink), 0, 255).astype(np.uint8)
    return filled


def draw_mark(ink: np.ndarray, box: dict, shape: str, pen: str, px: float,
              rng: random.Random) -> None:
    width_mm, darkness, grain = PENS[pen]
    x, y, w, h = box["x_mm"], box["y_mm"], box["width_mm"], box["height_mm"]

    def at(fx: float, fy: float) -> tuple[int, int]:
        jitter = 0.06
        return (round((x + w * (fx + rng.uniform(-jitter, jitter))) * px * 8),
                round((y + h * (fy + rng.uniform(-jitter, jitter))) * px * 8))

    layer = np.zeros(ink.shape, np.uint8)
    thickness = max(1, round(width_mm * px))
    if shape == "tick":
        points = [at(0.22, 0.55), at(0.42, 0.8), at(0.85, 0.18)]
        cv2.polylines(layer, [np.array(points)], False, 255, thickness, cv2.LINE_AA, 3)
    elif shape == "cross":
        for a, b in ((at(0.18, 0.18), at(0.84, 0.84)), (at(0.84, 0.18), at(0.18, 0.84))):
            cv2.line(layer, a, b, 255, thickness, cv2.LINE_AA, 3)
    else:  # filled in: strokes back and forth until the box is dark all over
        step = max(0.25, width_mm * 0.6) / h
        fy = 0.1
        while fy < 0.92:
            cv2.line(layer, at(0.08, fy), at(0.92, fy + step), 255, thickness, cv2.LINE_AA, 3)
            fy += step
    mark = layer.astype(np.float32) / 255 * darkness
    if grain:
        mark *= np.random.default_rng(rng.randrange(1 << 30)).uniform(
            1 - grain, 1, size=mark.shape).astype(np.float32)
    np.maximum(ink, mark, out=ink)


def scrawl(ink: np.ndarray, box: dict, px: float, rng: random.Random) -> None:
    """Strokes like handwriting inside a writing box."""
    layer = np.zeros(ink.shape, np.uint8)
    x, y, w, h = (box[k] * px for k in ("x_mm", "y_mm", "width_mm", "height_mm"))
    points = [(round(x + w * (0.15 + 0.7 * i / 8)), round(y + h * rng.uniform(0.3, 0.7)))
              for i in range(9)]
    cv2.polylines(layer, [np.array(points)], False, 255, max(1, round(0.4 * px)), cv2.LINE_AA)
    np.maximum(ink, layer.astype(np.float32) / 255 * 0.9, out=ink)


def _stray(ink: np.ndarray, boxes: list[dict], px: float, rng: random.Random,
           shape: tuple[int, int]) -> None:
    """A short stroke in the page's writing area, at least 2 mm from every box."""
    for _ in range(50):
        x, y = rng.uniform(25, 170), rng.uniform(45, 260)
        length, angle = rng.uniform(3, 15), rng.uniform(0, np.pi)
        x2, y2 = x + length * np.cos(angle), y + length * np.sin(angle)
        if all(_clear(box, (x, y, x2, y2), 2.0) for box in boxes):
            layer = np.zeros(shape, np.uint8)
            cv2.line(layer, (round(x * px), round(y * px)), (round(x2 * px), round(y2 * px)),
                     255, max(1, round(0.5 * px)), cv2.LINE_AA)
            np.maximum(ink, layer.astype(np.float32) / 255 * 0.9, out=ink)
            return


def _clear(box: dict, line: tuple[float, float, float, float], gap: float) -> bool:
    x1, y1, x2, y2 = line
    return (max(x1, x2) < box["x_mm"] - gap or min(x1, x2) > box["x_mm"] + box["width_mm"] + gap
            or max(y1, y2) < box["y_mm"] - gap
            or min(y1, y2) > box["y_mm"] + box["height_mm"] + gap)


# Scanners and phones ----------------------------------------------------------------------

def distort(image: np.ndarray, how: str, rng: random.Random) -> np.ndarray:
    """The page as a flatbed scanner, a 1-bit office scanner or a phone would give it."""
    if how == "scanner":
        out = _skew(image, rng, degrees=1.5, shift_px=image.shape[1] * 0.01, background=245)
        out = cv2.GaussianBlur(out, (0, 0), 0.6)
        out = _noise(out, rng, 4.0)
        return _jpeg(out, 85)
    if how == "one-bit":
        out = _skew(image, rng, degrees=1.0, shift_px=image.shape[1] * 0.01, background=255)
        out = cv2.GaussianBlur(out, (0, 0), 0.5)
        out = np.where(_noise(out, rng, 6.0) < 140, 0, 255).astype(np.uint8)
        speckle = np.random.default_rng(rng.randrange(1 << 30)).random(out.shape) < 0.0004
        out[speckle] = 0
        return out
    if how == "phone":
        return _photo(image, rng)
    if how == "upside-down":
        return cv2.rotate(distort(image, "scanner", rng), cv2.ROTATE_180)
    raise ValueError(how)


def _skew(image: np.ndarray, rng: random.Random, degrees: float, shift_px: float,
          background: int) -> np.ndarray:
    height, width = image.shape
    turn = cv2.getRotationMatrix2D((width / 2, height / 2), rng.uniform(-degrees, degrees), 1)
    turn[:, 2] += (rng.uniform(-shift_px, shift_px), rng.uniform(-shift_px, shift_px))
    return cv2.warpAffine(image, turn, (width, height), flags=cv2.INTER_LINEAR,
                          borderValue=background)


def _photo(image: np.ndarray, rng: random.Random) -> np.ndarray:
    """Held over a table: the page smaller than the frame, in perspective, turned a
    little, softly focused, lit unevenly, saved as JPEG 60."""
    height, width = image.shape
    frame = (round(width * 1.12), round(height * 1.08))
    page = np.float32([[0, 0], [width, 0], [width, height], [0, height]])
    margin_x, margin_y = (frame[0] - width) / 2, (frame[1] - height) / 2
    jitter = 0.025 * width
    placed = np.float32([[margin_x + dx, margin_y + dy] for dx, dy in
                         ((0, 0), (width, 0), (width, height), (0, height))])
    placed += np.float32([[rng.uniform(-jitter, jitter), rng.uniform(-jitter, jitter)]
                          for _ in range(4)])
    centre = placed.mean(axis=0)
    turn = np.deg2rad(rng.uniform(-3, 3))
    rotation = np.float32([[np.cos(turn), -np.sin(turn)], [np.sin(turn), np.cos(turn)]])
    placed = (placed - centre) @ rotation.T + centre
    warp = cv2.getPerspectiveTransform(page, placed.astype(np.float32))
    out = cv2.warpPerspective(image, warp, frame, flags=cv2.INTER_LINEAR, borderValue=70)
    out = cv2.GaussianBlur(out, (0, 0), 0.9)
    ys, xs = np.mgrid[0:frame[1], 0:frame[0]].astype(np.float32)
    light = 0.78 + 0.2 * (xs / frame[0]) * rng.uniform(0.5, 1) + 0.05 * (ys / frame[1])
    out = np.clip(out.astype(np.float32) * light, 0, 255).astype(np.uint8)
    return _jpeg(_noise(out, rng, 5.0), 60)


def _noise(image: np.ndarray, rng: random.Random, sigma: float) -> np.ndarray:
    noise = np.random.default_rng(rng.randrange(1 << 30)).normal(0, sigma, image.shape)
    return np.clip(image.astype(np.float32) + noise, 0, 255).astype(np.uint8)


def _jpeg(image: np.ndarray, quality: int) -> np.ndarray:
    ok, data = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, quality])
    return cv2.imdecode(data, cv2.IMREAD_GRAYSCALE)


def encode(image: np.ndarray, kind: str = "png") -> bytes:
    """An image as the file a scanner writes (PNG, TIFF or JPEG)."""
    ok, data = cv2.imencode(f".{kind}", image)
    assert ok
    return data.tobytes()


def unknown_page(dpi: int, rng: random.Random) -> np.ndarray:
    """A page that is not one of our forms: lines of 'text' and a QR code of a web
    address, like a letter sent back with the forms."""
    import segno

    width, height = round(210 / 25.4 * dpi), round(297 / 25.4 * dpi)
    image = np.full((height, width), 250, np.uint8)
    for row in range(40):
        y = round((30 + row * 6) / 25.4 * dpi)
        x2 = round(rng.uniform(100, 185) / 25.4 * dpi)
        cv2.line(image, (round(20 / 25.4 * dpi), y), (x2, y), 30, max(1, dpi // 100))
    buffer = io.BytesIO()
    segno.make_qr("https://www.example.gov.uk/letter").save(buffer, kind="png", scale=6,
                                                            border=4)
    code = cv2.imdecode(np.frombuffer(buffer.getvalue(), np.uint8), cv2.IMREAD_GRAYSCALE)
    image[50:50 + code.shape[0], 50:50 + code.shape[1]] = code
    return image


def expected_mark(shape: str, pen: str) -> str:
    """What the reader should say of a box: empty, ticked (a tick or cross) or
    cancelled (filled in)."""
    return {"empty": "empty", "tick": "ticked", "cross": "ticked", "fill": "cancelled"}[shape]
