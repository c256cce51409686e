"""Every text a survey definition holds that residents read, each with a stable id.

The one list of translatable texts (decision 16): the check that an offered language is
complete, the fallback to English, and the files sent to translators all walk it. Ids
use the keys the definition already has (`questions.visit.hint`,
`questions.visit.options.weekly.label`), so moving a question keeps its id; sections
and the can/cannot-change lists have no keys, so theirs are positions (`sections.0.title`,
`can_change.1`), and the fingerprint of the English kept with each translation catches
a position that now holds other words.

It reads the definition's JSON form (a dict), so it serves a loaded definition, a
draft before it is checked and a file before it is read alike, and can put translated
words back in place (`Slot.path`).
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

Path = tuple[str | int, ...]


@dataclass(frozen=True)
class Slot:
    """One text: its stable id, where it sits in the definition's JSON, and its English."""

    id: str
    path: Path
    english: str


def fingerprint(english: str) -> str:
    """A short fingerprint of an English text, kept with its translation so a later
    change to the English shows the translation needs updating."""
    normal = unicodedata.normalize("NFC", english.strip())
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()[:12]


def slots(data: Mapping[str, Any]) -> Iterator[Slot]:
    """Every non-empty text in definition order (empty English has nothing to
    translate). Tolerates a definition not yet checked: odd shapes are skipped."""
    for name in ("title", "summary", "easy_read_summary"):
        yield from _text(data, (name,), name)
    for name in ("can_change", "cannot_change"):
        for index, _item in enumerate(_list(data.get(name))):
            yield from _text(data, (name, index), f"{name}.{index}")
    for s_index, section in enumerate(_list(data.get("sections"))):
        if not isinstance(section, Mapping):
            continue
        here: Path = ("sections", s_index)
        yield from _text(data, (*here, "title"), f"sections.{s_index}.title")
        yield from _text(data, (*here, "description"), f"sections.{s_index}.description")
        yield from _text(data, (*here, "easy_read", "text"), f"sections.{s_index}.easy_read")
        for q_index, question in enumerate(_list(section.get("questions"))):
            if isinstance(question, Mapping) and isinstance(question.get("key"), str):
                yield from _question(data, (*here, "questions", q_index), question["key"])
    yield from _text(data, ("privacy_notice",), "privacy_notice")


def english_texts(data: Mapping[str, Any]) -> dict[str, str]:
    """Text id → English, in definition order."""
    return {slot.id: slot.english for slot in slots(data)}


def put(data: dict[str, Any], path: Path, text: str) -> None:
    """Write `text` at `path` in a definition's JSON (a copy the caller owns)."""
    node: Any = data
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = text


def _question(data: Mapping[str, Any], here: Path, key: str) -> Iterator[Slot]:
    base = f"questions.{key}"
    yield from _text(data, (*here, "text"), f"{base}.text")
    yield from _text(data, (*here, "hint"), f"{base}.hint")
    yield from _text(data, (*here, "easy_read", "text"), f"{base}.easy_read")
    for o_index, option in enumerate(_list(_at(data, (*here, "options")))):
        if isinstance(option, Mapping) and isinstance(option.get("key"), str):
            at: Path = (*here, "options", o_index)
            yield from _text(data, (*at, "label"), f"{base}.options.{option['key']}.label")
            yield from _text(data, (*at, "easy_read", "text"),
                             f"{base}.options.{option['key']}.easy_read")


def _text(data: Mapping[str, Any], path: Path, text_id: str) -> Iterator[Slot]:
    value = _at(data, path)
    if isinstance(value, str) and value.strip():
        yield Slot(text_id, path, value)


def _at(data: Any, path: Path) -> Any:
    node = data
    for part in path:
        if isinstance(part, int):
            node = node[part] if isinstance(node, list) and part < len(node) else None
        else:
            node = node.get(part) if isinstance(node, Mapping) else None
    return node


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []
