"""Checking the shipped catalogues of the application's own words (issue 15 item 3).

A catalogue with a gap does not break a page: gettext gives the English for any entry
it lacks, so a Welsh page quietly shows English sentences. That is the right thing for a
resident, and the wrong thing to ship unnoticed, so `surveybuilder translations check`
(and CI through it) reads every catalogue under `translations/` against the template —
the strings the code marks now, extracted as `make messages` does (babel.cfg), since
`messages.pot` is made by that step and not kept in git — and lists each gap on its own
line: an entry with no translation, a
fuzzy one (gettext leaves it out), one whose `%(name)s` places differ from the English
(a missing place loses a date or a number; an extra one fails when the page is drawn),
a plural with forms missing, an id the template has and the catalogue lacks, an entry
the template no longer has, and a Plural-Forms header other than Babel's for the
language.

Each catalogue's header comment says who translated it and whether a native speaker
has reviewed it (docs/translations.md); the check reads those lines so the command can
print them. A language offered for consultations (`wording.LANGUAGES`) with no
catalogue at all is not a failure: residents see English, and the command says so.

This module imports only `wording` and Babel, so the command line (or a test) can use
it without Flask or the database.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po

from surveybuilder import wording

TEMPLATE = f"{wording.DOMAIN}.pot"
PACKAGE = Path(wording.__file__).parent
MAPPING = PACKAGE.parent / "babel.cfg"
_PLACE = re.compile(r"%\((\w+)\)")
_STATED = {"translated_by": re.compile(r"^#\s*Translated by:\s*(.+?)\s*$", re.M),
           "reviewed": re.compile(r"^#\s*Reviewed by a native speaker:\s*(.+?)\s*$", re.M)}
NOT_STATED = "not stated"


@dataclass(frozen=True)
class Problem:
    """One gap in one catalogue, printed on its own line."""

    locale: str
    msgid: str
    what: str

    def line(self) -> str:
        """`cy: no translation: 'Continue'` — the locale first, so lines sort by it (a
        problem of the whole catalogue names no entry)."""
        entry = f": {self.msgid!r}" if self.msgid else ""
        return f"{self.locale}: {self.what}{entry}"


@dataclass(frozen=True)
class Report:
    """What the check found in one shipped catalogue."""

    locale: str
    translated_by: str
    reviewed: str
    entries: int
    problems: tuple[Problem, ...] = field(default=())

    @property
    def complete(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class Overview:
    """Every shipped catalogue's report, and the offered languages that have none."""

    reports: tuple[Report, ...]
    without_catalogue: tuple[str, ...]

    @property
    def complete(self) -> bool:
        """True when no shipped catalogue has a gap (a language with no catalogue at all
        does not count: its residents see English, which the command says)."""
        return all(report.complete for report in self.reports)


def shipped(directory: Path = wording.DIRECTORY) -> list[str]:
    """The locales that have a catalogue file under `directory`, sorted."""
    return sorted(path.name for path in directory.iterdir()
                  if (path / "LC_MESSAGES" / f"{wording.DOMAIN}.po").is_file())


def extract(package: Path = PACKAGE, mapping: Path = MAPPING) -> Catalog:
    """The template: every string the code and templates under `package` mark, found
    as `make messages` finds them (the `mapping` file is babel.cfg, in the source
    checkout beside the package)."""
    with mapping.open() as config:
        method_map, options_map = parse_mapping_cfg(config)
    template = Catalog()
    for name, line, message, _comments, context in extract_from_dir(
            str(package), method_map, options_map):
        template.add(message, None, [(name, line)], context=context)
    return template


def read_template(path: Path) -> Catalog:
    """A template already extracted (a `messages.pot`)."""
    return _read(path, locale=None)


def check_all(directory: Path = wording.DIRECTORY, template: Catalog | None = None,
              offered: Iterable[str] = wording.LANGUAGES) -> Overview:
    """Check every catalogue under `directory` against `template` (by default the
    strings the code marks now), and name the `offered` languages with no catalogue."""
    template = template if template is not None else extract()
    locales = shipped(directory)
    return Overview(tuple(check(locale, template, directory) for locale in locales),
                    tuple(code for code in offered if code not in locales))


