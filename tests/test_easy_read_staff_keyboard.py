"""The staff easy-read pages work from the keyboard alone: the glossary, the pictures and
the "Suggest easy read" accept flow. Each control is reached with Tab and operated with
Enter or Space (Selenium's send_keys, never a click); every element Tab lands on shows
that it has focus (GOV.UK's focus outline or shadow); an error puts focus on the error
summary, whose link takes focus to the box to fix; and every page passes axe."""

from __future__ import annotations

import copy
from collections.abc import Callable

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from support.browser import assert_usable, focused_element, wait_for_new_page

from surveybuilder.consultations.snapshots import questions_of, sections_of

pytestmark = pytest.mark.browser

BASE = "/staff/consultations"
TAB_LIMIT = 200  # more presses than any of these pages has controls
# GOV.UK shows keyboard focus with a yellow outline (form controls, buttons) or a
# yellow background with a dark underline drawn as a box shadow (links); a check box or
# radio's input is invisible, and the box drawn before its label shows the focus.
_FOCUS_SHOWN = """
const e = document.activeElement;
const drawn = e.matches('.govuk-checkboxes__input, .govuk-radios__input')
  ? getComputedStyle(e.nextElementSibling, '::before') : getComputedStyle(e);
const outline = drawn.outlineStyle !== 'none' && parseFloat(drawn.outlineWidth) >= 2;
return outline || drawn.boxShadow !== 'none';"""


def focus_is_shown(browser) -> bool:
    return browser.execute_script(_FOCUS_SHOWN)


def tab_to(browser, wanted: Callable[[object], bool], what: str):
    """Press Tab until focus is on what is wanted; each element passed on the way must
    show its focus."""
    for _ in range(TAB_LIMIT):
        browser.switch_to.active_element.send_keys(Keys.TAB)
        element = focused_element(browser)
        assert focus_is_shown(browser), (
            f"focus is not visible on {element.get_attribute('outerHTML')[:120]}")
        if wanted(element):
            return element
    raise AssertionError(f"Tab never reached {what}")


def by_id(element_id: str) -> Callable[[object], bool]:
    return lambda element: element.get_attribute("id") == element_id


def by_text(start: str) -> Callable[[object], bool]:
    """A button or link whose words (or value) start with `start`."""
    return lambda element: (element.text or element.get_attribute("value") or ""
                            ).strip().startswith(start)


def press(browser, key: str) -> None:
    """Press a key on the focused control, which loads a new page."""
    wait_for_new_page(browser, lambda: browser.switch_to.active_element.send_keys(key))


def press_button(browser, words: str, key: str) -> None:
    """Tab to the button or link whose words start with `words`, then press `key`."""
    tab_to(browser, by_text(words), words)
    press(browser, key)


def replace_text(browser, text: str) -> None:
    box = browser.switch_to.active_element
    box.send_keys(Keys.CONTROL, "a")
    box.send_keys(Keys.DELETE)
    if text:
        box.send_keys(text)


def assert_error_summary_has_focus_then_leads_to(browser, box_id: str, what: str) -> None:
    assert browser.title.startswith("Error:"), what
    assert focused_element(browser).get_attribute("class").startswith(
        "govuk-error-summary"), f"{what}: focus is not on the error summary"
    assert_usable(browser, what)
    tab_to(browser, lambda e: e.tag_name == "a" and e.get_attribute("href").endswith(
        f"#{box_id}"), "the error summary's link")
    browser.switch_to.active_element.send_keys(Keys.ENTER)
    assert focused_element(browser).get_attribute("id") == box_id, what


@pytest.fixture
def park(make_consultation, organisation, ready_definition):
    """Victoria Park with a hard word no dictionary explains, and its first section's
    picture left to be suggested."""
    data = copy.deepcopy(ready_definition)
    data["sections"][0]["description"] = "Tell us how you use the park and the bus."
    data["sections"][0]["questions"].append({
        "key": "pergola", "type": "yes_no", "text": "Should we build a pergola in the park?",
        "easy_read": {"text": "Should we build a pergola in the park?", "picture": "park"}})
    return make_consultation(organisation, data)


