"""Split text into sentences and words without losing character offsets.

Findings must point at the text the author typed, so nothing here deletes or
inserts characters: markup, links and list markers are overwritten with spaces
in a "clean" copy of the same length, and every offset found in the clean copy
is valid in the original.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

APOSTROPHES = str.maketrans({"’": "'", "‘": "'"})


def word_set(words: str) -> frozenset[str]:
    """A set from a space-separated list: long word lists stay readable in the source."""
    return frozenset(words.split())


# Letters/digits joined by apostrophes, hyphens, ampersands (A&E) or a decimal
# point/comma between digits (3.5, 1,000) count as one word.
WORD_RE = re.compile(r"[^\W_]+(?:(?:['’\-&]|[.,](?=\d))[^\W_]+)*")

_TAG_RE = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*>")
_BLOCK_TAGS = word_set("p br li ul ol div h1 h2 h3 h4 h5 h6 tr td th table section blockquote")
_ENTITY_RE = re.compile(r"&(?:[a-zA-Z]+|#\d+|#x[0-9a-fA-F]+);")
_URL_RE = re.compile(r"\b(?:https?://|www\.)[^\s<>()]+|\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_LIST_MARKER_RE = re.compile(r"^[ \t]*(?:[-*+•]|\d{1,3}[.)]|[a-zA-Z][.)](?=\s))[ \t]+", re.M)
_HEADING_RE = re.compile(r"^[ \t]*(?:#{1,6}|>)[ \t]*", re.M)
_EMPHASIS_MARK_RE = re.compile(r"\*+|(?<![^\W_])_+|_+(?![^\W_])")

_SENTENCE_END_RE = re.compile(r"[.!?]+['\"’”)\]]*(?=\s|$)")
_ABBREVIATIONS = word_set(
    "mr mrs ms dr st no nos vs etc e.g i.e eg ie approx dept tel jan feb mar apr jun jul "
    "aug sep sept oct nov dec rd ave cllr prof"
)


@dataclass(frozen=True)
class Token:
    """A word with its place in the original text."""

    start: int
    end: int
    text: str

    @cached_property
    def lower(self) -> str:
        return self.text.translate(APOSTROPHES).lower()

    @cached_property
    def letters(self) -> str:
        return "".join(ch for ch in self.text if ch.isalpha())

    @cached_property
    def is_upper(self) -> bool:
        letters = self.letters
        return bool(letters) and letters.isupper()

    @cached_property
    def is_capitalised(self) -> bool:
        return self.text[:1].isupper() and not self.is_upper

    @cached_property
    def has_digit(self) -> bool:
        return any(ch.isdigit() for ch in self.text)


@dataclass(frozen=True)
class Sentence:
    """A run of words a reader takes in one go: ended by punctuation or a block break."""

    start: int
    end: int
    tokens: tuple[Token, ...]

    def __len__(self) -> int:
        return len(self.tokens)


@dataclass(frozen=True)
class Document:
    """The checked text, its masked copy and its sentences, shared by every rule."""

    text: str
    clean: str
    sentences: tuple[Sentence, ...]

    @cached_property
    def tokens(self) -> tuple[Token, ...]:
        return tuple(token for sentence in self.sentences for token in sentence.tokens)

    @cached_property
    def lower_clean(self) -> str:
        return self.clean.translate(APOSTROPHES).lower()

    @cached_property
    def word_text(self) -> str:
        """Lower-case words joined by single spaces, padded: for "is this phrase here?"."""
        return " " + " ".join(re.findall(r"[\w']+", self.lower_clean)) + " "


def _blank(chars: list[str], start: int, end: int) -> None:
    for i in range(start, end):
        if chars[i] != "\n":
            chars[i] = " "


def mask_markup(text: str) -> tuple[str, frozenset[int]]:
    """Hide markup so it is neither counted as words nor split sentences.

    Returns the masked text and the offsets where a block-level HTML tag forced
    a break (a paragraph or list item ends a sentence even without a full stop).
    """
    chars = list(text)
    breaks: set[int] = set()
    for match in _TAG_RE.finditer(text):
        _blank(chars, match.start(), match.end())
        if match.group(2).lower() in _BLOCK_TAGS:
            breaks.add(match.start())
    for pattern in (_ENTITY_RE, _URL_RE, _LIST_MARKER_RE, _HEADING_RE):
        for match in pattern.finditer("".join(chars)):
            _blank(chars, match.start(), match.end())
            if pattern is not _ENTITY_RE and pattern is not _URL_RE:
                breaks.add(match.start())  # a list item or heading starts a new sentence
    for match in _EMPHASIS_MARK_RE.finditer("".join(chars)):
        _blank(chars, match.start(), match.end())
    return "".join(chars), frozenset(breaks)


def _is_abbreviation(clean: str, dot: int) -> bool:
    """True when the full stop at ``dot`` ends a short form like "Dr." or "e.g."."""
    head = clean[max(0, dot - 20) : dot].rstrip()  # a short window keeps long texts fast
    word = re.search(r"[\w.]+$", head)
    if not word:
        return False
    before = word.group(0).lower().rstrip(".")
    if before in _ABBREVIATIONS:
        return True
    # A single capital letter is an initial ("J. Smith"), not a sentence.
    return len(before) == 1 and head[-1:].isupper()


def _sentence_breaks(clean: str, block_breaks: frozenset[int]) -> list[int]:
    """Offsets where one sentence ends and the next may begin."""
    breaks = set(block_breaks)
    for match in _SENTENCE_END_RE.finditer(clean):
        first = match.start()
        if (
            clean[first] == "."
            and match.group(0).rstrip("'\"’”)]") == "."
            and _is_abbreviation(clean, first)
        ):
            continue
        breaks.add(match.end())
    for match in re.finditer(r"\n", clean):
        if not _continues_line(clean, match.start()):
            breaks.add(match.start())
    breaks.add(len(clean))
    return sorted(breaks)


def _continues_line(clean: str, newline: int) -> bool:
    """A single line break inside a wrapped paragraph does not end the sentence.

    Treated as a wrap when the line before ends mid-phrase (a letter or comma)
    and the next line starts with a lower-case letter.
    """
    before = clean[:newline].rstrip(" \t")
    after = clean[newline + 1 :]
    if after.startswith("\n") or not before:
        return False
    stripped = after.lstrip(" \t")
    return bool(stripped[:1].islower() and (before[-1:].isalpha() or before.endswith(",")))


def tokenize(clean: str, start: int = 0, end: int | None = None) -> tuple[Token, ...]:
    """Words of ``clean[start:end]`` with offsets into the whole text."""
    stop = len(clean) if end is None else end
    return tuple(
        Token(m.start(), m.end(), m.group(0)) for m in WORD_RE.finditer(clean, start, stop)
    )


def split_sentences(clean: str, block_breaks: frozenset[int] = frozenset()) -> tuple[Sentence, ...]:
    """Cut masked text into sentences; pieces with no words (blank lines) are dropped."""
    sentences = []
    begin = 0
    for stop in _sentence_breaks(clean, block_breaks):
        tokens = tokenize(clean, begin, stop)
        if tokens:
            sentences.append(
                Sentence(tokens[0].start, _trim_end(clean, tokens[-1].end, stop), tokens)
            )
        begin = stop
    return tuple(sentences)


def _trim_end(clean: str, last_word_end: int, stop: int) -> int:
    """Include closing punctuation in the sentence span, but not trailing spaces."""
    tail = clean[last_word_end:stop]
    kept = len(tail.rstrip())
    return last_word_end + kept


def parse(text: str) -> Document:
    """Prepare ``text`` once so that every rule sees the same sentences and words."""
    clean, block_breaks = mask_markup(text)
    return Document(text=text, clean=clean, sentences=split_sentences(clean, block_breaks))
