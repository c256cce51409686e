"""Deleting printed forms nobody can be sent any more (`surveybuilder tidy`).

Pages only ever send the live version's forms (the newest published version: cache.py
`live_key`), so:

- the forms of an older version are deleted once the live version has been live for
  OLD_FORMS_KEEP_DAYS (a day by default), whatever their format, size or copies;
- numbered copies (any version) are deleted NUMBERED_COPIES_KEEP_DAYS after they were
  drawn: they are drawn for one print run, and their progress page draws them again
  if someone comes back to it later;
- the live version's unnumbered forms are always kept.

Each PDF goes with its layout file. A file whose key is not a form's (made by other
code) is left alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session

from surveybuilder.files import FileStore, StoredInfo
from surveybuilder.models import as_utc, newest_versions

PRINT_FOLDER = "print"
_FORM_FILE = re.compile(
    r"print/(?P<consultation>\d+)/v(?P<version>\d+)/[^/]+/(?:[^/]+/)?[^/]+-c(?P<copies>\d+)"
    r"\.(?:pdf|layout\.json)")


@dataclass(frozen=True)
class DeletedForms:
    """How many PDFs went (each with its layout file), and why."""

    old_versions: int
    numbered_copies: int


@dataclass(frozen=True)
class _Live:
    version: int
    since: datetime


def delete_old_forms(session: Session, store: FileStore, now: datetime, *,
                     old_version_days: float, copies_days: float) -> DeletedForms:
    """Delete the forms no page sends any more (the rules above); how many. Decided
    from the store's own list, so forms whose jobs were already forgotten go too."""
    live = _live_versions(session)
    old_versions = numbered_copies = 0
    for info in store.list(PRINT_FOLDER):
        found = _FORM_FILE.fullmatch(info.key)
        if found is None:
            continue
        why = _why_deleted(found, info, live.get(int(found["consultation"])), now,
                           timedelta(days=old_version_days), timedelta(days=copies_days))
        if why is None:
            continue
        store.delete(info.key)
        if info.key.endswith(".pdf"):
            old_versions += why == "old version"
            numbered_copies += why == "numbered copies"
    return DeletedForms(old_versions, numbered_copies)


def _why_deleted(found: re.Match[str], info: StoredInfo, live: _Live | None,
                 now: datetime, old_version_keep: timedelta,
                 copies_keep: timedelta) -> str | None:
    if live is not None and int(found["version"]) < live.version \
            and live.since < now - old_version_keep:
        return "old version"
    if int(found["copies"]) > 0 and info.modified < now - copies_keep:
        return "numbered copies"
    return None


def _live_versions(session: Session) -> dict[int, _Live]:
    """Each consultation's newest version number and when it was published."""
    return {version.consultation_id: _Live(version.number, as_utc(version.published_at))
            for version in newest_versions(session)}
