"""Sending a draft's texts to translators and taking their work back (issue 15 item 2).

The files themselves are `survey/translator_files.py`; this service ties them to a
consultation's draft: how far each offered language has got, the file for a language
(recorded in the audit trail, since the texts leave the organisation), and an upload
applied to the draft's translations, all of it or none of it.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from surveybuilder.consultations import audit
from surveybuilder.consultations.drafts import record_change
from surveybuilder.consultations.snapshots import draft_definition
from surveybuilder.models import Consultation, User
from surveybuilder.survey.languages import Language, language
from surveybuilder.survey.texts import slots
from surveybuilder.survey.translations import GapKind, gaps
from surveybuilder.survey.translator_files import (
    FileKind,
    Reading,
    file_name,
    read_file,
    write_xliff,
    write_xlsx,
)


@dataclass(frozen=True)
class Progress:
    """How far one offered language has got: texts translated and up to date, missing,
    and translated from English that has changed since."""

    language: Language
    translated: int
    missing: int
    needs_updating: int


@dataclass(frozen=True)
class TranslatorFile:
    name: str
    media_type: str
    content: bytes


def progress(session: Session, consultation: Consultation) -> list[Progress]:
    """Each offered language's counts, in the order staff ticked them. Raises
    DefinitionError when the draft itself has problems to fix first."""
    definition = draft_definition(session, consultation)
    total = sum(1 for _ in slots(definition.to_json()))
    found = []
    for code in consultation.languages:
        kinds = [gap.kind for gap in gaps(definition, code)]
        missing, stale = kinds.count(GapKind.MISSING), kinds.count(GapKind.NEEDS_UPDATING)
        found.append(Progress(language(code), total - missing - stale, missing, stale))
    return found


def translator_file(session: Session, consultation: Consultation, user: User | None,
                    code: str, kind: str) -> TranslatorFile:
    """The draft's texts for translating into `code`, as XLIFF 2.0 or XLSX."""
    definition = draft_definition(session, consultation)
    write = write_xliff if kind == FileKind.XLIFF else write_xlsx
    made = TranslatorFile(file_name(definition, code, kind), FileKind.MEDIA_TYPE[kind],
                          write(definition, code))
    audit.record(session, "translations.downloaded", user, consultation, language=code,
                 kind=kind)
    return made


def import_file(session: Session, consultation: Consultation, user: User | None, code: str,
                content: bytes, max_bytes: int) -> Reading:
    """Read a translator's file and, when it has no problem, keep every translation in
    it in the draft. A file with problems changes nothing; the refusal is audited."""
    definition = draft_definition(session, consultation)
    kind, reading = read_file(content, definition, code, max_bytes)
    if reading.problems:
        audit.record(session, "translations.import_refused", user, consultation,
                     language=code, kind=kind, problems=len(reading.problems))
        return reading
    texts = dict((consultation.translations or {}).get(code, {}))
    for item in reading.texts:
        texts[item.text_id] = {"text": item.text, "source": item.source}
    # A new dict, so the JSON column sees the change.
    consultation.translations = {**(consultation.translations or {}), code: texts}
    record_change(session, consultation, user, "translations.imported", language=code,
                  kind=kind, imported=len(reading.texts),
                  needs_updating=reading.needs_updating)
    return reading
