"""Scanned paper forms: uploaded, read by a background job, checked by a person, and
stored through the same path as keyed forms (issue 14, docs/scanning.md).

    upload    `start_reading`: the files checked (kind by content, size, pages), kept in
              the file store, a new paper batch and a scan batch made, and the reading
              job queued in the same transaction
    reading   the `read-scanned-forms` job: `scanning.read_batch` page by page ("Reading
              page 12 of 40"), each page's image and each doubtful or written box's crop
              kept in the file store, the pages and copies as rows
    checking  `checking_rows`: every question of a copy as keying shows it, with what was
              read as the keyed entry, and the crops and doubts of those a person must
              settle (nothing doubtful is ever filled in for them)
    storing   `confirm`: the entries read by the keying rules and stored by
              `keying.store_copy` (channel paper, the copy's own version), with
              "scanned" in the audit log, once: a second confirm finds the first
    tidying   `delete_old_images`: crops and pages deleted SCAN_IMAGE_RETENTION_DAYS
              after their forms are stored
"""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from surveybuilder.consultations import audit
from surveybuilder.files import FileStore, store_from_settings
from surveybuilder.formats import from_slug
from surveybuilder.jobs import JobContext, enqueue, register
from surveybuilder.models import (
    BackgroundJob,
    Consultation,
    PaperBatch,
    PaperCopy,
    Response,
    ScanBatch,
    ScannedCopy,
    ScanPage,
    SurveyVersion,
    User,
    as_utc,
    utcnow,
)
from surveybuilder.paper import keying
from surveybuilder.paper.keying import BLANK, KeyingError
from surveybuilder.printing.cache import layout_key
from surveybuilder.scanning import images
from surveybuilder.scanning.answers import Status
from surveybuilder.scanning.reading import Settings, read_batch, stored_sources
from surveybuilder.scanning.report import BatchReport, PageStatus
from surveybuilder.survey.answers import SITE_DEFAULTS, Limits
from surveybuilder.survey.definition import QuestionBase, SurveyDefinition
from surveybuilder.survey.languages import ENGLISH
from surveybuilder.survey.loading import load_definition

READ_SCANNED_FORMS = "read-scanned-forms"
FILES_FIELD = "scans"
READING, READ = "reading", "read"
TO_SETTLE = (Status.DOUBT, Status.TO_TYPE, Status.MISSING)
CONTENT_TYPES = {"pdf": "application/pdf", "tiff": "image/tiff", "png": "image/png",
                 "jpeg": "image/jpeg"}

# What to do about a page that is not simply read, in words for the batch's page.
WHAT_TO_DO = {
    PageStatus.NOT_OURS: "It has no page code that can be read, so it is not one of our "
                         "printed forms, or its code is spoilt. If it is a form, key it "
                         "by hand.",
    PageStatus.OTHER_CONSULTATION: "It is a form of another consultation. Upload it on "
                                   "that consultation's Paper tab.",
    PageStatus.DUPLICATE: "Nothing to do: this page was read once already. Check that no "
                          "form was scanned twice.",
    PageStatus.MISSING_PAGES: "Find the missing page and scan it with its form, or key "
                              "the form by hand.",
    PageStatus.NEEDS_PERSON: "Check its form below. If it has no form below, key it by "
                             "hand.",
}


# Upload --------------------------------------------------------------------------------

def start_reading(session: Session, store: FileStore, consultation: Consultation,
                  user: User, label: str, files: list[tuple[str, bytes]],
                  limits: images.Limits) -> ScanBatch:
    """A new batch for the scans, their files kept and the reading queued; refused with
    a KeyingError in plain words before anything is kept when a file cannot be read."""
    pages = _checked_pages(files, limits)
    batch = keying.create_batch(session, consultation, user, label, double_keying=False)
    scan = ScanBatch(consultation_id=consultation.id, paper_batch_id=batch.id,
                     pages_total=pages, uploaded_by_id=user.id)
    session.add(scan)
    session.flush()
    uploads = []
    for number, (name, data) in enumerate(files, start=1):
        kind = images.kind_of(data) or "pdf"
        key = f"{folder(scan)}/upload-{number}.{kind}"
        store.put(key, data, CONTENT_TYPES[kind])
        uploads.append({"name": name, "key": key})
    scan.uploads = uploads
    enqueue(session, READ_SCANNED_FORMS, key=_job_key(scan),
            title=f"Reading the scanned forms of “{batch.label}”",
            organisation_id=consultation.organisation_id, consultation_id=consultation.id,
            args={"scan_batch_id": scan.id})
    audit.record(session, "paper_scans_uploaded", user, consultation, batch=batch.label,
                 files=len(files), pages=pages)
    return scan


