"""The resident journey in a real browser.

- A resident completes a survey with every question type using only the keyboard:
  Tab and Shift+Tab between fields, arrow keys in radio groups, Space for boxes,
  typing into text boxes and Enter to continue; a wrong answer is fixed through the
  error summary; routing skips a question. The staff export then holds exactly the
  answers given, and nothing for the question routing skipped.
- Every public page, including error states, passes axe-core (WCAG 2.2 AA, with
  target size), has one h1, reflows at 320 CSS px and has no target under 24 px.
- After a failed submit the error summary has focus (axe cannot check this).
- Save and return: the code, typed in lower case with spaces on a browser with no
  cookies, brings the resident back to the saved page with the answers filled in.

The keyboard test never clicks and never sets values with JavaScript; JavaScript is
used only to read which element has focus.
"""

from __future__ import annotations

import json
import re
from datetime import date, timedelta

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
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
    assert_focus_shown,
    focus,
    next_is,
    press,
    press_and_wait,
    tab_to_button,
    tab_to_id,
    wait_for_summary_focus,
)

from surveybuilder.consultations import lifecycle
from surveybuilder.jobs import run_waiting
from surveybuilder.models import Journey, Response
from surveybuilder.responses import journeys
from surveybuilder.survey.definition import QUESTION_TYPES

SLUG = "library-hours"

# Every question type across three sections. `car_use` and `no_car` are routed on
# `has_car`, which is on the same page, so they start a new page (page 2); the
# resident answers "yes", so `no_car` must never be shown or stored. Section 3 has
# one question, so its legend is the page's h1.
SECTIONS = [
    {"title": "Your visits", "description": "We want to know how you use the library.",
     "questions": [
         {"key": "intro", "type": "statement", "text": "This survey takes five minutes."},
         {"key": "visit", "type": "single_choice", "required": True,
          "text": "How often do you visit the library?",
          "options": [{"key": "weekly", "label": "Every week"},
                      {"key": "monthly", "label": "Every month"},
                      {"key": "rarely", "label": "Less often"}]},
         {"key": "uses", "type": "multiple_choice", "max_choices": 2,
          "text": "What do you use the library for?",
          "options": [{"key": "books", "label": "Borrowing books"},
                      {"key": "computers", "label": "Computers"},
                      {"key": "events", "label": "Events"}]},
         {"key": "happy", "type": "scale", "scale": "agree",
          "text": "I am happy with the opening hours."},
         {"key": "has_car", "type": "yes_no", "required": True,
          "text": "Do you drive to the library?"},
         {"key": "car_use", "type": "short_text", "text": "Where do you park?",
          "show_if": {"question": "has_car", "in": ["yes"]}},
         {"key": "no_car", "type": "long_text", "text": "How do you get to the library?",
          "show_if": {"question": "has_car", "in": ["no"]}},
         {"key": "ideas", "type": "long_text", "max_length": 500,
          "text": "How could we improve the library?"},
         {"key": "books", "type": "number", "required": True, "min": 0, "max": 50,
          "whole_number": True, "text": "How many books did you borrow last month?"},
         {"key": "last_visit", "type": "date", "required": True,
          "text": "When did you last visit?"},
     ]},
    {"title": "About you",
     "questions": [
         {"key": "email", "type": "email", "text": "What is your email address?",
          "personal_data": True},
         {"key": "phone", "type": "phone", "text": "What is your phone number?",
          "personal_data": True},
         {"key": "postcode", "type": "postcode", "required": True,
          "text": "What is your postcode?", "personal_data": True},
         {"key": "services", "type": "grid", "scale": "satisfied",
          "text": "How satisfied are you with these?",
          "options": [{"key": "staff", "label": "Library staff"},
                      {"key": "wifi", "label": "The wifi"}]},
         {"key": "wishes", "type": "ranking", "max_ranked": 2,
          "text": "Which two changes matter most to you? Put them in order.",
          "options": [{"key": "later", "label": "Open later"},
                      {"key": "sundays", "label": "Open on Sundays"},
                      {"key": "quiet", "label": "A quiet room"}]},
     ]},
    {"title": "Keeping in touch",
     "questions": [
         {"key": "agree", "type": "consent",
          "text": "I agree that you can contact me about this consultation."},
     ]},
]

