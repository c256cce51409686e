"""Exports of responses and results, streamed so memory stays flat however many there are.

Offers
- `responses_csv(session, consultation, anonymised=False, codes=False)`: CSV text, a
  piece at a time, one row per response (columns in `docs/exports.md`, from
  `csv_columns`): answers in words headed by the questions' words, or with `codes` the
  option keys headed by the question keys, for joining and re-importing;
- `write_xlsx(session, consultation, target, anonymised=False)`: a workbook with the
  responses in words (under two header rows: the question keys, then their words), the
  same in codes, one summary sheet per question and the theme codebook, written with
  openpyxl's write-only mode (rows go to disk as they come);
- `responses_json(session, consultation, leave_out, summary=None)`: the responses (and
  optionally the summary first) as one JSON document, a piece at a time;
- `summary_json(summary)` and `summary_text(summary)` for the `results` command;
- `personal_keys(definition)`: the questions an anonymised export leaves out.

Every text a resident wrote that starts with `=`, `+`, `-`, `@`, a tab or a carriage
return is written with a leading apostrophe, so a spreadsheet shows it as text instead
of running it as a formula (CSV injection). Answers are decoded by `responses.storage`,
the module that encoded them, so an export shows exactly what was kept.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import IO, Any

from openpyxl import Workbook
from sqlalchemy import select
from sqlmodel import Session

from surveybuilder.models import (
    Answer,
    CommentCoding,
    CommentTheme,
    Consultation,
    Response,
    SurveyVersion,
)
from surveybuilder.responses.storage import answers_from_rows
from surveybuilder.results.counting import (
    ConsultationSummary,
    OptionCount,
    QuestionSummary,
    format_number,
    format_percent,
    live_definition,
)
from surveybuilder.results.suppression import answered_in, shown
from surveybuilder.results.themes import comment_questions, themes
from surveybuilder.survey.cells import FORMULA_STARTS, csv_writer, inert, text_cell  # noqa: F401 (tests read it here)
from surveybuilder.survey.definition import QuestionBase, SurveyDefinition
from surveybuilder.survey.languages import BY_CODE, ENGLISH_LANGUAGE
from surveybuilder.survey.loading import load_definition
from surveybuilder.survey.numbering import numbered_questions

BATCH = 500
FIXED_COLUMNS = ("reference", "submitted_at", "channel", "format", "language",
                 "language_name", "version")
"""`language` is the BCP 47 code the response was answered in (`en`, `pl`, `ur`), for
filtering and joining; `language_name` its name in English ("Polish"), for reading."""
THEMES = ".themes"
"""The part naming a question's themes column (no option key starts with a dot)."""


def english_name(code: str) -> str:
    """A language's name in English ("Polish"); a code no longer in the list as itself."""
    known = BY_CODE.get(code)
    return known.english if known else (ENGLISH_LANGUAGE.english if code == "en" else code)


def personal_keys(definition: SurveyDefinition | None) -> frozenset[str]:
    """Keys of questions flagged as personal data (left out of anonymised exports)."""
    if definition is None:
        return frozenset()
    return frozenset(q.key for q in definition.questions() if q.personal_data)


def iter_responses(session: Session, consultation: Consultation
                   ) -> Iterator[tuple[Response, SurveyVersion, dict[str, Any]]]:
    """Every response in submission order with its answers, read in batches."""
    definitions: dict[int, tuple[SurveyVersion, SurveyDefinition]] = {}
    last_id = 0
    while True:
        batch = session.execute(select(Response).where(
            Response.consultation_id == consultation.id, Response.id > last_id)
            .order_by(Response.id).limit(BATCH)).scalars().all()
        if not batch:
            return
        answers = _answers_for(session, [r.id for r in batch])
        for response in batch:
            if response.version_id not in definitions:
                version = session.get(SurveyVersion, response.version_id)
                definitions[response.version_id] = (version, load_definition(version.definition))
            version, definition = definitions[response.version_id]
            yield response, version, answers_from_rows(definition, answers.get(response.id, []))
        last_id = batch[-1].id


