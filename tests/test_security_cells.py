"""Every CSV and Excel file the application writes goes through the one safe cell writer
(`survey.cells`): formula-like text is made inert, control characters are dropped and a
carriage return cannot split a row (issue 17: the hear-back letters CSV wrote a postal
address `=HYPERLINK(…)` raw, `figures.csv` split a row at a CR, and an answer holding
ESC or NUL made the Excel download fail with a 500 and the CLI with a traceback)."""

from __future__ import annotations

import csv
import io

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from sqlalchemy import update
from support.feedback import published_results
from support.results import add_response, publish_results_survey

from surveybuilder.cli import main
from surveybuilder.feedback import decisions, hear_back
from surveybuilder.feedback.document import build
from surveybuilder.feedback.publication import figures_csv
from surveybuilder.models import Answer
from surveybuilder.results import counting, exports

HOSTILE_ADDRESS = '=HYPERLINK("http://evil.example","Click for your results")'
CONTROLS = "Make it \x1b[31mred\x1b[0m\x00 and\x07 \x9b loud\rplease"


def test_the_letters_csv_makes_a_formula_address_inert(db_session, organisation,
                                                        make_consultation, ready_definition,
                                                        editor):
    consultation, feedback = published_results(db_session, organisation, make_consultation,
                                                ready_definition, editor)
    db_session.execute(update(Answer).where(Answer.question_key == "hear_back_post")
                       .values(text_value=HOSTILE_ADDRESS + "\r\x1b"))
    db_session.commit()
    links = hear_back.ResultLinks("+a", "b", "c")
    text = hear_back.letters_csv(db_session, consultation, feedback, links)
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[1][1] == "'" + HOSTILE_ADDRESS + "\n"
    assert rows[1][2] == "'+a"


def test_a_carriage_return_in_a_label_does_not_split_a_figures_csv_row(
        app, db_session, organisation, make_consultation, ready_definition, editor):
    sections = [dict(s) for s in ready_definition["sections"]]
    visit = dict(sections[0]["questions"][0])
    visit["options"] = [{**visit["options"][0], "label": "Every\rweek"},
                        *visit["options"][1:]]
    visit["text"] = "=1+1 How often?"
    sections[0] = {**sections[0], "questions": [visit, *sections[0]["questions"][1:]]}
    consultation, _feedback = published_results(
        db_session, organisation, make_consultation, {**ready_definition, "sections": sections},
        editor)
    doc = build(db_session, consultation, decisions.published_feedback(db_session, consultation),
                app.config["SUPPRESSION_THRESHOLD"])
    text = figures_csv(doc)
    assert "\r" not in text
    rows = list(csv.reader(io.StringIO(text)))
    assert all(len(row) == len(rows[0]) for row in rows)
    weekly = next(row for row in rows if row[3] == "weekly")
    assert weekly[2] == "'=1+1 How often?" and weekly[4] == "Every\nweek"


@pytest.fixture
def nasty_survey(db_session, organisation, make_consultation, ready_definition):
    """A response stored before answers were cleaned on the way in (straight through
    storage, as an older version of the application did)."""
    survey = publish_results_survey(db_session, organisation, make_consultation,
                                    ready_definition)
    stored = CONTROLS  # PostgreSQL cannot hold a NUL, so none was ever stored there
    if db_session.get_bind().dialect.name == "postgresql":
        stored = CONTROLS.replace("\x00", "")
    add_response(db_session, survey, {"visit": "weekly", "ideas": stored,
                                      "postcode": "B66 1AA"})
    db_session.commit()
    return survey


def test_an_answer_with_esc_and_nul_still_exports_to_excel_and_csv(db_session, nasty_survey,
                                                                   tmp_path):
    consultation = nasty_survey[0]
    target = tmp_path / "r.xlsx"
    exports.write_xlsx(db_session, consultation, target,
                       counting.summarise(db_session, consultation))
    book = load_workbook(target, read_only=True)
    cells = [c for row in book["Responses"].iter_rows(values_only=True) for c in row]
    book.close()
    assert "Make it [31mred[0m and  loud\nplease" in cells
    text = "".join(exports.responses_csv(db_session, consultation))
    assert "\x1b" not in text and "\x00" not in text and "\x9b" not in text


def test_the_cli_exports_an_answer_with_esc_and_nul_without_a_traceback(
        app, nasty_survey, tmp_path, monkeypatch):
    monkeypatch.setenv("SURVEYBUILDER_DATABASE_URL", app.config["DATABASE_URL"])
    result = CliRunner().invoke(main, ["export", nasty_survey[0].slug, "--format", "xlsx",
                                       "--output", str(tmp_path / "r.xlsx")])
    assert result.exit_code == 0, result.output
    assert result.exception is None