def _checked_pages(files: list[tuple[str, bytes]], limits: images.Limits) -> int:
    if not files:
        raise KeyingError([(FILES_FIELD, "Choose the scanned forms to upload")])
    problems = []
    pages = 0
    for name, data in files:
        if len(data) > limits.max_file_mb * images.MB:
            problems.append(f"{name} is larger than {limits.max_file_mb:g} MB. Scan fewer "
                            "pages into each file")
        elif images.kind_of(data) is None:
            problems.append(f"{name} is not a PDF, TIFF, PNG or JPEG file")
        elif (counted := images.page_count(data)) == 0:
            problems.append(f"{name} cannot be opened: it may be damaged or have a password")
        else:
            pages += counted
    if problems:
        raise KeyingError([(FILES_FIELD, problem) for problem in problems])
    if pages > limits.max_pages:
        raise KeyingError([(FILES_FIELD, f"The files have {pages} pages, more than the "
                                         f"{limits.max_pages} one upload may have. Upload "
                                         "them in smaller batches")])
    return pages


def folder(scan: ScanBatch) -> str:
    """Where a scan batch's files are kept: uploads, page images and crops."""
    return f"scans/{scan.consultation_id}/{scan.id}"


# Reading (the background job) -------------------------------------------------------------

@register(READ_SCANNED_FORMS)
def read_scanned_forms(job: JobContext, *, scan_batch_id: int) -> None:
    """Read every uploaded page into rows; run again, it starts afresh unless a copy of
    the batch was already confirmed (then the reading is kept as it is)."""
    store = store_from_settings(job.config, job.engine)
    with job.session() as session:
        scan = session.get(ScanBatch, scan_batch_id)
        if scan is None or scan.status == READ:
            return
        consultation = session.get(Consultation, scan.consultation_id)
        pages: list[str] = []

        def keep_page(page: images.PageImage) -> None:
            pages.append(f"{folder(scan)}/page-{len(pages) + 1}.jpg")
            store.put(pages[-1], images.as_jpeg(page.image), "image/jpeg")
            job.progress(100 * len(pages) // max(scan.pages_total + 1, 1),
                         f"Reading page {len(pages)} of {scan.pages_total}")

        files = [(u["name"], store.get(u["key"]) or b"") for u in scan.uploads]
        report = read_batch(files, consultation.slug,
                            stored_sources(session, store, consultation),
                            Settings.from_settings(job.config), on_page=keep_page)
        # Written only now: progress is told in transactions of its own meanwhile.
        _forget_reading(session, scan)
        _keep_report(session, store, scan, report, pages)
        for upload in scan.uploads:
            store.delete(upload["key"])  # the page images are what is kept
    job.progress(100, f"Read {len(pages)} page{'' if len(pages) == 1 else 's'}")


def _forget_reading(session: Session, scan: ScanBatch) -> None:
    for row in [*pages_of(session, scan), *copies_of(session, scan)]:
        session.delete(row)
    session.flush()


