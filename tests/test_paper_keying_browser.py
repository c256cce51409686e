"""Paper keying in a real browser, with the keyboard alone.

Two people key the same returned form in a double-keyed batch: Tab between entry boxes,
typing option numbers, Space for "Unclear" and "Left blank", Enter to save each
section and move on. A wrong option number is fixed through the error summary. They
read one answer differently, so the Differences page asks a person to decide; once
decided, the staff export holds the form as a `paper` response with the answers
chosen. Every page on the way (errors included) passes axe-core, has one h1, reflows
at 320 CSS px and has no target under 24 px.

The test never clicks and never sets values with JavaScript; JavaScript only reads
which element has focus.
"""

from __future__ import annotations

import pytest
from conftest import browser_sign_in
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.wait import WebDriverWait
from support.browser import (
    assert_accessible,
    no_horizontal_scroll,
    small_targets,
)
from support.keyboard import (
    focus,
    press,
    press_and_wait,
    tab_to_button,
    tab_to_id,
    wait_for_summary_focus,
)
from support.paper_survey import publish_paper_survey
from test_respond_browser import staff_export

from surveybuilder.consultations import lifecycle
from surveybuilder.consultations.snapshots import draft_data, write_draft
from surveybuilder.paper import keying
from surveybuilder.survey.loading import load_definition

# Keying pages list many boxes: Tab may need many presses to reach one.
KEYING_TABS = 40

@pytest.fixture
def consultation(make_consultation, organisation, ready_definition, db_session):
    return publish_paper_survey(make_consultation, organisation, ready_definition, db_session)


def check(browser, what: str) -> None:
    """One h1, no axe violations, no sideways scrolling at 320 px, no small targets."""
    assert len(browser.find_elements(By.TAG_NAME, "h1")) == 1, what
    assert_accessible(browser)
    assert no_horizontal_scroll(browser), f"{what} scrolls sideways at 320 CSS px"
    assert small_targets(browser) == [], what


def error_state(browser, what: str, links: list[str]) -> None:
    assert browser.title.startswith("Error: "), browser.title
    wait_for_summary_focus(browser)
    summary = browser.find_element(By.CSS_SELECTOR, ".govuk-error-summary")
    assert [a.get_attribute("href").rsplit("#", 1)[-1]
            for a in summary.find_elements(By.TAG_NAME, "a")] == links
    check(browser, what)


def value_of(browser, element_id: str) -> str:
    return browser.find_element(By.ID, element_id).get_attribute("value")


def start_copy(browser, batch_url: str) -> None:
    """From the batch page: "Key a form", copy 7, large print."""
    browser.get(batch_url)
    tab_to_button(browser, "Key a form", KEYING_TABS)
    press_and_wait(browser, Keys.ENTER)
    check(browser, "start page")
    tab_to_id(browser, "copy_number", KEYING_TABS)
    press(browser, "7")
    press(browser, Keys.TAB)                       # into the formats: Standard
    press(browser, Keys.ARROW_DOWN, Keys.ARROW_DOWN)
    assert browser.find_element(By.CSS_SELECTOR, "input[name=answer_format]:checked"
                                ).get_attribute("value") == "large_print"
    tab_to_button(browser, "Start keying", KEYING_TABS)
    press_and_wait(browser, Keys.ENTER)


def key_section_two(browser, differently: bool) -> None:
    tab_to_id(browser, "visited_on", KEYING_TABS)
    press(browser, "3 2 2025")
    tab_to_id(browser, "age", KEYING_TABS)
    press(browser, "67")
    tab_to_id(browser, "postcode", KEYING_TABS)
    press(browser, "b69 3de")
    tab_to_id(browser, "hear_back" if differently else "hear_back-blank", KEYING_TABS)
    press(browser, "1" if differently else Keys.SPACE)
    tab_to_id(browser, "agree", KEYING_TABS)
    press(browser, "1")
    press_and_wait(browser, Keys.ENTER)            # Enter in a box saves and moves on
    assert browser.current_url.endswith("/check"), browser.current_url


