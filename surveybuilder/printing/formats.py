"""Print formats: the three answer formats (surveybuilder/formats.py) as boxes on paper.

The register says each format's text sizes on paper and whether it has a picture
column; this module adds what only a printed form needs, from the project's rules
(shared reference formats.md): tick boxes of at least 5 mm for standard, at least 9 mm
for easy read and large print, and writing boxes that fit the text size. Page numbers
and every label use the body size.
"""

from __future__ import annotations

from dataclasses import dataclass

from surveybuilder.formats import EASY_READ, FORMATS, LARGE_PRINT, STANDARD, AnswerFormat
from surveybuilder.formats import from_slug as answer_format_from_slug

LARGE_PRINT_SIZES = LARGE_PRINT.print_sizes_pt
DEFAULT_LARGE_PRINT_SIZE = LARGE_PRINT.print_pt


class UnknownPrintFormat(ValueError):
    """A format or size that the printed forms do not offer; the message says which do."""


@dataclass(frozen=True)
class PrintFormat:
    """One way of printing a form. `font_pt` is the body (and smallest) text size;
    `box_mm` the side of a tick box; `write_mm` the height of a one-line writing box."""

    answer_format: AnswerFormat
    font_pt: int
    box_mm: float
    write_mm: float
    pictures: bool = False

    @property
    def slug(self) -> str:
        return self.answer_format.slug

    @property
    def label(self) -> str:
        if self.answer_format == LARGE_PRINT:
            return f"{self.answer_format.label} ({self.font_pt} point)"
        return self.answer_format.label

    @property
    def character_mm(self) -> tuple[float, float]:
        """Width and height of a one-character box: a letter box, 6 × 8 mm on the
        standard form (formats.md), as wide as a tick box and a third taller."""
        return self.box_mm, round(self.box_mm * 4 / 3, 1)

    @property
    def character_gap_mm(self) -> float:
        """Paper between one-character boxes, so each has its own border to scan."""
        return 1.5

    @property
    def long_write_mm(self) -> float:
        """Height of a box for a long written answer: room for about six lines."""
        return round(self.write_mm * 5, 1)


def print_format(slug: str, size: int | None = None) -> PrintFormat:
    """The print format an address or command names; `size` only for large print."""
    answer_format = answer_format_from_slug(slug)
    if answer_format is None:
        raise UnknownPrintFormat(f"There is no format '{slug}'. Use standard, easy-read or "
                                 f"large-print.")
    if answer_format != LARGE_PRINT:
        if size is not None:
            raise UnknownPrintFormat("Only large print has a choice of text size.")
        if answer_format == EASY_READ:
            return PrintFormat(EASY_READ, font_pt=EASY_READ.print_pt, box_mm=10, write_mm=16,
                               pictures=EASY_READ.pictures)
        return PrintFormat(STANDARD, font_pt=STANDARD.print_pt, box_mm=6, write_mm=11)
    chosen = DEFAULT_LARGE_PRINT_SIZE if size is None else size
    if chosen not in LARGE_PRINT_SIZES:
        raise UnknownPrintFormat("Large print comes in "
                                 + ", ".join(str(s) for s in LARGE_PRINT_SIZES[:-1])
                                 + f" or {LARGE_PRINT_SIZES[-1]} point.")
    return PrintFormat(LARGE_PRINT, font_pt=chosen, box_mm=10 if chosen < 24 else 12,
                       write_mm=round(chosen * 0.9, 1))


def all_print_formats() -> list[PrintFormat]:
    """Every format at its default size, in the order pages offer them."""
    return [print_format(f.slug) for f in FORMATS]