def _answers_for(session: Session, response_ids: list[int]) -> dict[int, list[Any]]:
    """Plain rows (not tracked objects), so a batch costs little and is then let go."""
    rows = session.execute(select(
        Answer.response_id, Answer.question_key, Answer.option_key, Answer.text_value,
        Answer.number_value, Answer.date_value)
        .where(Answer.response_id.in_(response_ids)).order_by(Answer.id)).all()
    grouped: dict[int, list[Any]] = {}
    for row in rows:
        grouped.setdefault(row.response_id, []).append(row)
    return grouped


def _theme_names(session: Session, consultation: Consultation, response_ids: list[int]
                 ) -> dict[tuple[int, str], list[str]]:
    """(response id, question key) → the names of the themes the first coder gave."""
    names = {t.id: t.name for t in themes(session, consultation)}
    if not names or not response_ids:
        return {}
    found: dict[tuple[int, str], list[str]] = {}
    for response_id, key, theme_id in session.execute(
            select(CommentCoding.response_id, CommentCoding.question_key, CommentTheme.theme_id)
            .join(CommentTheme, CommentTheme.coding_id == CommentCoding.id)
            .where(CommentCoding.response_id.in_(response_ids),
                   CommentCoding.second.is_(False)).order_by(CommentTheme.theme_id)):
        found.setdefault((response_id, key), []).append(names[theme_id])
    return found


def csv_columns(definition: SurveyDefinition | None, anonymised: bool = False
                ) -> list[tuple[str, QuestionBase | None, str | None]]:
    """(header, question, option) for every column after the fixed ones: one per
    question, one per option of a multiple choice, and a themes column after each
    free-text question."""
    columns: list[tuple[str, QuestionBase | None, str | None]] = []
    if definition is None:
        return columns
    leave_out = personal_keys(definition) if anonymised else frozenset()
    commented = {q.key for _, q in comment_questions(definition)}
    for _, question in numbered_questions(definition):
        if question.key in leave_out:
            continue
        columns += [(header, question, part) for header, part in question.export_columns()]
        if question.key in commented:
            columns.append((f"{question.key}.themes", question, THEMES))
    return columns


def word_headings(definition: SurveyDefinition | None, anonymised: bool = False
                  ) -> list[str]:
    """The columns of `csv_columns` headed in words: "1. How often do you visit?",
    "2. How do you get there?: Walk", "5. Any other ideas?: themes"."""
    numbers = {q.key: n for n, q in numbered_questions(definition)} if definition else {}
    return [f"{numbers[question.key]}. "
            + (f"{question.text}: themes" if option == THEMES
               else question.export_heading(option))
            for _, question, option in csv_columns(definition, anonymised)]


def _cell(question: QuestionBase, option: str | None, values: dict[str, Any],
          theme_names: list[str], codes: bool) -> Any:
    """The value of one column for one response, in words or as a code; "" when the
    question was not answered."""
    if option == THEMES:
        return inert("; ".join(theme_names))
    if question.key not in values:
        return ""
    value = values[question.key]
    cell = question.export_cell(value, option) if codes \
        else question.export_words(value, option)
    return inert(cell) if isinstance(cell, str) else cell


def _records(session: Session, consultation: Consultation, anonymised: bool,
             codes: bool = True, both_headings: bool = False) -> Iterator[list[Any]]:
    """The header row(s), then one row of values per response: codes under the keys,
    or words under the questions' words; `both_headings` gives the keys and then the
    words (a workbook, where a program reads the first row and a person the second)."""
    definition = live_definition(session, consultation)
    columns = csv_columns(definition, anonymised)
    if codes or both_headings:
        yield list(FIXED_COLUMNS) + [header for header, _, _ in columns]
    if not codes:
        yield list(FIXED_COLUMNS) + word_headings(definition, anonymised)
    pending: list[tuple[Response, SurveyVersion, dict[str, Any]]] = []
    for item in iter_responses(session, consultation):
        pending.append(item)
        if len(pending) == BATCH:
            yield from _rows(session, consultation, columns, pending, codes)
            pending = []
    yield from _rows(session, consultation, columns, pending, codes)


