"""Accessible charts as inline SVG strings, for staff pages, public pages and PDFs.

Offers `question_chart(question, chart_id, threshold=None)` for a `QuestionSummary`
and `bar_chart(title, description, bars, chart_id, threshold=None)` for any list of
`OptionCount` (channels, formats, themes). A question answered row by row (a grid) is
drawn by `rows_chart` as one stacked bar per row, each 100% of those who answered that
row, with a key; a question whose answers are put in order as a bar chart of how many
put each option first. Bars are drawn on a 0–100% scale of those who answered, never
stretched so the largest fills the track. Each is a horizontal bar chart with
role="img", a <title> and a <desc> joined by aria-labelledby, the label above each bar
and the figure after it in words, so nothing is said by colour or length alone. A
chart is never the only place a number appears: pages print the same figures in a
table next to it. Hidden (suppressed) counts draw no bar and say "fewer than 5" or
"hidden". Colours are presentation attributes, so a strict Content Security Policy
(no inline styles) allows them, and the viewBox lets the chart shrink to a phone.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

from markupsafe import Markup, escape

from surveybuilder.results.counting import (
    OptionCount,
    QuestionSummary,
    RowSummary,
    format_percent,
)
from surveybuilder.results.suppression import SMALL, shown

WIDTH = 640
LABEL_HEIGHT = 26
BAR_HEIGHT = 26
GAP = 14
FONT_SIZE = 18
BAR_COLOUR = "#1d70b8"
TEXT_COLOUR = "#0b0c0c"
TRACK_COLOUR = "#f3f2f1"
FIGURE_SPACE = 170
TRACK_WIDTH = WIDTH - FIGURE_SPACE
"""A bar chart's track: 100% of those who answered."""
SEGMENT_COLOURS = ("#003078", "#5694ca", "#b1b4b6", "#f47738", "#942514", "#505a5f",
                   "#85994b", "#912b88")
"""A stacked bar's parts, in the order of its answers: dark to light blue for the top
of a scale, grey in the middle, orange to dark red for the bottom, dark grey after."""
KEY_ROW = 28
LABEL_WIDTH = 56
"""Characters of a row's words on one line before they wrap (640 units at 18)."""
KEY_WORDS = 26
"""The longest words of the key that fit half the width, two to a line."""


def question_chart(question: QuestionSummary, chart_id: str,
                   threshold: int | None = None) -> Markup:
    """The question's options (or months) as bars; percentages are of those who answered,
    or of all respondents where that is hidden. Rows are stacked bars; options put in
    order are drawn by how many put each first."""
    title = f"Question {question.number}: {question.text}"
    if question.rows:
        return rows_chart(title, question.summary_line, question.rows, chart_id, threshold)
    if question.ranks:
        return bar_chart(f"{title} – how many put each first", question.summary_line,
                         [r.first_choices for r in question.ranks], chart_id, threshold)
    return bar_chart(title, question.summary_line, question.options, chart_id, threshold)


