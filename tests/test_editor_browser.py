"""The editor in a real browser: a new user builds a whole consultation through the UI
alone, previews and publishes it; and every consultation-level page, including its
error states, passes axe-core, reflows at 320 px and has targets of at least 24 px."""

from __future__ import annotations

import re

import pytest
from conftest import browser_sign_in
from selenium.webdriver.common.by import By
from selenium.webdriver.support.wait import WebDriverWait
from sqlmodel import select
from support.browser import and_wait, assert_accessible, no_horizontal_scroll, small_targets

from surveybuilder.models import AuditEvent, Consultation, Role, Status, SurveyVersion
from surveybuilder.survey.definition import CHOICE_TYPES, QUESTION_TYPES
from surveybuilder.survey.loading import load_definition

# (section, type, key, text, extra fields) — every question type, across two sections.
QUESTIONS = [
    (1, "statement", "intro", "This survey takes five minutes.", {}),
    (1, "single_choice", "visit", "How often do you visit the library?", {}),
    (1, "multiple_choice", "uses", "What do you use the library for?", {}),
    (1, "scale", "happy", "I am happy with the opening hours.", {"scale": "agree"}),
    (1, "short_text", "branch", "Which branch do you use most?", {}),
    (1, "long_text", "ideas", "How could we improve the library?", {}),
    (1, "number", "books", "How many books did you borrow last month?", {}),
    (1, "date", "last_visit", "When did you last visit?", {}),
    (1, "grid", "rooms", "How much do you agree with each of these?", {"scale": "agree"}),
    (1, "ranking", "wishes", "Which changes matter most? Put them in order.", {}),
    (2, "yes_no", "hear_back", "Would you like to hear what happened?", {}),
    (2, "email", "email", "What is your email address?", {}),
    (2, "phone", "phone", "What is your phone number?", {}),
    (2, "postcode", "postcode", "What is your postcode?", {}),
    (2, "consent", "agree", "I agree that you can contact me about this consultation.", {}),
]
OPTIONS = {"visit": ["Every week", "Every month", "Never"],
           "uses": ["Borrowing books", "Computers", "Events"],
           "rooms": ["The reading room is quiet", "The computers work"],
           "wishes": ["Open later", "Open on Sundays", "A café"]}


def test_question_list_covers_every_type():
    assert {kind for _, kind, *_ in QUESTIONS} == set(QUESTION_TYPES)


def click_button(browser, text: str) -> None:
    and_wait(browser, browser.find_element(
        By.XPATH, f"//main//*[(self::button or self::a) and "
                  f"starts-with(normalize-space(.), '{text}')]"))


def choose_radio(browser, name: str, value: str) -> None:
    radio = browser.find_element(By.CSS_SELECTOR, f"input[name='{name}'][value='{value}']")
    browser.find_element(By.CSS_SELECTOR, f"label[for='{radio.get_attribute('id')}']").click()


def type_into(browser, field_id: str, text: str) -> None:
    element = browser.find_element(By.ID, field_id)
    element.clear()
    element.send_keys(text)


def heading(browser) -> str:
    return browser.find_element(By.TAG_NAME, "h1").text


def add_question(browser, section: int, kind: str, key: str, text: str, extra: dict) -> None:
    links = browser.find_elements(By.XPATH, "//main//a[starts-with(normalize-space(.), "
                                            "'Add a question')]")
    and_wait(browser, links[section - 1])
    choose_radio(browser, "type", kind)
    click_button(browser, "Continue")
    browser.find_element(By.CSS_SELECTOR, "#advanced summary").click()  # keys are optional
    type_into(browser, "key", key)
    type_into(browser, "text", text)
    for name, value in extra.items():
        choose_radio(browser, name, value)
    click_button(browser, "Add question")
    if kind in CHOICE_TYPES:
        assert heading(browser).endswith(text)
        assert "/options" in browser.current_url
        for label in OPTIONS[key]:
            type_into(browser, "label", label)
            click_button(browser, "Add option")
        click_button(browser, "I have finished adding options")
    assert text in browser.find_element(By.ID, f"section-{section_id(browser, section)}").text


