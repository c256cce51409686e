"""Read numbers written in words, so the checker can suggest the digits."""

from __future__ import annotations

_UNIT_WORDS = """
    zero one two three four five six seven eight nine ten eleven twelve thirteen
    fourteen fifteen sixteen seventeen eighteen nineteen
"""
_UNITS = {word: value for value, word in enumerate(_UNIT_WORDS.split())}
_TEN_WORDS = "twenty thirty forty fifty sixty seventy eighty ninety"
_TENS = {word: 10 * (i + 2) for i, word in enumerate(_TEN_WORDS.split())}
_SCALES = {"thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
_HUNDRED = "hundred"
_DOZEN = "dozen"

NUMBER_WORDS = frozenset(_UNITS) | frozenset(_TENS) | frozenset(_SCALES) | {_HUNDRED, _DOZEN}


def is_number_word(word: str) -> bool:
    """True for "seven", "twenty-five" or "hundred"; false for "hundreds" or "first"."""
    parts = word.lower().split("-")
    return all(part in NUMBER_WORDS for part in parts)


def words_to_number(words: list[str]) -> int:
    """Value of a run of number words: ["two", "hundred", "and", "fifty"] -> 250.

    A leading scale counts as one of it ("hundred" -> 100), matching "a hundred".
    """
    total = 0
    current = 0
    for word in (part for w in words for part in w.lower().split("-")):
        if word == "and":
            continue
        if word in _UNITS:
            current += _UNITS[word]
        elif word in _TENS:
            current += _TENS[word]
        elif word == _HUNDRED:
            current = max(current, 1) * 100
        elif word == _DOZEN:
            current = max(current, 1) * 12
        elif word in _SCALES:
            total += max(current, 1) * _SCALES[word]
            current = 0
        else:
            raise ValueError(f"not a number word: {word!r}")
    return total + current


def format_number(value: int) -> str:
    """Digits with thousands commas, as GOV.UK writes them ("1,500")."""
    return f"{value:,}"