def rows_chart(title: str, description: str, rows: Sequence[RowSummary], chart_id: str,
               threshold: int | None = None) -> Markup:
    """One stacked bar per row, its parts the row's answers as shares of those who
    answered it (100% across), each part's percentage written on it where it fits, and
    how many answered after the row's words. A key of colours comes first; the parts are
    in the key's order, with a white line between, and the table beside gives every
    figure. Parts are drawn up to the first hidden (suppressed) one, whose place along
    the bar is unknown, so the rest of that bar stays grey and its words say some
    figures are hidden."""
    columns = [o.label for o in rows[0].options] if rows else []
    colours = [SEGMENT_COLOURS[i % len(SEGMENT_COLOURS)] for i in range(len(columns))]
    across = 2 if all(len(label) <= KEY_WORDS for label in columns) else 1
    key_height = KEY_ROW * -(-len(columns) // across) + GAP
    lines = [textwrap.wrap(f"{row.label} ({row_answered(row, threshold)})", LABEL_WIDTH)
             for row in rows]
    height = key_height + sum(LABEL_HEIGHT * len(words) + BAR_HEIGHT + GAP for words in lines)
    track = WIDTH
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="sb-chart" role="img" '
        f'viewBox="0 0 {WIDTH} {height}" width="100%" '
        f'aria-labelledby="{escape(chart_id)}-title {escape(chart_id)}-desc" '
        f'font-family="Arial, sans-serif" font-size="{FONT_SIZE}">',
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>',
        f'<desc id="{escape(chart_id)}-desc">'
        f'{escape(_rows_description(description, rows, threshold))}</desc>',
    ]
    for index, (label, colour) in enumerate(zip(columns, colours, strict=True)):
        x, y = (index % across) * (WIDTH // 2), (index // across) * KEY_ROW
        parts += [f'<rect x="{x}" y="{y + 4}" width="18" height="18" fill="{colour}"/>',
                  f'<text x="{x + 26}" y="{y + 20}" fill="{TEXT_COLOUR}">{escape(label)}</text>']
    top = key_height
    for row, words in zip(rows, lines, strict=True):
        for line in words:
            top += LABEL_HEIGHT
            parts.append(f'<text x="0" y="{top - 6}" fill="{TEXT_COLOUR}">{escape(line)}</text>')
        parts.append(f'<rect x="0" y="{top}" width="{track}" height="{BAR_HEIGHT}" '
                     f'fill="{TRACK_COLOUR}"/>')
        left = 0.0
        for option, colour in zip(row.options, colours, strict=True):
            if option.count is None or option.percent_of_answered is None:
                break
            if not option.count:
                continue
            width = track * option.percent_of_answered / 100
            parts.append(f'<rect x="{left:.1f}" y="{top}" width="{width:.1f}" '
                         f'height="{BAR_HEIGHT}" fill="{colour}" stroke="#ffffff" '
                         f'stroke-width="2"/>')
            words_on = format_percent(option.percent_of_answered)
            if width >= 12 * len(words_on):
                parts.append(f'<text x="{left + width / 2:.1f}" y="{top + BAR_HEIGHT - 6}" '
                             f'text-anchor="middle" fill="{_text_on(colour)}">'
                             f'{escape(words_on)}</text>')
            left += width
        top += BAR_HEIGHT + GAP
    parts.append("</svg>")
    return Markup("".join(parts))


def row_answered(row: RowSummary, threshold: int | None) -> str:
    """"48 answered", or the words for a hidden count, and whether some of the row's
    figures are hidden."""
    if row.answered is None:
        return shown(None, SMALL if row.hidden == SMALL else "hidden", threshold or 0) \
            + " answered"
    hidden = any(o.count is None for o in row.options)
    return f"{row.answered:,} answered" + ("; some figures hidden" if hidden else "")


def _rows_description(summary: str, rows: Sequence[RowSummary],
                      threshold: int | None) -> str:
    listed = " ".join(
        f"{row.label}: " + ", ".join(f"{o.label} {figure(o, threshold)}"
                                     for o in row.options)
        + f"; {row_answered(row, threshold)}." for row in rows)
    return f"{summary} {listed}".strip()


def _text_on(colour: str) -> str:
    """Black or white, whichever contrasts more with the colour (WCAG luminance)."""
    def channel(hex_pair: str) -> float:
        value = int(hex_pair, 16) / 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(colour[i:i + 2]) for i in (1, 3, 5))
    luminance = 0.2126 * red + 0.7152 * green + 0.0722 * blue
    return TEXT_COLOUR if (luminance + 0.05) / 0.05 >= 1.05 / (luminance + 0.05) \
        else "#ffffff"


def bar_chart(title: str, description: str, bars: Sequence[OptionCount], chart_id: str,
              threshold: int | None = None) -> Markup:
    """One bar per count, drawn on a 0–100% track of those who answered: one answer in
    four fills a quarter of it, so a bar's length never overstates a small count."""
    row = LABEL_HEIGHT + BAR_HEIGHT + GAP
    height = max(row * len(bars), row)
    track = TRACK_WIDTH
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="sb-chart" role="img" '
        f'viewBox="0 0 {WIDTH} {height}" width="100%" '
        f'aria-labelledby="{escape(chart_id)}-title {escape(chart_id)}-desc" '
        f'font-family="Arial, sans-serif" font-size="{FONT_SIZE}">',
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>',
        f'<desc id="{escape(chart_id)}-desc">{escape(_description(description, bars, threshold))}'
        f'</desc>',
    ]
    for index, bar in enumerate(bars):
        top = index * row
        length = track * bar_share(bar) / 100
        parts += [
            f'<text x="0" y="{top + LABEL_HEIGHT - 6}" fill="{TEXT_COLOUR}">'
            f'{escape(bar.label)}</text>',
            f'<rect x="0" y="{top + LABEL_HEIGHT}" width="{track}" height="{BAR_HEIGHT}" '
            f'fill="{TRACK_COLOUR}"/>',
            f'<rect x="0" y="{top + LABEL_HEIGHT}" width="{length:.1f}" '
            f'height="{BAR_HEIGHT}" fill="{BAR_COLOUR}"/>',
            f'<text x="{track + 10}" y="{top + LABEL_HEIGHT + BAR_HEIGHT - 6}" '
            f'fill="{TEXT_COLOUR}">{escape(figure(bar, threshold))}</text>',
        ]
    parts.append("</svg>")
    return Markup("".join(parts))


def bar_share(bar: OptionCount) -> float:
    """The percentage a bar is drawn to: of those who answered, or of all respondents
    where that is hidden; 0 for a hidden count (no bar)."""
    share = _share(bar) if bar.count is not None else None
    return min(max(share or 0.0, 0.0), 100.0)


def _share(bar: OptionCount) -> float | None:
    return bar.percent_of_answered if bar.percent_of_answered is not None \
        else bar.percent_of_all


def figure(bar: OptionCount, threshold: int | None) -> str:
    """"12 (40%)", or the words for a hidden count."""
    if bar.count is None:
        return shown(None, bar.hidden, threshold or 0)
    share = _share(bar)
    return f"{bar.count:,} ({format_percent(share)})" if share is not None else f"{bar.count:,}"


def _description(summary: str, bars: Sequence[OptionCount], threshold: int | None) -> str:
    listed = "; ".join(f"{b.label}: {figure(b, threshold)}" for b in bars)
    return f"{summary} {listed}." if listed else summary
