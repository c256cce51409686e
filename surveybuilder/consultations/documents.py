"""Documents people need to read to take part (a proposal, a map, a plan), attached by
staff and listed on the consultation's start page, GOV.UK-style: "PDF, 2.1 MB, 14
pages", with an easy-read version where there is one (issue 16).

An upload is judged by what it is, not what it is called: its first bytes (and, for
Word and OpenDocument files, the parts inside the zip) must say PDF, PNG, JPEG, DOCX or
ODT, and the name must end as that kind does, so an HTML or SVG page renamed `.pdf` is
refused, and so is a PDF called `.docx`. A PDF must open (pikepdf), which also gives
its page count. Files are kept in the file store (decision 11) under
`documents/<consultation id>/`, named by a random id: the name people gave it is only
the name a download is saved as. Serving them safely (the content type found here,
`attachment` for anything but PDF and pictures) is the web layer's part.
"""

from __future__ import annotations

import io
import re
import uuid
import zipfile
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, select

from surveybuilder import wording
from surveybuilder.consultations import audit
from surveybuilder.consultations.drafts import DraftError
from surveybuilder.files import FileStore
from surveybuilder.models import Consultation, ConsultationDocument, User
from surveybuilder.wording import N_

MB = 1_000_000
TITLE_MAX = 200


@dataclass(frozen=True)
class Kind:
    """A kind of document we accept: its content type, words for it, the endings its
    name may have, and whether a browser may show it itself (PDF and pictures)."""

    type: str
    words: str
    endings: tuple[str, ...]
    inline: bool


PDF = Kind("application/pdf", N_("PDF"), (".pdf",), True)
PNG = Kind("image/png", N_("PNG image"), (".png",), True)
JPEG = Kind("image/jpeg", N_("JPEG image"), (".jpg", ".jpeg"), True)
DOCX = Kind("application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            N_("Word document"), (".docx",), False)
ODT = Kind("application/vnd.oasis.opendocument.text", N_("OpenDocument text document"),
           (".odt",), False)
KINDS = {kind.type: kind for kind in (PDF, PNG, JPEG, DOCX, ODT)}
ACCEPTED = "a PDF, PNG or JPEG picture, Word (.docx) or OpenDocument (.odt) document"


@dataclass(frozen=True)
class Upload:
    """A file as sent: its name and bytes (empty when none was chosen)."""

    name: str
    data: bytes


@dataclass(frozen=True)
class CheckedFile:
    kind: Kind
    name: str
    data: bytes
    pages: int | None

    def stored(self, key: str) -> dict[str, Any]:
        return {"key": key, "name": self.name, "type": self.kind.type,
                "size": len(self.data), "pages": self.pages}


def kind_of(data: bytes) -> Kind | None:
    """What the bytes are, from their content alone; None for anything else."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith(b"PK\x03\x04"):
        return _zipped_kind(data)
    return None


def _zipped_kind(data: bytes) -> Kind | None:
    """DOCX and ODT are zip files: an ODT names its type in a `mimetype` part, a DOCX
    has `[Content_Types].xml` and a `word/` folder. Only the list of parts (and that one
    short part) is read, so a zip that unpacks to a huge size costs nothing."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            if ("mimetype" in names and archive.getinfo("mimetype").file_size < 100
                    and archive.read("mimetype").strip() == ODT.type.encode()):
                return ODT
            if "[Content_Types].xml" in names and any(n.startswith("word/") for n in names):
                return DOCX
    except (zipfile.BadZipFile, KeyError, RuntimeError):
        return None
    return None


def checked_file(upload: Upload, max_bytes: int) -> CheckedFile:
    """The upload if it is a kind we accept, named as that kind and small enough;
    else DocumentProblem with the reason in plain words."""
    if len(upload.data) > max_bytes:
        raise DocumentProblem(f"The file must be smaller than {max_bytes / MB:g} MB "
                              f"(the DOCUMENT_MAX_MB setting). Make it smaller, for "
                              f"example by saving pictures at a lower resolution")
    kind = kind_of(upload.data)
    if kind is None:
        raise DocumentProblem(f"The file must be {ACCEPTED}. This file is none of these, "
                              f"whatever its name says")
    name = safe_name(upload.name)
    if not name.lower().endswith(kind.endings):
        raise DocumentProblem(f"The file is a {kind.words}, but its name does not say so. "
                              f"Rename it to end in {' or '.join(kind.endings)} and choose "
                              f"it again")
    return CheckedFile(kind, name, upload.data, _pages(upload.data) if kind == PDF else None)


