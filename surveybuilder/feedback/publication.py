"""Publishing the results as files: PDFs, and the static folder a council uploads.

The folder stands alone: three HTML pages (standard, easy read, large print) whose
style is inline and whose pictures are embedded, the PDF of each, an open-data CSV of
the published (suppressed) figures and a JSON file of the whole feedback. A survey
offered in other languages adds the three pages and PDFs in each (`index-ur.html`,
`results-standard-ur.pdf`), every page linking to the others in its language and to
itself in the other languages; the CSV and JSON are in English. Nothing in it
asks another site for anything, and nothing in it is personal data.

Pages are drawn by the caller's `render(template, **context)` (the app's Jinja
templates), so the files say exactly what the web pages say. Background jobs, which
have no Flask request, use `render_standalone`: the same templates through a plain
Jinja environment (the document template needs nothing from Flask).
"""

from __future__ import annotations

import base64
import io
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import ChainableUndefined, Environment, FileSystemLoader
from markupsafe import Markup

import easyread
from surveybuilder import formats, wording
from surveybuilder.feedback import decisions
from surveybuilder.feedback.document import ResultsDocument
from surveybuilder.formats import AnswerFormat
from surveybuilder.printing.formats import print_format
from surveybuilder.printing.pdf import render_pdf
from surveybuilder.results import charts, suppression
from surveybuilder.results.counting import QuestionSummary
from surveybuilder.survey.cells import csv_writer
from surveybuilder.survey.contact import contact_html
from surveybuilder.survey.languages import ENGLISH, language

TEMPLATES = Path(__file__).resolve().parents[1] / "jinja"
STYLE = TEMPLATES / "public" / "results" / "document.css"
TEMPLATE = "public/results/document.html"
CSV_NAME = "figures.csv"
JSON_NAME = "results.json"


@dataclass(frozen=True)
class FormatFiles:
    """The page and PDF names of one format in the folder."""

    answer_format: AnswerFormat
    page: str
    pdf: str


FILES = (FormatFiles(formats.STANDARD, "index.html", "results-standard.pdf"),
         FormatFiles(formats.EASY_READ, "easy-read.html", "results-easy-read.pdf"),
         FormatFiles(formats.LARGE_PRINT, "large-print.html", "results-large-print.pdf"))

Render = Callable[..., str]


def files_for(answer_format: AnswerFormat) -> FormatFiles:
    return next(f for f in FILES if f.answer_format == answer_format)


def files_in(files: FormatFiles, code: str) -> FormatFiles:
    """A format's page and PDF names in the language `code` (English's are FILES')."""
    if code == ENGLISH:
        return files
    page, pdf = (Path(name) for name in (files.page, files.pdf))
    return FormatFiles(files.answer_format, f"{page.stem}-{code}{page.suffix}",
                       f"{pdf.stem}-{code}{pdf.suffix}")


@cache
def _base_style() -> str:
    return STYLE.read_text(encoding="utf-8")


def style_for(answer_format: AnswerFormat) -> str:
    """The stand-alone style with the print format's body size: the smallest text."""
    size = print_format(answer_format.slug).font_pt
    return _base_style() + f"\nhtml {{ font-size: {size}pt; }}\n"


def _picture_file(concept_name: str) -> tuple[Path, str] | None:
    concept = easyread.find_concept(concept_name) if concept_name else None
    if concept is None:
        return None
    try:
        return Path(easyread.picture_path(concept.name)).resolve(), concept.name
    except easyread.PictureNotFound:
        return None


def embedded_picture(concept_name: str) -> dict[str, str] | None:
    """A picture as a data address, so the page needs nothing from anywhere else."""
    found = _picture_file(concept_name)
    if found is None:
        return None
    data = base64.b64encode(found[0].read_bytes()).decode("ascii")
    return {"src": "data:image/svg+xml;base64," + data, "alt": found[1]}


