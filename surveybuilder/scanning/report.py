"""Stage 6: the report — per page what it is and its status, per copy and per question
what was read, how sure, and what a person must look at.

Page statuses (docs/scanning.md explains each to staff):

    read                every box on it was read with confidence
    needs-person        something on it is doubtful, or it could not be lined up
    not-ours            no Surveybuilder page code on it: not one of our forms
    other-consultation  one of our forms, but of another consultation
    duplicate           the same page of the same copy was read already
    missing-pages       its copy lacks a page that has boxes on it

`as_json` gives the report as the command writes it: images (writing boxes and
doubtful marks) are PNGs in base64, so the report stands alone.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from typing import Any

from surveybuilder.scanning.answers import QuestionAnswer, Status

REPORT_FORMAT = "surveybuilder-scan-report/1"


class PageStatus:
    READ = "read"
    NEEDS_PERSON = "needs-person"
    NOT_OURS = "not-ours"
    OTHER_CONSULTATION = "other-consultation"
    DUPLICATE = "duplicate"
    MISSING_PAGES = "missing-pages"


@dataclass
class PageReport:
    source: str
    number: int  # page within its file, from 1
    status: str
    reason: str = ""
    consultation: str | None = None
    version: int | None = None
    print_format: str | None = None
    size_pt: int | None = None
    copy: int | None = None
    page: int | None = None
    layout_id: str | None = None
    copy_ordinal: int | None = None  # which copy of this batch it belongs to
    alignment_mm: float | None = None
    turned_degrees: float | None = None  # 180 for a page scanned upside down


@dataclass
class CopyReport:
    ordinal: int
    number: int
    version: int
    print_format: str
    layout_id: str
    pages: list[int]
    missing_pages: list[int]
    questions: list[QuestionAnswer]

    @property
    def needs_person(self) -> bool:
        return bool(self.missing_pages) or any(
            q.status in (Status.DOUBT, Status.TO_TYPE, Status.MISSING) for q in self.questions)


@dataclass
class BatchReport:
    consultation: str
    batch: str
    pages: list[PageReport] = field(default_factory=list)
    copies: list[CopyReport] = field(default_factory=list)
    files: list[dict[str, str]] = field(default_factory=list)  # files that were not read

    def counts(self) -> dict[str, int]:
        counted: dict[str, int] = {}
        for page in self.pages:
            counted[page.status] = counted.get(page.status, 0) + 1
        return counted

    def as_json(self) -> dict[str, Any]:
        return {
            "format": REPORT_FORMAT, "consultation": self.consultation, "batch": self.batch,
            "page_counts": self.counts(),
            "files_not_read": self.files,
            "pages": [vars(page) for page in self.pages],
            "copies": [{
                "copy": c.ordinal, "copy_number": c.number, "version": c.version,
                "print_format": c.print_format, "layout_id": c.layout_id, "pages": c.pages,
                "missing_pages": c.missing_pages, "needs_person": c.needs_person,
                "questions": [_question(q) for q in c.questions]} for c in self.copies],
        }


def _question(answer: QuestionAnswer) -> dict[str, Any]:
    value = answer.value
    return {"question": answer.key, "number": answer.number, "type": answer.type,
            "status": answer.status,
            "answer": value.isoformat() if hasattr(value, "isoformat") else value,
            "confidence": answer.confidence, "doubts": answer.doubts, "marks": answer.marks,
            "pages": answer.pages,
            "images": {box: base64.b64encode(png).decode() for box, png in answer.crops.items()}}
