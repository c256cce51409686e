"""What hard words mean, in easy read: the dictionary in ``words/definitions.yaml``.

The checker says a word is hard; a reader still meets it when it must stay (a
medical condition, an identity, a place). Easy-read guidance says to explain such
a word, so every definition here is itself easy read, written by Surveybuilder
contributors in their own words and checked by a test over the whole file.

A word is found the way the checker matches words: case does not matter, spaces
and hyphens stand in for each other ("co-production" = "coproduction"), and a
plural or verb form finds its base form ("interpreters" -> "interpreter").
`explain` adds the other places a meaning can come from, best first.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from . import data
from .data import DataFileError, normalise_term
from .vocabulary import base_forms, spelling_variants

DEFINITIONS_FILE = "words/definitions.yaml"
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")


@dataclass(frozen=True)
class Definition:
    """A word and what it means: `meaning` follows "“word” means …" and may add
    short sentences of its own; `source` says where the meaning came from."""

    word: str
    meaning: str
    source: str
    forms: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, str]:
        return {"word": self.word, "meaning": self.meaning, "source": self.source}


def keys(word: str) -> tuple[str, ...]:
    """Every key a word may be filed under: itself, its base forms and their
    British/American spellings, normalised as jargon terms are."""
    lowered = word.strip().lower().replace("’", "'")
    found = [lowered]
    for form in base_forms(lowered):
        found.extend((form, *spelling_variants(form)))
    return tuple(dict.fromkeys(normalise_term(f) for f in found if f))


def is_circular(word: str, meaning: str) -> bool:
    """Whether a meaning uses the word it explains (or a form of it), which explains
    nothing. A phrase is circular when the whole phrase appears in the meaning."""
    wanted = set(keys(word))
    if " " in word.strip():
        text = normalise_term(meaning)
        return any(key in text for key in wanted)
    return any(set(keys(token)) & wanted for token in _WORD.findall(meaning))


class Dictionary:
    """Definitions indexed by every spelling and listed form of their words."""

    def __init__(self, definitions: Iterable[Definition]) -> None:
        self.definitions = tuple(definitions)
        self._by_key: dict[str, Definition] = {}
        for definition in self.definitions:
            for form in (definition.word, *definition.forms):
                self._by_key.setdefault(normalise_term(form), definition)

    def __len__(self) -> int:
        return len(self.definitions)

    def define(self, word: str) -> Definition | None:
        return next((self._by_key[key] for key in keys(word) if key in self._by_key), None)


def parse_definitions(raw: Any, file: str) -> tuple[Definition, ...]:
    """Read the grouped definitions file: each group names its source (a key of
    ``meta.sources``); an entry may name its own."""
    groups = data._entries(raw, file, "groups")
    sources = raw["meta"].get("sources")
    if not isinstance(sources, Mapping) or not sources:
        raise DataFileError(file, "'meta' needs 'sources': a short name for each source")
    found: list[Definition] = []
    for index, group in enumerate(groups):
        group = data._mapping(group, file, f"group {index + 1}")
        title = data._text(group, "title", file, f"group {index + 1}")
        entries = group.get("entries")
        if not isinstance(entries, list) or not entries:
            raise DataFileError(file, "needs a non-empty list called 'entries'", title)
        for position, item in enumerate(entries):
            found.append(_definition(item, file, title, position, group, sources))
    _check_unique(found, file)
    return tuple(found)


def _definition(raw: Any, file: str, group: str, position: int,
                group_data: Mapping[str, Any], sources: Mapping[str, Any]) -> Definition:
    label = f"{group} {data._entry_label(position, raw, 'word')}"
    item = data._mapping(raw, file, label)
    source_key = data._text(item, "source", file, label, required=False) or data._text(
        group_data, "source", file, group)
    if source_key not in sources:
        raise DataFileError(file, f"the source {source_key!r} is not in 'meta.sources'", label)
    return Definition(word=data._text(item, "word", file, label),
                      meaning=data._text(item, "meaning", file, label),
                      source=str(sources[source_key]),
                      forms=data._text_list(item, "forms", file, label))


def _check_unique(definitions: Iterable[Definition], file: str) -> None:
    """A word or listed form is defined once, so it has one meaning."""
    owner: dict[str, Definition] = {}
    for definition in definitions:
        for form in (definition.word, *definition.forms):
            key = normalise_term(form)
            if owner.get(key, definition) is not definition:
                raise DataFileError(file, f"{form!r} is already defined (under "
                                          f"{owner[key].word!r})", repr(definition.word))
            owner[key] = definition


@cache
def shipped() -> Dictionary:
    """The dictionary shipped in ``easyread/words``, read once per process."""
    label = f"{data.PACKAGE}/{DEFINITIONS_FILE}"
    return Dictionary(parse_definitions(data.read_yaml(data._resource(DEFINITIONS_FILE), label),
                                        label))


def define(word: str) -> Definition | None:
    """The shipped easy-read definition of `word`, or None."""
    return shipped().define(word)


def definition_entries() -> tuple[Definition, ...]:
    """Every shipped definition, in file order."""
    return shipped().definitions


OWN_SOURCE = "Written for this consultation"


def explain(word: str, own: Mapping[str, str] | None = None) -> Definition | None:
    """The best meaning of `word` that anybody wrote down, or None.

    Best first: `own` (meanings staff wrote for this consultation, which know its
    context), then this dictionary (whole easy-read explanations, each checked by a
    test), then the jargon lists' easy alternative (a plain phrase, written to be said
    instead, so it reads well after "means"), then an acronym's easy wording or full
    words (full words are often hard themselves, so they come last)."""
    for key, meaning in (own or {}).items():
        if set(keys(key)) & set(keys(word)) and meaning.strip():
            return Definition(word, meaning.strip(), OWN_SOURCE)
    found = define(word)
    if found is not None:
        return found
    jargon = _jargon_entry(word)
    if jargon is not None:
        return Definition(word, jargon.easy, jargon.source)
    acronym = data.acronyms().get(word.strip().upper()) or data.acronyms().get(word.strip())
    if acronym is not None:
        return Definition(word, acronym.easy or acronym.full, acronym.source)
    return None


def _jargon_entry(word: str) -> data.JargonEntry | None:
    from .dictionary import shipped_jargon

    return shipped_jargon().lookup(word)