def section_id(browser, number: int) -> str:
    sections = browser.find_elements(By.CSS_SELECTOR, "main .sb-section")
    return sections[number - 1].get_attribute("id").removeprefix("section-")


def test_a_new_user_builds_previews_and_publishes_through_the_ui(
        browser, live_server, make_user, organisation, db_session):
    make_user(organisation, "new.editor@example.gov.uk", Role.EDITOR, "Nadia New")
    browser_sign_in(browser, live_server, "new.editor@example.gov.uk")

    click_button(browser, "Create a consultation")
    click_button(browser, "Create consultation")  # empty: errors first
    assert browser.title.startswith("Error: ")
    assert_accessible(browser)
    type_into(browser, "title", "Library opening hours")
    type_into(browser, "slug", "library-hours")
    type_into(browser, "summary", "We want to change library opening hours.")
    type_into(browser, "can_change", "Which evenings are late\nSaturday hours")
    type_into(browser, "cannot_change", "The budget, set in March")
    for field, (day, month, year) in {"opens": ("1", "2", "2027"),
                                      "closes": ("1", "4", "2027"),
                                      "feedback_by": ("1", "6", "2027")}.items():
        type_into(browser, f"{field}-day", day)
        type_into(browser, f"{field}-month", month)
        type_into(browser, f"{field}-year", year)
    type_into(browser, "contact", "libraries@example.gov.uk")
    click_button(browser, "Create consultation")
    assert heading(browser) == "Library opening hours"
    overview = browser.current_url

    for title in ("Your visits", "About you"):
        click_button(browser, "Add a section")
        type_into(browser, "title", title)
        click_button(browser, "Add section")

    for section, kind, key, text, extra in QUESTIONS:
        add_question(browser, section, kind, key, text, extra)
        assert browser.current_url.startswith(overview)

    and_wait(browser, browser.find_element(
        By.XPATH, "//main//a[starts-with(normalize-space(.), 'Routing') "
                  "and contains(., 'question What is your email address?')]"))
    choose_radio(browser, "question", "hear_back")
    click_button(browser, "Continue")
    choose_radio(browser, "values", "yes")
    click_button(browser, "Save routing")
    assert "Only if the answer to “Would you like to hear what happened?” is “Yes”" in \
        browser.find_element(By.ID, "main-content").text

    click_button(browser, "Preview")
    seen = []
    for _ in range(5):
        main = browser.find_element(By.ID, "main-content").text
        assert "Preview" in main
        seen.append(main)
        assert_accessible(browser)
        if "/preview" not in browser.current_url or not browser.find_elements(
                By.XPATH, "//main//*[normalize-space(.)='Continue']"):
            break
        click_button(browser, "Continue")
    preview_text = "\n".join(seen)
    for _, _, _, text, _ in QUESTIONS:
        assert text in preview_text

    browser.get(overview)
    click_button(browser, "Publish")
    assert heading(browser) == "Publish this consultation?"
    assert "Privacy notice" in browser.find_element(By.ID, "main-content").text
    assert_accessible(browser)
    click_button(browser, "Publish anyway")
    assert browser.title.startswith("Error: ")  # a reason is needed to override
    assert_accessible(browser)
    type_into(browser, "reason", "The library board meets next week")
    click_button(browser, "Publish anyway")
    WebDriverWait(browser, 10).until(lambda driver: "/publish" not in driver.current_url)
    assert "Version 1 is published" in browser.find_element(By.ID, "main-content").text

    consultation = db_session.exec(select(Consultation)).one()
    assert consultation.status == Status.OPEN
    version = db_session.exec(select(SurveyVersion)).one()
    definition = load_definition(version.definition)
    assert [s.title for s in definition.sections] == ["Your visits", "About you"]
    assert [(q.kind, q.key) for q in definition.questions()] == [
        (kind, key) for _, kind, key, _, _ in QUESTIONS]
    actions = [e.action for e in db_session.exec(select(AuditEvent)).all()]
    assert "consultation.published_with_override" in actions
    email = definition.question("email")
    assert email.show_if.question == "hear_back" and email.show_if.in_ == ["yes"]
    assert [o.label for o in definition.question("visit").options] == OPTIONS["visit"]


