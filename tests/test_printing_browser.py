"""The editor's Print page in Chromium: accessible (axe, WCAG 2.2 AA), reflows at 320 px
and keeps what was typed when the numbered-copies form has a problem."""

from __future__ import annotations

from selenium.webdriver.common.by import By
from support.browser import and_wait, assert_accessible, no_horizontal_scroll, small_targets
from test_printing import EVERY_TYPE

from surveybuilder.consultations.lifecycle import publish


def test_print_page_and_its_error_state(signed_in_browser, live_server, db_session,
                                        organisation, make_consultation):
    browser = signed_in_browser
    consultation = make_consultation(organisation, EVERY_TYPE)
    publish(db_session, consultation, None)
    db_session.commit()

    browser.get(f"{live_server}/staff/consultations/{consultation.id}/print")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Print"
    current = browser.find_element(By.CSS_SELECTOR, "nav [aria-current=page]")
    assert current.text == "Print"
    assert_accessible(browser)
    assert no_horizontal_scroll(browser)
    assert small_targets(browser) == []

    browser.find_element(By.CSS_SELECTOR, "input[name=form_format][value=easy-read]").click()
    browser.find_element(By.ID, "copies").send_keys("lots")
    and_wait(browser, browser.find_element(By.CSS_SELECTOR, "main form button, "
                                                            "main form input[type=submit]"))
    assert browser.title.startswith("Error: ")
    summary = browser.find_element(By.CSS_SELECTOR, ".govuk-error-summary")
    assert "Number of copies must be a whole number" in summary.text
    assert summary.find_element(By.TAG_NAME, "a").get_attribute("href").endswith("#copies")
    assert browser.find_element(By.ID, "copies").get_attribute("value") == "lots"
    assert browser.find_element(
        By.CSS_SELECTOR, "input[name=form_format][value=easy-read]").is_selected()
    assert_accessible(browser)
    assert no_horizontal_scroll(browser)


def test_being_prepared_and_numbered_copies_pages(signed_in_browser, live_server, db_session,
                                                  organisation, make_consultation):
    """The resident's "being prepared" page and the staff's numbered-copies progress
    page, with the jobs held so both show their waiting state."""
    browser = signed_in_browser
    consultation = make_consultation(organisation, EVERY_TYPE)
    publish(db_session, consultation, None)
    db_session.commit()

    browser.get(f"{live_server}/c/{consultation.slug}/print/easy-read.pdf")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Your paper form is being prepared"
    assert_accessible(browser)
    assert no_horizontal_scroll(browser)
    assert small_targets(browser) == []

    browser.get(f"{live_server}/staff/consultations/{consultation.id}/print")
    browser.find_element(By.CSS_SELECTOR, "input[name=form_format][value=standard]").click()
    browser.find_element(By.ID, "copies").send_keys("20")
    and_wait(browser, browser.find_element(By.CSS_SELECTOR, "main form button, "
                                                            "main form input[type=submit]"))
    assert browser.find_element(By.TAG_NAME, "h1").text == "Numbered copies"
    assert "Waiting to start" in browser.find_element(By.TAG_NAME, "main").text
    assert_accessible(browser)
    assert no_horizontal_scroll(browser)