def test_the_glossary_from_the_keyboard(signed_in_browser, live_server, park, db_session):
    browser = signed_in_browser
    browser.get(f"{live_server}{BASE}/{park.id}/easy-read/glossary")
    assert_usable(browser, "the glossary page")
    tab_to(browser, by_id("meaning-1"), "the meaning box")
    browser.switch_to.active_element.send_keys("an ornamental trellised arbour")
    press_button(browser, "Save meanings", Keys.ENTER)
    assert_error_summary_has_focus_then_leads_to(browser, "meaning-1", "the glossary error")

    replace_text(browser, "a wooden frame in a garden. Plants grow up and over it.")
    press_button(browser, "Save meanings", Keys.SPACE)
    assert "The meanings have been saved." in browser.find_element(By.TAG_NAME, "main").text
    assert_usable(browser, "the glossary page after saving")
    db_session.refresh(park)
    assert park.glossary == [{"word": "pergola", "meaning": "a wooden frame in a garden. "
                                                           "Plants grow up and over it."}]


def test_the_pictures_from_the_keyboard(signed_in_browser, live_server, park, db_session):
    browser = signed_in_browser
    section = sections_of(db_session, park)[0]
    browser.get(f"{live_server}{BASE}/{park.id}/easy-read/pictures")
    assert_usable(browser, "the pictures page")
    press_button(browser, "Use this picture", Keys.SPACE)
    assert "is now chosen" in browser.find_element(By.TAG_NAME, "main").text
    assert_usable(browser, "the pictures page after choosing")
    db_session.refresh(section)
    assert section.easy_read_picture

    # A picture word the dictionary does not know: changed from the pictures page.
    question = questions_of(db_session, park)[0]
    tab_to(browser, lambda e: e.tag_name == "a" and e.get_attribute("href").endswith(
        f"/questions/{question.id}/edit"), "the first question's Change link")
    press(browser, Keys.ENTER)
    tab_to(browser, by_id("easy_read_picture"), "the picture box")
    replace_text(browser, "hous")
    press_button(browser, "Save question", Keys.ENTER)
    assert_error_summary_has_focus_then_leads_to(browser, "easy_read_picture",
                                                 "the refused picture word")
    replace_text(browser, "house")
    press_button(browser, "Save question", Keys.SPACE)
    db_session.refresh(question)
    assert question.easy_read_picture == "house"


def test_suggest_and_accept_from_the_keyboard(signed_in_browser, live_server, park,
                                              db_session):
    browser = signed_in_browser
    question = questions_of(db_session, park)[0]
    question.text = "We will commence the works in six weeks and we will repair the roads."
    question.easy_read_text = ""
    db_session.add(question)
    db_session.commit()
    browser.get(f"{live_server}{BASE}/{park.id}/questions/{question.id}/edit")
    press_button(browser, "Suggest easy read", Keys.ENTER)
    assert browser.find_element(By.ID, "suggested-sentences").text
    assert_usable(browser, "the suggestion")

    tab_to(browser, by_id("easy_read_text"), "the easy read box")
    replace_text(browser, "")
    press_button(browser, "Use this easy read wording", Keys.ENTER)
    assert_error_summary_has_focus_then_leads_to(browser, "easy_read_text",
                                                 "the empty easy read wording")
    db_session.refresh(question)
    assert question.easy_read_text == ""

    browser.switch_to.active_element.send_keys("We will start work in 6 weeks.")
    press_button(browser, "Use this easy read wording", Keys.SPACE)
    assert "The easy read wording has been saved." in browser.find_element(
        By.TAG_NAME, "main").text
    db_session.refresh(question)
    assert question.easy_read_text == "We will start work in 6 weeks."