def check_page(browser, url: str) -> None:
    assert len(browser.find_elements(By.TAG_NAME, "h1")) == 1, url
    assert_accessible(browser)
    assert no_horizontal_scroll(browser), f"{url} scrolls sideways at 320 CSS px"
    assert small_targets(browser) == [], url


def submit_main_form(browser) -> None:
    and_wait(browser, browser.find_element(
        By.CSS_SELECTOR, "main form[method=post] button[type=submit], "
                         "main form[method=post] input[type=submit]"))


@pytest.fixture
def admin_browser(browser, live_server, make_user, organisation):
    make_user(organisation, "admin@example.gov.uk", Role.ADMIN, "Ada Admin")
    browser_sign_in(browser, live_server, "admin@example.gov.uk")
    yield browser
    browser.delete_all_cookies()


def test_every_consultation_page_passes_axe_including_errors(
        admin_browser, live_server, make_consultation, organisation, example_definition,
        db_session):
    browser = admin_browser
    published = make_consultation(organisation, slug="published-one")
    empty = make_consultation(organisation, {**example_definition,
                                             "sections": [{"title": "Nothing yet"}]})
    base = f"{live_server}/staff/consultations"
    browser.get(f"{base}/{published.id}/publish")
    submit_main_form(browser)
    pages = [
        f"{live_server}/staff/", f"{base}/new", f"{base}/{published.id}",
        f"{base}/{published.id}/details", f"{base}/import", f"{base}/{empty.id}/publish",
        f"{base}/{published.id}/publish", f"{base}/{published.id}/close",
        f"{base}/{published.id}/versions", f"{base}/{published.id}/versions/1",
        f"{base}/{published.id}/history", f"{base}/{published.id}/charter",
        f"{base}/{empty.id}/charter", f"{live_server}/staff/users",
        f"{live_server}/staff/users/new", f"{live_server}/", f"{live_server}/accessibility",
        f"{live_server}/privacy", f"{base}/999999",
    ]
    for url in pages:
        browser.get(url)
        check_page(browser, url)

    error_states = {
        f"{base}/new": {"title": "", "slug": "Not A Slug"},
        f"{base}/{published.id}/details": {"title": ""},
        f"{base}/import": {"text": '{"format": "surveybuilder/1", "slug": "x"}'},
        f"{live_server}/staff/users/new": {"email": "not-an-email"},
    }
    for url, fields in error_states.items():
        browser.get(url)
        for field_id, value in fields.items():
            type_into(browser, field_id, value)
        submit_main_form(browser)
        assert browser.title.startswith("Error: "), url
        summary = WebDriverWait(browser, 10).until(
            lambda driver: driver.find_element(By.CSS_SELECTOR, ".govuk-error-summary:focus"))
        assert summary.find_elements(By.TAG_NAME, "a") or summary.text
        check_page(browser, url)

    users = db_session.exec(select(Consultation)).all()
    assert len(users) == 2


def test_sign_in_pages_pass_axe_with_errors_and_when_throttled(browser, live_server, editor):
    browser.delete_all_cookies()
    browser.get(live_server + "/sign-in")
    check_page(browser, "/sign-in")
    for attempt in range(11):
        browser.get(live_server + "/sign-in")
        type_into(browser, "email", editor.email)
        type_into(browser, "password", f"wrong {attempt}")
        submit_main_form(browser)
    assert browser.title.startswith("Error: ")
    main = browser.find_element(By.ID, "main-content").text
    assert re.search(r"Too many failed attempts to sign in", main)
    assert browser.find_element(By.ID, "email").get_attribute("value") == editor.email
    check_page(browser, "/sign-in throttled")