def _keep_report(session: Session, store: FileStore, scan: ScanBatch, report: BatchReport,
                 page_keys: list[str]) -> None:
    for position, page in enumerate(report.pages, start=1):
        reason = page.reason
        if page.status == PageStatus.READ and abs(page.turned_degrees or 0) > 90:
            reason = "It was scanned upside down, and read as usual"
        session.add(ScanPage(
            scan_batch_id=scan.id, position=position, source=page.source[:300],
            number=page.number, status=page.status, reason=reason[:500],
            copy_ordinal=page.copy_ordinal, form_page=page.page,
            image_key=page_keys[position - 1] if position <= len(page_keys) else None))
    versions = {v.number: v.id for v in session.exec(select(SurveyVersion).where(
        SurveyVersion.consultation_id == scan.consultation_id)).all()}
    for read in report.as_json()["copies"]:
        questions = [_with_crop_keys(store, scan, read["copy"], q) for q in read["questions"]]
        session.add(ScannedCopy(
            scan_batch_id=scan.id, ordinal=read["copy"], copy_number=read["copy_number"],
            version_id=versions[read["version"]], print_format=read["print_format"],
            layout_id=read["layout_id"] or "", pages=read["pages"],
            missing_pages=read["missing_pages"], questions=questions))
    scan.status, scan.files_not_read = READ, report.files
    session.add(scan)


def _with_crop_keys(store: FileStore, scan: ScanBatch, ordinal: int,
                    question: dict[str, Any]) -> dict[str, Any]:
    """The question as read, its crops kept in the store and named by key."""
    keys = {}
    for number, (box, png) in enumerate(question["images"].items(), start=1):
        keys[box] = f"{folder(scan)}/copy-{ordinal}/{question['question']}-{number}.png"
        store.put(keys[box], base64.b64decode(png), "image/png")
    return {**question, "images": keys}


# Checking --------------------------------------------------------------------------------

def scan_batches(session: Session, consultation: Consultation
                 ) -> list[tuple[ScanBatch, PaperBatch]]:
    """The consultation's uploads of scans, newest first, each with its paper batch."""
    return [(scan, batch) for scan, batch in session.exec(
        select(ScanBatch, PaperBatch).where(ScanBatch.consultation_id == consultation.id,
                                            PaperBatch.id == ScanBatch.paper_batch_id)
        .order_by(ScanBatch.id.desc())).all()]  # type: ignore[union-attr]


def pages_of(session: Session, scan: ScanBatch) -> list[ScanPage]:
    return list(session.exec(select(ScanPage).where(ScanPage.scan_batch_id == scan.id)
                             .order_by(ScanPage.position)).all())


def copies_of(session: Session, scan: ScanBatch) -> list[ScannedCopy]:
    return list(session.exec(select(ScannedCopy).where(ScannedCopy.scan_batch_id == scan.id)
                             .order_by(ScannedCopy.ordinal)).all())


def reading_job(session: Session, scan: ScanBatch) -> BackgroundJob | None:
    """The job reading the batch, for its progress page."""
    return session.exec(select(BackgroundJob).where(
        BackgroundJob.key == _job_key(scan))).first()


def _job_key(scan: ScanBatch) -> str:
    """One reading job per scan batch: enqueueing it twice gives the same job."""
    return f"{READ_SCANNED_FORMS}:{scan.id}"


def copy_of(session: Session, scan: ScanBatch, ordinal: int) -> ScannedCopy | None:
    return session.exec(select(ScannedCopy).where(ScannedCopy.scan_batch_id == scan.id,
                                                  ScannedCopy.ordinal == ordinal)).first()


def to_settle(copy: ScannedCopy) -> int:
    """How many of the copy's questions a person must settle."""
    return sum(1 for q in copy.questions if q["status"] in TO_SETTLE)


def paper_numbers(copies: list[ScannedCopy]) -> dict[int, int]:
    """The copy number each copy is stored under in its paper batch (by ordinal): the
    number printed on it, unless it has none or shares it with another copy of the
    batch (another format's copy 1); those are numbered after the highest printed."""
    printed = [c.copy_number for c in copies if c.copy_number]
    unique = {n for n in printed if printed.count(n) == 1}
    after = max(printed, default=0)
    numbers = {}
    for copy in copies:
        if copy.copy_number in unique:
            numbers[copy.ordinal] = copy.copy_number
        else:
            after += 1
            numbers[copy.ordinal] = after
    return numbers


