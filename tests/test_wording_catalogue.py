"""The easy-read catalogue (`en@easyread`, docs/decisions/0012): every string the code
and templates mark has easy-read words, and every one of them passes the project's own
easy-read checker with its default options — no finding, no sentence over 15 words.

The marked strings are extracted here exactly as `make messages` does (babel.cfg), so
a string marked but not yet written in easy read fails, as does a fuzzy entry (which
gettext would silently not use)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from support.marks import marked_places

import easyread
from surveybuilder import wording

MOST_WORDS = 15
# What the `%(name)s` places hold when a page is drawn: a date, a number, or a few of
# the staff's own words (a title, a contact), which are theirs to make easy.
SAMPLES = {"date": "3 March 2027", "num": "2", "count": "2", "number": "2", "low": "1",
           "high": "10", "minutes": "15", "size": "18", "place": "2nd", "last": "3rd",
           "limit": "500", "length": "612", "parts": "day"}
_PLACE = re.compile(r"%\((\w+)\)[sdg]")


def marked() -> dict[str, tuple[str, int]]:
    """Every marked msgid (a plural's singular) and where it was first found."""
    return marked_places()


def catalogue():
    with wording.catalogue_path(wording.EASY_READ).open("rb") as handle:
        return read_po(handle, locale=wording.EASY_READ)


def entries() -> list[tuple[str, str]]:
    """(msgid, each msgstr form) of the whole easy-read catalogue."""
    pairs = []
    for message in catalogue():
        if not message.id:
            continue
        msgid = message.id[0] if isinstance(message.id, tuple) else message.id
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        pairs.extend((msgid, text) for text in strings)
    return pairs


def filled(text: str) -> str:
    """An entry as a page shows it: its places filled with what they usually hold."""
    return _PLACE.sub(lambda m: SAMPLES.get(m.group(1), "this"), text)


def problems(text: str) -> list[str]:
    """What the easy-read checker says of each line, and lines over 15 words."""
    found = []
    for line in wording.lines(filled(text)):
        found += [f"{f.rule}: {f.excerpt!r} in {line!r}" for f in easyread.check(line)]
        found += [f"{n} words in {line!r}" for n in easyread.sentence_lengths(line)
                  if n > MOST_WORDS]
    return found


def test_every_marked_string_has_easy_read_words():
    written = {(m.id[0] if isinstance(m.id, tuple) else m.id): m for m in catalogue() if m.id}
    missing = [f"{msgid!r} ({Path(where).name}:{line})"
               for msgid, (where, line) in marked().items()
               if msgid not in written or not written[msgid].string
               or (isinstance(written[msgid].string, tuple) and not all(written[msgid].string))]
    fuzzy = [m.id for m in written.values() if m.fuzzy]
    assert not missing, "no easy-read words for:\n" + "\n".join(missing)
    assert not fuzzy, f"fuzzy entries (gettext leaves them out): {fuzzy}"


def test_catalogue_holds_nothing_unused():
    """An entry no code marks any more is dead wording (make messages drops it)."""
    unused = sorted(set(dict(entries())) - set(marked()))
    assert not unused, unused


@pytest.mark.parametrize("msgid, text", entries(), ids=lambda v: v[:40])
def test_every_easy_read_entry_passes_the_checker(msgid, text):
    assert not problems(text), (msgid, problems(text))


def test_every_entry_uses_only_the_places_of_its_english():
    """A place the English does not fill would fail when the page is drawn (easy read
    may leave one out: it can say "this survey" where English names the title)."""
    for message in catalogue():
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        given = set(_PLACE.findall(" ".join(ids))) | ({"num"} if len(ids) > 1 else set())
        for text in strings:
            assert set(_PLACE.findall(text)) <= given, (message.id, text)


def test_the_checker_test_can_fail():
    assert problems("The consultation is being undertaken by the council.")
    assert problems(" ".join(["word"] * 16) + ".")