def file_picture(concept_name: str) -> dict[str, str] | None:
    """A picture as its installed file, which the PDF stage embeds (it reads local
    files only)."""
    found = _picture_file(concept_name)
    return {"src": found[0].as_uri(), "alt": found[1]} if found else None


def body_context(answer_format: AnswerFormat) -> dict[str, Any]:
    """What the results body (_body.html) needs besides the document and pictures."""
    return {"fmt": answer_format, "status_words": decisions.status_label,
            "chart": charts.question_chart, "shown": suppression.shown}


def document_context(answer_format: AnswerFormat, pdf: bool) -> dict[str, Any]:
    """What document.html needs besides the document and the links. The style is the
    project's own file, marked safe so its quotes are not escaped inside <style>."""
    return {"style": Markup(style_for(answer_format)),
            "picture": file_picture if pdf else embedded_picture,
            "credit": easyread.ATTRIBUTION, **body_context(answer_format)}


@cache
def _environment() -> Environment:
    """Like the app's: the same folder, HTML escaped, undefined names chainable, and
    the fixed words from `wording`'s catalogues."""
    environment = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=True,
                              undefined=ChainableUndefined, extensions=["jinja2.ext.i18n"])
    environment.install_gettext_callables(wording.gettext, wording.ngettext, newstyle=True)
    environment.globals["easy_lines"] = wording.lines
    environment.globals["contact_html"] = contact_html
    return environment


def render_standalone(template: str, **context: Any) -> str:
    """A `Render` that needs no Flask app or request (background jobs)."""
    return _environment().get_template(template).render(**context)


def pdf_bytes(html: str) -> bytes:
    """A tagged PDF (PDF/UA-1) of a stand-alone page, by the printed forms' own HTML →
    PDF stage, so results and forms follow the same rules."""
    return render_pdf(html, data_urls=True).pdf  # the organisation's logo is embedded


def render_page(render: Render, doc: ResultsDocument, files: FormatFiles, pdf: bool,
                languages: Sequence[str] = ()) -> str:
    """One format as a stand-alone page: for the folder (linking to the other files
    beside it, and to this format in each of `languages` when there are others) or as
    the source of its PDF (no links), in that format's words in the document's
    language."""
    easy = files.answer_format == formats.EASY_READ
    with wording.in_locale(wording.locale_for(easy, doc.language.code)):
        return _render_page(render, doc, files, pdf, languages)


def _render_page(render: Render, doc: ResultsDocument, files: FormatFiles, pdf: bool,
                 languages: Sequence[str]) -> str:
    links: list[dict[str, Any]] = []
    in_languages: list[dict[str, Any]] = []
    code = doc.language.code
    if not pdf:
        mine = files_in(files, code)
        links = [{"label": wording.gettext(f.answer_format.label),
                  "href": files_in(f, code).page, "current": f == files} for f in FILES]
        links.append({"label": f"PDF ({wording.gettext(files.answer_format.label).lower()})",
                      "href": mine.pdf, "current": False})
        in_languages = [{"language": language(other), "current": other == code,
                         "href": files_in(files, other).page}
                        for other in languages] if len(languages) > 1 else []
    return render(TEMPLATE, doc=doc, links=links, language_links=in_languages,
                  **document_context(files.answer_format, pdf))


def figures_csv(doc: ResultsDocument) -> str:
    """Open data: one row per answer of every counted question that may be published,
    with hidden counts left blank and said as words (a grid's answers statement by
    statement, each a percentage of those who answered the statement; options put in
    order as two rows each, see `_rank_rows`)."""
    out = io.StringIO()
    writer = csv_writer(out, lineterminator="\n")
    writer.writerow(["question_number", "question_key", "question", "answer_key", "answer",
                     "people", "people_shown_as", "percent_of_those_answering",
                     "percent_of_all_respondents", "mean_rank"])
    threshold = doc.summary.threshold or 0
    for question in doc.summary.questions:
        if question.personal_data or not question.options:
            continue
        start = [question.number, question.key, question.text]
        if question.ranks:
            writer.writerows(start + row for row in _rank_rows(question, threshold))
            continue
        for option in question.options:
            writer.writerow(start + [option.key, option.label,
                                     "" if option.count is None else option.count,
                                     suppression.shown(option.count, option.hidden, threshold),
                                     _percent(option.percent_of_answered),
                                     _percent(option.percent_of_all), ""])
    return out.getvalue()