def check(locale: str, template: Catalog, directory: Path = wording.DIRECTORY) -> Report:
    """Check the catalogue of `locale` under `directory` against `template`."""
    catalogue = _read(directory / locale / "LC_MESSAGES" / f"{wording.DOMAIN}.po", locale)
    header = catalogue.header_comment or ""
    stated = {key: (found.group(1) if (found := pattern.search(header)) else NOT_STATED)
              for key, pattern in _STATED.items()}
    english = locale.split("@")[0] == wording.STANDARD
    problems = [*_header_problems(locale, catalogue, stated, english),
                *_coverage(locale, catalogue, template)]
    for message in _entries(catalogue):
        what = _entry_problem(message, catalogue.num_plurals, may_leave_out=english)
        if what:
            problems.append(Problem(locale, _msgid(message), what))
    return Report(locale, stated["translated_by"], stated["reviewed"],
                  len(list(_entries(catalogue))), tuple(problems))


def places(text: str) -> set[str]:
    """The names of the `%(name)s` places in `text`."""
    return set(_PLACE.findall(text))


def _header_problems(locale: str, catalogue: Catalog, stated: dict[str, str],
                     english: bool) -> list[Problem]:
    """A translation must say who made it and whether a native speaker reviewed it
    (easy read is the developers' own English, so its header is only reported)."""
    problems = [Problem(locale, "", f"the header comment does not say '{label}' "
                                    "(docs/translations.md)")
                for key, label in (("translated_by", "Translated by:"),
                                   ("reviewed", "Reviewed by a native speaker:"))
                if stated[key] == NOT_STATED and not english]
    if locale not in wording.LOCALES:
        problems.append(Problem(locale, "", "not a locale wording.LOCALES knows, so never "
                                            "used"))
    expected = _plural_forms(locale)
    if expected and catalogue.plural_forms != expected:
        problems.append(Problem(locale, "", f"Plural-Forms header is "
                                            f"{catalogue.plural_forms!r}; Babel's is "
                                            f"{expected!r}"))
    return problems


def _coverage(locale: str, catalogue: Catalog, template: Catalog) -> list[Problem]:
    """Ids the template has and the catalogue lacks (residents see the English), and the
    other way round (left over from words the code no longer uses)."""
    ours = {message.id for message in _entries(catalogue)}
    theirs = {message.id for message in _entries(template)}
    return ([Problem(locale, _msgid_of(msgid), "missing from the catalogue (the code marks it)")
             for msgid in sorted(theirs - ours, key=_msgid_of)]
            + [Problem(locale, _msgid_of(msgid), "no longer marked in the code")
               for msgid in sorted(ours - theirs, key=_msgid_of)])


def _entry_problem(message: Message, forms: int, may_leave_out: bool) -> str | None:
    """What is wrong with one entry, or None. English variants (easy read) may leave a
    place out (decision 12); another language may not."""
    strings = list(message.string) if message.pluralizable else [message.string]
    if not any(strings):
        return "no translation"
    if message.fuzzy:
        return "fuzzy (gettext does not use it)"
    if message.pluralizable and (len(strings) < forms or not all(strings)):
        filled = sum(1 for text in strings if text)
        return f"plural forms missing ({filled} of {forms} written)"
    english = (places(message.id[0]) | places(message.id[1]) if message.pluralizable
               else places(message.id))
    # In a plural, the form for one may say "one" where the others say %(num)d: a
    # place is missing only when no form uses it.
    used = set().union(*(places(text) for text in strings))
    extra, missing = used - english, english - used
    if extra or (missing and not may_leave_out):
        return "places differ from the English (" + ", ".join(
            [f"extra %({name})s" for name in sorted(extra)]
            + [f"missing %({name})s" for name in sorted(missing)]) + ")"
    return None


def _entries(catalogue: Catalog) -> Iterable[Message]:
    return (message for message in catalogue if message.id)


def _msgid(message: Message) -> str:
    return _msgid_of(message.id)


def _msgid_of(msgid: str | tuple[str, ...]) -> str:
    return msgid[0] if isinstance(msgid, tuple) else msgid


def _plural_forms(locale: str) -> str | None:
    try:
        return get_plural(locale).plural_forms
    except (ValueError, LookupError):
        return None


def _read(path: Path, locale: str | None) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=locale)
