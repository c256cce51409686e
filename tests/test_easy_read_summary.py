"""The consultation summary in easy read (issue 13 item 4): staff write it on the details
page or accept a suggestion for it, it is published with the version, the checker
holds it to the easy-read rules, and the easy-read pages and paper form show it
instead of the standard summary (standard and large print keep the standard one)."""

from __future__ import annotations

import html
import re

import pytest
from sqlmodel import select
from support.easy_read_text import pdf_paragraphs

import easyread
from surveybuilder.charter import checks as charter
from surveybuilder.consultations.lifecycle import publish
from surveybuilder.models import AuditEvent
from surveybuilder.printing.formats import print_format
from surveybuilder.printing.render import render_form
from surveybuilder.survey.loading import load_definition

BASE = "/staff/consultations"
STANDARD = ("We are consulting residents on proposals to refurbish Victoria Park, and "
            "your views will inform the final design.")
EASY = "We want to make Victoria Park better.\nTell us what you think."


def page(response) -> str:
    return response.get_data(as_text=True)


def textarea(body: str, name: str) -> str:
    found = re.search(rf'<textarea[^>]*name="{name}"[^>]*>(.*?)</textarea>', body, re.S)
    assert found, f"no {name} box"
    return html.unescape(found.group(1)).strip("\r\n")


def details(consultation, **changes) -> dict:
    """The details form as the editor posts it, from the consultation's values."""
    data = {"title": consultation.title, "slug": consultation.slug,
            "summary": consultation.summary,
            "participation_level": consultation.participation_level,
            "formats": consultation.formats}
    return {**data, **changes}


@pytest.fixture
def park(make_consultation, organisation):
    return make_consultation(organisation, summary=STANDARD)


def test_staff_write_it_on_the_details_page_one_sentence_a_line(editor_client, park,
                                                                db_session):
    edit = page(editor_client.get(f"{BASE}/{park.id}/details"))
    assert 'name="easy_read_summary"' in edit
    assert f'action="{BASE}/{park.id}/easy-read/suggest/consultation-summary/0"' in edit
    response = editor_client.post(f"{BASE}/{park.id}/details", data=details(
        park, easy_read_summary="  We want to make Victoria Park better.\n\n"
                                "Tell us what you think.  "))
    assert response.status_code == 302, page(response)
    db_session.refresh(park)
    assert park.easy_read_summary == EASY
    assert park.summary == STANDARD
    assert textarea(page(editor_client.get(f"{BASE}/{park.id}/details")),
                    "easy_read_summary") == EASY


def test_a_suggestion_comes_from_the_summary_and_only_accepting_keeps_it(
        editor_client, park, db_session):
    url = f"{BASE}/{park.id}/easy-read/suggest/consultation-summary/0"
    body = page(editor_client.post(url))
    assert STANDARD in html.unescape(body)
    assert textarea(body, "easy_read_text") == easyread.suggest_easy_read(STANDARD).text
    db_session.refresh(park)
    assert park.easy_read_summary == ""  # a suggestion alone stores nothing
    response = editor_client.post(f"{url}/accept", data={"easy_read_text": EASY + "\n\n"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"{BASE}/{park.id}/details#easy_read_summary")
    db_session.refresh(park)
    assert park.easy_read_summary == EASY
    assert len(db_session.exec(select(AuditEvent).where(
        AuditEvent.action == "consultation.easy_read_summary_accepted")).all()) == 1
    assert editor_client.post(f"{BASE}/{park.id}/easy-read/suggest/"
                              f"consultation-summary/1").status_code == 404


def test_the_checker_holds_it_to_the_easy_read_rules(make_consultation, organisation,
                                                     ready_definition):
    hard = load_definition({**ready_definition, "easy_read_summary": STANDARD})
    easy = load_definition({**ready_definition, "easy_read_summary": EASY})
    found = charter.easy_read_readiness(hard)
    assert found.summary_findings and not found.ready
    assert charter.easy_read_readiness(easy).summary_findings == ()
    row = next(r for r in charter.check(hard) if r.id == "easy_read_ready")
    assert row.outcome == charter.Outcome.WARN
    assert "easy read summary needs work" in row.detail
    assert "jargon" in row.detail


def test_published_with_the_version_and_shown_in_easy_read_only(client, park, db_session):
    park.easy_read_summary = EASY
    db_session.add(park)
    publish(db_session, park, None)
    db_session.commit()
    easy = html.unescape(page(client.get(f"/c/{park.slug}?format=easy-read")))
    assert "We want to make Victoria Park better." in easy
    assert "Tell us what you think." in easy
    assert STANDARD not in easy
    for fmt in ("", "?format=large-print"):
        standard = html.unescape(page(client.get(f"/c/{park.slug}{fmt}")))
        assert STANDARD in standard and "We want to make" not in standard


@pytest.mark.pdf
def test_the_easy_read_paper_form_prints_it(ready_definition):
    definition = load_definition({**ready_definition, "summary": STANDARD,
                                  "easy_read_summary": EASY})
    easy = pdf_paragraphs(render_form(definition, 3, print_format("easy-read"),
                                      "Sandwell Council").pdf)
    assert "We want to make Victoria Park better." in easy
    assert "Tell us what you think." in easy
    assert not any("refurbish" in p for p in easy)
    standard = " ".join(pdf_paragraphs(render_form(definition, 3, print_format("standard"),
                                                   "Sandwell Council").pdf))
    assert "refurbish Victoria Park" in standard and "We want to make" not in standard


@pytest.mark.browser
def test_the_details_page_with_the_easy_read_summary_is_accessible(signed_in_browser,
                                                                   live_server, park):
    from selenium.webdriver.common.by import By
    from support.browser import assert_usable

    browser = signed_in_browser
    browser.get(f"{live_server}{BASE}/{park.id}/details")
    box = browser.find_element(By.ID, "easy_read_summary")
    assert box.tag_name == "textarea"
    assert browser.find_element(By.CSS_SELECTOR, "#suggest-easy-read button").text == \
        "Suggest easy read"
    assert_usable(browser, "the details page")
