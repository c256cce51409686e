"""Stage 4: corner marks, a QR code and the copy number stamped on every page of every copy.

The page number is only known after layout, so the marks are stamped onto the finished
PDF (pikepdf) rather than drawn by WeasyPrint. Each page's own content is wrapped in
`q … Q` and the stamp follows as an `/Artifact` marked-content sequence, so screen
readers skip it and the tagged structure stays as WeasyPrint wrote it.

QR payload (version 3), fields separated by "|":

    SB3|<consultation slug>|v<version>|<format>|s<text size pt>|p<page>|c<copy>|l<layout>|<language>

for example `SB3|victoria-park-2027|v2|large-print|s18|p3|c17|l3f9a0c12d4e7|ur`. `<format>`
is standard, easy-read or large-print; `<page>` counts from 1 within one copy; `<copy>`
is the numbered copy, or 0 for an unnumbered form; `<layout>` is the layout file's
`layout_id` (geometry.py), so a scan is read against the layout it was printed with;
`<language>` is the BCP 47 code of the language it was printed in (`en`, `cy`, `ur`…).
`parse_payload` reads it back, and also reads the codes printed before: version 2
(`SB2|…|l<layout>`, without the language) and version 1 (`SB1|…|c<copy>`, without the
layout), both printed in English only.

The copy number is for the person keying the form: a box at the top left, under the
words "Copy number" (which the print stylesheet puts in the page's top-left margin
box), holds the number of a numbered copy drawn as seven-segment digits — shapes, not
text, so no font is needed in the stamp — and is left empty on an unnumbered form for
staff to write the next unused number in.

Numbered copies repeat the same pages (the page objects share the drawn content, so a
batch of 200 stays small). Only the first copy is in the structure tree: a batch is a
file for the printer; the single, unnumbered form is the accessible download.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, replace

PAYLOAD_PREFIX = "SB3"
PAYLOAD_PREFIX_V2 = "SB2"
PAYLOAD_PREFIX_V1 = "SB1"
ENGLISH = "en"  # the language of every page printed before codes said it
PT_PER_MM = 72 / 25.4
# Where the marks go, in mm from the page's top-left corner (the print stylesheet's
# margins keep clear of them). Corner marks as SDAPS draws them: 20 mm lines, 10 mm in
# from the left and right edges, 12 mm from the top and bottom; 0.5 mm thick.
MARK_INSET_X_MM = 10.0
MARK_INSET_Y_MM = 12.0
MARK_LENGTH_MM = 20.0
MARK_WIDTH_MM = 0.5
# The QR code: top right, inside the corner mark, with its quiet zone.
QR_SIZE_MM = 17.0
QR_RIGHT_MM = 14.0
QR_TOP_MM = 15.0
QR_BORDER_MODULES = 4  # the quiet zone the QR standard asks for
# The copy number box, under its label, inside the top margin; digits left-aligned in a
# fixed grid of cells (the layout file gives the grid, so a scan can read them too).
COPY_BOX_LEFT_MM = 20.0
COPY_BOX_TOP_MM = 24.5
COPY_DIGITS = 7  # copy numbers up to 9,999,999
COPY_PAD_MM = 1.5
COPY_CELL_MM = (3.6, 7.0)  # width and height of one digit
COPY_CELL_PITCH_MM = 5.0
COPY_STROKE_MM = 0.8
COPY_BORDER_MM = 0.4
COPY_BOX_MM = (2 * COPY_PAD_MM + (COPY_DIGITS - 1) * COPY_CELL_PITCH_MM + COPY_CELL_MM[0],
               2 * COPY_PAD_MM + COPY_CELL_MM[1])
# Which of the seven segments each digit lights: a top, b top right, c bottom right,
# d bottom, e bottom left, f top left, g middle.
SEGMENTS = {"0": "abcdef", "1": "bc", "2": "abdeg", "3": "abcdg", "4": "bcfg",
            "5": "acdfg", "6": "acdefg", "7": "abc", "8": "abcdefg", "9": "abcdfg"}
# A fixed mask pattern: choosing the best of eight takes segno about 50 ms a code, which
# dominates a batch of numbered copies; every page code is still decoded in the tests.
QR_MASK = 4

Progress = Callable[[int, int], None]


class BadPayload(ValueError):
    """A QR code that is not a Surveybuilder page identity."""


@dataclass(frozen=True)
class PageIdentity:
    consultation: str
    version: int
    print_format: str
    size_pt: int
    page: int
    copy: int
    layout: str = ""
    """The layout file's `layout_id`; empty on a page printed with a version 1 code."""
    language: str = ENGLISH
    """The language the page was printed in; English on pages with older codes."""

    def payload(self) -> str:
        return (f"{PAYLOAD_PREFIX}|{self.consultation}|v{self.version}|{self.print_format}"
                f"|s{self.size_pt}|p{self.page}|c{self.copy}|l{self.layout}|{self.language}")


