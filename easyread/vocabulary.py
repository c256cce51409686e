"""Decide whether a word is common enough for easy read.

The plain vocabulary is every English word whose Zipf frequency in
``wordfreq`` is at least a threshold (4.0 by default: about 7,000 words, seen
at least ten times per million words). Zipf is log10 of uses per billion
words, so 6 is "the"-like, 3 is rare. A word also counts as plain when a simple
base form of it does (``buys`` -> ``buy``), when its American spelling does
(wordfreq's counts lean American: ``neighbourhood`` scores lower than
``neighborhood``), or when it is on the shipped list of everyday public-service
words (``words/plain_words.yaml``).
"""

from __future__ import annotations

from functools import cache

from . import data

DEFAULT_MIN_ZIPF = 4.0
_LANGUAGE = "en"


@cache
def _frequencies() -> dict[str, float]:
    from wordfreq import get_frequency_dict

    return get_frequency_dict(_LANGUAGE)


@cache
def plain_vocabulary(min_zipf: float = DEFAULT_MIN_ZIPF) -> frozenset[str]:
    """All words at or above ``min_zipf``; built once per threshold."""
    cut = 10 ** (min_zipf - 9)
    return frozenset(word for word, freq in _frequencies().items() if freq >= cut)


def zipf(word: str) -> float:
    """Zipf frequency of a single lower-case word (0 when wordfreq has never seen it)."""
    from math import log10

    freq = _frequencies().get(word.lower(), 0.0)
    return round(log10(freq) + 9, 2) if freq > 0 else 0.0


def base_forms(word: str) -> tuple[str, ...]:
    """Guesses at the dictionary form of ``word``; wrong guesses are harmless lookups."""
    forms = [word]
    if word.endswith(("'s", "s'")):
        forms.append(word[:-2] if word.endswith("'s") else word[:-1])
    if word.endswith("ies") and len(word) > 4:
        forms.append(word[:-3] + "y")
    if word.endswith("es") and len(word) > 4:
        forms.append(word[:-2])
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        forms.append(word[:-1])
    for suffix in ("ed", "ing", "er", "est", "ly"):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            stem = word[: -len(suffix)]
            forms.extend((stem, stem + "e"))
            if len(stem) > 2 and stem[-1] == stem[-2]:
                forms.append(stem[:-1])
            if stem.endswith("i"):
                forms.append(stem[:-1] + "y")
    return tuple(dict.fromkeys(forms))


def spelling_variants(word: str) -> tuple[str, ...]:
    """American spellings of British words, so both count the same."""
    variants = []
    pairs = (
        ("our", "or"),
        ("isation", "ization"),
        ("ise", "ize"),
        ("ising", "izing"),
        ("ised", "ized"),
        ("yse", "yze"),
        ("tre", "ter"),
        ("ogue", "og"),
        ("lled", "led"),
        ("lling", "ling"),
        ("ence", "ense"),
        ("ae", "e"),
    )
    for british, american in pairs:
        if british in word:
            variants.append(word.replace(british, american))
    return tuple(variants)


class Vocabulary:
    """A plain-word test with its own threshold and extra allowed words."""

    def __init__(
        self, min_zipf: float = DEFAULT_MIN_ZIPF, extra_words: frozenset[str] = frozenset()
    ) -> None:
        self.min_zipf = min_zipf
        self._words = plain_vocabulary(min_zipf)
        self._extra = data.plain_words() | {w.lower() for w in extra_words}

    def is_plain(self, word: str) -> bool:
        """True when the word, or each part of a hyphenated word, is plain."""
        word = word.lower().replace("’", "'")
        if word in self._extra or word in self._words:
            return True
        parts = [p for p in word.split("-") if p]
        if len(parts) > 1:
            return all(self._is_plain_part(part) for part in parts)
        return self._is_plain_part(word)

    def _is_plain_part(self, word: str) -> bool:
        for form in base_forms(word):
            for candidate in (form, *spelling_variants(form)):
                if candidate in self._words or candidate in self._extra:
                    return True
        return False
