"""The stages joined: files in, a report out.

`read_batch` is what the command line, the staff pages and the benchmark call. Where
layouts and survey versions come from is given to it (`Sources`): `stored_sources`
takes them from the file store (every layout a consultation printed, by its
identifier) and the database (every published version), so a form printed months ago
is read against its own layout and its own version.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
from sqlmodel import Session, select

from surveybuilder.files import FileStore
from surveybuilder.models import Consultation, SurveyVersion
from surveybuilder.printing.cache import layout_key
from surveybuilder.printing.marks import ENGLISH, BadPayload, PageIdentity, parse_payload
from surveybuilder.scanning import answers, images, locating, marks
from surveybuilder.scanning.copies import PlacedPage, group
from surveybuilder.scanning.report import BatchReport, CopyReport, PageReport, PageStatus
from surveybuilder.survey.definition import SurveyDefinition
from surveybuilder.survey.loading import load_definition

PX_PER_MM = 8.0  # the page is read lined up at about 200 dpi, whatever it was scanned at


@dataclass(frozen=True)
class Sources:
    """The layout a page was printed with, and a survey version by number."""

    layout: Callable[[PageIdentity], dict[str, Any] | None]
    definition: Callable[[int], SurveyDefinition | None]


@dataclass(frozen=True)
class Settings:
    limits: images.Limits
    thresholds: marks.Thresholds = marks.DEFAULT_THRESHOLDS

    @classmethod
    def from_settings(cls, config: dict) -> Settings:
        return cls(images.Limits.from_settings(config), marks.Thresholds.from_settings(config))


def read_batch(files: Iterable[tuple[str, bytes]], slug: str, sources: Sources,
               settings: Settings, batch: str = "",
               on_page: Callable[[images.PageImage], None] | None = None) -> BatchReport:
    """Every page of every file read, grouped into copies, and answered. `on_page` is
    told of each page before it is read (the staff pages keep its image and show how
    far the reading has got)."""
    report = BatchReport(slug, batch)
    placed: list[PlacedPage] = []
    for name, data in files:
        try:
            for page in images.page_images(name, data, settings.limits, len(report.pages)):
                if on_page is not None:
                    on_page(page)
                page_report, found = read_page(page, slug, sources, settings.thresholds,
                                               len(report.pages))
                report.pages.append(page_report)
                if found:
                    placed.append(found)
        except images.UnreadableFile as exc:
            report.files.append({"file": name, "reason": str(exc)})
    _group_and_answer(report, placed, sources)
    return report


def read_page(page: images.PageImage, slug: str, sources: Sources,
              thresholds: marks.Thresholds, index: int = 0
              ) -> tuple[PageReport, PlacedPage | None]:
    """One page: what it is and, when it is ours, every box on it read."""
    report = PageReport(page.source, page.number, PageStatus.NOT_OURS)
    codes = locating.read_codes(page.image)
    identity, code = _ours(codes)
    if identity is None:
        report.reason = ("a QR code that is not a Surveybuilder page code" if codes
                         else "no page code found")
        return report, None
    report.consultation, report.version = identity.consultation, identity.version
    report.print_format, report.size_pt = identity.print_format, identity.size_pt
    report.copy, report.page = identity.copy, identity.page
    report.layout_id = identity.layout or None
    if identity.consultation != slug:
        report.status = PageStatus.OTHER_CONSULTATION
        report.reason = f"a page of '{identity.consultation}', not of '{slug}'"
        return report, None
    layout = sources.layout(identity)
    report.status = PageStatus.NEEDS_PERSON
    if layout is None:
        report.reason = "the layout this page was printed with is not kept"
        return report, None
    placed = PlacedPage(index, identity, layout)
    try:
        alignment = locating.align(page.image, code, layout["marks"])
    except locating.CannotAlign as exc:
        report.reason = f"it could not be lined up: {exc}"
        placed.aligned = False
        return report, placed
    report.alignment_mm = round(alignment.error_mm, 2)
    report.turned_degrees = round(alignment.turned_degrees(), 1)
    square = locating.rectify(page.image, alignment, tuple(layout["page_size_mm"]), PX_PER_MM)
    if images.is_one_bit(page.image):
        thresholds = thresholds.for_one_bit()
    _read_boxes(square, layout, identity.page, placed, thresholds)
    report.status = PageStatus.READ
    return report, placed


def _ours(codes: list[locating.PageCode]) -> tuple[PageIdentity | None, Any]:
    for code in codes:
        try:
            return parse_payload(code.text), code
        except BadPayload:
            continue
    return None, None


def _read_boxes(square: np.ndarray, layout: dict[str, Any], page: int, placed: PlacedPage,
                thresholds: marks.Thresholds) -> None:
    border = float(layout.get("box_border_mm", 0.4))
    for box in layout["boxes"]:
        if box["page"] != page:
            continue
        reading = marks.read_box(square, box, PX_PER_MM, border, thresholds)
        placed.readings[box["id"]] = reading
        if reading.mark != marks.Mark.EMPTY:  # answers keeps those a person must see
            placed.crops[box["id"]] = marks.crop(square, box, PX_PER_MM)


def _group_and_answer(report: BatchReport, placed: list[PlacedPage], sources: Sources) -> None:
    grouped = group(placed)
    for index, original in grouped.duplicates.items():
        page = report.pages[index]
        page.status = PageStatus.DUPLICATE
        first = report.pages[original.index]
        page.reason = f"the same page as {first.source} page {first.number}"
    for copy in grouped.copies:
        version = copy.layout["version"]
        definition = sources.definition(version)
        if definition is None:
            for page in copy.pages.values():
                report.pages[page.index].status = PageStatus.NEEDS_PERSON
                report.pages[page.index].reason = f"version {version} of the survey is not kept"
            continue
        questions = answers.read_copy(copy, definition)
        report.copies.append(CopyReport(
            copy.ordinal, copy.number, version, copy.layout["print_format"],
            copy.layout.get("layout_id", ""), sorted(copy.pages), copy.missing, questions))
        for number, page in copy.pages.items():
            _page_status(report.pages[page.index], number, copy.missing, questions)
            report.pages[page.index].copy_ordinal = copy.ordinal


def _page_status(page: PageReport, number: int, missing: list[int],
                 questions: list[answers.QuestionAnswer]) -> None:
    if page.status != PageStatus.READ:
        return
    here = [q for q in questions if number in q.pages]
    doubts = [q for q in here if q.status == answers.Status.DOUBT]
    typing = [q for q in here if q.status == answers.Status.TO_TYPE]
    if missing:
        page.status = PageStatus.MISSING_PAGES
        page.reason = "its copy has no page " + ", ".join(str(m) for m in missing)
    elif doubts or typing:
        page.status = PageStatus.NEEDS_PERSON
        page.reason = "; ".join(
            ([f"{len(doubts)} question{'' if len(doubts) == 1 else 's'} to check"]
             if doubts else [])
            + ([f"{len(typing)} written answer{'' if len(typing) == 1 else 's'} to type"]
               if typing else []))


def stored_sources(session: Session, store: FileStore, consultation: Consultation) -> Sources:
    """Layouts from the file store and versions from the database, each read once."""
    layouts: dict[str, dict[str, Any] | None] = {}
    versions: dict[int, SurveyDefinition | None] = {}

    def layout(identity: PageIdentity) -> dict[str, Any] | None:
        if identity.layout not in layouts:
            data = store.get(layout_key(consultation.id, identity.layout)) \
                if identity.layout else None
            layouts[identity.layout] = json.loads(data) if data else None
        found = layouts[identity.layout]
        if found and (found["version"], found["print_format"], found["size_pt"],
                      found.get("language", ENGLISH)) != (
                identity.version, identity.print_format, identity.size_pt,
                identity.language):
            return None  # a code that does not match its own layout is not trusted
        return found

    def definition(number: int) -> SurveyDefinition | None:
        if number not in versions:
            version = session.exec(select(SurveyVersion).where(
                SurveyVersion.consultation_id == consultation.id,
                SurveyVersion.number == number)).first()
            versions[number] = load_definition(version.definition) if version else None
        return versions[number]

    return Sources(layout, definition)
