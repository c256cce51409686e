"""The data protection pack stays true (issue 17 item 8): every column is declared
personal or not, and docs/data-protection.md shows what the declarations draw."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from surveybuilder import data_protection
from surveybuilder.cli import main

DOCUMENT = Path(__file__).parent.parent / "docs" / "data-protection.md"


def test_every_column_of_every_table_is_declared_personal_or_not():
    assert data_protection.undeclared() == []


def test_a_new_column_declared_neither_way_is_named():
    tables = data_protection.columns()
    tables["answer"] = [*tables["answer"], "resident_phone"]
    tables["new_table"] = ["id"]
    assert data_protection.undeclared(tables) == [
        "answer.resident_phone: declare it in PERSONAL or NOT_PERSONAL",
        "new_table.id: declare it in PERSONAL or NOT_PERSONAL"]


def test_a_declaration_of_a_column_that_went_is_named():
    tables = data_protection.columns()
    tables["journey"] = [name for name in tables["journey"] if name != "resume_code"]
    assert data_protection.undeclared(tables) == ["journey.resume_code: no such column"]


def test_the_document_shows_what_the_declarations_draw():
    """Run `surveybuilder data-protection --document docs/data-protection.md` when this
    fails."""
    text = DOCUMENT.read_text(encoding="utf-8")
    drawn = text.split("<!-- data-protection:start -->\n", 1)[1].split(
        "\n<!-- data-protection:end -->", 1)[0]
    assert drawn == data_protection.markdown_table()
    for column in ("`answer.text_value`", "`journey.resume_code`", "`rateevent.key`",
                   "`user.email`", "`signinattempt.address_key`"):
        assert column in drawn, column
    for words in ("Controller", "Council to complete", "Lawful basis", "Sub-processors",
                  "Residents' rights", "Retention", "SMTP_HOST", "STORAGE_URL"):
        assert words in text, words


def test_the_command_writes_the_table_into_the_document(tmp_path):
    document = tmp_path / "data-protection.md"
    document.write_text("Intro\n<!-- data-protection:start -->\nSTALE TABLE\n"
                        "<!-- data-protection:end -->\nMore\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["data-protection", "--document", str(document)])
    assert result.exit_code == 0, result.output
    written = document.read_text(encoding="utf-8")
    assert written.startswith("Intro\n") and written.endswith("More\n")
    assert data_protection.markdown_table() in written and "STALE TABLE" not in written
    printed = CliRunner().invoke(main, ["data-protection"])
    assert printed.output.strip() == data_protection.markdown_table()


def test_the_privacy_page_says_what_is_kept_of_an_address(client):
    page = client.get("/privacy").get_data(as_text=True)
    assert "We do not keep your internet address" in page
    assert "scrambled code" in page and "never more than about a day" in page