def _rows(session: Session, consultation: Consultation,
          columns: list[tuple[str, QuestionBase | None, str | None]],
          pending: list[tuple[Response, SurveyVersion, dict[str, Any]]],
          codes: bool) -> Iterator[list[Any]]:
    names = _theme_names(session, consultation, [r.id for r, _, _ in pending])
    for response, version, values in pending:
        yield [response.reference, response.submitted_at.isoformat(), response.channel,
               response.format, response.language, english_name(response.language),
               version.number] + [
            _cell(question, option, values, names.get((response.id, question.key), []),
                  codes)
            for _, question, option in columns]


def responses_csv(session: Session, consultation: Consultation,
                  anonymised: bool = False, codes: bool = False) -> Iterator[str]:
    """The responses as CSV (UTF-8 with a byte-order mark, so Excel reads accents),
    produced a few hundred rows at a time: in words, or with `codes` as keys."""
    buffer = io.StringIO()
    writer = csv_writer(buffer, lineterminator="\r\n")
    yield "\ufeff"
    for index, record in enumerate(_records(session, consultation, anonymised, codes)):
        writer.writerow(record)
        if index % 200 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def write_xlsx(session: Session, consultation: Consultation, target: str | Path | IO[bytes],
               summary: ConsultationSummary, anonymised: bool = False) -> None:
    """The workbook: "Responses" in words (two header rows: the keys, then the
    questions' words), "Codes" (the same responses as keys, like the codes CSV), one
    "Q1", "Q2"… sheet per question with its counts, and the theme "Codebook". Text
    cells are typed as text, so nothing is a formula."""
    book = Workbook(write_only=True)
    for title, codes in (("Responses", False), ("Codes", True)):
        sheet = book.create_sheet(title)
        for record in _records(session, consultation, anonymised, codes,
                               both_headings=True):
            sheet.append([_xlsx_cell(sheet, value) for value in record])
    leave_out = personal_keys(live_definition(session, consultation)) if anonymised \
        else frozenset()
    for question in summary.questions:
        if question.key not in leave_out:
            _summary_sheet(book, question)
    codebook = book.create_sheet("Codebook")
    codebook.append(["number", "theme", "description"])
    for theme in themes(session, consultation):
        codebook.append([theme.number, _xlsx_cell(codebook, theme.name),
                         _xlsx_cell(codebook, theme.description)])
    book.save(target)


_xlsx_cell = text_cell


def _summary_sheet(book: Workbook, question: QuestionSummary) -> None:
    sheet = book.create_sheet(f"Q{question.number}")
    sheet.append([_xlsx_cell(sheet, f"Question {question.number}: {question.text}")])
    sheet.append([_xlsx_cell(sheet, question.summary_line)])
    sheet.append(["respondents", question.respondents])
    sheet.append(["answered", question.answered])
    sheet.append(["not answered", question.not_answered])
    if question.rows:
        _rows_table(sheet, question)
    elif question.ranks:
        sheet.append(["option", "label", "put first", "% of those who answered put it first",
                      "ranked it", "mean rank (1 is first)"])
        for rank in question.ranks:
            sheet.append([rank.key, _xlsx_cell(sheet, rank.label), rank.first,
                          _round(rank.percent_first), rank.ranked, _round(rank.mean_rank, 2)])
    elif question.options:
        sheet.append(["option", "label", "count", "% of those who answered",
                      "% of all respondents"])
        for option in question.options:
            sheet.append([option.key, _xlsx_cell(sheet, option.label), option.count,
                          _round(option.percent_of_answered), _round(option.percent_of_all)])
    if question.numbers is not None:
        for name in ("minimum", "median", "mean", "maximum"):
            sheet.append([name, getattr(question.numbers, name)])


def _rows_table(sheet: Any, question: QuestionSummary) -> None:
    """A row per statement: how many answered it, then each answer's count and its
    percentage of those who answered that statement, answer by answer."""
    header = ["statement key", "statement text", "answered", "not answered"]
    for option in question.rows[0].options:
        header += [_xlsx_cell(sheet, option.label),
                   _xlsx_cell(sheet, f"{option.label} %")]
    sheet.append(header)
    for row in question.rows:
        cells = [row.key, _xlsx_cell(sheet, row.label), row.answered, row.not_answered]
        for option in row.options:
            cells += [option.count, _round(option.percent_of_answered)]
        sheet.append(cells)


