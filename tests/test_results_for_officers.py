"""Results officers can read at a glance (issue 16, item 5): bars drawn to a 0–100%
scale of those who answered, and a "Most chosen" line that says when options are
tied, so neither a chart nor a sentence overstates a result."""

from __future__ import annotations

import csv
import io
import re

import pytest
from openpyxl import load_workbook
from support.results import add_response, publish_results_survey

from surveybuilder.results import exports, themes
from surveybuilder.results.charts import TRACK_WIDTH, bar_chart, question_chart
from surveybuilder.results.counting import (
    Counting,
    OptionCount,
    QuestionSummary,
    percent,
    summarise,
    summary_line,
)


def _options(counts: dict[str, int | None], answered: int) -> tuple[OptionCount, ...]:
    return tuple(OptionCount(key, key.title(), count,
                             percent(count, answered) if count is not None else None,
                             percent(count, answered) if count is not None else None)
                 for key, count in counts.items())


def _question(counts: dict[str, int | None], answered: int) -> QuestionSummary:
    return QuestionSummary(key="visit", number=1, text="How often?", kind="single_choice",
                           counting=Counting.OPTIONS.value, additive=True,
                           personal_data=False, respondents=answered, answered=answered,
                           not_answered=0, options=_options(counts, answered))


def _bar_widths(svg: str) -> list[float]:
    """The width of each blue bar, in chart units."""
    return [float(w) for w in re.findall(r'width="([\d.]+)" height="\d+" fill="#1d70b8"',
                                         svg)]


def test_one_answer_in_four_is_a_quarter_of_a_bar():
    chart = question_chart(_question({"weekly": 1, "monthly": 0, "never": 3}, 4), "c")
    assert _bar_widths(chart) == [TRACK_WIDTH / 4, 0.0, TRACK_WIDTH * 3 / 4]


def test_a_single_answer_is_not_drawn_as_a_full_bar():
    chart = question_chart(_question({"weekly": 1, "monthly": 0, "never": 0}, 4), "c")
    assert _bar_widths(chart)[0] == TRACK_WIDTH / 4


def test_hidden_counts_draw_no_bar_and_breakdowns_use_their_own_share():
    bars = [OptionCount("online", "Online", 30, 75.0, 75.0),
            OptionCount("paper", "Paper", None, None, None, "small")]
    chart = bar_chart("How people answered", "", bars, "c", threshold=5)
    assert _bar_widths(chart) == [TRACK_WIDTH * 0.75, 0.0]
    assert "fewer than 5" in chart


def test_most_chosen_names_every_tied_option():
    line = summary_line(_question({"weekly": 12, "monthly": 12, "never": 6}, 30))
    assert line.startswith("Most chosen: Weekly and Monthly, tied with 12 each (40% each;")


def test_three_way_tie_is_listed_in_order():
    line = summary_line(_question({"weekly": 5, "monthly": 5, "never": 5}, 15))
    assert "Most chosen: Weekly, Monthly and Never, tied with 5 each" in line


def test_a_clear_winner_is_said_as_before():
    line = summary_line(_question({"weekly": 12, "monthly": 11}, 23))
    assert line == "Most chosen: Weekly (52%; 23 of 23 answered)."


@pytest.fixture
def park(db_session, organisation, make_consultation, ready_definition):
    survey = publish_results_survey(db_session, organisation, make_consultation,
                                    ready_definition)
    add_response(db_session, survey, {
        "visit": "weekly", "use": ["walk"], "safe": "agree", "cafe": "no",
        "views": {"safe": "dont_know"}, "priorities": {"lights": 1}, "ideas": "=1+1"})
    add_response(db_session, survey, {"visit": "never", "ideas": "More bins"})
    db_session.commit()
    return survey


