"""The words the application itself writes, from message catalogues (gettext).

English is the source language: every fixed text is written in English where it is
used (`gettext("Enter a number")`, or `_("…")` in a template) and is its own message
id. Easy read is a catalogue variant of English, the locale `en@easyread`, whose
entries say the same in easy-read words — often several short lines where English has
one paragraph. Every other language a consultation can be offered in
(`survey/languages.py`) is a locale named by its code (`cy`, `ur`), read from its own
catalogue; a language whose catalogue is missing, or lacks an entry, gives the English
source for that entry (gettext's own fallback), and `surveybuilder translations check`
reports each such gap. Easy read in another language reads that language's catalogue:
no easy-read variant of one is shipped yet (its own wording comes from the survey's
translated easy-read texts).

Which catalogue is used is held in a context variable, so the survey's types, the
printed form and the e-mails ask for words without knowing Flask: the web layer sets
it for each request from the page's format (`surveybuilder.web_formats`), a renderer
with no request sets it for the document it draws (`in_locale`). Catalogues live in
`surveybuilder/translations/<locale>/LC_MESSAGES/messages.po`; the `.mo` file gettext
reads is compiled from it on first use when it is missing or older (and by
`scripts/build-assets`), so a fresh checkout works without a separate step.

This module sits below everything else in `.importlinter`: it imports only the
standard library and Babel.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date
from functools import cache
from io import BytesIO
from pathlib import Path
from typing import Any

from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

STANDARD = "en"
EASY_READ = "en@easyread"
# Every language of survey/languages.py (kept equal by tests/test_wording.py; this
# module imports nothing of ours, so it cannot read that list).
LANGUAGES = ("cy", "pl", "pa", "ur", "bn", "ro", "ar", "ku")
LOCALES = (STANDARD, EASY_READ, *LANGUAGES)
DOMAIN = "messages"
DIRECTORY = Path(__file__).with_name("translations")

_current: ContextVar[str] = ContextVar("surveybuilder_locale", default=STANDARD)


def locale_for(easy_read: bool, language: str = STANDARD) -> str:
    """The catalogue for a page or document in `language` (a BCP 47 code): in English,
    easy read has its own and every other format (standard, large print) reads the
    English source; another language reads its own catalogue in every format."""
    if language != STANDARD:
        return _known(language)
    return EASY_READ if easy_read else STANDARD


def current() -> str:
    """The locale words are given in now (standard English unless set)."""
    return _current.get()


def use(locale: str) -> None:
    """Give words in `locale` from now on in this context (the web layer calls this at
    the start of every request, since a server thread serves one request after
    another)."""
    _current.set(_known(locale))


@contextmanager
def in_locale(locale: str) -> Iterator[str]:
    """Give words in `locale` inside the block (a PDF or e-mail being made), then go
    back to what was used before."""
    token = _current.set(_known(locale))
    try:
        yield locale
    finally:
        _current.reset(token)


def gettext(message: str, **variables: Any) -> str:
    """`message` in the current locale; `%(name)s` places are filled from `variables`
    (as in Jinja's newstyle gettext, so templates and code mark strings alike)."""
    text = translations(current()).gettext(message)
    return text % variables if variables else text


def N_(message: str) -> str:  # noqa: N802 - the name gettext's tools look for
    """Mark `message` for the catalogue where it is defined (a label in a register),
    to be given in the reader's words where it is shown (`gettext(label)`)."""
    return message


def ngettext(singular: str, plural: str, count: int, **variables: Any) -> str:
    """`singular` or `plural` for `count` in the current locale; `%(num)d` is the count."""
    text = translations(current()).ngettext(singular, plural, count)
    return text % {"num": count, **variables}


def long_date(day: date, weekday: bool = False) -> str:
    """A date as readers of the current locale write it ("5 مارچ 2027" in Urdu, Babel's
    long form, or its full form with the weekday); English, easy read included, keeps
    the site's own "5 March 2027" ("Friday 5 March 2027")."""
    locale = current()
    if locale in (STANDARD, EASY_READ):
        english = f"{day.day} {day.strftime('%B %Y')}"
        return f"{day.strftime('%A')} {english}" if weekday else english
    return format_date(day, format="full" if weekday else "long", locale=locale)


def lines(text: str) -> list[str]:
    """A text's lines: an easy-read entry puts each sentence on its own line, and the
    page shows each as its own paragraph (a standard entry is one line)."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def catalogue_path(locale: str) -> Path:
    """The `.po` file of a locale's catalogue."""
    return DIRECTORY / locale / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def translations(locale: str) -> NullTranslations:
    """The loaded catalogue of `locale`; English, the source, has none to load. Every
    locale is kept once loaded (there are ten, a few hundred entries each): a bounded
    cache smaller than LOCALES reloaded catalogues when all languages were in use."""
    source = catalogue_path(locale)
    if locale == STANDARD or not source.exists():
        return NullTranslations()
    try:
        compiled = compile_catalogue(locale)
    except OSError:  # installed where the package cannot be written: compile in memory
        return Translations(BytesIO(_compiled_bytes(source, locale)), domain=DOMAIN)
    with compiled.open("rb") as handle:
        return Translations(handle, domain=DOMAIN)


def compile_catalogue(locale: str) -> Path:
    """Write the `.mo` file beside the `.po` unless it is already newer; fuzzy entries
    are left out, as gettext would (the catalogue test fails on them)."""
    source = catalogue_path(locale)
    compiled = source.with_suffix(".mo")
    if compiled.exists() and compiled.stat().st_mtime >= source.stat().st_mtime:
        return compiled
    partial = compiled.with_suffix(f".mo.{os.getpid()}-{threading.get_ident()}")
    partial.write_bytes(_compiled_bytes(source, locale))
    partial.replace(compiled)  # atomic: another process never reads half a file
    return compiled


def _compiled_bytes(source: Path, locale: str) -> bytes:
    with source.open("rb") as handle:
        catalogue = read_po(handle, locale=locale)
    compiled = BytesIO()
    write_mo(compiled, catalogue)
    return compiled.getvalue()


def _known(locale: str) -> str:
    if locale not in LOCALES:
        raise ValueError(f"no catalogue for locale {locale!r}; known: {', '.join(LOCALES)}")
    return locale
