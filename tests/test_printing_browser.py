"""The editor's Print page in Chromium: accessible (axe, WCAG 2.2 AA), reflows at 320 px
and keeps what was typed when the numbered-copies form has a problem."""

from __future__ import annotations

from selenium.webdriver.common.by import By
from support.browser import and_wait, assert_accessible, no_horizontal_scroll, small_targets
from test_printing import EVERY_TYPE

from surveybuilder.consultations.lifecycle import publish


def _submit(browser) -> None:
    """Press the page's form button and wait for the page it leads to."""
    and_wait(browser, browser.find_element(By.CSS_SELECTOR, "main form button, "
                                                            "main form input[type=submit]"))


def _passes_checks(browser) -> None:
    """axe-clean, no sideways scrolling at 320 px, no small targets."""
    assert_accessible(browser)
    assert no_horizontal_scroll(browser)
    assert small_targets(browser) == []


def _ask_for_copies(browser, form_format: str, copies: str) -> None:
    browser.find_element(By.CSS_SELECTOR,
                         f"input[name=form_format][value={form_format}]").click()
    browser.find_element(By.ID, "copies").send_keys(copies)
    _submit(browser)


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
    _passes_checks(browser)

    _ask_for_copies(browser, "easy-read", "lots")
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
    _passes_checks(browser)

    browser.get(f"{live_server}/staff/consultations/{consultation.id}/print")
    _ask_for_copies(browser, "standard", "20")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Numbered copies"
    assert "Waiting to start" in browser.find_element(By.TAG_NAME, "main").text
    assert_accessible(browser)
    assert no_horizontal_scroll(browser)


def test_print_and_keying_pages_of_a_survey_in_other_languages(
        signed_in_browser, live_server, db_session, organisation, make_consultation,
        ready_definition):
    """Each language's forms listed under its own name (marked with its language), the
    numbered copies asking which language, and keying asking the form's language: all
    accessible, reflowing at 320 px, a missed choice an error that keeps the rest."""
    from support.languages import offered_in

    browser = signed_in_browser
    consultation = make_consultation(organisation, offered_in(ready_definition, "ur", "pa"))
    publish(db_session, consultation, None)
    db_session.commit()

    browser.get(f"{live_server}/staff/consultations/{consultation.id}/print")
    heading = browser.find_element(By.ID, "forms-ur")
    assert heading.text == "اردو (Urdu)"
    assert heading.find_element(By.CSS_SELECTOR, "span[lang=ur][dir=rtl]")
    _passes_checks(browser)
    _ask_for_copies(browser, "standard", "20")
    summary = browser.find_element(By.CSS_SELECTOR, ".govuk-error-summary")
    assert "Choose the language to print" in summary.text
    assert browser.find_element(By.ID, "copies").get_attribute("value") == "20"
    assert_accessible(browser)
    browser.find_element(By.CSS_SELECTOR, "input[name=form_language][value=ur]").click()
    _submit(browser)
    assert "20 numbered copies of the standard form in Urdu" in \
        browser.find_element(By.TAG_NAME, "main").text

    browser.get(f"{live_server}/staff/consultations/{consultation.id}/paper/batches/new")
    browser.find_element(By.ID, "label").send_keys("Mosque open day")
    _submit(browser)
    assert browser.find_element(By.TAG_NAME, "h1").text == "Key a form"
    assert "Language of the form" in browser.find_element(By.TAG_NAME, "main").text
    assert_accessible(browser)
    assert no_horizontal_scroll(browser)