def _rank_rows(question: QuestionSummary, threshold: int) -> list[list[Any]]:
    """Two rows per option put in order: how many put it first ("<option>:first", a
    percentage of those who answered) and how many put it in order at all
    ("<option>:ranked", with its mean place, 1 being first)."""
    rows: list[list[Any]] = []
    for rank, option in zip(question.ranks, question.options, strict=True):
        rows.append([f"{rank.key}:first", f"{rank.label}: put first",
                     "" if rank.first is None else rank.first,
                     suppression.shown(rank.first, rank.hidden, threshold),
                     _percent(rank.percent_first), "", ""])
        rows.append([f"{rank.key}:ranked", f"{rank.label}: put in order",
                     "" if rank.ranked is None else rank.ranked,
                     suppression.shown(rank.ranked, rank.ranked_hidden, threshold),
                     _percent(option.percent_of_answered), _percent(option.percent_of_all),
                     "" if rank.mean_rank is None else f"{rank.mean_rank:.2f}"])
    return rows


def _percent(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


def results_json(doc: ResultsDocument) -> dict[str, Any]:
    """The whole feedback as data, for other sites and for the record."""
    consultation, feedback = doc.consultation, doc.feedback
    return {
        "consultation": {"slug": consultation.slug, "title": consultation.title,
                         "organisation": doc.organisation,
                         "opens": _iso(consultation.opens), "closes": _iso(consultation.closes)},
        "published_at": _iso(feedback.published_at),
        "respondents": doc.respondents,
        "suppression_threshold": doc.summary.threshold,
        "summary": feedback.summary,
        "easy_read_summary": feedback.easy_read_summary,
        "what_happens_next": feedback.what_next,
        "items": [{"you_said": i.view.item.you_said, "we_did": i.view.item.we_did,
                   "status": i.view.item.status, "reason": i.view.item.reason,
                   "owner": i.view.item.owner, "due": _iso(i.view.item.due),
                   "themes": i.view.item.themes,
                   "easy_read": {"text": i.view.item.easy_read_text,
                                 "picture": i.view.item.easy_read_picture},
                   "questions": [{"number": q.number, "key": q.key, "text": q.text,
                                  "summary": q.summary_line} for q in i.questions],
                   "status_log": [{"at": _iso(c.at), "from": c.old_status,
                                   "to": c.new_status, "note": c.note}
                                  for c in i.view.changes]}
                  for i in doc.items],
        "figures": CSV_NAME,
    }


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def write_folder(folder: Path, doc: ResultsDocument, render: Render,
                 translated: Sequence[ResultsDocument] = ()) -> list[Path]:
    """Write every file of the publication into `folder` (made if missing), in English
    (`doc`) and in each language of `translated`; returns the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    codes = [each.language.code for each in (doc, *translated)]
    for each in (doc, *translated):
        for files in FILES:
            named = files_in(files, each.language.code)
            page = folder / named.page
            page.write_text(render_page(render, each, files, pdf=False, languages=codes),
                            encoding="utf-8")
            pdf = folder / named.pdf
            pdf.write_bytes(pdf_bytes(render_page(render, each, files, pdf=True)))
            written += [page, pdf]
    (folder / CSV_NAME).write_text(figures_csv(doc), encoding="utf-8")
    (folder / JSON_NAME).write_text(json.dumps(results_json(doc), indent=2,
                                               ensure_ascii=False) + "\n", encoding="utf-8")
    return [*written, folder / CSV_NAME, folder / JSON_NAME]
