"""The residents' rights pages in a real browser: finding a response (and its error),
the response, the erasure confirmation, the audit log and the retention box on the
details page (and its error) pass axe, reflow at 320 CSS px and have large enough
targets; erasing works with the keyboard alone, no JavaScript needed."""

from __future__ import annotations

import pytest
from conftest import browser_sign_in
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from support.browser import and_wait, assert_usable, viewport, wait_for_new_page
from support.results import add_response, publish_results_survey

from surveybuilder.models import AuditEvent, Role

pytestmark = pytest.mark.browser


def usable_at_both_widths(browser, what: str) -> None:
    assert_usable(browser, what)
    with viewport(browser, 320):
        assert_usable(browser, f"{what} (320 px)")


def press_enter(browser, element) -> None:
    """The keyboard, not the mouse: Enter on a link, a button or a form's field."""
    wait_for_new_page(browser, lambda: element.send_keys(Keys.ENTER))


def test_every_rights_page_is_usable(browser, live_server, make_user, organisation,
                                     db_session, make_consultation, ready_definition):
    survey = publish_results_survey(db_session, organisation, make_consultation,
                                    ready_definition)
    response = add_response(db_session, survey, {
        "visit": "weekly", "ideas": "A much longer answer about the park " * 8,
        "postcode": "B69 3DE", "last_visit": "2026-10-01"})
    for number in range(60):
        db_session.add(AuditEvent(action="test.event", organisation_id=organisation.id,
                                  consultation_id=survey[0].id, detail={"n": number}))
    db_session.commit()
    make_user(organisation, "ada@example.gov.uk", Role.ADMIN, "Ada Admin")
    browser_sign_in(browser, live_server, "ada@example.gov.uk")

    browser.get(f"{live_server}/staff/responses?reference=&email=")
    assert browser.title.startswith("Error: ")
    usable_at_both_widths(browser, "the find page's error")
    field = browser.find_element(By.ID, "reference")
    field.send_keys(response.reference.lower())
    press_enter(browser, field)
    usable_at_both_widths(browser, "the find page with a result")
    link = browser.find_element(By.LINK_TEXT, response.reference)
    press_enter(browser, link)
    assert "A much longer answer" in browser.find_element(By.TAG_NAME, "main").text
    usable_at_both_widths(browser, "one response")

    erase = browser.find_element(By.PARTIAL_LINK_TEXT, "Erase response")
    press_enter(browser, erase)
    usable_at_both_widths(browser, "the erasure confirmation")
    button = browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]")
    press_enter(browser, button)
    assert "has been erased" in browser.find_element(By.TAG_NAME, "main").text
    usable_at_both_widths(browser, "the find page after erasing")

    browser.get(f"{live_server}/staff/audit")
    assert "page 1 of 2" in browser.find_element(By.TAG_NAME, "main").text
    usable_at_both_widths(browser, "the audit log")
    browser.get(f"{live_server}/staff/audit?action=response.erased")
    assert response.reference in browser.find_element(By.TAG_NAME, "main").text
    usable_at_both_widths(browser, "the audit log, filtered")

    browser.get(f"{live_server}/staff/consultations/{survey[0].id}/details")
    box = browser.find_element(By.ID, "retention_months")
    box.clear()
    box.send_keys("600")
    and_wait(browser, browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
    assert browser.title.startswith("Error: ")
    assert browser.find_element(By.ID, "retention_months").get_attribute("value") == "600"
    usable_at_both_widths(browser, "the details page's retention error")
