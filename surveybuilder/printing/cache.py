"""Stage 5: rendered forms kept in the file store, drawn once per version, language, format,
size and copies.

Published versions never change (docs/decisions/0002), so a form drawn for one is good
for ever; a new version has a new number and so a new file. The key is explicit and
names the file in the store (surveybuilder/files, STORAGE_URL):

    print/<consultation id>/v<version>/<PIPELINE>/<language>/<format>-<size>pt-c<copies>.pdf

with the layout file beside it (`.layout.json`), and the layout again under its own
identifier (`layout_key`), kept for as long as the consultation: tidy deletes the
forms, but a form printed from them may come back to be scanned long after. PIPELINE
changes when the drawing changes, so forms drawn by older code are not served. The
layout is stored first and the PDF last, so a stored PDF means both are there; every
store writes a file whole.

Forms are drawn by background jobs (printing/jobs.py), queued when a version is
published; web pages only read the store. The command line draws in place.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, select

from surveybuilder.branding import brand_for, logo_data_uri
from surveybuilder.files import FileStore
from surveybuilder.models import Consultation, Organisation, SurveyVersion
from surveybuilder.printing.formats import LARGE_PRINT_SIZES, PrintFormat, print_format
from surveybuilder.printing.marks import Progress
from surveybuilder.printing.render import render_form
from surveybuilder.survey.languages import ENGLISH
from surveybuilder.survey.loading import load_definition
from surveybuilder.survey.translations import in_language

PIPELINE = "p6"  # p2: the copy number box; p3: the layout identifier in the QR code;
# p4: option numbers beside tick boxes, one box per character; p5: the language in the
# QR code and the layout, `lang` on the document and its English texts; p6: the
# organisation's logo and colour on the cover (branding.py)


@dataclass(frozen=True)
class CacheKey:
    """One drawn file: a version of a consultation, in one language, format and size,
    with `copies` numbered copies (0: one unnumbered form)."""

    consultation_id: int
    version: int
    print_format: str
    size_pt: int
    copies: int
    language: str = ENGLISH

    @property
    def pdf_key(self) -> str:
        return (f"print/{self.consultation_id}/v{self.version}/{PIPELINE}/"
                f"{self.language}/{self.print_format}-{self.size_pt}pt-c{self.copies}.pdf")

    @property
    def layout_key(self) -> str:
        return self.pdf_key.removesuffix(".pdf") + ".layout.json"

    @property
    def job_key(self) -> str:
        """The background job that draws it; the same work always has the same key, so
        asking twice queues it once. The pipeline is part of it: new drawing code
        draws again."""
        return (f"print:{PIPELINE}:{self.consultation_id}:v{self.version}:"
                f"{self.language}:{self.print_format}:{self.size_pt}:{self.copies}")

    def chosen_format(self) -> PrintFormat:
        large = self.print_format == "large-print"
        return print_format(self.print_format, self.size_pt if large else None)

    def download_name(self, slug: str) -> str:
        copies = f"-{self.copies}-copies" if self.copies else ""
        language = "" if self.language == ENGLISH else f"-{self.language}"
        return (f"{slug}-v{self.version}{language}-{self.print_format}-{self.size_pt}pt"
                f"{copies}.pdf")


def layout_key(consultation_id: int, layout_id: str) -> str:
    """Where a printed layout is kept by its identifier, for reading scans of it."""
    return f"layouts/{consultation_id}/{layout_id}.json"


def key_for(consultation_id: int, version: int, chosen: PrintFormat,
            copies: int = 0, language: str = ENGLISH) -> CacheKey:
    return CacheKey(consultation_id, version, chosen.slug, chosen.font_pt, copies, language)


def every_format() -> list[PrintFormat]:
    """Every form a published version offers: standard, easy read and each large-print
    size, in the order pages list them."""
    return ([print_format("standard"), print_format("easy-read")]
            + [print_format("large-print", size) for size in LARGE_PRINT_SIZES])


def live_version_number(session: Session, consultation: Consultation) -> int | None:
    """The newest published version's number, without reading its definition."""
    return session.exec(select(func.max(SurveyVersion.number))
                        .where(SurveyVersion.consultation_id == consultation.id)).one()


def live_key(session: Session, consultation: Consultation, chosen: PrintFormat,
             copies: int = 0, language: str = ENGLISH) -> CacheKey | None:
    """The key of the live version's form; None when nothing is published."""
    number = live_version_number(session, consultation)
    return None if number is None else key_for(consultation.id, number, chosen, copies,
                                               language)


def version_languages(session: Session, consultation: Consultation,
                      version: int | None) -> list[str]:
    """The languages a version's forms are printed in: English, then those it is
    offered in, read from its stored definition (no need to load and check all of it)."""
    stored = session.exec(select(SurveyVersion.definition).where(
        SurveyVersion.consultation_id == consultation.id,
        SurveyVersion.number == version)).first() if version is not None else None
    offered = stored.get("languages", []) if isinstance(stored, dict) else []
    return [ENGLISH, *(code for code in offered if code != ENGLISH)]


def is_drawn(store: FileStore, key: CacheKey) -> bool:
    return store.exists(key.pdf_key)


def draw(session: Session, store: FileStore, key: CacheKey,
         progress: Progress | None = None) -> bool:
    """Draw the form and keep it, unless it is kept already; True if drawn now. Safe to
    run twice or at once in two places: both write the same whole files."""
    if is_drawn(store, key):
        return False
    version = session.exec(select(SurveyVersion)
                           .where(SurveyVersion.consultation_id == key.consultation_id,
                                  SurveyVersion.number == key.version)).one()
    consultation = session.get(Consultation, key.consultation_id)
    brand = brand_for(session.get(Organisation, consultation.organisation_id))
    definition = load_definition(version.definition)
    form = render_form(definition if key.language == ENGLISH
                       else in_language(definition, key.language),
                       version.number, key.chosen_format(), brand.name, key.copies, progress,
                       brand, logo_data_uri(brand, store))
    described = (json.dumps(form.layout, indent=2) + "\n").encode()
    store.put(layout_key(key.consultation_id, form.layout["layout_id"]), described,
              "application/json")
    store.put(key.layout_key, described, "application/json")
    store.put(key.pdf_key, form.pdf, "application/pdf")
    return True


@dataclass(frozen=True)
class CachedForm:
    key: CacheKey
    download_name: str
    drawn_now: bool


def printed_form(session: Session, store: FileStore, consultation: Consultation,
                 chosen: PrintFormat, copies: int = 0,
                 progress: Progress | None = None,
                 language: str = ENGLISH) -> CachedForm | None:
    """The live version's form, from the store or drawn now (the command line, which
    may wait); None when nothing is published."""
    key = live_key(session, consultation, chosen, copies, language)
    if key is None:
        return None
    drawn_now = draw(session, store, key, progress)
    return CachedForm(key, key.download_name(consultation.slug), drawn_now)