def parse_payload(text: str) -> PageIdentity:
    """A decoded QR code back into the page it identifies (version 3; 2, without the
    language; or 1, without a layout identifier either)."""
    parts = text.split("|")
    bad = BadPayload(f"not a Surveybuilder page code: {text!r}")
    language = ENGLISH
    if len(parts) == 9 and parts[0] == PAYLOAD_PREFIX:
        language = parts.pop()
        if not language.replace("-", "").isalnum():
            raise bad
        parts[0] = PAYLOAD_PREFIX_V2
    layout = ""
    if len(parts) == 8 and parts[0] == PAYLOAD_PREFIX_V2 and parts[7][:1] == "l":
        layout = parts.pop()[1:]
        if not layout.isalnum():
            raise bad
    elif len(parts) != 7 or parts[0] != PAYLOAD_PREFIX_V1:
        raise bad
    _prefix, slug, version, print_format, size, page, copy = parts
    try:
        return PageIdentity(slug, _number(version, "v"), print_format, _number(size, "s"),
                            _number(page, "p"), _number(copy, "c"), layout, language)
    except ValueError as exc:
        raise bad from exc


def _number(field: str, prefix: str) -> int:
    if not field.startswith(prefix):
        raise ValueError(field)
    return int(field[len(prefix):])


def mark_geometry(page_size_mm: tuple[float, float]) -> dict[str, object]:
    """Where the marks and the QR code are, for the layout file (mm from top-left)."""
    width, height = page_size_mm
    corners = {
        "top_left": [MARK_INSET_X_MM, MARK_INSET_Y_MM],
        "top_right": [width - MARK_INSET_X_MM, MARK_INSET_Y_MM],
        "bottom_left": [MARK_INSET_X_MM, height - MARK_INSET_Y_MM],
        "bottom_right": [width - MARK_INSET_X_MM, height - MARK_INSET_Y_MM],
    }
    return {"corners": corners, "corner_line_mm": MARK_LENGTH_MM,
            "corner_width_mm": MARK_WIDTH_MM,
            "qr": {"x_mm": width - QR_RIGHT_MM - QR_SIZE_MM, "y_mm": QR_TOP_MM,
                   "width_mm": QR_SIZE_MM, "height_mm": QR_SIZE_MM,
                   "quiet_zone_modules": QR_BORDER_MODULES, "error_correction": "m",
                   "mask": QR_MASK},
            "copy_number": {
                "x_mm": COPY_BOX_LEFT_MM, "y_mm": COPY_BOX_TOP_MM,
                "width_mm": COPY_BOX_MM[0], "height_mm": COPY_BOX_MM[1],
                "digits": [{"x_mm": x, "y_mm": y, "width_mm": COPY_CELL_MM[0],
                            "height_mm": COPY_CELL_MM[1]} for x, y in _digit_cells()],
                "stroke_mm": COPY_STROKE_MM}}


def _digit_cells() -> list[tuple[float, float]]:
    """The top-left corner of each digit's cell, in mm from the page's top-left."""
    left, top = COPY_BOX_LEFT_MM + COPY_PAD_MM, COPY_BOX_TOP_MM + COPY_PAD_MM
    return [(left + index * COPY_CELL_PITCH_MM, top) for index in range(COPY_DIGITS)]


def stamp(pdf: bytes, identity: PageIdentity, copies: int = 0,
          progress: Progress | None = None) -> bytes:
    """The PDF with marks and a page code on every page. `copies` 0 stamps the form once
    as unnumbered (copy 0); N makes N numbered copies, one after another."""
    import pikepdf

    document = pikepdf.open(io.BytesIO(pdf))
    originals = list(document.pages)
    drawn = [_contents(page) for page in originals]
    numbers = list(range(1, copies + 1)) if copies else [0]
    for index, copy in enumerate(numbers):
        pages = originals if index == 0 else _duplicate(document, originals)
        for page_number, (page, content) in enumerate(zip(pages, drawn, strict=True), 1):
            marked = replace(identity, page=page_number, copy=copy)
            _stamp_page(document, page, content, marked)
        if progress:
            progress(index + 1, len(numbers))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _duplicate(document, originals: list) -> list:
    """The pages again, sharing their content and resources but outside the structure
    tree (their marked content is not claimed by any structure element)."""
    import pikepdf

    made = []
    for page in originals:
        copy = pikepdf.Dictionary({key: page.obj[key] for key in page.obj
                                   if key not in ("/Parent", "/StructParents", "/Annots")})
        document.pages.append(pikepdf.Page(copy))
        made.append(document.pages[-1])
    return made


def _contents(page) -> list:
    """The content streams WeasyPrint drew on a page, before any stamp."""
    import pikepdf

    contents = page.obj.get("/Contents")
    return list(contents) if isinstance(contents, pikepdf.Array) else [contents]