@dataclass
class CheckRow:
    """One question of a copy as the checking page shows it."""

    number: int
    question: QuestionBase
    status: str  # as the reader left it (scanning.answers.Status)
    entry: str  # what was read, as a keyer would type it; "" for a person to fill
    doubts: list[str] = field(default_factory=list)
    images: list[tuple[str, str]] = field(default_factory=list)  # (crop key, words)

    @property
    def to_settle(self) -> bool:
        return self.status in TO_SETTLE


def definition_of(session: Session, copy: ScannedCopy) -> SurveyDefinition:
    """The survey version the copy was printed with."""
    return load_definition(session.get(SurveyVersion, copy.version_id).definition)


def checking_rows(definition: SurveyDefinition, copy: ScannedCopy
                  ) -> list[tuple[keying.KeyingPage, CheckRow]]:
    """Every question in printed order with what was read; a question with no boxes
    read (not on the printed layout) is for a person to settle."""
    read = {q["question"]: q for q in copy.questions}
    rows = []
    for page in keying.keying_pages(definition):
        for number, question in page.questions:
            found = read.get(question.key, {"status": Status.DOUBT, "doubts": [
                "it was not found on the scanned pages"]})
            entry = question.keyed(found["answer"]) if found["status"] == Status.ANSWERED \
                else ""
            images = [(key, box_words(question, box))
                      for box, key in found.get("images", {}).items()]
            rows.append((page, CheckRow(number, question, found["status"], entry,
                                        list(found.get("doubts", [])), images)))
    return rows


def box_words(question: QuestionBase, box_id: str) -> str:
    """Which box a crop shows, in the form's words: "Agree", "The park is kept clean:
    Agree", or "" for a writing box (the question says it all)."""
    part = box_id.removeprefix(f"box-{question.key}-")
    numbers = {c.key: (n, c.label) for n, c in question.keying_choices()}
    for statement in getattr(question, "options", None) or []:
        column = part.removeprefix(f"{statement.key}-")
        if column != part and column in numbers and statement.key not in numbers:
            number, label = numbers[column]
            return f"{statement.label}: box {number}, {label}"
    if part in numbers:
        number, label = numbers[part]
        return f"Box {number}, {label}"
    return ""


def first_entries(rows: list[tuple[keying.KeyingPage, CheckRow]]) -> dict[str, str]:
    """The checking form's boxes as first shown: what was read."""
    return {row.question.key: row.entry for _, row in rows if row.entry}


# Storing ---------------------------------------------------------------------------------

def copy_language(store: FileStore, consultation: Consultation, copy: ScannedCopy) -> str:
    """The language the scanned copy was printed in, as its layout file says (the file
    store keeps every layout a consultation printed, by its id); English for a layout
    from before forms said their language, or one no longer kept."""
    data = store.get(layout_key(consultation.id, copy.layout_id)) if copy.layout_id else None
    return json.loads(data).get("language", ENGLISH) if data else ENGLISH


def confirm(session: Session, consultation: Consultation, scan: ScanBatch,
            copy: ScannedCopy, form: Mapping[str, str], user: User,
            limits: Limits = SITE_DEFAULTS, language: str = ENGLISH) -> Response:
    """Store the copy as a person confirmed it: through the keying rules and the one
    submit path, once, in the `language` it was printed in (`copy_language`).
    KeyingError lists (field, message) in page order when something must be put right
    first."""
    definition = definition_of(session, copy)
    rows = checking_rows(definition, copy)
    entries, marks, errors = _read_form(rows, form, limits)
    if errors:
        raise KeyingError(errors)
    paper_copy = _paper_copy(session, scan, copy, language)
    if paper_copy.response_id:
        return session.get(Response, paper_copy.response_id)

    def record_scanned(response: Response) -> None:  # in the response's transaction
        copy.confirmed_at, copy.confirmed_by_id = utcnow(), user.id
        session.add(copy)
        audit.record(session, "paper_copy_scanned", user, consultation,
                     scan_batch_id=scan.id, copy_id=paper_copy.id,
                     copy_number=paper_copy.copy_number, reference=response.reference)

    return keying.store_copy(session, consultation, paper_copy, definition, entries, marks,
                             user, limits, also=record_scanned)