# What the keyboard test answers, as the staff export must show it.
EXPECTED_ANSWERS = {
    "visit": "monthly",
    "uses": ["books", "events"],
    "happy": "agree",
    "has_car": "yes",
    "car_use": "Behind the library",
    "ideas": "Open later on Thursdays\nMore computers",
    "books": 12,
    "last_visit": "2025-02-03",
    "email": "reader@example.com",
    "phone": "07700 900 982",
    "postcode": "B69 3DE",
    "agree": True,
}


def test_the_survey_covers_every_question_type():
    kinds = {q["type"] for s in SECTIONS for q in s["questions"]}
    assert kinds == set(QUESTION_TYPES)


def _dates(opens: int, closes: int, feedback_by: int) -> dict[str, str]:
    today = date.today()
    return {name: (today + timedelta(days=days)).isoformat()
            for name, days in (("opens", opens), ("closes", closes),
                               ("feedback_by", feedback_by))}


@pytest.fixture
def publish(make_consultation, organisation, ready_definition, db_session):
    """Publish the library survey under `slug` with dates relative to today."""
    def make(slug: str = SLUG, opens: int = -1, closes: int = 30, feedback_by: int = 60):
        consultation = make_consultation(
            organisation, {**ready_definition, "slug": slug, "title": "Library opening hours",
                           "sections": SECTIONS, **_dates(opens, closes, feedback_by)})
        lifecycle.publish(db_session, consultation, None)
        db_session.commit()
        return consultation

    return make


def checked_value(browser, name: str) -> str | None:
    checked = browser.find_elements(By.CSS_SELECTOR, f"input[name='{name}']:checked")
    return checked[0].get_attribute("value") if checked else None


def checked_values(browser, name: str) -> list[str]:
    return [e.get_attribute("value")
            for e in browser.find_elements(By.CSS_SELECTOR, f"input[name='{name}']:checked")]


def page_number(browser) -> int:
    match = re.search(r"/r/[^/]+/(\d+)(?:\?|$)", browser.current_url)
    assert match, f"not a question page: {browser.current_url}"
    return int(match.group(1))


def staff_export(app, consultation_id: int, email: str) -> dict:
    """The staff JSON export, fetched as a signed-in editor (CSRF on: the sign-in form's
    token is read from the page, as a browser would send it)."""
    from conftest import PASSWORD

    staff = app.test_client()
    page = staff.get("/sign-in").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    assert token, "no CSRF token on the sign-in page"
    signed_in = staff.post("/sign-in", data={"email": email, "password": PASSWORD,
                                             "csrf_token": token.group(1)})
    assert signed_in.status_code == 302, signed_in.get_data(as_text=True)[:500]
    exported = staff.get(f"/staff/consultations/{consultation_id}/responses.json",
                         buffered=True)
    assert exported.status_code == 200
    data = json.loads(exported.get_data(as_text=True))
    return data


