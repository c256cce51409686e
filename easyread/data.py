"""Load the word lists and the picture dictionary shipped as YAML.

The data is edited by hand, often by people who are not programmers, so every
problem is reported with the file and the entry at fault rather than as a bare
KeyError deep inside a checker. Each file is read once per process.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

PACKAGE = "easyread"
JARGON_FILES = (
    "words/govuk_words_to_avoid.yaml",
    "words/plain_swaps.yaml",
    "words/council.yaml",
    "words/consultation.yaml",
    "words/health.yaml",
    "words/social_care.yaml",
    "words/housing.yaml",
    "words/planning.yaml",
)
ACRONYM_FILE = "words/acronyms.yaml"
PLAIN_WORDS_FILE = "words/plain_words.yaml"
PICTURES_FILE = "pictures.yaml"

_CODE_RE = re.compile(r"^[0-9A-F]{4,6}(?:-[0-9A-F]{4,6})*$")


class DataFileError(ValueError):
    """A shipped or supplied data file is malformed; the message names file and entry."""

    def __init__(self, file: str, problem: str, entry: str | None = None) -> None:
        self.file = file
        self.entry = entry
        where = f"{file}, entry {entry}" if entry else file
        super().__init__(f"{where}: {problem}")


@dataclass(frozen=True)
class JargonEntry:
    """A term to avoid and what to say instead."""

    term: str
    easy: str
    forms: tuple[str, ...] = ()
    note: str = ""
    source: str = ""


@dataclass(frozen=True)
class Acronym:
    """A short form, its full words and, where it helps, an easier way to say it."""

    acronym: str
    full: str
    easy: str = ""
    source: str = ""


@dataclass(frozen=True)
class Concept:
    """A picture idea: a name, other words for it and an OpenMoji code point sequence."""

    name: str
    code: str
    synonyms: tuple[str, ...] = field(default=())

    @property
    def terms(self) -> tuple[str, ...]:
        return (self.name, *self.synonyms)


def _resource(relpath: str) -> Any:
    return resources.files(PACKAGE).joinpath(relpath)


def read_yaml(path: Path | Any, label: str | None = None) -> Any:
    """Parse one YAML file, turning read and syntax errors into DataFileError."""
    name = label or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataFileError(name, f"cannot be read ({exc})") from exc
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise DataFileError(name, f"is not valid YAML ({exc})") from exc


def _entries(data: Any, file: str, key: str) -> list[Any]:
    if not isinstance(data, Mapping) or not isinstance(data.get("meta"), Mapping):
        raise DataFileError(file, "must be a mapping with a 'meta' section (source and licence)")
    meta = data["meta"]
    for needed in ("source", "licence"):
        if not isinstance(meta.get(needed), str) or not meta[needed].strip():
            raise DataFileError(file, f"'meta' needs a non-empty '{needed}'")
    entries = data.get(key)
    if not isinstance(entries, list) or not entries:
        raise DataFileError(file, f"needs a non-empty list called '{key}'")
    return entries


def _text(item: Mapping[str, Any], key: str, file: str, entry: str, required: bool = True) -> str:
    value = item.get(key, "")
    if value is None:
        value = ""
    if isinstance(value, bool):
        raise DataFileError(
            file, f"'{key}' must be text; put quotes around yes, no, on and off", entry
        )
    if not isinstance(value, str | int):
        raise DataFileError(file, f"'{key}' must be text", entry)
    value = str(value).strip()
    if required and not value:
        raise DataFileError(file, f"'{key}' must be a non-empty string", entry)
    return value


def _text_list(item: Mapping[str, Any], key: str, file: str, entry: str) -> tuple[str, ...]:
    value = item.get(key) or []
    if isinstance(value, str) or not isinstance(value, list):
        raise DataFileError(file, f"'{key}' must be a list of words", entry)
    words = []
    for word in value:
        if isinstance(word, int) and not isinstance(word, bool):
            word = str(word)
        if not isinstance(word, str) or not word.strip():
            raise DataFileError(file, f"'{key}' has an empty or non-text item {word!r}", entry)
        words.append(word.strip())
    return tuple(words)


def _entry_label(index: int, item: Any, key: str) -> str:
    if isinstance(item, Mapping) and isinstance(item.get(key), str):
        return f"{index + 1} ({item[key]!r})"
    return str(index + 1)


def _mapping(item: Any, file: str, entry: str) -> Mapping[str, Any]:
    if not isinstance(item, Mapping):
        raise DataFileError(file, "must be a mapping", entry)
    return item


def normalise_term(term: str) -> str:
    """Key under which spelling variants of a term meet ("co-production" = "coproduction")."""
    return re.sub(r"[\s\-‐–]+", "", term.translate({0x2019: "'"}).lower())


def parse_jargon(data: Any, file: str) -> tuple[JargonEntry, ...]:
    entries = []
    for index, raw in enumerate(_entries(data, file, "entries")):
        label = _entry_label(index, raw, "term")
        item = _mapping(raw, file, label)
        entries.append(
            JargonEntry(
                term=_text(item, "term", file, label),
                easy=_text(item, "easy", file, label),
                forms=_text_list(item, "forms", file, label),
                note=_text(item, "note", file, label, required=False),
                source=file,
            )
        )
    return tuple(entries)


def parse_acronyms(data: Any, file: str) -> tuple[Acronym, ...]:
    acronyms = []
    for index, raw in enumerate(_entries(data, file, "entries")):
        label = _entry_label(index, raw, "acronym")
        item = _mapping(raw, file, label)
        acronym = _text(item, "acronym", file, label)
        if not re.fullmatch(r"[A-Za-z0-9&\-]{2,12}", acronym):
            raise DataFileError(file, "'acronym' must be letters, digits, '&' or '-'", label)
        acronyms.append(
            Acronym(
                acronym=acronym,
                full=_text(item, "full", file, label),
                easy=_text(item, "easy", file, label, required=False),
                source=file,
            )
        )
    return tuple(acronyms)


def parse_plain_words(data: Any, file: str) -> frozenset[str]:
    words = set()
    for index, raw in enumerate(_entries(data, file, "words")):
        if not isinstance(raw, str) or not raw.strip():
            raise DataFileError(file, "must be a non-empty word", str(index + 1))
        words.add(raw.strip().lower())
    return frozenset(words)


def parse_concepts(data: Any, file: str) -> tuple[Concept, ...]:
    concepts = []
    for index, raw in enumerate(_entries(data, file, "concepts")):
        label = _entry_label(index, raw, "name")
        item = _mapping(raw, file, label)
        code = _text(item, "openmoji", file, label).upper()
        if not _CODE_RE.fullmatch(code):
            raise DataFileError(
                file, f"'openmoji' {code!r} must be hex code points joined by '-'", label
            )
        concepts.append(
            Concept(
                name=_text(item, "name", file, label).lower(),
                code=code,
                synonyms=tuple(s.lower() for s in _text_list(item, "synonyms", file, label)),
            )
        )
    _check_unique_terms(concepts, file)
    return tuple(concepts)


def _check_unique_terms(concepts: Iterable[Concept], file: str) -> None:
    """Each word must point at one picture, or ranking would be a coin toss."""
    owner: dict[str, str] = {}
    for concept in concepts:
        for term in concept.terms:
            key = normalise_term(term)
            if key in owner and owner[key] != concept.name:
                raise DataFileError(
                    file, f"the word {term!r} is also used by {owner[key]!r}", repr(concept.name)
                )
            if key in owner and term == concept.name:
                raise DataFileError(file, "the concept name is used twice", repr(concept.name))
            owner[key] = concept.name


def _check_unique_jargon(entries: Iterable[JargonEntry]) -> None:
    """A term, or a listed form of it, may appear once, so each has one easy alternative."""
    entries = list(entries)
    seen: dict[str, JargonEntry] = {}
    for entry in entries:
        key = normalise_term(entry.term)
        if key in seen:
            raise DataFileError(
                entry.source, f"the term is already in {seen[key].source}", repr(entry.term)
            )
        seen[key] = entry
    for entry in entries:
        for form in entry.forms:
            other = seen.get(normalise_term(form))
            if other is not None and other is not entry:
                raise DataFileError(
                    entry.source,
                    f"the form {form!r} is also a term in {other.source}",
                    repr(entry.term),
                )


def load_jargon_file(path: Path) -> tuple[JargonEntry, ...]:
    """Read a jargon list from anywhere, e.g. a council's own list of words."""
    return parse_jargon(read_yaml(path), str(path))