def _stamp_page(document, page, drawn: list, identity: PageIdentity) -> None:
    import pikepdf

    box = [float(v) for v in page.mediabox]
    width_pt, height_pt = box[2] - box[0], box[3] - box[1]
    drawing = (_corner_marks(width_pt, height_pt)
               + _qr_code(identity.payload(), width_pt, height_pt)
               + _copy_number(identity.copy, height_pt))
    before = pikepdf.Stream(document, b"q\n")
    after = pikepdf.Stream(document, b"Q\n/Artifact <</Type /Pagination>> BDC\nq\n0 g\n"
                           + drawing + b"Q\nEMC\n")
    page.obj.Contents = pikepdf.Array([before, *drawn, after])


def _rect(x_mm: float, y_mm: float, w_mm: float, h_mm: float, height_pt: float) -> bytes:
    """A filled rectangle given in mm from the top-left, in PDF points from bottom-left."""
    x, w, h = x_mm * PT_PER_MM, w_mm * PT_PER_MM, h_mm * PT_PER_MM
    y = height_pt - y_mm * PT_PER_MM - h
    return f"{x:.3f} {y:.3f} {w:.3f} {h:.3f} re\n".encode()


def _corner_marks(width_pt: float, height_pt: float) -> bytes:
    width_mm, height_mm = width_pt / PT_PER_MM, height_pt / PT_PER_MM
    length, thick = MARK_LENGTH_MM, MARK_WIDTH_MM
    left, right = MARK_INSET_X_MM, width_mm - MARK_INSET_X_MM
    top, bottom = MARK_INSET_Y_MM, height_mm - MARK_INSET_Y_MM
    shapes = [
        (left, top, length, thick), (left, top, thick, length),
        (right - length, top, length, thick), (right - thick, top, thick, length),
        (left, bottom - thick, length, thick), (left, bottom - length, thick, length),
        (right - length, bottom - thick, length, thick),
        (right - thick, bottom - length, thick, length),
    ]
    return b"".join(_rect(*shape, height_pt) for shape in shapes) + b"f\n"


def _copy_number(copy: int, height_pt: float) -> bytes:
    """The copy number box's border, and the copy's number in it (none for copy 0)."""
    x, y = COPY_BOX_LEFT_MM, COPY_BOX_TOP_MM
    (w, h), line = COPY_BOX_MM, COPY_BORDER_MM
    border = [(x, y, w, line), (x, y + h - line, w, line), (x, y, line, h),
              (x + w - line, y, line, h)]
    digits = str(copy) if copy else ""
    if len(digits) > COPY_DIGITS:
        raise ValueError(f"Copy numbers have at most {COPY_DIGITS} digits")
    segments = [rect for digit, cell in zip(digits, _digit_cells(), strict=False)
                for rect in _segments(digit, *cell)]
    return b"".join(_rect(*shape, height_pt) for shape in border + segments) + b"f\n"


def _segments(digit: str, x: float, y: float) -> list[tuple[float, float, float, float]]:
    (w, h), t = COPY_CELL_MM, COPY_STROKE_MM
    half = h / 2
    shapes = {"a": (x, y, w, t), "g": (x, y + half - t / 2, w, t), "d": (x, y + h - t, w, t),
              "f": (x, y, t, half), "e": (x, y + half, t, half),
              "b": (x + w - t, y, t, half), "c": (x + w - t, y + half, t, half)}
    return [shapes[segment] for segment in SEGMENTS[digit]]


def _qr_code(payload: str, width_pt: float, height_pt: float) -> bytes:
    """The QR code's dark modules as filled rectangles (one per run of dark modules in a
    row), on a white square with a quiet zone."""
    import segno

    code = segno.make_qr(payload, error="m", mask=QR_MASK)
    rows = list(code.matrix_iter(border=QR_BORDER_MODULES))
    module = QR_SIZE_MM / len(rows)
    left = width_pt / PT_PER_MM - QR_RIGHT_MM - QR_SIZE_MM
    white = b"1 g\n" + _rect(left, QR_TOP_MM, QR_SIZE_MM, QR_SIZE_MM, height_pt) + b"f\n0 g\n"
    dark = b"".join(_rect(left + start * module, QR_TOP_MM + y * module, length * module,
                          module, height_pt)
                    for y, row in enumerate(rows) for start, length in _runs(row))
    return white + dark + b"f\n"


def _runs(row: object) -> list[tuple[int, int]]:
    """(start, length) of each run of dark modules in a row of the code."""
    runs: list[tuple[int, int]] = []
    start = None
    for x, bit in enumerate([*row, 0]):
        if bit and start is None:
            start = x
        elif not bit and start is not None:
            runs.append((start, x - start))
            start = None
    return runs
