"""Downloads of the small tables on the Results pages: a cross-tab and the theme
counts, as CSV or an Excel workbook, exactly as the page shows them.

A table is a list of rows of plain values, so the CSV and the workbook are written
from one source and cannot disagree. Hidden (suppressed) figures are the words the
page prints ("fewer than 5", "hidden"), never the count: a published download gives
nothing away that the published page does not. Every cell goes through the one safe
cell writer (`survey.cells`), so a theme named "=SUM(A1)" is text, not a formula.
These tables are a few dozen rows, so they are made in the request, in memory.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook

from surveybuilder.results.counting import OptionCount, format_percent
from surveybuilder.results.crosstab import CrossTab
from surveybuilder.results.suppression import shown, suppress_line
from surveybuilder.survey.cells import csv_writer, text_cell

Rows = list[list[Any]]
CSV_TYPE = "text/csv"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TABLE_TYPES = {"csv": CSV_TYPE, "xlsx": XLSX_TYPE}


def _figure(count: int | None, mark: str, threshold: int) -> Any:
    """A count as a number a spreadsheet can add up, or the words for a hidden one."""
    return count if count is not None and not mark else shown(count, mark, threshold)


def crosstab_rows(table: CrossTab, threshold: int) -> Rows:
    """The cross-tab as on the page: its caption, a heading row of the columns' answers,
    a row per answer of the rows' question with each count and its % of the row, then
    the totals."""
    heading = [""]
    for _, label in table.column_labels:
        heading += [label, f"{label} (% of row)"]
    rows: Rows = [[table.caption], heading + ["Total"]]
    for r, (_, label) in enumerate(table.row_labels):
        cells: list[Any] = [label]
        for c in range(len(table.column_labels)):
            share = table.row_percent(r, c)
            cells += [_figure(table.counts[r][c], table.mark(r, c), threshold),
                      format_percent(share) if share is not None else ""]
        row_mark = table.row_marks[r] if table.row_marks else ""
        rows.append(cells + [_figure(table.row_totals[r], row_mark, threshold)])
    totals: list[Any] = ["Total"]
    for c in range(len(table.column_labels)):
        mark = table.col_marks[c] if table.col_marks else ""
        totals += [_figure(table.col_totals[c], mark, threshold), ""]
    rows.append(totals + [_figure(table.total, table.total_mark, threshold)])
    return rows


def published_theme_counts(counts: Sequence[OptionCount], threshold: int
                           ) -> list[OptionCount]:
    """Theme counts as they may be published: small ones hidden, and enough others that
    none can be worked out (a comment can have several themes, so they do not add up)."""
    marks = suppress_line([t.count or 0 for t in counts], threshold, additive=False)
    return [t if not mark else OptionCount(t.key, t.label, None, None, None, mark)
            for t, mark in zip(counts, marks, strict=True)]


def theme_rows(counts: Sequence[OptionCount], coded: int, threshold: int) -> Rows:
    """A row per theme: its number, its name, how many comments have it and that as a %
    of the comments coded."""
    rows: Rows = [[f"Themes in the comments, out of {coded:,} coded"],
                  ["number", "theme", "comments", "% of comments coded"]]
    for theme in counts:
        share = theme.percent_of_answered
        rows.append([int(theme.key), theme.label, _figure(theme.count, theme.hidden, threshold),
                     format_percent(share) if share is not None else ""])
    return rows


def as_csv(rows: Rows) -> str:
    """The rows as CSV, UTF-8 with a byte-order mark so Excel reads accents."""
    buffer = io.StringIO()
    csv_writer(buffer, lineterminator="\r\n").writerows(rows)
    return "\ufeff" + buffer.getvalue()


def as_xlsx(title: str, rows: Rows) -> bytes:
    """The rows as a one-sheet workbook, every text typed as text."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title[:31])
    for row in rows:
        sheet.append([text_cell(sheet, value) for value in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def as_file(kind: str, title: str, rows: Rows) -> bytes:
    """The rows in the format asked for: `csv` or `xlsx`."""
    return as_csv(rows).encode("utf-8") if kind == "csv" else as_xlsx(title, rows)