def test_a_resident_completes_the_survey_with_the_keyboard_alone(
        browser, live_server, live_app, publish, editor, db_session):
    consultation = publish()
    browser.delete_all_cookies()
    browser.get(f"{live_server}/c/{SLUG}")

    # The consultation page: Tab to "Start now", Enter.
    tab_to_button(browser, "Start now")
    press_and_wait(browser, Keys.ENTER)
    assert page_number(browser) == 1

    # Page 1: radios with arrow keys, boxes with Space.
    tab_to_id(browser, "visit")                      # past skip link, header, Back …
    assert checked_value(browser, "visit") is None   # never pre-selected
    press(browser, Keys.ARROW_DOWN)                  # Every week -> Every month
    assert focus(browser)["id"] == "visit-2" and checked_value(browser, "visit") == "monthly"
    assert_focus_shown(focus(browser))
    next_is(browser, "uses")                         # one Tab leaves the radio group
    press(browser, Keys.SPACE)
    next_is(browser, "uses-2")
    next_is(browser, "uses-3")
    press(browser, Keys.SPACE)
    assert checked_values(browser, "uses") == ["books", "events"]
    next_is(browser, "happy")
    press(browser, Keys.ARROW_DOWN, Keys.ARROW_DOWN, Keys.ARROW_UP)
    assert checked_value(browser, "happy") == "agree"
    next_is(browser, "has_car")                      # Yes / No, side by side
    press(browser, Keys.ARROW_RIGHT)
    assert checked_value(browser, "has_car") == "no"
    press(browser, Keys.ARROW_LEFT)
    assert checked_value(browser, "has_car") == "yes"
    # The question routed on "no" is never on the page, whatever is chosen.
    assert not browser.find_elements(By.NAME, "no_car")
    tab_to_button(browser, "Continue", limit=1)      # straight after the last radio group
    press_and_wait(browser, Keys.ENTER)

    # Page 2: the "yes" branch is shown, the "no" branch is not.
    assert page_number(browser) == 2
    assert not browser.find_elements(By.NAME, "no_car")
    assert "How do you get to the library?" not in browser.find_element(By.TAG_NAME, "main").text
    tab_to_id(browser, "car_use")
    press(browser, "Behind the library")
    next_is(browser, "ideas")
    press(browser, "Open later on Thursdays", Keys.ENTER, "More computers")  # a new line
    next_is(browser, "books")
    press(browser, "12")
    next_is(browser, "last_visit-day")
    press(browser, "3")
    next_is(browser, "last_visit-month")
    press(browser, "2")
    next_is(browser, "last_visit-year")
    press(browser, "2025")
    press_and_wait(browser, Keys.ENTER)              # Enter in a text box = Continue

    # Page 3: two mistakes, found through the error summary and fixed.
    assert page_number(browser) == 3
    tab_to_id(browser, "email")
    press(browser, "not-an-email")
    next_is(browser, "phone")
    press(browser, "07700 900 982")
    next_is(browser, "postcode")
    press(browser, "XYZ")
    press_and_wait(browser, Keys.ENTER)
    assert page_number(browser) == 3
    assert browser.title.startswith("Error: "), browser.title
    wait_for_summary_focus(browser)
    summary = browser.find_element(By.CSS_SELECTOR, ".govuk-error-summary")
    links = [a.get_attribute("href").rsplit("#", 1)[-1]
             for a in summary.find_elements(By.CSS_SELECTOR, "a")]
    assert links == ["email", "postcode"]
    assert "Enter a real UK postcode" in summary.text
    # Nothing typed is lost.
    assert browser.find_element(By.ID, "postcode").get_attribute("value") == "XYZ"
    assert browser.find_element(By.ID, "phone").get_attribute("value") == "07700 900 982"
    press(browser, Keys.TAB)
    assert focus(browser)["href"] == "#email"
    press(browser, Keys.TAB)
    assert focus(browser)["href"] == "#postcode"
    press(browser, Keys.ENTER)                       # follow the link: focus moves to the box
    WebDriverWait(browser, 5).until(lambda driver: focus(driver).get("id") == "postcode")
    assert_focus_shown(focus(browser))
    press(browser, Keys.CONTROL, "a")
    press(browser, "b69 3de")
    next_is(browser, "phone", Keys.SHIFT + Keys.TAB)
    next_is(browser, "email", Keys.SHIFT + Keys.TAB)
    press(browser, Keys.CONTROL, "a")
    press(browser, "reader@example.com")
    press_and_wait(browser, Keys.ENTER)

    # Page 4: one question, whose legend is the page's heading.
    assert page_number(browser) == 4
    assert browser.find_element(By.TAG_NAME, "h1").text.startswith("I agree that you can")
    tab_to_id(browser, "agree")
    press(browser, Keys.SPACE)
    assert checked_value(browser, "agree") == "yes"
    tab_to_button(browser, "Continue", limit=1)
    press_and_wait(browser, Keys.ENTER)

    # Check your answers: the skipped question is not listed; send with the keyboard.
    assert browser.current_url.endswith("/check"), browser.current_url
    main = browser.find_element(By.TAG_NAME, "main").text
    assert "Where do you park?" in main and "Behind the library" in main
    assert "How do you get to the library?" not in main
    assert "3 February 2025" in main and "B69 3DE" in main
    tab_to_button(browser, "Send response", limit=40)
    press_and_wait(browser, Keys.ENTER)

    # The confirmation, and exactly these answers in the staff export.
    assert browser.current_url.endswith("/done"), browser.current_url
    reference = browser.find_element(By.CSS_SELECTOR, ".sb-reference").text
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}", reference), reference
    exported = staff_export(live_app, consultation.id, editor.email)
    assert exported["consultation"] == SLUG
    assert len(exported["responses"]) == 1, exported
    response = exported["responses"][0]
    assert response["reference"] == reference.replace("-", "")
    assert (response["channel"], response["format"], response["version"]) == (
        "online", "standard", 1)
    assert response["answers"] == EXPECTED_ANSWERS
    assert "no_car" not in response["answers"] and "intro" not in response["answers"]
    assert len(db_session.exec(select(Response)).all()) == 1


