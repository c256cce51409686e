"""Find jargon terms in text, including their plurals and verb forms.

One regular expression holds every term and form, longest first, so
"social care assessment" wins over "assessment" and each place in the text is
reported once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from . import data
from .data import JargonEntry, normalise_term

_VOWELS = set("aeiou")


def inflections(term: str) -> tuple[str, ...]:
    """Regular plural and verb forms of a one-word term.

    Multi-word terms list their own forms in the data, because the word that
    changes differs ("drive out" -> "driving out", "care plan" -> "care plans").
    """
    if " " in term or not term.isalpha():
        return (term,)
    forms = {term, term + "s"}
    if term.endswith(("s", "x", "z", "ch", "sh")):
        forms.add(term + "es")
    if term.endswith("y") and len(term) > 2 and term[-2] not in _VOWELS:
        forms.update({term[:-1] + "ies", term[:-1] + "ied"})
    if term.endswith("e"):
        forms.update({term + "d", term[:-1] + "ing"})
    else:
        forms.update({term + "ed", term + "ing"})
    return tuple(sorted(forms))


@dataclass(frozen=True)
class JargonMatch:
    start: int
    end: int
    entry: JargonEntry


class JargonIndex:
    """All entries of a jargon list, compiled for fast search."""

    def __init__(self, entries: tuple[JargonEntry, ...]):
        self._by_key: dict[str, JargonEntry] = {}
        for entry in entries:  # the listed spelling always beats a generated form
            self._by_key.setdefault(normalise_term(entry.term), entry)
        for entry in entries:
            for form in (*entry.forms, *inflections(entry.term.lower())):
                self._by_key.setdefault(normalise_term(form), entry)
        surface = {form.lower() for e in entries for form in (e.term, *e.forms)}
        surface |= {form for e in entries for form in inflections(e.term.lower())}
        self._pattern = _compile(surface)

    def __len__(self) -> int:
        return len({normalise_term(e.term) for e in self._by_key.values()})

    def lookup(self, word: str) -> JargonEntry | None:
        return self._by_key.get(normalise_term(word))

    def find(self, clean_text: str) -> list[JargonMatch]:
        matches = []
        for match in self._pattern.finditer(clean_text):
            entry = self.lookup(match.group(0))
            if entry is not None:
                matches.append(JargonMatch(match.start(), match.end(), entry))
        return matches


def _compile(forms: set[str]) -> re.Pattern[str]:
    pieces = sorted(forms, key=lambda f: (-len(f), f))
    alternatives = "|".join(_form_regex(form) for form in pieces)
    return re.compile(rf"(?<![\w'’-])(?:{alternatives})(?![\w-]|['’]\w)", re.IGNORECASE)


def _form_regex(form: str) -> str:
    """Let spaces and hyphens stand in for each other ("co-production", "co production")."""
    words = re.split(r"[\s\-]+", form.strip())
    separators = re.findall(r"[\s\-]+", form.strip())
    regex = _word_regex(words[0])
    for sep, word in zip(separators, words[1:], strict=True):
        regex += r"[\s\-]?" if "-" in sep else r"[\s\-]+"
        regex += _word_regex(word)
    return regex


def _word_regex(word: str) -> str:
    return re.escape(word).replace("'", "['’]")


@cache
def shipped_jargon() -> JargonIndex:
    """The index over the dictionaries in ``easyread/words``, built once."""
    return JargonIndex(data.jargon())