def _read_form(rows: list[tuple[keying.KeyingPage, CheckRow]], form: Mapping[str, str],
               limits: Limits) -> tuple[dict[str, str], dict[str, str], list[tuple[str, str]]]:
    entries: dict[str, str] = {}
    marks: dict[str, str] = {}
    errors: list[tuple[str, str]] = []
    pages = {page.number: page for page, _ in rows}
    for page in pages.values():
        typed = keying.check_page(page, form, limits)
        entries.update(typed.entries)
        marks.update(typed.marks)
        errors += typed.errors
    failed = dict(errors)
    for _, row in rows:
        key = row.question.key
        if row.to_settle and key not in failed and key not in entries and \
                marks.get(key) != BLANK:
            errors.append((key, f"Question {row.number}: type the answer from the picture, "
                                "or tick “Left blank”"))
    order = {row.question.key: index for index, (_, row) in enumerate(rows)}
    return entries, marks, sorted(errors, key=lambda e: order.get(e[0], 0))


def _paper_copy(session: Session, scan: ScanBatch, copy: ScannedCopy,
                language: str = ENGLISH) -> PaperCopy:
    """The paper batch's copy this scanned copy is stored as, made once: two confirms
    at the same moment meet at the batch's unique copy number."""
    if copy.paper_copy_id:
        return session.get(PaperCopy, copy.paper_copy_id)
    number = paper_numbers(copies_of(session, scan))[copy.ordinal]
    made = PaperCopy(batch_id=scan.paper_batch_id, copy_number=number,
                     format=from_slug(copy.print_format).value, version_id=copy.version_id,
                     language=language)
    try:
        session.add(made)
        session.flush()
        copy.paper_copy_id = made.id
        session.add(copy)
        session.commit()
        return made
    except IntegrityError:
        session.rollback()
    session.refresh(copy)
    if copy.paper_copy_id:
        return session.get(PaperCopy, copy.paper_copy_id)
    raise KeyingError([("", f"Copy {number} of this batch has been keyed by hand "
                            "already, so this scanned copy is not stored again")])


# Tidying ---------------------------------------------------------------------------------

def delete_old_images(session: Session, store: FileStore, now: datetime, keep_days: int
                      ) -> int:
    """Delete the crops of copies stored more than `keep_days` ago, and every file of a
    batch whose copies were all stored that long ago; how many files. Copies not yet
    confirmed keep theirs: a person still needs them. The caller commits."""
    cutoff = now - timedelta(days=keep_days)
    deleted = 0
    for scan in session.exec(select(ScanBatch).where(ScanBatch.status == READ)).all():
        copies = copies_of(session, scan)
        for copy in copies:
            if copy.confirmed_at and as_utc(copy.confirmed_at) < cutoff and \
                    copy.images_deleted_at is None:
                deleted += _delete_under(store, f"{folder(scan)}/copy-{copy.ordinal}")
                copy.images_deleted_at = now
                session.add(copy)
        last = max((as_utc(c.confirmed_at) for c in copies if c.confirmed_at),
                   default=as_utc(scan.uploaded_at))
        if all(c.confirmed_at for c in copies) and last < cutoff:
            deleted += _delete_under(store, folder(scan))
            for page in pages_of(session, scan):
                if page.image_key:
                    page.image_key = None
                    session.add(page)
    return deleted


def delete_copy_images(session: Session, store: FileStore, scan: ScanBatch,
                       copy: ScannedCopy, now: datetime) -> int:
    """One copy's crops and the images of its pages, for an erasure: the batch's
    uploaded files hold other residents' forms too and go by the rule above. How many
    files; the caller commits."""
    deleted = _delete_under(store, f"{folder(scan)}/copy-{copy.ordinal}")
    for page in pages_of(session, scan):
        if page.copy_ordinal == copy.ordinal and page.image_key:
            store.delete(page.image_key)
            page.image_key = None
            session.add(page)
            deleted += 1
    copy.images_deleted_at = now
    session.add(copy)
    return deleted


def _delete_under(store: FileStore, prefix: str) -> int:
    found = store.list(prefix)
    for info in found:
        store.delete(info.key)
    return len(found)
