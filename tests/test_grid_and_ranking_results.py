"""Results of a grid and a ranking question wherever results appear: the staff overview
(stacked bars and a table statement by statement; first choices and mean ranks), the
published view, a cross-tab by one statement, the Excel and JSON summaries, the public
"You said, we did" page in three formats with its PDFs and open data, and the published
figures staff quote from. The numbers are worked out by hand below from the answers."""

from __future__ import annotations

import csv
import html
import io
import json
import re
from collections import Counter
from html.parser import HTMLParser

import pdfplumber
import pytest
from openpyxl import load_workbook
from support.results import add_response, publish_results_survey

from surveybuilder.consultations import lifecycle
from surveybuilder.feedback import decisions, publication
from surveybuilder.feedback.document import build
from surveybuilder.jobs import Outcome
from surveybuilder.results import counting, exports

RESPONDENTS = 24
SAFE = ["agree"] * 10 + ["strongly_agree"] * 6 + ["disagree"] * 3 + ["dont_know"] * 5
CLEAN = ["neither"] * 12 + ["agree"] * 6 + ["strongly_disagree"] * 6
TOILETS = ["disagree"] * 8  # an optional statement: the first 8 answered it
PRIORITIES = ([{"lights": 1, "benches": 2}] * 12
              + [{"paths": 1, "lights": 2, "toilets": 3}] * 8 + [{"toilets": 1}] * 3 + [None])


def answers(index: int) -> dict:
    views = {"safe": SAFE[index], "clean": CLEAN[index]}
    if index < len(TOILETS):
        views["toilets"] = TOILETS[index]
    given = {"views": views, "visit": "weekly" if index % 2 else "never"}
    if PRIORITIES[index]:
        given["priorities"] = PRIORITIES[index]
    return given


@pytest.fixture
def survey(db_session, organisation, make_consultation, ready_definition):
    survey = publish_results_survey(db_session, organisation, make_consultation,
                                    ready_definition, slug="park-grid-ranking")
    for index in range(RESPONDENTS):
        add_response(db_session, survey, answers(index))
    db_session.commit()
    return survey


def base(survey) -> str:
    return f"/staff/consultations/{survey[0].id}/results"


