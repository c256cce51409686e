"""The Paper tab's import of responses from a spreadsheet (issue 16 item 5), through the
Flask client with real files: a workbook and a CSV give the same row-by-row report as
`surveybuilder import-responses`, a bad file imports nothing and says why beside the
file box, the IMPORT_FILE_MAX_MB limit holds, and only editors of the organisation may
use it."""

from __future__ import annotations

import io
from datetime import date

import pytest
from conftest import sign_in
from openpyxl import Workbook
from sqlmodel import select
from support.paper_survey import publish_paper_survey

from surveybuilder.models import Answer, Response
from surveybuilder.paper.importing import read_file_rows


@pytest.fixture
def consultation(make_consultation, organisation, ready_definition, db_session):
    return publish_paper_survey(make_consultation, organisation, ready_definition, db_session)


def _address(consultation) -> str:
    return f"/staff/consultations/{consultation.id}/paper/import"


def workbook(*rows, sheets: tuple[str, ...] = ()) -> bytes:
    """A workbook whose first sheet (or the last of `sheets`) holds `rows`."""
    book = Workbook()
    for title in sheets:
        book.create_sheet(title)
    sheet = book[sheets[-1]] if sheets else book.active
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


GOOD_AND_BAD = (
    ("id", "visit", "uses", "visited_on", "age", "postcode"),
    ("form-1", "Every week", "walk;Sport", date(2025, 2, 3), 67, "b69 3de"),
    ("form-2", "sometimes", "", "", 200, ""),
    ("form-3", "never", "", "", "", ""),
)


def _upload(client, consultation, content: bytes, name: str):
    return client.post(_address(consultation), data={
        "responses": (io.BytesIO(content), name)}, content_type="multipart/form-data")


def test_the_paper_tab_links_to_the_import(editor_client, consultation):
    page = editor_client.get(f"/staff/consultations/{consultation.id}/paper")
    assert _address(consultation) in page.get_data(as_text=True)
    form = editor_client.get(_address(consultation)).get_data(as_text=True)
    assert 'type="file"' in form and 'accept=".xlsx,.csv,.json"' in form
    assert "up to 20 MB" in form


def test_a_workbook_imports_good_rows_and_reports_each_rejected_row(
        editor_client, consultation, db_session):
    page = _upload(editor_client, consultation, workbook(*GOOD_AND_BAD), "event.xlsx")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "2 responses imported" in html and "from event.xlsx" in html
    assert "1 row was not imported" in html
    row = html[html.index('id="row-3"'):]
    row = row[:row.index("</tr>")]
    assert "question 1 (visit)" in row and "“sometimes”" in row
    assert "question 6 (age): Enter a number between 0 and 120" in row  # every reason
    responses = db_session.exec(select(Response).order_by(Response.id)).all()
    assert len(responses) == 2 and {r.channel for r in responses} == {"paper"}
    first = db_session.exec(select(Answer).where(Answer.response_id == responses[0].id)
                            ).all()
    assert {(a.question_key, a.option_key) for a in first if a.option_key} == {
        ("visit", "weekly"), ("uses", "walk"), ("uses", "sport")}
    assert {a.question_key: a.date_value or a.number_value or a.text_value
            for a in first if not a.option_key} == {
        "visited_on": date(2025, 2, 3), "age": 67, "postcode": "B69 3DE"}
    again = _upload(editor_client, consultation, workbook(*GOOD_AND_BAD), "event.xlsx")
    assert "0 responses imported" in again.get_data(as_text=True)  # ids: nothing twice
    assert len(db_session.exec(select(Response)).all()) == 2


def test_a_csv_gives_the_same_report_as_the_command(editor_client, consultation):
    text = "visit,age\nweekly,40\nmonthly,abc\n"
    html = _upload(editor_client, consultation, text.encode(), "partner.csv").get_data(
        as_text=True)
    assert "1 response imported" in html and 'id="row-3"' in html
    assert "question 6 (age)" in html


def test_an_exported_workbook_is_read_from_its_codes_sheet():
    rows = read_file_rows(workbook(("visit", "age"), ("never", 5.0),
                                   sheets=("Responses", "Codes")), "xlsx")
    assert rows == [(2, {"visit": "never", "age": "5"})]


@pytest.mark.parametrize(("content", "name", "message"), [
    (b"", "", "Choose a spreadsheet of responses to import"),
    (b"visit\nweekly\n", "answers.txt", "The file must be an Excel workbook (.xlsx)"),
    (b"not a zip", "answers.xlsx", "cannot be read as an Excel workbook"),
    (b"colour\nred\n", "answers.csv", "These columns are not questions of this "
                                      "consultation: \u201ccolour\u201d"),
    ("visit\nweekly\n".encode("utf-16"), "answers.csv", "UTF-16"),
])
def test_a_file_that_cannot_be_read_imports_nothing_and_says_why(
        editor_client, consultation, db_session, content, name, message):
    page = _upload(editor_client, consultation, content, name)
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "<title>Error: " in html
    assert 'href="#responses"' in html and message in html
    assert 'class="govuk-error-message" id="responses-error"' in html
    assert db_session.exec(select(Response)).all() == []


def test_a_file_over_the_limit_is_refused_on_the_page(app, editor_client, consultation,
                                                      db_session):
    app.config["IMPORT_FILE_MAX_MB"] = 0.001  # 1,000 bytes
    big = b"visit\n" + b"weekly\n" * 400_000  # larger than the limit and the 1 MB allowance
    html = _upload(editor_client, consultation, big, "big.csv").get_data(as_text=True)
    assert "The file must be smaller than 0.001 MB" in html
    just_over = b"visit\n" + b"weekly\n" * 200
    html = _upload(editor_client, consultation, just_over, "over.csv").get_data(as_text=True)
    assert "the largest accepted is" in html and "IMPORT_FILE_MAX_MB" in html
    assert db_session.exec(select(Response)).all() == []


def test_only_editors_of_the_organisation_may_import(client, consultation, make_org,
                                                     make_user, organisation,
                                                     make_consultation, ready_definition):
    other = make_user(make_org("dudley", "Dudley Council"), "someone@dudley.gov.uk")
    sign_in(client, other.email)
    assert client.get(_address(consultation)).status_code == 404
    viewer = make_user(organisation, "viewer@example.gov.uk", role="viewer")
    sign_in(client, viewer.email)
    assert client.get(_address(consultation)).status_code == 403
    editor = make_user(organisation, "e2@example.gov.uk")
    sign_in(client, editor.email)
    draft = make_consultation(organisation, {**ready_definition, "slug": "still-a-draft"})
    assert client.get(_address(draft)).status_code == 404
