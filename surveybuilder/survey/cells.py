"""Text written to a spreadsheet so the spreadsheet shows it and never runs it.

One writer for every workbook the tool makes (results exports, the files sent to
translators), so none forgets the guard against formula injection: a text that starts
with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading apostrophe, and
each text cell is typed as text. It lives at the bottom of the layers because both
results (a service) and the translator files (the survey domain) write cells.

The same guard covers what a resident can type that no one types on purpose (issue 17):
`without_controls` drops control characters (ESC, NUL, the rest of C0 and C1, DEL) —
a NUL makes PostgreSQL refuse a whole submission, an ESC makes an Excel download fail
and can rewrite a terminal showing it. Answers are cleaned with it on the way in
(`survey.answers`), and `inert` cleans every cell on the way out (for what was stored
before), turning each line break into a plain newline: a lone carriage return splits a
CSV row in some readers. `csv_writer` is `csv.writer` writing only `inert` cells.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from typing import IO, Any

from openpyxl.cell import WriteOnlyCell

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_ALL_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f]")
_LINE_BREAKS = re.compile("\r\n?")


def without_controls(text: str, keep_lines: bool = False) -> str:
    """`text` without control characters. With `keep_lines`, tabs and line breaks stay
    (each break a plain newline); without, a tab or line break becomes a space."""
    text = _LINE_BREAKS.sub("\n", text)
    if keep_lines:
        return _CONTROLS.sub("", text)
    return _ALL_CONTROLS.sub(lambda m: " " if m.group() in "\t\n" else "", text)


def inert(value: str) -> str:
    """Text a spreadsheet will show, never run: control characters dropped, line breaks
    made plain newlines, and a formula-like start given an apostrophe."""
    value = without_controls(value, keep_lines=True)
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def uninert(value: str) -> str:
    """The text `inert` was given, read back from a cell it wrote (a file that comes
    back from a translator)."""
    return value[1:] if value.startswith("'") and value[1:].startswith(FORMULA_STARTS) \
        else value


def text_cell(sheet: Any, value: Any, **style: Any) -> Any:
    """A write-only cell for `value`: text made inert and typed as text, anything else
    as it is; `style` (font, alignment, protection…) is set on the cell."""
    if not isinstance(value, str) and not style:
        return value
    cell = WriteOnlyCell(sheet, value=inert(value) if isinstance(value, str) else value)
    if isinstance(value, str):
        cell.data_type = "s"
    for name, setting in style.items():
        setattr(cell, name, setting)
    return cell


class _InertWriter:
    """A csv writer whose every text cell goes through `inert`."""

    def __init__(self, out: IO[str], **options: Any) -> None:
        self._writer = csv.writer(out, **options)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow([inert(v) if isinstance(v, str) else v for v in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(out: IO[str], **options: Any) -> _InertWriter:
    """Like `csv.writer(out, **options)`, writing only safe cells."""
    return _InertWriter(out, **options)
