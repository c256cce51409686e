"""Accessible charts as inline SVG strings, for staff pages, public pages and PDFs.

Offers `question_chart(question, chart_id, threshold=None)` for a `QuestionSummary`
and `bar_chart(title, description, bars, chart_id, threshold=None)` for any list of
`OptionCount` (channels, formats, themes). Each is a horizontal bar chart with
role="img", a <title> and a <desc> joined by aria-labelledby, the label above each bar
and the figure after it in words, so nothing is said by colour or length alone. A
chart is never the only place a number appears: pages print the same figures in a
table next to it. Hidden (suppressed) counts draw no bar and say "fewer than 5" or
"hidden". Colours are presentation attributes, so a strict Content Security Policy
(no inline styles) allows them, and the viewBox lets the chart shrink to a phone.
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

from surveybuilder.results.counting import OptionCount, QuestionSummary, format_percent
from surveybuilder.results.suppression import shown

WIDTH = 640
LABEL_HEIGHT = 26
BAR_HEIGHT = 26
GAP = 14
FONT_SIZE = 18
BAR_COLOUR = "#1d70b8"
TEXT_COLOUR = "#0b0c0c"
TRACK_COLOUR = "#f3f2f1"
FIGURE_SPACE = 170


def question_chart(question: QuestionSummary, chart_id: str,
                   threshold: int | None = None) -> Markup:
    """The question's options (or months) as bars; percentages are of those who answered,
    or of all respondents where that is hidden."""
    return bar_chart(f"Question {question.number}: {question.text}", question.summary_line,
                     question.options, chart_id, threshold)


def bar_chart(title: str, description: str, bars: Sequence[OptionCount], chart_id: str,
              threshold: int | None = None) -> Markup:
    """One bar per count, longest = the largest count shown."""
    largest = max((b.count or 0 for b in bars), default=0)
    row = LABEL_HEIGHT + BAR_HEIGHT + GAP
    height = max(row * len(bars), row)
    track = WIDTH - FIGURE_SPACE
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
        length = track * (bar.count or 0) / largest if largest else 0
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


def figure(bar: OptionCount, threshold: int | None) -> str:
    """"12 (40%)", or the words for a hidden count."""
    if bar.count is None:
        return shown(None, bar.hidden, threshold or 0)
    share = bar.percent_of_answered if bar.percent_of_answered is not None \
        else bar.percent_of_all
    return f"{bar.count:,} ({format_percent(share)})" if share is not None else f"{bar.count:,}"


def _description(summary: str, bars: Sequence[OptionCount], threshold: int | None) -> str:
    listed = "; ".join(f"{b.label}: {figure(b, threshold)}" for b in bars)
    return f"{summary} {listed}." if listed else summary