# --- Every public page: axe, one h1, reflow, target size ------------------------------

def check_page(browser, what: str) -> None:
    """One h1, no axe violations, no sideways scrolling at 320 px, no small targets,
    no script errors or refused scripts (the error summary's focus needs the script)."""
    headings = browser.find_elements(By.TAG_NAME, "h1")
    assert len(headings) == 1, f"{what}: {len(headings)} h1 elements"
    assert_accessible(browser)
    assert no_horizontal_scroll(browser), f"{what} scrolls sideways at 320 CSS px"
    assert small_targets(browser) == [], what
    assert console_errors(browser, ignore=("status of 410",)) == [], what


def click_button(browser, text: str) -> None:
    and_wait(browser, browser.find_element(
        By.XPATH, f"//main//*[(self::button or self::a) and "
                  f"starts-with(normalize-space(.), '{text}')]"))


def click_label(browser, input_id: str) -> None:
    browser.find_element(By.CSS_SELECTOR, f"label[for='{input_id}']").click()


def type_into(browser, field_id: str, text: str) -> None:
    element = browser.find_element(By.ID, field_id)
    element.clear()
    element.send_keys(text)


def test_every_public_page_passes_axe_reflows_and_has_big_enough_targets(
        browser, live_server, publish, db_session):
    publish()
    closed = publish("library-hours-closed", opens=-30, closes=-1, feedback_by=30)
    browser.delete_all_cookies()
    console_errors(browser)  # empty the log of earlier tests

    browser.get(f"{live_server}/")
    check_page(browser, "home page")
    browser.get(f"{live_server}/c/{SLUG}")
    check_page(browser, "consultation page")
    click_button(browser, "Start now")

    # Page 1, first with nothing chosen: errors, and the summary has focus.
    assert page_number(browser) == 1
    check_page(browser, "page 1")
    click_button(browser, "Continue")
    assert page_number(browser) == 1
    assert browser.title.startswith("Error: "), browser.title
    wait_for_summary_focus(browser)
    check_page(browser, "page 1 with errors")
    click_label(browser, "visit")
    click_label(browser, "has_car")
    click_button(browser, "Continue")

    assert page_number(browser) == 2
    check_page(browser, "page 2")
    type_into(browser, "books", "eleventy")       # not a number, and the date is missing
    click_button(browser, "Continue")
    assert browser.title.startswith("Error: ")
    wait_for_summary_focus(browser)
    check_page(browser, "page 2 with errors")
    type_into(browser, "books", "3")
    for part, value in (("day", "1"), ("month", "12"), ("year", "2024")):
        type_into(browser, f"last_visit-{part}", value)
    click_button(browser, "Continue")

    assert page_number(browser) == 3
    check_page(browser, "page 3")
    type_into(browser, "postcode", "B69 3DE")
    click_button(browser, "Save and come back later")
    assert browser.current_url.endswith("/saved")
    check_page(browser, "saved page")
    click_button(browser, "Carry on answering now")

    assert page_number(browser) == 3
    click_button(browser, "Continue")
    assert page_number(browser) == 4
    click_button(browser, "Continue")              # consent not ticked
    assert browser.title.startswith("Error: ")
    wait_for_summary_focus(browser)
    check_page(browser, "page 4 with an error")
    click_label(browser, "agree")
    click_button(browser, "Continue")

    assert browser.current_url.endswith("/check")
    check_page(browser, "check answers")
    click_button(browser, "Send response")
    assert browser.current_url.endswith("/done")
    check_page(browser, "confirmation")

    browser.get(f"{live_server}/c/{SLUG}/resume")
    check_page(browser, "resume page")
    type_into(browser, "code", "ACDE-FGHJ-KMNP")
    click_button(browser, "Continue")
    assert browser.title.startswith("Error: ")
    wait_for_summary_focus(browser)
    check_page(browser, "resume page with a wrong code")

    # A closed consultation: its page, and a journey started before it closed.
    browser.get(f"{live_server}/c/{closed.slug}")
    assert "This consultation has closed" in browser.find_element(By.TAG_NAME, "main").text
    assert not browser.find_elements(By.XPATH, "//button[contains(., 'Start now')]")
    check_page(browser, "closed consultation page")
    version = lifecycle.live_version(db_session, closed)
    journey = journeys.start(db_session, closed, version.id, "standard")
    db_session.commit()
    browser.get(f"{live_server}/c/{closed.slug}/r/{journey.token}/1")
    assert browser.find_element(By.TAG_NAME, "h1").text == "This consultation has closed"
    check_page(browser, "closed page")