def load_concepts_file(path: Path) -> tuple[Concept, ...]:
    """Read a picture dictionary from anywhere, with the same checks as the shipped one."""
    return parse_concepts(read_yaml(path), str(path))


@cache
def jargon() -> tuple[JargonEntry, ...]:
    """Every shipped jargon entry, checked for duplicates across files."""
    entries: list[JargonEntry] = []
    for relpath in JARGON_FILES:
        label = f"{PACKAGE}/{relpath}"
        entries.extend(parse_jargon(read_yaml(_resource(relpath), label), label))
    _check_unique_jargon(entries)
    return tuple(entries)


@cache
def acronyms() -> dict[str, Acronym]:
    """Shipped acronyms keyed by their exact spelling ("NHS", "SENCo")."""
    label = f"{PACKAGE}/{ACRONYM_FILE}"
    result: dict[str, Acronym] = {}
    for acronym in parse_acronyms(read_yaml(_resource(ACRONYM_FILE), label), label):
        if acronym.acronym in result:
            raise DataFileError(label, "the acronym is listed twice", repr(acronym.acronym))
        result[acronym.acronym] = acronym
    return result


@cache
def plain_words() -> frozenset[str]:
    """Everyday words that a frequency list undersells (wheelchair, carer, ramp)."""
    label = f"{PACKAGE}/{PLAIN_WORDS_FILE}"
    return parse_plain_words(read_yaml(_resource(PLAIN_WORDS_FILE), label), label)


@cache
def concepts() -> tuple[Concept, ...]:
    """The shipped picture dictionary."""
    label = f"{PACKAGE}/{PICTURES_FILE}"
    return parse_concepts(read_yaml(_resource(PICTURES_FILE), label), label)
