"""Only ready surveys are called easy read (issue 13, item 7): staff see how many
questions are not ready, and which, on the overview, charter and publish pages (the
charter check's own count); publishing easy read that is not ready needs a reason,
recorded in the audit log and shown in the version history."""

from __future__ import annotations

import html
import re

import pytest
from conftest import browser_sign_in
from selenium.webdriver.common.by import By
from sqlmodel import select
from support.browser import and_wait, assert_accessible, no_horizontal_scroll

from surveybuilder.charter.checks import check, easy_read_readiness
from surveybuilder.consultations import lifecycle
from surveybuilder.consultations.snapshots import draft_definition, questions_of
from surveybuilder.models import AuditEvent, Status, SurveyVersion

REASON = "Our easy read group checks the wording on Thursday."


def text_of(response) -> str:
    body = re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))
    return " ".join(html.unescape(body).split())


def url(consultation, page: str = "") -> str:
    return f"/staff/consultations/{consultation.id}" + (f"/{page}" if page else "")


@pytest.fixture
def park(make_consultation, organisation):
    """The example: the charter is met, but easy read is offered with 4 of its 5
    questions not written for it."""
    return make_consultation(organisation)


def charter_count(db_session, consultation) -> tuple[str, list[str]]:
    definition = draft_definition(db_session, consultation)
    row = next(r for r in check(definition) if r.id == "easy_read_ready")
    readiness = easy_read_readiness(definition)
    return row.detail, list(readiness.waiting)


def test_the_count_shown_is_the_charter_checks_and_links_each_question(
        editor_client, park, db_session):
    detail, waiting = charter_count(db_session, park)
    count = re.match(r"(\d+ of \d+) questions are not ready", detail).group(1)
    assert count == f"{len(waiting)} of 5"
    rows = {q.key: q for q in questions_of(db_session, park)}
    for page in ("", "charter", "publish"):
        response = editor_client.get(url(park, page))
        assert f"{count} questions are not ready for easy read." in text_of(response), page
        markup = response.get_data(as_text=True)
        for key in waiting:
            link = f'{url(park, f"questions/{rows[key].id}/edit")}#easy_read_text'
            assert f'href="{link}">{html.escape(rows[key].text, quote=False)}</a>' \
                in markup, (page, key)


def test_nothing_is_said_when_easy_read_is_not_offered(editor_client, make_consultation,
                                                       organisation):
    plain = make_consultation(organisation, formats=["large_print"], slug="no-easy-read")
    for page in ("", "charter", "publish"):
        assert "not ready for easy read" not in text_of(editor_client.get(url(plain, page)))
    assert editor_client.post(url(plain, "publish")).status_code == 302  # no reason asked


def test_publishing_unready_easy_read_without_a_reason_is_refused_keeping_what_was_typed(
        editor_client, park, db_session):
    page = text_of(editor_client.get(url(park, "publish")))
    assert "Why are you publishing easy read before every question is ready for it?" in page
    assert "Charter checks that fail" not in page  # easy read is not a charter failure
    refused = editor_client.post(url(park, "publish"), data={"reason": "   "})
    assert refused.status_code == 200
    body = refused.get_data(as_text=True)
    assert "<title>Error: " in body
    message = ("Enter why you are publishing easy read before every question is ready for "
               "it, or make the questions ready first")
    assert f'href="#reason">{message}</a>' in body
    assert re.search(r'<textarea[^>]*name="reason"[^>]*>\n?   </textarea>', body)
    db_session.refresh(park)
    assert park.status == Status.DRAFT
    assert db_session.exec(select(SurveyVersion)).all() == []


def test_with_a_reason_it_publishes_and_the_reason_is_kept_and_shown(
        editor_client, park, db_session):
    assert editor_client.post(url(park, "publish"), data={"reason": REASON}).status_code == 302
    db_session.refresh(park)
    assert park.status == Status.OPEN
    override = db_session.exec(select(AuditEvent).where(
        AuditEvent.action == "consultation.published_with_override")).one()
    assert override.detail == {"version": 1, "reason": REASON,
                               "failing_checks": ["easy_read_ready"]}
    history = text_of(editor_client.get(url(park, "versions")))
    assert "Version 1 (live)" in history
    assert "Published without meeting: Ready for easy read." in history
    assert f"Reason given: {REASON}" in history


def test_only_staff_publishing_asks_for_the_reason(db_session, park):
    with pytest.raises(lifecycle.CharterOverrideNeeded) as refused:
        lifecycle.publish(db_session, park, None, unready_easy_read_needs_reason=True)
    assert [row.id for row in refused.value.rows] == ["easy_read_ready"]
    db_session.rollback()
    assert lifecycle.publish(db_session, park, None).number == 1  # a set-up, on purpose


@pytest.mark.browser
def test_publish_page_error_state_is_accessible(browser, live_server, editor, park):
    browser_sign_in(browser, live_server, editor.email)
    browser.get(f"{live_server}{url(park, 'publish')}")
    assert_accessible(browser)
    and_wait(browser, browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
    assert browser.title.startswith("Error: ")
    summary = browser.find_element(By.CLASS_NAME, "govuk-error-summary").text
    assert "Enter why you are publishing easy read" in summary
    assert "not ready for easy read" in browser.find_element(By.ID, "easy-read-waiting").text
    assert_accessible(browser)
    assert no_horizontal_scroll(browser)


def test_the_print_page_does_not_call_an_unready_easy_read_form_simply_ready(
        editor_client, park, db_session):
    lifecycle.publish(db_session, park, None, override_reason=REASON,
                      unready_easy_read_needs_reason=True)
    db_session.commit()
    _, waiting = charter_count(db_session, park)
    page = text_of(editor_client.get(url(park, "print")))
    assert (f"{len(waiting)} of 5 questions in version 1 are not ready for easy read, so this "
            f"form is not fully easy read yet.") in page
