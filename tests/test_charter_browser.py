"""In the browser: start from a template, let the charter checker flag problems, fix
them, publish once with an override for them and once with none (the template's
easy read is ready), and read it in the audit log."""

from __future__ import annotations

import re
from datetime import date, timedelta

from conftest import browser_sign_in
from selenium.webdriver.common.by import By
from sqlmodel import select
from support.browser import and_wait, assert_accessible, no_horizontal_scroll, small_targets

from surveybuilder.models import AuditEvent, Consultation, Role, Status


def click(browser, text: str) -> None:
    and_wait(browser, browser.find_element(
        By.XPATH, f"//main//*[(self::button or self::a) and "
                  f"starts-with(normalize-space(.), '{text}')]"))


def tab(browser, label: str) -> None:
    and_wait(browser, browser.find_element(
        By.XPATH, f"//nav[@aria-label='This consultation']//a[normalize-space(.)='{label}']"))


def type_into(browser, field_id: str, text: str) -> None:
    element = browser.find_element(By.ID, field_id)
    element.clear()
    element.send_keys(text)


def check_row(browser, check_id: str) -> str:
    return browser.find_element(By.ID, f"check-{check_id}").text


def checked(browser) -> None:
    assert len(browser.find_elements(By.TAG_NAME, "h1")) == 1
    assert_accessible(browser)
    assert no_horizontal_scroll(browser)
    assert small_targets(browser) == []


def test_from_template_to_published_with_the_charter_checker(browser, live_server, make_user,
                                                             organisation, db_session):
    make_user(organisation, "tariq@example.gov.uk", Role.EDITOR, "Tariq Editor")
    browser_sign_in(browser, live_server, "tariq@example.gov.uk")

    click(browser, "Start from a template")
    checked(browser)
    and_wait(browser, browser.find_element(
        By.XPATH, "//main//a[starts-with(normalize-space(.), 'Use this template') and "
                  "contains(., 'Public consultation survey')]"))
    type_into(browser, "title", "Have your say on library opening hours")
    type_into(browser, "slug", "library-hours-2027")
    click(browser, "Create consultation")
    assert browser.find_element(By.TAG_NAME, "h1").text == \
        "Have your say on library opening hours"

    tab(browser, "Charter check")
    checked(browser)
    assert "Fail" in check_row(browser, "privacy_notice_present")
    assert "Fail" in check_row(browser, "can_change_stated")
    assert "How to fix it" in check_row(browser, "can_change_stated")

    tab(browser, "Overview")
    and_wait(browser, browser.find_element(
        By.XPATH, "//main//a[starts-with(normalize-space(.), 'Change') and "
                  "contains(., 'what can change')]"))
    opens, closes = date.today(), date.today() + timedelta(days=60)
    type_into(browser, "can_change", "Which evenings the library opens late")
    type_into(browser, "cannot_change", "The library budget, set by the council in March")
    for field, day in (("opens", opens), ("closes", closes),
                       ("feedback_by", closes + timedelta(days=30))):
        type_into(browser, f"{field}-day", str(day.day))
        type_into(browser, f"{field}-month", str(day.month))
        type_into(browser, f"{field}-year", str(day.year))
    type_into(browser, "contact", "libraries@example.gov.uk")
    type_into(browser, "privacy_notice", "We use your answers to plan opening hours and "
                                         "keep them for one year.")
    click(browser, "Save details")

    tab(browser, "Charter check")
    assert "Pass" in check_row(browser, "can_change_stated")
    assert "Pass" in check_row(browser, "privacy_notice_present")
    assert "Fail" in check_row(browser, "success_measures_set")

    tab(browser, "Overview")
    click(browser, "Publish")
    assert "Success measures decided at the start" in browser.find_element(
        By.ID, "main-content").text
    checked(browser)
    type_into(browser, "reason", "The library board decides in six weeks; we will add "
                                 "success measures this week.")
    click(browser, "Publish anyway")
    assert "Version 1 is published" in browser.find_element(By.ID, "main-content").text

    tab(browser, "Plan")
    checked(browser)
    type_into(browser, "success_measures", "Twice as many responses from people under 25 "
                                           "as in 2024.")
    click(browser, "Save plan")
    tab(browser, "Charter check")
    assert "Pass" in check_row(browser, "success_measures_set")

    tab(browser, "Overview")
    click(browser, "Publish changes")
    # The charter is met now, and the template's easy read is ready (every shipped
    # template has easy-read wording), so publishing asks for no reason.
    main = browser.find_element(By.ID, "main-content").text
    assert "Charter checks that fail" not in main
    assert not re.search(r"\b\d+ of \d+ questions are not ready for easy read\.", main)
    assert not browser.find_elements(By.ID, "reason")
    click(browser, "Publish")
    assert "Version 2 is published" in browser.find_element(By.ID, "main-content").text

    consultation = db_session.exec(select(Consultation)).one()
    assert consultation.status == Status.OPEN
    overrides = db_session.exec(select(AuditEvent).where(
        AuditEvent.action == "consultation.published_with_override")).all()
    assert len(overrides) == 1
    assert overrides[0].detail["failing_checks"] == ["success_measures_set"]
    and_wait(browser, browser.find_element(By.LINK_TEXT, "Audit log: who changed what"))
    log = browser.find_element(By.ID, "main-content").text
    assert "consultation.published_with_override" in log
    assert "The library board decides in six weeks" in log
    assert "consultation.created_from_template" in log
    checked(browser)
