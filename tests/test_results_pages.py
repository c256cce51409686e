"""Staff results pages through the Flask client: every page, filters, cross-tabs,
tagging by typed numbers, the codebook, downloads, the threshold, and who may see them."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime

import pytest
from conftest import sign_in
from openpyxl import load_workbook
from sqlmodel import select
from support.results import add_response, publish_results_survey

from surveybuilder.models import AuditEvent, Role
from surveybuilder.results import themes


@pytest.fixture
def survey(db_session, organisation, make_consultation, ready_definition):
    survey = publish_results_survey(db_session, organisation, make_consultation,
                                    ready_definition)
    when = datetime(2026, 11, 2, 10, tzinfo=UTC)
    for index in range(12):
        add_response(db_session, survey, {
            "visit": ["weekly", "monthly", "never"][index % 3],
            "use": ["walk", "play"] if index % 2 else ["walk"],
            "safe": "agree", "minutes": index, "age": "older" if index < 2 else "middle",
            "ideas": f"More benches and better lighting near gate {index}",
            "postcode": "B66 1AA"},
            channel="paper" if index < 3 else "online",
            submitted_at=when.replace(day=2 + index % 2))
    return survey


def base(survey) -> str:
    return f"/staff/consultations/{survey[0].id}/results"


def test_overview_shows_every_question_as_chart_table_and_sentence(editor_client, survey):
    page = editor_client.get(base(survey)).get_data(as_text=True)
    assert "12 responses" in page
    for number in range(1, 10):
        assert f"Question {number}:" in page
    assert page.count('role="img"') == page.count("<title id=")
    assert "Most chosen: Every week" in page
    assert "add up to more than 100%" in page
    assert "Median 5.50" in page


def test_filters_narrow_the_count_and_bad_dates_are_errors(editor_client, survey):
    page = editor_client.get(base(survey), query_string={
        "channel": "paper"}).get_data(as_text=True)
    assert "3 responses match the filters" in page
    page = editor_client.get(base(survey), query_string={
        "answer": "visit:never"}).get_data(as_text=True)
    assert "4 responses match the filters" in page
    page = editor_client.get(base(survey), query_string={
        "from-day": "31", "from-month": "2", "from-year": "2026"}).get_data(as_text=True)
    assert "<title>Error: " in page
    assert "Date from must be a real date" in page
    assert 'value="31"' in page


def test_published_view_hides_small_counts(editor_client, survey):
    page = editor_client.get(base(survey), query_string={"published": "1"}).get_data(
        as_text=True)
    assert "fewer than 5" in page
    assert "not published" in page


def test_crosstab_exact_and_published(editor_client, survey):
    url = f"{base(survey)}/crosstab"
    page = editor_client.get(url, query_string={"rows": "visit", "columns": "age"}).get_data(
        as_text=True)
    assert 'id="crosstab"' in page
    published = editor_client.get(url, query_string={"rows": "visit", "columns": "age",
                                                     "published": "1"}).get_data(as_text=True)
    assert "fewer than 5" in published and "hidden" in published
    same = editor_client.get(url, query_string={"rows": "visit", "columns": "visit"})
    assert "Choose two different questions" in same.get_data(as_text=True)


def test_tagging_by_typed_numbers_and_checkboxes(editor_client, survey, db_session):
    consultation = survey[0]
    lighting = themes.add_theme(db_session, consultation, "Lighting")
    benches = themes.add_theme(db_session, consultation, "Benches")
    db_session.commit()
    url = f"{base(survey)}/comments"
    page = editor_client.get(url).get_data(as_text=True)
    assert "12 comments match" in page
    first, _ = themes.comments(db_session, consultation, themes.CommentQuery())
    answer = editor_client.post(url, data={
        "response_id": first[0].response_id, "question_key": "ideas", "index": 0,
        "numbers": "1 2"})
    assert answer.status_code == 302 and answer.location.endswith("#comment-1")
    wrong = editor_client.post(url, data={
        "response_id": first[1].response_id, "question_key": "ideas", "index": 1,
        "numbers": "7"})
    text = wrong.get_data(as_text=True)
    assert "There is no theme numbered ‘7’" in text and 'value="7"' in text
    editor_client.post(url, data={"response_id": first[1].response_id,
                                  "question_key": "ideas", "index": 1,
                                  "themes": [str(lighting.id)]})
    tagged, total = themes.comments(db_session, consultation,
                                    themes.CommentQuery(theme_id=lighting.id))
    assert total == 2
    tagged, total = themes.comments(db_session, consultation,
                                    themes.CommentQuery(theme_id=benches.id))
    assert total == 1
    page = editor_client.get(url, query_string={"uncoded": "1"}).get_data(as_text=True)
    assert "10 comments match" in page


def test_codebook_add_rename_delete_and_adopt(editor_client, survey, db_session):
    url = f"{base(survey)}/themes"
    page = editor_client.get(url).get_data(as_text=True)
    assert "better lighting" in page  # a suggested phrase
    assert editor_client.post(url, data={"name": "Safety"}).status_code == 302
    duplicate = editor_client.post(url, data={"name": "safety"}).get_data(as_text=True)
    assert "There is already a theme called ‘Safety’" in duplicate
    assert editor_client.post(f"{url}/adopt", data={"phrase": "better lighting"}
                              ).status_code == 302
    codebook = themes.themes(db_session, survey[0])
    assert [t.name for t in codebook] == ["Safety", "Better lighting"]
    editor_client.post(f"{url}/{codebook[0].id}/edit", data={"name": "Feeling safe"})
    editor_client.post(f"{url}/{codebook[1].id}/delete")
    db_session.expire_all()
    assert [(t.number, t.name) for t in themes.themes(db_session, survey[0])] == [
        (1, "Feeling safe")]


def test_downloads_open_and_anonymised_leave_out_personal_data(editor_client, survey,
                                                               run_jobs):
    text = editor_client.get(f"{base(survey)}/download.csv?codes=1").get_data(as_text=True)
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert len(rows) == 12 and "postcode" in rows[0]
    text = editor_client.get(f"{base(survey)}/download.csv?codes=1&anonymised=1").get_data(
        as_text=True)
    assert "postcode" not in text
    asked = editor_client.post(f"{base(survey)}/exports", data={"anonymised": "1"})
    run_jobs("export-responses-xlsx")
    book = load_workbook(io.BytesIO(editor_client.get(f"{asked.location}.xlsx").data),
                         read_only=True)
    assert "Responses" in book.sheetnames and "Codebook" in book.sheetnames
    header = [c.value for c in next(book["Responses"].iter_rows(max_row=1))]
    assert "postcode" not in header
    book.close()
    data = json.loads(editor_client.get(f"{base(survey)}/download.json").data)
    assert data["summary"]["respondents"] == 12 and len(data["responses"]) == 12


def test_viewers_and_other_organisations_cannot_see_results(client, survey, make_user,
                                                            make_org):
    outsider = make_user(make_org("other-org", "Other"), email="other@example.gov.uk",
                         role=Role.ADMIN)
    sign_in(client, outsider.email)
    assert client.get(base(survey)).status_code == 404


def test_a_viewer_gets_403(client, survey, make_user, organisation):
    viewer = make_user(organisation, email="viewer@example.gov.uk", role=Role.VIEWER)
    sign_in(client, viewer.email)
    assert client.get(base(survey)).status_code == 403
    assert client.get(f"{base(survey)}/download.csv").status_code == 403
    # The tab is not offered to them either; an analyst has it.
    overview = client.get(f"/staff/consultations/{survey[0].id}").get_data(as_text=True)
    assert "Feedback</a>" in overview and f'href="{base(survey)}"' not in overview
    analyst = make_user(organisation, email="analyst@example.gov.uk", role=Role.ANALYST)
    sign_in(client, analyst.email)
    overview = client.get(f"/staff/consultations/{survey[0].id}").get_data(as_text=True)
    assert f'href="{base(survey)}"' in overview


def test_an_admin_sets_the_threshold(client, survey, make_user, organisation):
    admin = make_user(organisation, email="admin@example.gov.uk", role=Role.ADMIN)
    sign_in(client, admin.email)
    bad = client.post("/staff/organisation/suppression", data={"threshold": "1"})
    assert "between 2 and 100" in bad.get_data(as_text=True)
    assert client.post("/staff/organisation/suppression",
                       data={"threshold": "13"}).status_code == 302
    page = client.get(base(survey), query_string={"published": "1"}).get_data(as_text=True)
    assert "fewer than 13" in page


def test_changing_the_threshold_is_in_the_audit_trail(client, survey, make_user,
                                                      organisation, db_session):
    admin = make_user(organisation, email="admin@example.gov.uk", role=Role.ADMIN)
    sign_in(client, admin.email)
    client.post("/staff/organisation/suppression", data={"threshold": "1"})  # refused
    client.post("/staff/organisation/suppression", data={"threshold": "13"})
    client.post("/staff/organisation/suppression", data={"threshold": "8"})
    changes = db_session.exec(select(AuditEvent).where(
        AuditEvent.action == "organisation.suppression_threshold_changed")
        .order_by(AuditEvent.id)).all()
    assert [(e.user_id, e.organisation_id, e.detail) for e in changes] == [
        (admin.id, organisation.id, {"before": None, "after": 13}),
        (admin.id, organisation.id, {"before": 13, "after": 8})]