def test_two_people_key_a_form_with_the_keyboard_and_a_person_decides_the_difference(
        browser, live_server, live_app, consultation, editor, make_user, organisation):
    second = make_user(organisation, "second@example.gov.uk", name="Sam Second")
    browser_sign_in(browser, live_server, editor.email)
    browser.get(f"{live_server}/staff/consultations/{consultation.id}/paper")
    check(browser, "paper tab")

    # A new batch with double keying.
    tab_to_button(browser, "Add a batch", KEYING_TABS)
    press_and_wait(browser, Keys.ENTER)
    check(browser, "new batch")
    tab_to_id(browser, "label", KEYING_TABS)
    press(browser, "Day centre, 12 March")
    press(browser, Keys.TAB)
    assert focus(browser)["id"] == "double_keying"
    press(browser, Keys.SPACE)
    tab_to_button(browser, "Add batch", KEYING_TABS)
    press_and_wait(browser, Keys.ENTER)
    batch_url = browser.current_url.rsplit("/key", 1)[0]

    # The first person keys copy 7; a wrong option number first.
    start_copy(browser, batch_url)
    assert browser.current_url.endswith("/1"), browser.current_url
    check(browser, "section 1")
    tab_to_id(browser, "visit", KEYING_TABS)
    press(browser, "7")
    tab_to_id(browser, "uses", KEYING_TABS)
    press(browser, "1 3")
    tab_to_id(browser, "safe", KEYING_TABS)
    press(browser, "2")
    press(browser, Keys.TAB)
    assert focus(browser)["id"] == "safe-unclear"
    press(browser, Keys.SPACE)
    press(browser, Keys.SHIFT, Keys.TAB)           # back to the box, where Enter submits
    press_and_wait(browser, Keys.ENTER)
    error_state(browser, "section 1 with an error", ["visit"])
    assert "Type an option number from 1 to 3" in browser.find_element(
        By.CSS_SELECTOR, ".govuk-error-summary").text
    assert (value_of(browser, "visit"), value_of(browser, "uses")) == ("7", "1 3")
    assert browser.find_element(By.ID, "safe-unclear").is_selected()
    press(browser, Keys.TAB)                       # the summary's link, then to the box
    assert focus(browser)["href"] == "#visit"
    press(browser, Keys.ENTER)
    WebDriverWait(browser, 5).until(lambda driver: focus(driver).get("id") == "visit")
    press(browser, Keys.CONTROL, "a")
    press(browser, "2")
    press_and_wait(browser, Keys.ENTER)
    assert browser.current_url.endswith("/2"), browser.current_url
    check(browser, "section 2")
    key_section_two(browser, differently=False)
    check(browser, "check page")
    main = browser.find_element(By.TAG_NAME, "main").text
    assert "Unclear: 2 Agree" in main and "1 Walking, 3 Sport" in main
    tab_to_button(browser, "Finish keying", KEYING_TABS)
    press_and_wait(browser, Keys.ENTER)
    assert "keyed once. A second person must key it" in browser.find_element(
        By.TAG_NAME, "main").text
    check(browser, "batch page")

    # The second person reads question 8 as "Yes" where the first saw it left blank.
    browser_sign_in(browser, live_server, second.email)
    start_copy(browser, batch_url)
    tab_to_id(browser, "visit", KEYING_TABS)
    press(browser, "2")
    tab_to_id(browser, "uses", KEYING_TABS)
    press(browser, "3,1")
    tab_to_id(browser, "safe", KEYING_TABS)
    press(browser, "2", Keys.TAB, Keys.SPACE, Keys.SHIFT + Keys.TAB)
    press_and_wait(browser, Keys.ENTER)
    key_section_two(browser, differently=True)
    tab_to_button(browser, "Finish keying", KEYING_TABS)
    press_and_wait(browser, Keys.ENTER)

    # Differences: one, decided for the first reading after a try without a choice.
    assert browser.current_url.endswith("/differences"), browser.current_url
    check(browser, "differences")
    main = browser.find_element(By.TAG_NAME, "main").text
    assert "8. Shall we tell you what happened?" in main
    assert "Left blank" in main and "1 Yes" in main and "in 1 place" in main
    tab_to_button(browser, "Store the form", KEYING_TABS)
    press_and_wait(browser, Keys.ENTER)
    error_state(browser, "differences with an error", ["hear_back"])
    tab_to_id(browser, "hear_back", KEYING_TABS)                # the first reading: "Left blank"
    press(browser, Keys.SPACE)
    tab_to_button(browser, "Store the form", KEYING_TABS)
    press_and_wait(browser, Keys.ENTER)
    assert "Copy 7 is stored as response" in browser.find_element(By.TAG_NAME, "main").text

    [response] = staff_export(live_app, consultation.id, editor.email)["responses"]
    assert (response["channel"], response["format"]) == ("paper", "large_print")
    assert response["answers"] == {"visit": "monthly", "uses": ["walk", "sport"],
                                   "safe": "agree", "visited_on": "2025-02-03", "age": 67,
                                   "postcode": "B69 3DE", "agree": True}


def test_choosing_the_version_of_an_older_form_with_the_keyboard(
        browser, live_server, consultation, editor, db_session):
    """Once a second version is published, "Key a form" asks which version is printed:
    leaving it out is an error that keeps what was typed, and the page passes axe."""
    changed = draft_data(db_session, consultation)
    changed["sections"][0]["questions"][0]["options"].insert(
        0, {"key": "daily", "label": "Every day"})
    write_draft(db_session, consultation, load_definition(changed))
    lifecycle.publish(db_session, consultation, None)
    db_session.commit()
    batch = keying.create_batch(db_session, consultation, editor, "Library, 3 April", False)
    db_session.commit()
    browser_sign_in(browser, live_server, editor.email)

    start_copy(browser, f"{live_server}/staff/consultations/{consultation.id}/paper/"
                        f"batches/{batch.id}")
    error_state(browser, "start page without a version", ["form_version"])
    assert value_of(browser, "copy_number") == "7"
    assert browser.find_element(By.CSS_SELECTOR, "input[name=answer_format]:checked"
                                ).get_attribute("value") == "large_print"
    tab_to_id(browser, "form_version", KEYING_TABS)   # Version 2, the one online now
    press(browser, Keys.ARROW_DOWN)                   # Version 1
    assert browser.find_element(By.CSS_SELECTOR, "input[name=form_version]:checked"
                                ).get_attribute("value") == "1"
    tab_to_button(browser, "Start keying", KEYING_TABS)
    press_and_wait(browser, Keys.ENTER)
    assert browser.current_url.endswith("/1"), browser.current_url
    # The keying page reads option numbers as version 1 printed them.
    assert "1 Every week" in " ".join(browser.find_element(By.TAG_NAME, "main").text.split())
