"""Rules about capital letters: acronyms without their full words, and ALL CAPS.

Both start from words written in capitals, so one pass sorts each such word:
a known acronym (listed in ``words/acronyms.yaml``) is an acronym; a common
English word in capitals ("PLEASE", "NOT") is shouting; anything else
("CQC", "UNESCO") is treated as an unknown acronym unless it stands next to
shouting.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ._context import Context
from ._text import Sentence, Token
from .data import Acronym
from .findings import Finding, Rule
from .vocabulary import zipf

# When is a word in capitals shouting rather than an acronym? Long words (7+
# letters) almost always are; 4-6 letters when the word is common English
# (zipf >= 4: "PLEASE", "FREE"); 2-3 letters only when very common ("NO",
# "NOT", "YOU"), or "GP" would count.
_ALWAYS_WORD_LENGTH = 7
_LONG_WORD_MIN_ZIPF = 4.0
_SHORT_WORD_MIN_ZIPF = 5.0
# Capitals that are how the word is normally written.
_NORMAL_CAPS = frozenset({"I", "A", "OK"})
_PLURAL_RE = re.compile(r"^(?P<base>.*[A-Z0-9])(?:s|'s|’s)$")
_SMALL_WORDS = frozenset({"of", "and", "the", "for", "in", "to", "on", "with", "&", "at", "a"})


def find_caps(ctx: Context) -> Iterator[Finding]:
    """Both capital-letter rules; the caller filters by rule id."""
    expanded: dict[str, bool] = {}  # per acronym: are its full words in the text?
    for sentence in ctx.doc.sentences:
        kinds = _sentence_kinds(ctx, sentence)
        shouting: list[Token] = []
        for token, kind in zip(sentence.tokens, kinds, strict=True):
            if kind == "caps":
                shouting.append(token)
                continue
            yield from _shouting_finding(ctx, shouting)
            shouting = []
            if kind == "acronym":
                yield from _acronym_finding(ctx, token, expanded)
        yield from _shouting_finding(ctx, shouting)


def _sentence_kinds(ctx: Context, sentence: Sentence) -> list[str]:
    """Classify each word, then let shouting spread to capital words beside it.

    In "I AM HAPPY" the "I" belongs to the shouting, and in "PLEASE CALL XYZ
    NOW" an unknown "XYZ" is more likely shouting than an acronym.
    """
    kinds = [_classify(ctx, token) for token in sentence.tokens]
    tokens = sentence.tokens
    for index, token in enumerate(tokens):
        spreadable = kinds[index] == "unknown" or (token.text in _NORMAL_CAPS and token.is_upper)
        if spreadable and _next_to_caps(kinds, index):
            kinds[index] = "caps"
    return ["acronym" if kind == "unknown" else kind for kind in kinds]


def _next_to_caps(kinds: list[str], index: int) -> bool:
    before = kinds[index - 1] if index > 0 else ""
    after = kinds[index + 1] if index + 1 < len(kinds) else ""
    return "caps" in (before, after)


def _classify(ctx: Context, token: Token) -> str:
    """One of "acronym" (listed), "caps", "unknown" (unlisted acronym?) or "other"."""
    if _known_acronym(ctx, token.text) is not None:
        return "acronym"
    if not token.is_upper or token.text in _NORMAL_CAPS or len(token.letters) < 2:
        return "other"
    letters = token.letters.lower()
    if len(letters) >= _ALWAYS_WORD_LENGTH:
        return "caps"
    if len(letters) >= 4 and zipf(letters) >= _LONG_WORD_MIN_ZIPF:
        return "caps"
    if len(letters) < 4 and zipf(letters) >= _SHORT_WORD_MIN_ZIPF:
        return "caps"
    if token.has_digit and not token.text[:1].isalpha():
        return "other"  # "20MB", "3D"
    return "unknown"


def _known_acronym(ctx: Context, word: str) -> Acronym | None:
    word = word.replace("’", "'")
    if word in ctx.acronyms:
        return ctx.acronyms[word]
    plural = _PLURAL_RE.match(word)
    if plural and plural.group("base") in ctx.acronyms:
        return ctx.acronyms[plural.group("base")]
    return None


def _shouting_finding(ctx: Context, run: list[Token]) -> Iterator[Finding]:
    if not run:
        return
    yield ctx.finding(
        Rule.ALL_CAPS,
        run[0].start,
        run[-1].end,
        "Words in capital letters are hard to read and can feel like shouting.",
        "Use normal letters. Use bold to make words stand out.",
    )


def _acronym_finding(ctx: Context, token: Token, expanded: dict[str, bool]) -> Iterator[Finding]:
    known = _known_acronym(ctx, token.text)
    letters = _acronym_letters(known.acronym if known else token.text)
    key = known.acronym if known else letters
    if key not in expanded:
        expanded[key] = _has_full_words(ctx, letters, known)
    if expanded[key]:
        return
    if known:
        suggestion = f"Write the full words: “{known.full}”."
        if known.easy:
            suggestion += f" Or say “{known.easy}”."
    else:
        suggestion = "Write the words it stands for. Most readers will not know it."
    yield ctx.finding(
        Rule.ACRONYM,
        token.start,
        token.end,
        f"“{token.text}” is a short form. Easy read needs the full words.",
        suggestion,
    )


def _has_full_words(ctx: Context, letters: str, known: Acronym | None) -> bool:
    if known and _contains_phrase(ctx, known.full):
        return True
    return _initials_spelled_out(ctx.doc.sentences, letters)


def _acronym_letters(acronym: str) -> str:
    base = _PLURAL_RE.match(acronym)
    word = base.group("base") if base and base.group("base").isupper() else acronym
    return "".join(ch for ch in word if ch.isalpha()).lower()


def _contains_phrase(ctx: Context, phrase: str) -> bool:
    wanted = " ".join(re.findall(r"[\w']+", phrase.lower()))
    return f" {wanted} " in ctx.doc.word_text


def _initials_spelled_out(sentences: tuple[Sentence, ...], letters: str) -> bool:
    """True when some run of words has these initials, like "National Health Service".

    Small words ("of", "and") may be skipped or counted, as people write both.
    Chance matches are common for short acronyms ("get paid" for GP), so the
    words must either start with capitals or stand right next to the acronym,
    as in "special educational needs (SEND)".
    """
    if len(letters) < 2:
        return False
    for sentence in sentences:
        tokens = sentence.tokens
        for start, token in enumerate(tokens):
            if token.lower[:1] != letters[0]:
                continue
            used = _initials_match(tokens, start, letters)
            if used and _plausible_expansion(tokens, start, used, letters):
                return True
    return False


def _initials_match(tokens: tuple[Token, ...], start: int, letters: str) -> int:
    """How many words from ``start`` spell ``letters`` by their initials (0 if none)."""
    if not letters:
        return 0
    if start >= len(tokens) or tokens[start].is_upper:
        return 0
    word = tokens[start].lower
    if word[:1] == letters[0]:
        if len(letters) == 1:
            return 1
        rest = _initials_match(tokens, start + 1, letters[1:])
        if rest:
            return rest + 1
    if word in _SMALL_WORDS and start > 0:
        rest = _initials_match(tokens, start + 1, letters)
        if rest:
            return rest + 1
    return 0


def _plausible_expansion(tokens: tuple[Token, ...], start: int, used: int, letters: str) -> bool:
    run = tokens[start : start + used]
    if all(t.text[:1].isupper() for t in run if t.lower not in _SMALL_WORDS):
        return True
    before = tokens[start - 1] if start > 0 else None
    after = tokens[start + used] if start + used < len(tokens) else None
    return any(
        t is not None and t.is_upper and _acronym_letters(t.text) == letters
        for t in (before, after)
    )
