"""`surveybuilder import-responses`: CSV and JSON files read row by row with the shared
answer code, accepted rows stored one transaction each, rejected rows reported by
number with plain-words reasons and nothing of them stored."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from click.testing import CliRunner
from sqlmodel import select
from support.paper_survey import SLUG, publish_paper_survey

from surveybuilder.cli import main
from surveybuilder.models import Answer, Response
from surveybuilder.paper.importing import ImportFileError, import_responses, read_rows
from surveybuilder.results.exports import responses_json


@pytest.fixture
def consultation(make_consultation, organisation, ready_definition, db_session):
    return publish_paper_survey(make_consultation, organisation, ready_definition, db_session)


@pytest.fixture
def run(app, database_url, monkeypatch):
    monkeypatch.setenv("SURVEYBUILDER_DATABASE_URL", database_url)
    monkeypatch.setenv("SURVEYBUILDER_SECRET_KEY", "cli-test")
    return lambda *args: CliRunner().invoke(main, list(args))


def _export(db_session, consultation) -> list[dict]:
    return json.loads("".join(responses_json(db_session, consultation)))["responses"]


GOOD_CSV = """\
visit,why_not,uses,safe,visited_on,age,postcode,hear_back,agree,channel,format,submitted_at
Every month,,walk;Sport,agree,2025-02-03,67,b69 3de,Yes,yes,,large-print,2026-01-20T10:30:00
never,Too far away,,,27/01/2025,,,no,,online,,2026-01-21
"""

BAD_ROWS_CSV = """\
visit,why_not,uses,safe,postcode,agree,channel,submitted_at
weekly,,walk,,,,,
sometimes,,walk;swimming,,XYZ,,,
weekly,Too far,,,,,,
monthly,,,,,maybe,post,2999-01-01
"""


def test_accepted_rows_are_stored_like_any_other_response(run, consultation, db_session,
                                                           tmp_path):
    file = tmp_path / "day-centre.csv"
    file.write_text(GOOD_CSV, encoding="utf-8")
    result = run("import-responses", SLUG, str(file))
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Imported 2 responses.")
    first, second = _export(db_session, consultation)
    assert first["answers"] == {"visit": "monthly", "uses": ["walk", "sport"],
                                "safe": "agree", "visited_on": "2025-02-03", "age": 67,
                                "postcode": "B69 3DE", "hear_back": "yes", "agree": True}
    assert (first["channel"], first["format"]) == ("paper", "large_print")
    assert first["submitted_at"].startswith("2026-01-20T10:30:00")
    assert second["answers"] == {"visit": "never", "why_not": "Too far away",
                                 "visited_on": "2025-01-27", "hear_back": "no"}
    assert (second["channel"], second["format"]) == ("online", "standard")


def test_rejected_rows_are_reported_by_number_and_store_nothing(run, consultation,
                                                               db_session, tmp_path):
    file = tmp_path / "mixed.csv"
    file.write_text(BAD_ROWS_CSV, encoding="utf-8")
    result = run("import-responses", SLUG, str(file))
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == "Imported 1 response."
    assert lines[1] == "Rejected 3 rows; nothing from them was stored:"
    assert lines[2].startswith("  Row 3: question 1 (visit): “sometimes” is not one of its "
                               "options; use one of weekly (Every week)")
    assert "question 3 (uses): “swimming” is not one of its options" in lines[2]
    assert "question 7 (postcode): Enter a real UK postcode, like B69 3DE" in lines[2]
    assert lines[3] == ("  Row 4: question 2 (why_not) is asked only when visit is never, "
                        "so it must be empty here")
    assert lines[4] == ("  Row 5: question 9 (agree): write yes if the box was ticked, or "
                        "leave it empty; channel must be online or paper, not “post”; "
                        "submitted_at “2999-01-01” is in the future")
    [stored] = db_session.exec(select(Response)).all()
    assert [a.option_key for a in db_session.exec(select(Answer)).all()] == ["weekly", "walk"]
    assert _export(db_session, consultation)[0]["answers"] == {"visit": "weekly",
                                                               "uses": ["walk"]}
    assert stored.channel == "paper"


def test_unknown_columns_refuse_the_whole_file(run, consultation, db_session, tmp_path):
    file = tmp_path / "other-survey.csv"
    file.write_text("visit,favourite_tree\nweekly,oak\n", encoding="utf-8")
    result = run("import-responses", SLUG, str(file))
    assert result.exit_code == 1
    assert "Nothing was imported" in result.output
    assert "These columns are not questions of this consultation: “favourite_tree”" \
        in result.output
    assert db_session.exec(select(Response)).all() == []


def test_a_json_export_imports_into_another_consultation(
        consultation, make_consultation, organisation, ready_definition, db_session):
    rows = read_rows(GOOD_CSV, "csv")
    import_responses(db_session, consultation, rows)
    exported = "".join(responses_json(db_session, consultation))
    twin = publish_paper_survey(make_consultation, organisation, ready_definition,
                                db_session, slug="park-paper-twin")
    report = import_responses(db_session, twin, read_rows(exported, "json"))
    assert [number for number, _ in report.imported] == [1, 2] and not report.rejected
    strip = [{k: v for k, v in r.items() if k != "reference"}
             for r in _export(db_session, twin)]
    assert strip == [{k: v for k, v in r.items() if k != "reference"}
                     for r in _export(db_session, consultation)]


def test_json_rows_are_numbered_from_one_and_checked_alike(consultation, db_session):
    text = json.dumps({"responses": [
        {"answers": {"visit": "weekly", "uses": ["walk", "play"]}, "format": "easy_read"},
        {"answers": {"visit": "weekly", "colour": "blue"}, "mood": "happy"},
        "not a response",
        {"answers": {"age": "old", "agree": "yes"}},
    ]})
    report = import_responses(db_session, consultation, read_rows(text, "json"))
    assert [number for number, _ in report.imported] == [1]
    assert [(r.row, r.reasons) for r in report.rejected] == [
        (2, ["“mood” is not something a response can have",
             "“colour” is not a question of this consultation"]),
        (3, ["it is not an object with “answers”"]),
        (4, ["question 6 (age): Enter a whole number, like 12"]),
    ]
    [stored] = _export(db_session, consultation)
    assert stored["format"] == "easy_read" and stored["answers"]["uses"] == ["walk", "play"]


def test_an_id_column_stops_a_file_being_imported_twice(consultation, db_session):
    text = "id,visit\nform-1,weekly\nform-2,monthly\nform-1,never\n"
    first = import_responses(db_session, consultation, read_rows(text, "csv"))
    assert len(first.imported) == 2
    assert first.rejected[0].row == 4
    assert first.rejected[0].reasons[0].startswith(
        "a response with id “form-1” was imported before (reference ")
    again = import_responses(db_session, consultation, read_rows(text, "csv"))
    assert again.imported == [] and [r.row for r in again.rejected] == [2, 3, 4]
    assert len(db_session.exec(select(Response)).all()) == 2


def test_files_that_cannot_be_read(consultation, db_session, make_consultation,
                                   organisation):
    with pytest.raises(ImportFileError, match="not valid JSON"):
        read_rows("{nope", "json")
    with pytest.raises(ImportFileError, match="must be a list of responses"):
        read_rows('{"answers": {}}', "json")
    with pytest.raises(ImportFileError, match="The CSV file is empty"):
        read_rows("", "csv")
    draft = make_consultation(organisation, slug="still-a-draft")
    with pytest.raises(ImportFileError, match="is not published yet"):
        import_responses(db_session, draft, read_rows("visit\nweekly\n", "csv"))


def test_submitted_at_without_a_zone_is_utc(consultation, db_session):
    import_responses(db_session, consultation,
                     read_rows("visit,submitted_at\nweekly,2026-01-20T10:30\n", "csv"))
    stored = db_session.exec(select(Response)).one()
    assert stored.submitted_at.replace(tzinfo=UTC) == datetime(2026, 1, 20, 10, 30,
                                                               tzinfo=UTC)