class _Tables(HTMLParser):
    """Every table's cells as text, row by row, by the table's id."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._table: list[list[str]] | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self._table = self.tables.setdefault(dict(attrs).get("id") or
                                                 f"table-{len(self.tables)}", [])
        elif tag == "tr" and self._table is not None:
            self._table.append([])
        elif tag in ("th", "td") and self._table is not None:
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("th", "td") and self._cell is not None and self._table is not None:
            self._table[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "table":
            self._table = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def tables(page: str) -> dict[str, list[list[str]]]:
    parser = _Tables()
    parser.feed(page)
    return parser.tables


def words(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def test_the_overview_shows_a_grid_statement_by_statement(editor_client, survey):
    page = editor_client.get(base(survey)).get_data(as_text=True)
    grid = tables(page)["table-views"]
    assert grid[0] == ["Statement", "Strongly agree", "Agree", "Neither agree nor disagree",
                       "Disagree", "Strongly disagree", "I don't know", "Answered"]
    assert grid[1] == ["The park feels safe", "6 (25%)", "10 (42%)", "0 (0%)", "3 (12%)",
                       "0 (0%)", "5 (21%)", "24"]
    assert grid[2] == ["The park is kept clean", "0 (0%)", "6 (25%)", "12 (50%)", "0 (0%)",
                       "6 (25%)", "0 (0%)", "24"]
    assert grid[3] == ["The toilets are easy to find", "0 (0%)", "0 (0%)", "0 (0%)",
                       "8 (100%)", "0 (0%)", "0 (0%)", "8"]
    assert ("Most positive: “The park feels safe” (67% strongly agree or agree; 24 of 24 "
            "answered).") in page
    chart = page[page.index('id="chart-views-title"'):]
    chart = chart[:chart.index("</svg>")]
    assert chart.count('stroke="#ffffff"') == 4 + 3 + 1  # a part per answer given
    assert "The park feels safe (24 answered)" in chart
    assert "24 of 24 answered at least one statement" in words(page)


def test_the_overview_shows_first_choices_and_mean_ranks(editor_client, survey):
    page = editor_client.get(base(survey)).get_data(as_text=True)
    ranks = tables(page)["table-priorities"]
    assert ranks == [
        ["Option", "Put first", "% of those who answered", "Ranked it", "Mean rank"],
        ["Better lighting", "12", "52%", "20", "1.40"],   # (12×1 + 8×2) / 20
        ["Open the toilets", "3", "13%", "11", "2.45"],   # (8×3 + 3×1) / 11
        ["More benches", "0", "0%", "12", "2.00"],
        ["Mend the paths", "8", "35%", "8", "1.00"]]
    assert "Most often put first: Better lighting (12 of 23 who answered)." in page
    assert 'id="chart-priorities-title"' in page
    assert "Better lighting: 12 (52%)" in page  # the chart's description, first choices


def test_the_published_view_hides_small_numbers_in_both(editor_client, survey):
    page = editor_client.get(base(survey), query_string={"published": "1"}).get_data(
        as_text=True)
    found = tables(page)
    # 3 disagreed that the park feels safe: hidden, with the 5 who don't know.
    assert found["table-views"][1] == ["The park feels safe", "6 (25%)", "10 (42%)",
                                       "0 (0%)", "fewer than 5", "0 (0%)", "hidden", "24"]
    # 3 put the toilets first and 1 did not answer: both hidden, and with them how many
    # ranked the toilets, its mean rank and every percentage of those who answered.
    assert found["table-priorities"][1:] == [
        ["Better lighting", "12", "–", "20", "1.40"],
        ["Open the toilets", "fewer than 5", "–", "hidden", "not published"],
        ["More benches", "0", "–", "12", "2.00"],
        ["Mend the paths", "8", "–", "8", "1.00"]]
    assert "Most often put first: Better lighting (12 people)." in page
    assert ("Of the statements whose figures are shown, most positive: “The park is kept "
            "clean”") in page


def test_a_crosstab_by_one_statement(editor_client, survey):
    page = editor_client.get(f"{base(survey)}/crosstab", query_string={
        "rows": "views.safe", "columns": "visit"}).get_data(as_text=True)
    assert 'id="crosstab"' in page
    expected = Counter((SAFE[i], "weekly" if i % 2 else "never") for i in range(RESPONDENTS))
    body = tables(page)["crosstab"]
    labels = {"Strongly agree": "strongly_agree", "Agree": "agree", "Disagree": "disagree",
              "I don't know": "dont_know"}
    header = body[0]
    assert header[1:3] == ["Every week", "Every month"]
    for row in body[1:]:
        if row[0] in labels:
            counts = [int(re.match(r"[\d,]+", cell).group()) for cell in row[1:4]]
            assert counts == [expected[(labels[row[0]], visit)]
                              for visit in ("weekly", "monthly", "never")], row


def test_excel_and_json_summaries(editor_client, survey, db_session, tmp_path):
    summary = counting.summarise(db_session, survey[0])
    target = tmp_path / "out.xlsx"
    exports.write_xlsx(db_session, survey[0], target, summary)
    book = load_workbook(target, read_only=True)
    grid = [[c.value for c in row] for row in book["Q10"].iter_rows(min_row=6)]
    assert grid[0][:6] == ["statement key", "statement text", "answered", "not answered",
                           "Strongly agree", "Strongly agree %"]
    assert grid[1][:8] == ["safe", "The park feels safe", 24, 0, 6, 25.0, 10, 41.7]
    assert grid[3][:4] == ["toilets", "The toilets are easy to find", 8, 16]
    ranks = [[c.value for c in row] for row in book["Q11"].iter_rows(min_row=6)]
    assert ranks[0] == ["option", "label", "put first", "% of those who answered put it first",
                        "ranked it", "mean rank (1 is first)"]
    assert ranks[2] == ["toilets", "Open the toilets", 3, 13.0, 11, 2.45]
    book.close()

    data = json.loads(editor_client.get(f"{base(survey)}/download.json").data)
    questions = {q["key"]: q for q in data["summary"]["questions"]}
    safe = questions["views"]["rows"][0]
    assert (safe["key"], safe["answered"], safe["not_answered"]) == ("safe", 24, 0)
    assert [o["count"] for o in safe["options"]] == [6, 10, 0, 3, 0, 5]
    assert safe["scale"]["percent_agree"] == pytest.approx(100 * 16 / 24)
    lights = questions["priorities"]["ranks"][0]
    assert (lights["key"], lights["first"], lights["ranked"]) == ("lights", 12, 20)
    assert lights["mean_rank"] == pytest.approx(1.4)
    assert questions["priorities"]["summary"].startswith("Most often put first")
    text = exports.summary_text(summary)
    assert "The park feels safe (24 answered): Strongly agree 6 (25%)" in text
    assert "Open the toilets: put first 3, ranked 11, mean rank 2.45" in text


@pytest.fixture
def published(db_session, survey, editor):
    consultation = survey[0]
    lifecycle.close(db_session, consultation, None)
    decisions.update_summary(db_session, consultation, editor, "Most feel safe.",
                             "Most people feel safe.", "We will light the paths first.",
                             ["views", "priorities"])
    decisions.add_item(db_session, consultation, editor, {
        "you_said": "Put better lighting first.", "question_keys": ["priorities", "views"],
        "themes": [], "we_did": "New lights on the main paths.", "status": "planned",
        "reason": "", "owner": "Parks team", "due": None,
        "easy_read_text": "We will put up new lights.", "easy_read_picture": ""})
    decisions.publish(db_session, consultation, editor)
    db_session.commit()
    return consultation


@pytest.mark.parametrize("fmt", ["standard", "easy-read", "large-print"])
def test_published_results_in_each_format(client, published, fmt):
    page = client.get(f"/c/{published.slug}/results?format={fmt}").get_data(as_text=True)
    text = words(page)
    # The "You said" item quotes both questions' published summaries.
    assert "Question 11: Which should we do first? Put your top three in order. Most often " \
           "put first: Better lighting (12 people)." in text
    scale = "agree a lot or agree" if fmt == "easy-read" else "strongly agree or agree"
    assert (f"most positive: “The park is kept clean” (25% {scale}; 24 of 24 answered)"
            in text), "the scale in the format's words"
    assert "3 (13%)" not in text and "Open the toilets: 3" not in text
    if fmt == "standard":
        assert 'id="chart-views-title"' in page and 'id="chart-priorities-title"' in page
        found = tables(page)
        grid = next(t for t in found.values() if t[0][0] == "Statement")
        assert grid[1] == ["The park feels safe", "6 (25%)", "10 (42%)", "0 (0%)",
                           "fewer than 5", "0 (0%)", "hidden", "24"]
        ranks = next(t for t in found.values() if t[0][0] == "Option")
        assert ranks[2] == ["Open the toilets", "fewer than 5", "–", "hidden", "–"]
    else:
        assert "<svg" not in page  # lists, which reflow, rather than charts
        assert "The park feels safe: 24 people answered" in text
        disagree = "Do not agree" if fmt == "easy-read" else "Disagree"
        assert f"{disagree}: fewer than 5 people" in text and "I don't know: hidden" in text
        assert "Better lighting: 12 people put this first. 20 people put it in order" in text
        assert "Open the toilets: fewer than 5 people put this first." in text
        assert ("at an average place of 1.4" in text) == (fmt == "large-print")


@pytest.mark.pdf
def test_published_results_pdf_in_each_format(client, published, run_jobs):
    """Drawn by the jobs publishing queued (feedback/jobs.py), then sent from the store."""
    assert run_jobs("draw-results-pdf")[Outcome.DONE] == 3
    for fmt in ("standard", "easy-read", "large-print"):
        response = client.get(f"/c/{published.slug}/results/{fmt}.pdf")
        assert response.status_code == 200 and response.data.startswith(b"%PDF-")
        with pdfplumber.open(io.BytesIO(response.data)) as document:
            text = " ".join(page.extract_text() for page in document.pages)
        assert ("We will put up new lights." if fmt == "easy-read"
                else "New lights on the main paths.") in text


def test_open_data_and_the_figures_staff_quote(app, editor_client, published, db_session):
    doc = build(db_session, published, decisions.published_feedback(db_session, published),
                app.config["SUPPRESSION_THRESHOLD"])
    rows = {(r["question_key"], r["answer_key"]): r for r in csv.DictReader(
        io.StringIO(publication.figures_csv(doc)))}
    assert rows[("views", "safe:agree")]["people"] == "10"
    assert rows[("views", "safe:agree")]["percent_of_those_answering"] == "41.7"
    assert rows[("views", "safe:disagree")]["people_shown_as"] == "fewer than 5"
    assert rows[("priorities", "lights:first")]["people"] == "12"
    assert rows[("priorities", "lights:ranked")]["mean_rank"] == "1.40"
    assert rows[("priorities", "toilets:first")]["people_shown_as"] == "fewer than 5"
    assert rows[("priorities", "toilets:ranked")]["people_shown_as"] == "hidden"
    assert rows[("priorities", "toilets:ranked")]["mean_rank"] == ""
    page = editor_client.get(f"/staff/consultations/{published.id}/feedback/items/new"
                             ).get_data(as_text=True)
    assert "Most often put first: Better lighting (12 people)." in page
