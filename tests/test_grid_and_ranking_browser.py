"""Grids and ranking in a real browser, in all three formats.

- A resident answers a grid and a ranking question with the keyboard alone: arrow keys
  in each statement's radios, typing "1", "2" into the ranking selects. A statement
  left out and the same place given twice are refused with the error summary focused,
  its links going to the statement or option to fix, and nothing chosen is lost.
- Every page, blank and with its errors, in standard, easy read and large print,
  passes axe-core (WCAG 2.2 AA with target size), has one h1, reflows at 320 CSS px
  with no sideways scrolling and has no target under 24 px.
- The answers are stored as given.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select
from selenium.webdriver.support.wait import WebDriverWait
from sqlmodel import select
from support.browser import (
    and_wait,
    assert_accessible,
    console_errors,
    no_horizontal_scroll,
    small_targets,
)
from support.keyboard import (
    focus,
    next_is,
    press,
    press_and_wait,
    tab_to_button,
    tab_to_id,
    wait_for_summary_focus,
)

from surveybuilder import wording
from surveybuilder.consultations import lifecycle
from surveybuilder.models import Answer, Response
from surveybuilder.responses.storage import answers_from_rows
from surveybuilder.survey.loading import load_definition

SLUG = "park-views"
SECTIONS = [
    {"title": "What you think of the park",
     "questions": [
         {"key": "views", "type": "grid", "scale": "agree", "dont_know": True,
          "required": True, "optional_rows": ["toilets"],
          "text": "How much do you agree with each of these?",
          "options": [{"key": "safe", "label": "The park feels safe",
                       "easy_read": {"text": "I feel safe in the park"}},
                      {"key": "clean", "label": "The park is kept clean"},
                      {"key": "toilets", "label": "The toilets are easy to find"}]}]},
    {"title": "What we do next",
     "questions": [
         {"key": "priorities", "type": "ranking", "required": True, "max_ranked": 3,
          "text": "Which should we do first? Put your top three in order.",
          "options": [{"key": "lights", "label": "Better lighting"},
                      {"key": "toilets", "label": "Open the toilets"},
                      {"key": "benches", "label": "More benches"},
                      {"key": "paths", "label": "Mend the paths"}]}]},
]
FORMATS = ("standard", "easy-read", "large-print")


@pytest.fixture
def published(make_consultation, organisation, ready_definition, db_session):
    today = date.today()
    consultation = make_consultation(organisation, {
        **ready_definition, "slug": SLUG, "title": "Your park", "sections": SECTIONS,
        "opens": (today - timedelta(days=1)).isoformat(),
        "closes": (today + timedelta(days=30)).isoformat(),
        "feedback_by": (today + timedelta(days=60)).isoformat()})
    lifecycle.publish(db_session, consultation, None)
    db_session.commit()
    return consultation


def check_page(browser, what: str) -> None:
    """One h1, no axe violations, no sideways scrolling at 320 px, no small targets."""
    assert len(browser.find_elements(By.TAG_NAME, "h1")) == 1, what
    assert_accessible(browser)
    assert no_horizontal_scroll(browser), f"{what} scrolls sideways at 320 CSS px"
    assert small_targets(browser) == [], what
    assert console_errors(browser) == [], what


def click(browser, text: str) -> None:
    """Click a button or link, first brought to the middle of the window (after the
    320 px check the page is drawn again, and a button can still be moving)."""
    element = browser.find_element(
        By.XPATH, f"//main//*[(self::button or self::a) and "
                  f"starts-with(normalize-space(.), '{text}')]")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    and_wait(browser, element)


def summary_links(browser) -> list[str]:
    summary = browser.find_element(By.CSS_SELECTOR, ".govuk-error-summary")
    return [a.get_attribute("href").rsplit("#", 1)[-1]
            for a in summary.find_elements(By.CSS_SELECTOR, "a")]


def checked(browser, name: str) -> str | None:
    found = browser.find_elements(By.CSS_SELECTOR, f"input[name='{name}']:checked")
    return found[0].get_attribute("value") if found else None


def stored(db_session) -> dict:
    response = db_session.exec(select(Response)).one()
    rows = db_session.exec(select(Answer).where(Answer.response_id == response.id)).all()
    from surveybuilder.models import SurveyVersion
    version = db_session.get(SurveyVersion, response.version_id)
    return answers_from_rows(load_definition(version.definition), list(rows))


def test_a_grid_and_a_ranking_answered_with_the_keyboard(browser, live_server, published,
                                                         db_session):
    browser.delete_all_cookies()
    browser.get(f"{live_server}/c/{SLUG}")
    tab_to_button(browser, "Start now")
    press_and_wait(browser, Keys.ENTER)

    # The grid: one group of radios per statement; arrow keys choose within a statement.
    tab_to_id(browser, "views-safe")
    press(browser, Keys.ARROW_DOWN)                 # Strongly agree -> Agree
    assert checked(browser, "views-safe") == "agree"
    next_is(browser, "views-clean")                 # Tab leaves the statement's group
    tab_to_button(browser, "Continue", limit=8)     # the second statement left out
    press_and_wait(browser, Keys.ENTER)
    assert browser.title.startswith("Error: "), browser.title
    wait_for_summary_focus(browser)
    assert summary_links(browser) == ["views-clean"]
    assert "Select an answer for “The park is kept clean”" in browser.find_element(
        By.CSS_SELECTOR, ".govuk-error-summary").text
    assert checked(browser, "views-safe") == "agree"          # nothing chosen is lost
    press(browser, Keys.TAB)
    press(browser, Keys.ENTER)                      # the link takes focus to the statement
    WebDriverWait(browser, 5).until(lambda d: focus(d).get("id") == "views-clean")
    press(browser, Keys.ARROW_DOWN, Keys.ARROW_DOWN, Keys.ARROW_DOWN)
    assert checked(browser, "views-clean") == "disagree"
    tab_to_button(browser, "Continue", limit=8)     # the optional statement may be left
    press_and_wait(browser, Keys.ENTER)

    # Ranking: type the place into each select; the same place twice is refused.
    tab_to_id(browser, "priorities-lights")
    press(browser, "2")
    assert Select(browser.find_element(By.ID, "priorities-lights")).first_selected_option.text \
        == "2nd"
    next_is(browser, "priorities-toilets")
    press(browser, "1")
    next_is(browser, "priorities-benches")
    press(browser, "1")
    tab_to_button(browser, "Continue", limit=4)
    press_and_wait(browser, Keys.ENTER)
    assert browser.title.startswith("Error: ")
    wait_for_summary_focus(browser)
    assert summary_links(browser) == ["priorities-benches"]
    assert ("You put “Open the toilets” and “More benches” both 1st"
            in browser.find_element(By.CSS_SELECTOR, ".govuk-error-summary").text)
    assert Select(browser.find_element(By.ID, "priorities-lights")).first_selected_option.text \
        == "2nd"                                    # kept
    tab_to_id(browser, "priorities-benches")
    press(browser, "3")
    tab_to_button(browser, "Continue", limit=4)
    press_and_wait(browser, Keys.ENTER)

    assert browser.current_url.endswith("/check"), browser.current_url
    main = browser.find_element(By.TAG_NAME, "main").text
    assert "The park feels safe: Agree" in main and "The park is kept clean: Disagree" in main
    assert "1st: Open the toilets" in main and "3rd: More benches" in main
    tab_to_button(browser, "Send response", limit=40)
    press_and_wait(browser, Keys.ENTER)
    assert browser.current_url.endswith("/done")
    assert stored(db_session) == {
        "views": {"safe": "agree", "clean": "disagree"},
        "priorities": {"toilets": 1, "lights": 2, "benches": 3}}


@pytest.mark.parametrize("answer_format", FORMATS)
def test_grid_and_ranking_pages_pass_axe_reflow_and_targets_with_their_errors(
        browser, live_server, published, answer_format):
    browser.delete_all_cookies()
    console_errors(browser)
    browser.get(f"{live_server}/c/{SLUG}?format={answer_format}")
    # The buttons say the words of the page's format (easy read: "Start", "Next").
    with wording.in_locale(wording.locale_for(answer_format == "easy-read")):
        start, carry_on = wording.gettext("Start now"), wording.gettext("Continue")
    click(browser, start)
    check_page(browser, f"grid ({answer_format})")
    click(browser, carry_on)
    wait_for_summary_focus(browser)
    assert summary_links(browser) == ["views-safe"]  # nothing chosen: the first statement
    check_page(browser, f"grid with an error ({answer_format})")
    browser.find_element(By.CSS_SELECTOR, "label[for='views-safe']").click()
    click(browser, carry_on)
    wait_for_summary_focus(browser)
    assert summary_links(browser) == ["views-clean"]
    check_page(browser, f"grid with a statement left out ({answer_format})")
    browser.find_element(By.CSS_SELECTOR, "label[for='views-clean']").click()
    click(browser, carry_on)

    check_page(browser, f"ranking ({answer_format})")
    Select(browser.find_element(By.ID, "priorities-lights")).select_by_visible_text("1st")
    Select(browser.find_element(By.ID, "priorities-paths")).select_by_visible_text("3rd")
    click(browser, carry_on)
    wait_for_summary_focus(browser)
    with wording.in_locale(wording.locale_for(answer_format == "easy-read")):
        gap = wording.gettext("You chose a %(last)s but no %(place)s. Number your choices in "
                              "order, starting from 1st", last="3rd", place="2nd")
    summary = browser.find_element(By.CSS_SELECTOR, ".govuk-error-summary").text
    assert " ".join(gap.split()) in " ".join(summary.split())
    check_page(browser, f"ranking with an error ({answer_format})")
