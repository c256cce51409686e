"""Easy-read pages never claim to be complete when they are not (issue 13 item 7): a
version published while the charter check said its easy read was not ready (with a
recorded reason) says so on every easy-read page, with whom to ask for help; a ready
version, and the standard and large-print pages, say nothing of it."""

from __future__ import annotations

import html
import json
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from support.browser import assert_usable

from surveybuilder.charter import checks as charter
from surveybuilder.consultations import lifecycle
from surveybuilder.consultations.snapshots import draft_definition

READY = Path(__file__).parent / "data" / "easy-read-journey.json"
SAYS = "Some parts of this survey are not in easy read yet."


def text(response) -> str:
    """The page's words, one space between them, none before a full stop."""
    words = " ".join(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)).split())
    return html.unescape(words.replace(" .", "."))


def published(db_session, consultation, reason: str | None = None):
    lifecycle.publish(db_session, consultation, None, override_reason=reason)
    db_session.commit()
    return consultation


def dates() -> dict[str, str]:
    today = date.today()
    return {"opens": (today - timedelta(days=1)).isoformat(),
            "closes": (today + timedelta(days=30)).isoformat(),
            "feedback_by": (today + timedelta(days=60)).isoformat()}


@pytest.fixture
def unready(make_consultation, organisation, db_session):
    """Victoria Park: its questions have no easy-read wording yet."""
    consultation = make_consultation(organisation, **dates())
    assert not charter.easy_read_readiness(draft_definition(db_session, consultation)).ready
    return published(db_session, consultation, "The easy read version is being written.")


@pytest.fixture
def ready(make_consultation, organisation, db_session):
    consultation = make_consultation(
        organisation, json.loads(READY.read_text(encoding="utf-8")), **dates())
    assert charter.easy_read_readiness(draft_definition(db_session, consultation)).ready
    return published(db_session, consultation)


def start_journey(client, slug: str) -> str:
    """The first question page's address, after Start now in easy read."""
    response = client.post(f"/c/{slug}/start", data={"format": "easy-read"})
    assert response.status_code in (302, 303), response.status_code
    return response.headers["Location"]


def test_every_easy_read_page_says_what_is_missing_and_who_to_ask(client, unready):
    start = text(client.get(f"/c/{unready.slug}?format=easy-read"))
    assert SAYS in start
    assert f"If you need help, contact {unready.contact}." in start
    question = text(client.get(start_journey(client, unready.slug)))
    assert SAYS in question
    for fmt in ("", "?format=large-print"):
        assert "not in easy read" not in text(client.get(f"/c/{unready.slug}{fmt}"))


def test_without_a_contact_it_says_to_ask_someone(client, make_consultation, organisation,
                                                  db_session):
    consultation = published(db_session, make_consultation(organisation, contact="",
                                                           **dates()), "Not ready yet.")
    page = text(client.get(f"/c/{consultation.slug}?format=easy-read"))
    assert f"{SAYS} You can ask someone you trust to help you." in page


def test_a_ready_version_says_nothing_is_missing(client, ready):
    assert "not in easy read" not in text(client.get(f"/c/{ready.slug}?format=easy-read"))
    assert "not in easy read" not in text(client.get(start_journey(client, ready.slug)))


@pytest.mark.browser
def test_the_notice_in_the_browser_is_plain_and_accessible(browser, live_server, unready):
    browser.get(f"{live_server}/c/{unready.slug}?format=easy-read")
    notice = browser.find_element(By.ID, "easy-read-gaps")
    lines = [p.text for p in notice.find_elements(By.CSS_SELECTOR, "p")]
    assert lines == [SAYS, f"If you need help, contact {unready.contact}."]
    picture = notice.find_element(By.TAG_NAME, "img")
    assert picture.get_attribute("alt")
    assert notice.is_displayed()
    assert_usable(browser, "the easy-read start page with the notice")