def _round(value: float | None, places: int = 1) -> float | None:
    return None if value is None else round(value, places)


def responses_json(session: Session, consultation: Consultation,
                   leave_out: frozenset[str] = frozenset(),
                   summary: ConsultationSummary | None = None) -> Iterator[str]:
    """The responses as one JSON document, produced a piece at a time; keys in
    `leave_out` (personal data, for an anonymised export) are not written, nor their
    summaries."""
    head = {"consultation": consultation.slug}
    if summary is not None:
        head["summary"] = summary_json(summary, leave_out)
    yield json.dumps(head, ensure_ascii=False)[:-1] + ', "responses": ['
    for index, (response, version, values) in enumerate(iter_responses(session, consultation)):
        record = {
            "reference": response.reference,
            "submitted_at": response.submitted_at.isoformat(),
            "channel": response.channel,
            "format": response.format,
            "language": response.language,
            "version": version.number,
            "answers": {k: _json_value(v) for k, v in values.items() if k not in leave_out},
        }
        yield ("," if index else "") + "\n" + json.dumps(record, ensure_ascii=False)
    yield "\n]}\n"


def _json_value(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def summary_json(summary: ConsultationSummary,
                 leave_out: frozenset[str] = frozenset()) -> dict[str, Any]:
    """The summary as plain JSON data, each question with its one-line summary."""
    data = asdict(summary)
    data["filters"] = {k: (v.isoformat() if isinstance(v, date) else v)
                       for k, v in data["filters"].items()}
    data["in_english"] = sorted(summary.in_english)
    data["questions"] = [{**q, "summary": question.summary_line}
                         for q, question in zip(data["questions"], summary.questions,
                                                strict=True)
                         if q["key"] not in leave_out]
    return data


def summary_text(summary: ConsultationSummary) -> str:
    """The summary as plain text for a terminal: one block per question. A published
    summary says "fewer than 5" or "hidden" where counts are hidden."""
    threshold = summary.threshold or 0

    def count(option: OptionCount) -> str:
        return shown(option.count, option.hidden, threshold)

    lines = [f"{summary.title} ({summary.slug})", f"Respondents: {summary.respondents:,}"]
    for label, counts in (("Channel", summary.by_channel), ("Format", summary.by_format)):
        lines.append(f"{label}: " + ", ".join(f"{o.label} {count(o)}" for o in counts))
    if answered_in(summary.by_language, threshold):
        lines.append(answered_in(summary.by_language, threshold))
    for question in summary.questions:
        lines += ["", f"Q{question.number}. {question.text}", f"  {question.summary_line}"]
        if question.rows or question.ranks:
            lines += _parts_text(question, threshold) if not question.hidden else []
            continue
        for option in question.options if not question.hidden else ():
            share = option.percent_of_answered if option.percent_of_answered is not None \
                else option.percent_of_all
            lines.append(f"  {option.label}: {count(option)} ({format_percent(share)})")
        if question.numbers is not None:
            stats = question.numbers
            lines.append(f"  min {format_number(stats.minimum)}, median "
                         f"{format_number(stats.median)}, mean {format_number(stats.mean)}, "
                         f"max {format_number(stats.maximum)}")
    return "\n".join(lines) + "\n"


def _parts_text(question: QuestionSummary, threshold: int) -> list[str]:
    """A grid statement by statement, or options put in order option by option."""
    lines = []
    for row in question.rows:
        answered = f"{row.answered:,}" if row.answered is not None else shown(
            None, row.hidden or "secondary", threshold)
        lines.append(f"  {row.label} ({answered} answered): " + ", ".join(
            f"{o.label} {shown(o.count, o.hidden, threshold)}"
            + (f" ({format_percent(o.percent_of_answered)})"
               if o.count is not None and o.percent_of_answered is not None else "")
            for o in row.options))
    for rank in question.ranks:
        mean = f"{rank.mean_rank:.2f}" if rank.mean_rank is not None else "–"
        lines.append(f"  {rank.label}: put first {shown(rank.first, rank.hidden, threshold)}, "
                     f"ranked {shown(rank.ranked, rank.ranked_hidden, threshold)}, "
                     f"mean rank {mean}")
    return lines