def _csv(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff"), newline="")))


def test_the_csv_gives_answers_and_headings_in_words_by_default(db_session, park):
    header, first, second = _csv("".join(exports.responses_csv(db_session, park[0])))
    row = dict(zip(header, first, strict=True))
    assert row["1. How often do you visit?"] == "Every week"
    assert row["2. What do you use the park for?: Walking"] == "Yes"
    assert row["2. What do you use the park for?: Sport"] == "No"
    assert row["3. I feel safe in the park after dark."] == "Agree"
    assert row["4. Should there be a cafe?"] == "No"
    assert row["10. How much do you agree with each of these?: The park feels safe"] \
        == "I don't know"
    assert row["11. Which should we do first? Put your top three in order.: "
               "Better lighting"] == "1"
    assert row["7. What would make the park better?"] == "'=1+1"  # still inert
    assert dict(zip(header, second, strict=True))[
        "2. What do you use the park for?: Walking"] == ""  # not answered


def test_the_codes_csv_keeps_keys_for_joining(db_session, park):
    header, first, _ = _csv("".join(exports.responses_csv(db_session, park[0], codes=True)))
    row = dict(zip(header, first, strict=True))
    assert (row["visit"], row["use.walk"], row["safe"], row["views.safe"]) == \
        ("weekly", "1", "agree", "dont_know")


def test_the_workbook_has_words_with_keys_above_and_a_codes_sheet(db_session, park,
                                                                   tmp_path):
    target = tmp_path / "r.xlsx"
    exports.write_xlsx(db_session, park[0], target, summarise(db_session, park[0]))
    book = load_workbook(target, read_only=True)
    keys, words, first, _ = [list(r) for r in book["Responses"].iter_rows(values_only=True)]
    column = keys.index("visit")
    assert (words[column], first[column]) == ("1. How often do you visit?", "Every week")
    codes = [list(r) for r in book["Codes"].iter_rows(values_only=True)]
    assert codes[0] == keys and codes[1][column] == "weekly" and len(codes) == 3
    book.close()


def test_the_download_offers_both_with_one_charset(editor_client, park):
    address = f"/staff/consultations/{park[0].id}/results"
    page = editor_client.get(address).get_data(as_text=True)
    assert "Responses as codes (CSV)" in page
    words = editor_client.get(f"{address}/download.csv")
    assert words.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert "Every week" in words.get_data(as_text=True)
    codes = editor_client.get(f"{address}/download.csv?codes=1")
    assert "-codes.csv" in codes.headers["Content-Disposition"]
    assert "weekly" in codes.get_data(as_text=True)


@pytest.fixture
def twelve(db_session, organisation, make_consultation, ready_definition):
    """12 responses: visit by age has small cells; two themes, one on a single comment."""
    survey = publish_results_survey(db_session, organisation, make_consultation,
                                    ready_definition)
    for index in range(12):
        add_response(db_session, survey, {
            "visit": ["weekly", "monthly", "never"][index % 3],
            "age": "older" if index < 2 else "middle", "ideas": f"Comment {index}"},
            channel="paper" if index < 3 else "online")
    consultation = survey[0]
    lighting = themes.add_theme(db_session, consultation, "=Lighting")
    benches = themes.add_theme(db_session, consultation, "Benches")
    found, _ = themes.comments(db_session, consultation, themes.CommentQuery())
    for index, comment in enumerate(found):
        chosen = [lighting.id] + ([benches.id] if index == 0 else [])
        themes.code_comment(db_session, consultation, comment.response_id, "ideas", chosen,
                            None)
    db_session.commit()
    return survey


def _rows_of(response) -> list[list]:
    if response.mimetype == "text/csv":
        return _csv(response.get_data(as_text=True))
    book = load_workbook(io.BytesIO(response.data))
    assert not any(c.data_type == "f" for row in book.active.iter_rows() for c in row)
    rows = [["" if c.value is None else c.value for c in row]
            for row in book.active.iter_rows()]
    book.close()
    rows[0] = [v for v in rows[0] if v != ""]  # the title row, padded to the width
    return rows


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_crosstab_downloads_as_on_the_page_exact_or_published(editor_client, twelve, kind):
    address = f"/staff/consultations/{twelve[0].id}/results/crosstab"
    asked = {"rows": "visit", "columns": "age"}
    page = editor_client.get(address, query_string=asked).get_data(as_text=True)
    assert f"crosstab.{kind}?" in page
    exact = _rows_of(editor_client.get(f"{address}.{kind}", query_string=asked))
    assert exact[1] == ["", "Under 25", "Under 25 (% of row)", "25 to 64",
                        "25 to 64 (% of row)", "65 or over", "65 or over (% of row)", "Total"]
    weekly = exact[2]
    assert weekly[0] == "Every week" and weekly[-1] in (4, "4")
    assert [str(v) for v in exact[-1][-1:]] == ["12"]
    published = _rows_of(editor_client.get(f"{address}.{kind}",
                                           query_string={**asked, "published": "1"}))
    cells = [str(v) for row in published[2:] for v in row]
    assert "fewer than 5" in cells and "4" not in cells  # small counts never given away


def test_a_crosstab_download_that_cannot_be_made_goes_back_to_the_page(editor_client,
                                                                       twelve):
    address = f"/staff/consultations/{twelve[0].id}/results/crosstab"
    back = editor_client.get(f"{address}.csv", query_string={"rows": "visit",
                                                              "columns": "visit"})
    assert back.status_code == 302 and "/results/crosstab?" in back.location
    assert editor_client.get(f"{address}.pdf?rows=visit&columns=age").status_code == 404


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_theme_counts_download_exact_and_published(editor_client, twelve, kind):
    address = f"/staff/consultations/{twelve[0].id}/results"
    page = editor_client.get(address).get_data(as_text=True)
    assert 'id="theme-downloads"' in page and "Comments per theme" in page
    exact = _rows_of(editor_client.get(f"{address}/theme-counts.{kind}"))
    assert exact[0] == ["Themes in the comments, out of 12 coded"]
    assert [[str(v) for v in row] for row in exact[2:]] == [
        ["1", "'=Lighting", "12", "100%"], ["2", "Benches", "1", "8%"]]
    published = _rows_of(editor_client.get(f"{address}/theme-counts.{kind}?published=1"))
    assert published[3][2] == "fewer than 5"
