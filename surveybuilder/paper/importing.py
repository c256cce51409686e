"""Importing responses gathered elsewhere, from a CSV, Excel or JSON file, row by row.

Each row is read with the same `read_answer` every channel uses and stored with
`responses.storage.submit`, one transaction per row. A row with any problem is
rejected whole and nothing of it is stored; the report gives its row number and every
reason in plain words. The file format is described in docs/importing-responses.md.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from openpyxl import load_workbook
from sqlmodel import Session

from surveybuilder.consultations import lifecycle
from surveybuilder.formats import PAPER
from surveybuilder.models import Consultation
from surveybuilder.responses import storage
from surveybuilder.survey import journey as route
from surveybuilder.survey.answers import (
    SITE_DEFAULTS,
    AnswerError,
    AnswerValue,
    Limits,
    read_answer,
)
from surveybuilder.survey.definition import QuestionBase, SurveyDefinition
from surveybuilder.survey.languages import BY_CODE, ENGLISH
from surveybuilder.survey.loading import load_definition
from surveybuilder.survey.numbering import question_numbers
from surveybuilder.survey.reading import FileProblem, decode, parse_json, refuse_too_large

FILE_FORMATS = ("csv", "xlsx", "json")
CODES_SHEET = "Codes"
"""An exported workbook's sheet of codes (results.exports): imported in preference to
its first sheet, whose answers are in words under two header rows."""
META_COLUMNS = ("id", "channel", "format", "language", "submitted_at")
# Written by our own JSON export; an export from another installation imports as it is.
EXPORT_ONLY = ("reference", "version")
DEFAULT_CHANNEL = PAPER.value
ID_MAX = 40


class ImportFileError(ValueError):
    """The whole file cannot be imported (unreadable, or columns that are not
    questions); nothing is stored. The message says how to fix it."""


@dataclass(frozen=True)
class Rejected:
    row: int
    reasons: list[str]


@dataclass
class ImportReport:
    imported: list[tuple[int, str]] = field(default_factory=list)  # (row, reference)
    rejected: list[Rejected] = field(default_factory=list)

    def lines(self) -> list[str]:
        """The report as plain lines, for the command line."""
        lines = [f"Imported {len(self.imported)} response"
                 f"{'' if len(self.imported) == 1 else 's'}."]
        if self.rejected:
            lines.append(f"Rejected {len(self.rejected)} row"
                         f"{'' if len(self.rejected) == 1 else 's'}; nothing from them was "
                         "stored:")
            lines += [f"  Row {r.row}: {'; '.join(r.reasons)}" for r in self.rejected]
        return lines


# Reading the file ------------------------------------------------------------------------

def file_format_of(name: str, given: str | None = None) -> str:
    """The format asked for, or the one the file's name ends with."""
    chosen = (given or name.rsplit(".", 1)[-1]).lower()
    if chosen not in FILE_FORMATS:
        raise ImportFileError("Say whether the file is CSV, Excel or JSON with --format "
                              "csv, xlsx or json, or name it .csv, .xlsx or .json")
    return chosen


def read_file_rows(data: bytes, file_format: str, max_bytes: int | None = None
                   ) -> list[tuple[int, Any]]:
    """`read_rows` from a file's bytes: anything but UTF-8 is refused, naming the
    encoding found, as is a file larger than `max_bytes`. A workbook is read from its
    cells."""
    if file_format == "xlsx":
        return _xlsx_rows(data, max_bytes)
    try:
        text = decode(data, max_bytes)
    except FileProblem as exc:
        raise ImportFileError(_sentences(exc.problems)) from None
    return read_rows(text, file_format)


def read_rows(text: str, file_format: str) -> list[tuple[int, Any]]:
    """(row number, row) pairs. CSV rows are numbered as a spreadsheet shows them, the
    header being row 1; JSON rows are numbered 1, 2, 3… in the list of responses."""
    if file_format == "csv":
        return _csv_rows(text)
    try:
        data = parse_json(text)
    except FileProblem as exc:
        raise ImportFileError(_sentences(exc.problems)) from None
    responses = data.get("responses") if isinstance(data, dict) else data
    if not isinstance(responses, list):
        raise ImportFileError("The JSON file must be a list of responses, or an object with "
                              "a “responses” list")
    if not responses:
        raise ImportFileError("The JSON file's list of responses is empty")
    return list(enumerate(responses, start=1))


