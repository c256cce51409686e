"""Rules about emphasis: easy read uses bold only, never italics or underlining.

Works on the original text, because the markup is exactly what is wrong:
``*word*``, ``_word_`` or ``***word***`` in Markdown, ``<i>``, ``<em>``, ``<u>`` in HTML, and
inline styles that make text italic or underlined. ``**bold**`` and
``__bold__`` are fine and left alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ._context import Context
from .findings import Finding, Rule

_HTML_ITALIC = re.compile(r"<(i|em|cite|var|dfn)\b[^>]*>.*?</\1\s*>", re.I | re.S)
_HTML_UNDERLINE = re.compile(r"<(u|ins)\b[^>]*>.*?</\1\s*>", re.I | re.S)
_STYLE_ITALIC = re.compile(
    r"<(\w+)\b[^>]*style\s*=\s*[\"'][^\"']*font-style\s*:\s*(?:italic|oblique)[^>]*>.*?</\1\s*>",
    re.I | re.S,
)
_STYLE_UNDERLINE = re.compile(
    r"<(\w+)\b[^>]*style\s*=\s*[\"'][^\"']*text-decoration[\w-]*\s*:[^\"';]*underline[^>]*>"
    r".*?</\1\s*>",
    re.I | re.S,
)
# One star or underscore on each side, hugging the words, not doubled (bold)
# and not inside a word (snake_case, 2*3*4).
_MD_STAR = re.compile(r"(?<![*\w])\*(?![\s*])[^*\n]+?(?<![\s*])\*(?![*\w])")
_MD_UNDERSCORE = re.compile(r"(?<![_\w])_(?![\s_])[^_\n]+?(?<![\s_])_(?![_\w])")
# Three stars or underscores are bold and italic at once.
_MD_BOLD_ITALIC = re.compile(r"(?<![*_\w])(\*\*\*|___)(?!\s)[^*_\n]+?(?<!\s)\1(?![*_\w])")

_ITALIC_MESSAGE = "Italics are hard to read. Easy read uses bold to make words stand out."
_UNDERLINE_MESSAGE = "Underlined words are hard to read and look like links."
_SUGGESTION = "Take the emphasis away. If the words are important, make them bold."


def find_italics(ctx: Context) -> Iterator[Finding]:
    patterns = (_HTML_ITALIC, _STYLE_ITALIC, _MD_STAR, _MD_UNDERSCORE, _MD_BOLD_ITALIC)
    yield from _findings(ctx, Rule.ITALICS, patterns, _ITALIC_MESSAGE)


def find_underline(ctx: Context) -> Iterator[Finding]:
    patterns = (_HTML_UNDERLINE, _STYLE_UNDERLINE)
    yield from _findings(ctx, Rule.UNDERLINE, patterns, _UNDERLINE_MESSAGE)


def _findings(
    ctx: Context, rule: Rule, patterns: tuple[re.Pattern[str], ...], message: str
) -> Iterator[Finding]:
    seen: set[tuple[int, int]] = set()
    for pattern in patterns:
        for match in pattern.finditer(ctx.doc.text):
            span = match.span()
            if span not in seen and not _inside_code_or_link(ctx.doc.text, span[0]):
                seen.add(span)
                yield ctx.finding(rule, span[0], span[1], message, _SUGGESTION)


def _inside_code_or_link(text: str, offset: int) -> bool:
    """Underscores in a web address are not italics."""
    line_start = text.rfind("\n", 0, offset) + 1
    before = text[line_start:offset]
    last_space = max(before.rfind(" "), before.rfind("\t"))
    word_start = before[last_space + 1 :]
    return "://" in word_start or word_start.startswith("www.") or "@" in word_start
