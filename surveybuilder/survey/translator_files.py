"""The files a consultation's texts go to translators in, and come back in (issue 15 item 2).

Two kinds, one list of texts (`survey/texts.py`) and one reading of each:
- **XLIFF 2.0**, what translation agencies' tools read: one `<unit id>` per text, named
  by its stable id, with notes saying where the text is ("Question 3 hint"), its
  character limit and the fingerprint of the English it shows;
- **XLSX**, for a translator with a spreadsheet: a row per text (Id, Where, English,
  Translation, Notes, Character limit, Source fingerprint), header frozen, the sheet
  protected except the Translation column, and an Instructions sheet.

Reading a file back is all or nothing: `read_file` gives either the translations to
keep or every problem found, each with its place (a unit id or a row), and a file with
any problem imports nothing. A translation made from English that has changed since
the file was written is imported, keeping the fingerprint of the English it was made
from, so it shows as "needs updating" (`translations.gaps`) until a translator looks
again; an empty translation is skipped (a file never deletes a translation).

Uploads are parsed safely: XML through `defusedxml` with DTDs refused (so no external
entities and no entity expansion), and a workbook is opened only after its size and the
unpacked size of its parts are checked (openpyxl itself parses through defusedxml when
it is installed, as it is here). The size limit is the caller's (the setting
TRANSLATION_FILE_MAX_MB).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any
from xml.etree.ElementTree import Element, ParseError, SubElement, tostring

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, Protection

from surveybuilder.survey.cells import text_cell, uninert
from surveybuilder.survey.definition import TRANSLATION_MAX, SurveyDefinition
from surveybuilder.survey.languages import language
from surveybuilder.survey.loading import Problem
from surveybuilder.survey.numbering import question_numbers
from surveybuilder.survey.texts import english_texts, fingerprint, slots
from surveybuilder.survey.translations import TITLE_MAX, where

XLIFF_NS = "urn:oasis:names:tc:xliff:document:2.0"
SOURCE_LANGUAGE = "en-GB"
ORIGINAL = "surveybuilder:{}"
NEEDS_UPDATING = "surveybuilder:needs-updating"
WHERE_NOTE, LIMIT_NOTE, FINGERPRINT_NOTE = "location", "character-limit", "source-fingerprint"
LABEL_MAX = 2000  # a question's text, an option's label, a section's title (survey types)
UNPACKED_TIMES = 20  # a workbook's parts may unpack to this many times the size limit
FINGERPRINT = re.compile(r"^[0-9a-f]{12}$")

SHEET, INSTRUCTIONS = "Translations", "Instructions"
COLUMNS = ("Id", "Where", "English (source)", "Translation (target)", "Notes",
           "Character limit", "Source fingerprint")
NEEDED = {"Id": "id", "English (source)": "english", "Translation (target)": "translation",
          "Source fingerprint": "fingerprint"}
CONSULTATION_LABEL, LANGUAGE_LABEL = "Consultation", "Language code"
ANOTHER = "the file is for another consultation"

Row = tuple[str, str, str, str, str]
"""(place, text id, English, translation, fingerprint noted) as read from a file."""


@dataclass(frozen=True)
class Entry:
    """One text as a translator file shows it."""

    id: str
    where: str
    english: str
    fingerprint: str
    limit: int
    translation: str
    needs_updating: bool


@dataclass(frozen=True)
class Translated:
    """A translation read from a file: `source` is the fingerprint of the English it was
    made from, which differs from today's English's when it `needs_updating`."""

    text_id: str
    text: str
    source: str
    needs_updating: bool


@dataclass(frozen=True)
class Reading:
    """What a file gave: the translations to keep, or the problems that stop it, each
    with its place (`Problem.path`: a unit id, a row, or the file)."""

    texts: tuple[Translated, ...] = ()
    problems: tuple[Problem, ...] = ()

    @property
    def needs_updating(self) -> int:
        return sum(1 for t in self.texts if t.needs_updating)


class FileKind:
    XLIFF, XLSX = "xliff", "xlsx"
    SUFFIX = {XLIFF: "xlf", XLSX: "xlsx"}
    MEDIA_TYPE = {XLIFF: "application/xliff+xml",
                  XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def character_limit(text_id: str) -> int:
    """The most characters a translation of this text may have: what the definition
    accepts where the translation is shown (a title 200, a question or answer 2,000)."""
    if text_id == "title":
        return TITLE_MAX
    parts = text_id.split(".")
    if parts[-1] in ("label",) or (parts[0] == "questions" and parts[-1] == "text") or (
            parts[0] == "sections" and parts[-1] == "title"):
        return LABEL_MAX
    return TRANSLATION_MAX


def entries(definition: SurveyDefinition, code: str) -> list[Entry]:
    """Every text of the definition with its translation into `code`, if any, in
    definition order."""
    data = definition.to_json()
    english = english_texts(data)
    numbers = question_numbers(definition)
    given = definition.translations.get(code, {})
    found = []
    for slot in slots(data):
        done = given.get(slot.id)
        mark = fingerprint(slot.english)
        found.append(Entry(slot.id, where(slot.id, numbers, english), slot.english, mark,
                           character_limit(slot.id), done.text if done else "",
                           bool(done) and done.source != mark))
    return found


def file_name(definition: SurveyDefinition, code: str, kind: str) -> str:
    return f"{definition.slug}-{code}.{FileKind.SUFFIX[kind]}"


# Writing ------------------------------------------------------------------------------

def write_xliff(definition: SurveyDefinition, code: str) -> bytes:
    """The texts as an XLIFF 2.0 document, UTF-8."""
    root = Element("xliff", {"xmlns": XLIFF_NS, "version": "2.0",
                             "srcLang": SOURCE_LANGUAGE, "trgLang": code})
    file = SubElement(root, "file", {"id": "f1", "original": ORIGINAL.format(definition.slug),
                                     "canResegment": "no", "xml:space": "preserve"})
    notes = SubElement(file, "notes")
    SubElement(notes, "note", {"category": "instructions"}).text = _about(definition, code)
    for entry in entries(definition, code):
        _unit(file, entry)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + tostring(root, encoding="unicode"
                                                                   ).encode("utf-8")


def _unit(file: Element, entry: Entry) -> None:
    unit = SubElement(file, "unit", {"id": entry.id})
    notes = SubElement(unit, "notes")
    SubElement(notes, "note", {"category": WHERE_NOTE}).text = entry.where
    SubElement(notes, "note", {"category": LIMIT_NOTE}).text = str(entry.limit)
    SubElement(notes, "note", {"category": FINGERPRINT_NOTE}).text = entry.fingerprint
    state = {"state": "initial"}
    if entry.translation:
        state = ({"state": "initial", "subState": NEEDS_UPDATING} if entry.needs_updating
                 else {"state": "translated"})
    segment = SubElement(unit, "segment", state)
    SubElement(segment, "source").text = entry.english
    if entry.translation:
        SubElement(segment, "target").text = entry.translation


def _about(definition: SurveyDefinition, code: str) -> str:
    return (f"Texts of the consultation “{definition.title}” to translate from English "
            f"into {language(code).english}. Keep each unit's id. A translation longer "
            f"than its character limit is refused.")


INSTRUCTIONS_TEXT = (
    "How to translate this file",
    "Write each translation in the Translation (target) column, on the row of the English "
    "it translates. The other columns are locked: do not change them.",
    "Where says where residents see the text, for example “Question 3 hint”.",
    "Keep to the character limit: a longer translation is refused when the file is "
    "uploaded.",
    "Leave a cell empty if you have not translated that text. An empty cell never "
    "removes an earlier translation.",
    "A row whose Notes say “needs updating” has a translation of English that has "
    "changed since: check it against the English shown and correct it.",
    "Do not add, remove or reorder columns, or change the Id column: each row is matched "
    "to its text by its Id.",
    "Save the file as .xlsx and send it back. Staff upload it on the consultation's "
    "Translations page. If anything in it is wrong, nothing is imported and every "
    "problem is listed.",
)


def write_xlsx(definition: SurveyDefinition, code: str) -> bytes:
    """The texts as a workbook: the Translations sheet and the Instructions sheet."""
    book = Workbook(write_only=True)
    _translations_sheet(book, definition, code)
    _instructions_sheet(book, definition, code)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _translations_sheet(book: Workbook, definition: SurveyDefinition, code: str) -> None:
    sheet = book.create_sheet(SHEET)
    sheet.freeze_panes = "A2"
    sheet.protection.sheet = True
    for name in ("formatColumns", "formatRows", "autoFilter", "sort"):
        setattr(sheet.protection, name, False)
    for letter, width in zip("ABCDEFG", (28, 24, 50, 50, 24, 12, 16), strict=True):
        sheet.column_dimensions[letter].width = width
    bold, wrap = Font(bold=True), Alignment(wrap_text=True, vertical="top")
    sheet.append([text_cell(sheet, name, font=bold) for name in COLUMNS])
    open_cell = Protection(locked=False)
    for entry in entries(definition, code):
        notes = "needs updating: the English has changed" if entry.needs_updating else ""
        sheet.append([text_cell(sheet, entry.id), text_cell(sheet, entry.where, alignment=wrap),
                      text_cell(sheet, entry.english, alignment=wrap),
                      text_cell(sheet, entry.translation, alignment=wrap,
                                protection=open_cell),
                      text_cell(sheet, notes), entry.limit, text_cell(sheet, entry.fingerprint)])


def _instructions_sheet(book: Workbook, definition: SurveyDefinition, code: str) -> None:
    sheet = book.create_sheet(INSTRUCTIONS)
    sheet.protection.sheet = True
    sheet.column_dimensions["A"].width = 18
    sheet.column_dimensions["B"].width = 90
    sheet.append([text_cell(sheet, CONSULTATION_LABEL), text_cell(sheet, definition.slug)])
    sheet.append([text_cell(sheet, "Title"), text_cell(sheet, definition.title)])
    sheet.append([text_cell(sheet, LANGUAGE_LABEL), text_cell(sheet, code)])
    sheet.append([text_cell(sheet, "Language"),
                  text_cell(sheet, language(code).both_names)])
    sheet.append([])
    wrap = Alignment(wrap_text=True, vertical="top")
    sheet.append([None, text_cell(sheet, INSTRUCTIONS_TEXT[0], font=Font(bold=True))])
    for line in INSTRUCTIONS_TEXT[1:]:
        sheet.append([None, text_cell(sheet, line, alignment=wrap)])


# Reading ------------------------------------------------------------------------------

def read_file(content: bytes, definition: SurveyDefinition, code: str,
              max_bytes: int) -> tuple[str | None, Reading]:
    """Read an uploaded file of either kind (told apart by its first bytes, not its
    name): the kind found (None when neither) and what it gave."""
    if len(content) > max_bytes:
        return None, _refused("file", f"the file is larger than {_megabytes(max_bytes)}")
    if content.startswith(b"PK"):
        return FileKind.XLSX, read_xlsx(content, definition, code, max_bytes)
    if content.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        return FileKind.XLIFF, read_xliff(content, definition, code)
    return None, _refused("file", "the file is neither XLIFF 2.0 nor an Excel workbook "
                                  "(.xlsx); upload a file downloaded from this page")


def read_xliff(content: bytes, definition: SurveyDefinition, code: str) -> Reading:
    """Translations from an XLIFF 2.0 document written by `write_xliff` (and since
    filled in by a translator's tool)."""
    try:
        root = fromstring(content, forbid_dtd=True)
    except DefusedXmlException:
        return _refused("file", "the file declares a DTD or entities, which are not "
                                "accepted; export it again as plain XLIFF 2.0")
    except ParseError as exc:
        return _refused("file", f"the file is not well-formed XML ({exc})")
    problems = _xliff_header(root, definition, code)
    if any(p.message.startswith(ANOTHER) for p in problems) or not _is_xliff(root):
        return Reading(problems=tuple(problems))  # its units mean nothing here
    rows: list[Row | Problem] = []
    for unit in root.iter(_tag("unit")):
        place = f"unit {unit.get('id') or '(no id)'}"
        try:
            rows.append((place, unit.get("id") or "", *_unit_texts(unit)))
        except ValueError as exc:
            rows.append(Problem(place, str(exc)))
    return _judge(rows, definition, problems)


def _tag(name: str) -> str:
    return f"{{{XLIFF_NS}}}{name}"


def _is_xliff(root: Element) -> bool:
    return root.tag == _tag("xliff") and root.get("version") == "2.0"


def _xliff_header(root: Element, definition: SurveyDefinition, code: str) -> list[Problem]:
    """Problems with the document as a whole: not XLIFF 2.0, another language or another
    consultation."""
    if not _is_xliff(root):
        return [Problem("file", "the file is not XLIFF 2.0 (it needs an <xliff> element "
                                f"in the namespace {XLIFF_NS} with version=\"2.0\")")]
    problems = []
    if _primary(root.get("srcLang")) != "en":
        problems.append(Problem("file", f"the source language is "
                                        f"“{root.get('srcLang')}”, not English"))
    if _primary(root.get("trgLang")) != code:
        problems.append(Problem("file", f"the file is for the language “{root.get('trgLang')}”"
                                        f", not {language(code).english} ({code})"))
    files = root.findall(_tag("file"))
    expected = ORIGINAL.format(definition.slug)
    for file in files:
        if file.get("original") != expected:
            problems.append(Problem(f"file {file.get('id')}", f"{ANOTHER} "
                                    f"(“{file.get('original')}”, not "
                                    f"“{expected}”)"))
    if not files:
        problems.append(Problem("file", "the file has no <file> element"))
    return problems


def _primary(tag: str | None) -> str:
    return (tag or "").split("-")[0].lower()


def _unit_texts(unit: Element) -> tuple[str, str, str]:
    """(English, translation, fingerprint noted) of a unit; ValueError names what is
    wrong with its shape. Segments are joined in order, an ignorable's target falling
    back to its source."""
    parts = [child for child in unit if child.tag in (_tag("segment"), _tag("ignorable"))]
    if not parts:
        raise ValueError("the unit has no <segment>")
    english, target, complete = [], [], True
    for part in parts:
        source = part.find(_tag("source"))
        if source is None:
            raise ValueError("a segment has no <source>")
        translated = part.find(_tag("target"))
        english.append(_plain(source))
        if translated is not None:
            target.append(_plain(translated))
        elif part.tag == _tag("ignorable"):
            target.append(english[-1])
        else:
            complete = False
    noted = [note.text or "" for note in unit.iter(_tag("note"))
             if note.get("category") == FINGERPRINT_NOTE]
    return "".join(english), "".join(target) if complete else "", (noted or [""])[0].strip()


def _plain(element: Element) -> str:
    if len(element):
        raise ValueError(f"the text holds markup (<{element[0].tag.split('}')[-1]}>); "
                         "Surveybuilder texts are plain text")
    return element.text or ""


def read_xlsx(content: bytes, definition: SurveyDefinition, code: str,
              max_bytes: int) -> Reading:
    """Translations from a workbook written by `write_xlsx`, filled in by a translator."""
    unpacked = _unpacked_size(content)
    if unpacked is None:
        return _refused("file", "the file is not a readable Excel workbook (.xlsx)")
    if unpacked > max_bytes * UNPACKED_TIMES:
        return _refused("file", "the workbook unpacks to far more than a file of texts "
                                "would; it is not read")
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds for a damaged workbook
        return _refused("file", f"the workbook cannot be read ({type(exc).__name__})")
    try:
        problems = _workbook_identity(book, definition, code)
        if SHEET not in book.sheetnames:
            return Reading(problems=(*problems, Problem(
                "file", f"the workbook has no sheet named “{SHEET}”")))
        rows = list(book[SHEET].iter_rows(values_only=True))
    finally:
        book.close()
    columns, missing = _columns(rows[0] if rows else ())
    problems += missing
    if missing or any(p.message.startswith(ANOTHER) for p in problems):
        return Reading(problems=tuple(problems))  # its rows cannot be read, or mean nothing
    found = [(f"row {number}", *_row_texts(row, columns))
             for number, row in enumerate(rows[1:], start=2) if any(_filled(v) for v in row)]
    return _judge(found, definition, problems)


def _unpacked_size(content: bytes) -> int | None:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        return None


def _workbook_identity(book: Any, definition: SurveyDefinition, code: str) -> list[Problem]:
    if INSTRUCTIONS not in book.sheetnames:
        return [Problem("file", f"the workbook has no “{INSTRUCTIONS}” sheet, which names "
                                "the consultation and language it is for")]
    said = {str(row[0]): _text(row[1]) for row in book[INSTRUCTIONS].iter_rows(
        max_row=10, max_col=2, values_only=True) if row and row[0] and len(row) > 1}
    problems = []
    if said.get(CONSULTATION_LABEL) != definition.slug:
        problems.append(Problem(f"{INSTRUCTIONS} sheet", f"{ANOTHER} "
                                f"(“{said.get(CONSULTATION_LABEL, '')}”, not "
                                f"“{definition.slug}”)"))
    if _primary(said.get(LANGUAGE_LABEL)) != code:
        problems.append(Problem(f"{INSTRUCTIONS} sheet", f"the file is for the language "
                                f"“{said.get(LANGUAGE_LABEL, '')}”, not "
                                f"{language(code).english} ({code})"))
    return problems


def _columns(header: Iterable[Any]) -> tuple[dict[str, int], list[Problem]]:
    """Where each needed column is, by its heading; a problem for each one missing."""
    at = {_text(name).strip().lower(): index for index, name in enumerate(header)}
    columns, problems = {}, []
    for heading, name in NEEDED.items():
        if heading.lower() in at:
            columns[name] = at[heading.lower()]
        else:
            problems.append(Problem("row 1", f"the column “{heading}” is missing"))
    return columns, problems


def _row_texts(row: tuple[Any, ...], columns: dict[str, int]) -> tuple[str, str, str, str]:
    def cell(name: str) -> str:
        index = columns[name]
        return uninert(_text(row[index])) if index < len(row) else ""

    return (cell("id").strip(), cell("english"), cell("translation"),
            cell("fingerprint").strip())


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _filled(value: Any) -> bool:
    return value is not None and _text(value).strip() != ""


# Judging what was read ------------------------------------------------------------------

def _judge(rows: Sequence[Row | Problem], definition: SurveyDefinition,
           problems: list[Problem]) -> Reading:
    """Check every (place, id, English, translation, fingerprint) against today's
    texts: all problems (a row that could not be read is its problem, kept in its
    place), or the translations to keep."""
    english = english_texts(definition.to_json())
    seen: set[str] = set()
    kept = []
    for row in rows:
        if isinstance(row, Problem):
            problems.append(row)
            continue
        place, text_id, source_text, target, noted = row
        found = _row_problems(text_id, target, noted, english, seen)
        seen.add(text_id)
        problems += [Problem(place, message) for message in found]
        if not found and target.strip():
            made_from = noted or fingerprint(source_text)
            kept.append(Translated(text_id, target.strip(), made_from,
                                   made_from != fingerprint(english[text_id])))
    if not rows and not problems:
        problems.append(Problem("file", "the file has no texts"))
    return Reading(problems=tuple(problems)) if problems else Reading(texts=tuple(kept))


def _row_problems(text_id: str, target: str, noted: str, english: dict[str, str],
                  seen: set[str]) -> list[str]:
    if not text_id:
        return ["the id is missing"]
    if text_id not in english:
        return [f"“{text_id}” is not the id of any text in this consultation (a question "
                f"since deleted, or an id that was changed)"]
    found = []
    if text_id in seen:
        found.append(f"the id “{text_id}” appears more than once")
    if noted and not FINGERPRINT.match(noted):
        found.append(f"the source fingerprint “{noted}” is not one this tool wrote")
    limit = character_limit(text_id)
    if len(target.strip()) > limit:
        found.append(f"the translation has {len(target.strip()):,} characters; the limit "
                     f"is {limit:,}")
    return found


def _refused(place: str, message: str) -> Reading:
    return Reading(problems=(Problem(place, message),))


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:g} MB"