def _csv_rows(text: str) -> list[tuple[int, Any]]:
    """csv's own errors (a cell over its field size limit, a NUL) become a reason with
    the line; repeated column names are refused, as DictReader keeps only the last."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    rows: list[tuple[int, Any]] = []
    number = 1  # the row being read, as a spreadsheet numbers it
    try:
        columns = reader.fieldnames
        if not columns:
            raise ImportFileError("The CSV file is empty: its first row must name the "
                                  "columns")
        number = 2
        for row in reader:
            rows.append((number, row))
            number += 1
    except csv.Error as exc:
        raise ImportFileError(_csv_problem(str(exc), number)) from None
    _refuse_repeated(columns)
    if not rows:
        raise ImportFileError("The CSV file has only its heading row: there are no "
                              "responses in it")
    return rows


def _xlsx_rows(data: bytes, max_bytes: int | None) -> list[tuple[int, Any]]:
    """Rows of a workbook's "Codes" sheet, else its first: the first row names the
    columns and rows are numbered as Excel shows them. Dates become 2027-03-27 and whole
    numbers lose Excel's ".0", so each cell reads as it would from a CSV."""
    try:
        refuse_too_large(len(data), max_bytes)
    except FileProblem as exc:
        raise ImportFileError(_sentences(exc.problems)) from None
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise ImportFileError("The file cannot be read as an Excel workbook (.xlsx). Save "
                              "it from your spreadsheet program as an Excel workbook or "
                              "as CSV UTF-8 and try again") from None
    try:
        sheet = book[CODES_SHEET] if CODES_SHEET in book.sheetnames else book.worksheets[0]
        table = [[_cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        book.close()
    while table and not any(table[-1]):
        table.pop()
    if not table or not any(table[0]):
        raise ImportFileError("The workbook is empty: its first row must name the columns")
    header = [h.strip() for h in table[0]]
    while header and not header[-1]:
        header.pop()
    return _named_rows(header, [(n, r) for n, r in enumerate(table[1:], start=2)
                                if any(r)])


def _refuse_repeated(columns: list[str]) -> None:
    """A repeated column would lose all but one of its answers (as DictReader keeps only
    the last), so the file is refused."""
    repeated = [c for c in dict.fromkeys(columns) if columns.count(c) > 1]
    if repeated:
        raise ImportFileError("These columns appear more than once: "
                              + ", ".join(f"“{c}”" for c in repeated)
                              + ". Keep one column for each question")


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value.date().isoformat() if isinstance(value, datetime) else value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _named_rows(header: list[str], rows: list[tuple[int, list[str]]]
                ) -> list[tuple[int, Any]]:
    """Rows as {column: cell}, as csv.DictReader gives them (extra cells under None)."""
    _refuse_repeated(header)
    if not rows:
        raise ImportFileError("The workbook has only its heading row: there are no "
                              "responses in it")
    named = []
    for number, cells in rows:
        row: dict[Any, Any] = dict(zip(header, cells, strict=False))
        extra = [c for c in cells[len(header):] if c]
        if extra:
            row[None] = extra
        named.append((number, row))
    return named


def _csv_problem(message: str, row: int) -> str:
    if "field larger than field limit" in message:
        return (f"Row {row} has a cell longer than {csv.field_size_limit():,} "
                "characters, far more than any answer can be")
    return f"Row {row} cannot be read as CSV ({message})"


def _sentences(problems: list[str]) -> str:
    return "\n".join(p[0].upper() + p[1:] for p in problems)


# Importing ---------------------------------------------------------------------------------

def import_responses(session: Session, consultation: Consultation, rows: list[tuple[int, Any]],
                     limits: Limits = SITE_DEFAULTS) -> ImportReport:
    """Store every acceptable row as a response to the live version; reject the rest."""
    version = lifecycle.live_version(session, consultation)
    if version is None:
        raise ImportFileError(f"“{consultation.title}” is not published yet. Publish it, "
                              "then import its responses")
    definition = load_definition(version.definition)
    _check_columns(definition, rows)
    report = ImportReport()
    for number, row in rows:
        reasons, record = _read_row(consultation, definition, row, limits)
        if reasons:
            report.rejected.append(Rejected(number, reasons))
            continue
        response, created = storage.submit(
            session, consultation, version.id, definition, record["answers"], record["channel"],
            record["format"], submission_key=record["key"],
            submitted_at=record["submitted_at"], language=record["language"])
        if created:
            report.imported.append((number, storage.format_reference(response.reference)))
        else:
            report.rejected.append(Rejected(number, [
                f"a response with id “{record['id']}” was imported before (reference "
                f"{storage.format_reference(response.reference)}), so it is not stored "
                "again"]))
    return report


def _check_columns(definition: SurveyDefinition, rows: list[tuple[int, Any]]) -> None:
    """CSV columns that are not questions make the whole file suspect (a different
    survey, or a misspelt heading), so nothing is imported until they are fixed."""
    csv_rows = [row for _, row in rows if isinstance(row, dict) and "answers" not in row]
    if not csv_rows:
        return
    columns = list(csv_rows[0])
    unknown = [c for c in columns if c is not None and c not in META_COLUMNS
               and _question(definition, c) is None]
    if unknown:
        raise ImportFileError("These columns are not questions of this consultation: "
                              + ", ".join(f"“{c}”" for c in unknown)
                              + ". Name each answer column after its question's key")


def _question(definition: SurveyDefinition, key: str) -> QuestionBase | None:
    question = definition.question(key)
    return question if question is not None and question.answerable else None


def _read_row(consultation: Consultation, definition: SurveyDefinition, row: Any,
              limits: Limits) -> tuple[list[str], dict[str, Any]]:
    """(reasons, record): the reasons the row is rejected, or what to store."""
    if isinstance(row, dict) and "answers" in row:
        meta, given = row, row["answers"]
        extra = [k for k in row if k not in (*META_COLUMNS, *EXPORT_ONLY, "answers")]
        if not isinstance(given, dict):
            return ["“answers” must be an object of question key and answer"], {}
    elif isinstance(row, dict):
        if None in row:
            return ["it has more values than the file has columns"], {}
        meta, given, extra = row, {k: v for k, v in row.items() if k not in META_COLUMNS}, []
    else:
        return ["it is not an object with “answers”"], {}
    reasons = [f"“{k}” is not something a response can have" for k in extra]
    answers = _answers(definition, given, reasons, limits)
    record = {"answers": answers, **_meta(consultation, meta, reasons)}
    return reasons, record


def _answers(definition: SurveyDefinition, given: Mapping[str, Any], reasons: list[str],
             limits: Limits) -> dict[str, AnswerValue]:
    numbers = question_numbers(definition)
    answers: dict[str, AnswerValue] = {}
    for key, value in given.items():
        question = _question(definition, key)
        if question is None:
            reasons.append(f"“{key}” is not a question of this consultation")
            continue
        try:
            read = read_answer(question, _raw(question, value), limits, require=False)
        except AnswerError as exc:
            reasons.append(f"question {numbers[key]} ({key}): {exc}")
            continue
        if read is not None:
            answers[key] = read
    kept = route.prune(definition, answers)
    for key in answers.keys() - kept.keys():
        condition = definition.question(key).show_if
        reasons.append(f"question {numbers[key]} ({key}) is asked only when "
                       f"{condition.question} is {' or '.join(condition.in_)}, so it must "
                       "be empty here" if condition else
                       f"question {numbers[key]} ({key}) is in a section this response "
                       "would not be shown, so it must be empty")
    return answers


def _raw(question: QuestionBase, value: Any) -> dict[str, list[str]]:
    """A file's value as the form fields `read_answer` reads (the type decides)."""
    if value is None or value == "" or value == []:
        return {}
    return question.import_cell(value)


def _meta(consultation: Consultation, row: Mapping[str, Any], reasons: list[str]
          ) -> dict[str, Any]:
    channel = str(row.get("channel") or DEFAULT_CHANNEL).strip().lower()
    if channel not in storage.CHANNELS:
        reasons.append(f"channel must be {' or '.join(storage.CHANNELS)}, not “{channel}”")
    answer_format = str(row.get("format") or "standard").strip().lower().replace("-", "_")
    if answer_format not in storage.FORMATS:
        reasons.append(f"format must be one of {', '.join(storage.FORMATS)}, not "
                       f"“{answer_format}”")
    language = str(row.get("language") or ENGLISH).strip()
    if language != ENGLISH and language not in BY_CODE:
        reasons.append(f"language must be {ENGLISH} or one of {', '.join(BY_CODE)}, not "
                       f"“{language}”")
    submitted_at = _when(str(row.get("submitted_at") or "").strip(), reasons)
    given_id = str(row.get("id") or "").strip()
    if len(given_id) > ID_MAX:
        reasons.append(f"id must be {ID_MAX} characters or fewer")
    key = f"import-{consultation.id}-{given_id}" if given_id else None
    return {"channel": channel, "format": answer_format, "submitted_at": submitted_at,
            "id": given_id, "key": key, "language": language}


def _when(text: str, reasons: list[str]) -> datetime | None:
    if not text:
        return None
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        reasons.append(f"submitted_at “{text}” is not a date and time like "
                       "2027-02-14T10:30:00 or 2027-02-14")
        return None
    when = when if when.tzinfo else when.replace(tzinfo=UTC)
    if when > datetime.now(UTC):
        reasons.append(f"submitted_at “{text}” is in the future")
    return when