# --- Save and return -------------------------------------------------------------------

def test_save_and_return_with_the_code_in_lower_case_and_no_cookies(
        browser, live_app, live_server, publish, db_session, smtp_server):
    inbox, port = smtp_server
    live_app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=port, SMTP_STARTTLS=False,
                           SMTP_FROM="library@example.gov.uk")
    publish()
    browser.delete_all_cookies()
    browser.get(f"{live_server}/c/{SLUG}")
    click_button(browser, "Start now")
    click_label(browser, "visit-3")
    click_label(browser, "uses-2")
    click_label(browser, "uses-3")
    click_label(browser, "happy-5")
    click_label(browser, "has_car-2")
    click_button(browser, "Continue")
    assert page_number(browser) == 2
    # The "no" branch is shown now, and the "yes" one is not.
    assert browser.find_elements(By.NAME, "no_car")
    assert not browser.find_elements(By.NAME, "car_use")
    type_into(browser, "no_car", "By bus")
    type_into(browser, "books", "7")
    click_button(browser, "Save and come back later")

    assert browser.current_url.endswith("/saved")
    code = browser.find_element(By.ID, "resume-code").text
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}", code), code
    journey = db_session.exec(select(Journey)).one()
    # Sending the link to yourself: a mistake first, then the e-mail.
    check_page(browser, "the saved page")
    type_into(browser, "email", "me at example")
    click_button(browser, "Send me the link")
    wait_for_summary_focus(browser)
    check_page(browser, "the saved page with an e-mail error")
    type_into(browser, "email", "me@example.com")
    click_button(browser, "Send me the link")
    assert "We are sending the code and the link to me@example.com" in browser.find_element(
        By.TAG_NAME, "main").text
    check_page(browser, "the saved page after sending")
    run_waiting(live_app.extensions["db_engine"], live_app.config, kind="send-resume-link")
    assert [to for to, _ in inbox.messages] == [["me@example.com"]]
    assert code in inbox.messages[0][1].decode()

    browser.delete_all_cookies()
    browser.get("about:blank")
    browser.get(f"{live_server}/c/{SLUG}/resume")
    typed = " ".join(code.replace("-", "").lower()[i:i + 3] for i in range(0, 12, 3))
    type_into(browser, "code", typed)               # e.g. "acd efg hjk mnp"
    click_button(browser, "Continue")

    # Back on the page saved from, with what was entered there, and page 1 kept too.
    assert browser.current_url == f"{live_server}/c/{SLUG}/r/{journey.token}/2"
    assert browser.find_element(By.ID, "no_car").get_attribute("value") == "By bus"
    assert browser.find_element(By.ID, "books").get_attribute("value") == "7"
    assert browser.find_element(By.ID, "last_visit-day").get_attribute("value") == ""
    and_wait(browser, browser.find_element(By.CSS_SELECTOR, "a.govuk-back-link"))
    assert page_number(browser) == 1
    assert checked_value(browser, "visit") == "rarely"
    assert checked_values(browser, "uses") == ["computers", "events"]
    assert checked_value(browser, "happy") == "strongly_disagree"
    assert checked_value(browser, "has_car") == "no"


# --- Found while writing these tests ---------------------------------------------------------

# “Save and come back later” once kept an answer the resident had just cleared
# (respond/views.py `_save_page` dropped the page's cleared keys when saving).
def test_save_and_come_back_later_keeps_a_cleared_answer_cleared(client, publish):
    publish()
    token = client.post(f"/c/{SLUG}/start").location.split("/r/")[1].split("/")[0]
    about_you = f"/c/{SLUG}/r/{token}/3"
    answered = client.post(about_you, data={"email": "reader@example.com",
                                            "postcode": "B69 3DE", "action": "continue"})
    assert answered.status_code == 302
    # The resident deletes the email address, then saves to finish later.
    saved = client.post(about_you, data={"email": "", "postcode": "B69 3DE",
                                         "action": "save"})
    assert saved.status_code == 302 and saved.location.endswith("/saved")
    page = client.get(about_you).get_data(as_text=True)
    assert "reader@example.com" not in page