class DocumentProblem(ValueError):
    """An upload cannot be used; the message says why and what to do."""


def _pages(data: bytes) -> int:
    import pikepdf

    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            return len(pdf.pages)
    except pikepdf.PdfError as exc:
        raise DocumentProblem("The PDF could not be opened: it may be damaged or have a "
                              "password. Save it again as a PDF without a password") from exc


def safe_name(name: str) -> str:
    """The file's own name, kept to letters, numbers, dots, hyphens and underscores, as
    the name a download is saved under (never a path)."""
    base = re.split(r"[\\/]", name or "")[-1]
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "-", base).strip("-.")
    return cleaned[:120] or "document"


def add_document(session: Session, store: FileStore, consultation: Consultation,
                 user: User | None, title: str, main: Upload, easy: Upload,
                 max_bytes: int) -> ConsultationDocument:
    """Check everything, then keep the file(s) and the row; DraftError lists every
    problem as (field, message), and nothing is kept when there is one."""
    problems: list[tuple[str, str]] = []
    title = " ".join((title or "").split())
    if not title:
        problems.append(("title", "Enter the document's title, like “Proposed changes to "
                                  "Victoria Park (PDF)”"))
    elif len(title) > TITLE_MAX:
        problems.append(("title", f"The title must be {TITLE_MAX} characters or fewer"))
    checked = {}
    for field, upload in (("file", main), ("easy_read_file", easy)):
        if not upload.data:
            if field == "file":
                problems.append((field, f"Choose the document to attach: {ACCEPTED}"))
            continue
        try:
            checked[field] = checked_file(upload, max_bytes)
        except DocumentProblem as exc:
            problems.append((field, str(exc)))
    if problems:
        raise DraftError(problems)
    document = ConsultationDocument(
        consultation_id=consultation.id, title=title,
        position=len(documents_of(session, consultation)),
        file=_keep(store, consultation, checked["file"]),
        easy_read=(_keep(store, consultation, checked["easy_read_file"])
                   if "easy_read_file" in checked else None))
    session.add(document)
    audit.record(session, "document.added", user, consultation, title=title)
    return document


def _keep(store: FileStore, consultation: Consultation, checked: CheckedFile
          ) -> dict[str, Any]:
    key = f"documents/{consultation.id}/{uuid.uuid4().hex}{checked.kind.endings[0]}"
    store.put(key, checked.data, checked.kind.type)
    return checked.stored(key)


def documents_of(session: Session, consultation: Consultation) -> list[ConsultationDocument]:
    return list(session.exec(select(ConsultationDocument)
                             .where(ConsultationDocument.consultation_id == consultation.id)
                             .order_by(ConsultationDocument.position,
                                       ConsultationDocument.id)).all())


def document_of(session: Session, consultation: Consultation, document_id: int
                ) -> ConsultationDocument | None:
    found = session.get(ConsultationDocument, document_id)
    return found if found and found.consultation_id == consultation.id else None


def remove_document(session: Session, store: FileStore, consultation: Consultation,
                    user: User | None, document: ConsultationDocument) -> None:
    """Delete the row and its files (the files after the row, in the caller's commit)."""
    session.delete(document)
    audit.record(session, "document.removed", user, consultation, title=document.title)
    for stored in (document.file, document.easy_read):
        if stored:
            store.delete(stored["key"])


def described(stored: dict[str, Any]) -> str:
    """GOV.UK's line under an attachment, in the reader's words: "PDF, 2.1 MB, 14
    pages", "Word document, 320 KB"."""
    kind = KINDS[stored["type"]]
    size = _size(stored["size"])
    if stored.get("pages"):
        return wording.ngettext("%(kind)s, %(size)s, %(num)d page",
                                "%(kind)s, %(size)s, %(num)d pages", stored["pages"],
                                kind=wording.gettext(kind.words), size=size)
    return wording.gettext("%(kind)s, %(size)s", kind=wording.gettext(kind.words), size=size)


def _size(size: int) -> str:
    """1.0 MB and over in MB to one decimal place, else whole KB (at least 1)."""
    if size >= MB:
        return f"{size / MB:.1f} MB"
    return f"{max(1, round(size / 1000))} KB"
