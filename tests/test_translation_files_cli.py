"""`surveybuilder translations export` and `import` (issue 15 item 2): the same round
trip as the Translations page, from the command line, for a council that scripts it."""

from __future__ import annotations

import io

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from support.languages import POLISH

from surveybuilder.cli import main


@pytest.fixture
def run(app, database_url, monkeypatch):
    monkeypatch.setenv("SURVEYBUILDER_DATABASE_URL", database_url)
    monkeypatch.setenv("SURVEYBUILDER_SECRET_KEY", "cli-test")
    return lambda *args: CliRunner().invoke(main, [str(a) for a in args])


def test_export_translate_and_import_from_the_command_line(
        run, make_consultation, organisation, ready_definition, db_session, tmp_path):
    park = make_consultation(organisation, {**ready_definition, "languages": ["pl"]})
    sheet = tmp_path / "park.xlsx"
    done = run("translations", "export", park.slug, "pl", "--format", "xlsx",
               "--output", sheet)
    assert done.exit_code == 0, done.output
    book = load_workbook(sheet)
    for row in book["Translations"].iter_rows(min_row=2):
        row[3].value = POLISH.get(row[0].value)
    book["Translations"].append(["questions.gone.text", "", "", "Nic"])
    wrong = tmp_path / "wrong.xlsx"
    book.save(wrong)
    refused = run("translations", "import", park.slug, "pl", wrong)
    assert refused.exit_code == 1
    assert "Nothing was imported" in refused.output
    assert "row 19: “questions.gone.text” is not the id of any text" in refused.output
    db_session.refresh(park)
    assert park.translations == {}

    book["Translations"].delete_rows(19)
    out = io.BytesIO()
    book.save(out)
    sheet.write_bytes(out.getvalue())
    imported = run("translations", "import", park.slug, "pl", sheet)
    assert imported.exit_code == 0, imported.output
    assert "Imported 17 texts" in imported.output and "0 need updating" in imported.output
    db_session.refresh(park)
    assert park.translations["pl"]["title"]["text"] == POLISH["title"]
    assert run("translations", "export", park.slug, "cy").exit_code == 1
