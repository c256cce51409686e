"""The warning before the staff idle time-out, in a real browser (WCAG 2.2.1): it opens
before the limit with focus inside it, passes axe (also at 320 px), "Stay signed in"
and Escape really extend the server's session and give focus back, and doing nothing
ends at the sign-in page with the reason. The idle time-out is set to seconds here
(STAFF_IDLE_MINUTES takes fractions), so no test waits for minutes."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.wait import WebDriverWait
from sqlmodel import select
from support.browser import assert_usable, console_errors, focused_element

from surveybuilder.models import StaffSession, as_utc, utcnow

IDLE_SECONDS = 15
WARNING_SECONDS = 10
NAV_LINK = "#staff-navigation a[href='/staff/']"


@pytest.fixture
def live_app(app):
    """As conftest's live_app (CSRF on), with an idle time-out of seconds."""
    app.config["WTF_CSRF_ENABLED"] = True
    app.config["STAFF_IDLE_MINUTES"] = IDLE_SECONDS / 60
    app.config["STAFF_TIMEOUT_WARNING_MINUTES"] = WARNING_SECONDS / 60
    return app


def _last_seen(db_session):
    db_session.expire_all()
    return as_utc(db_session.exec(select(StaffSession)).one().last_seen_at)


def _dialog_open(browser) -> bool:
    return browser.execute_script("return document.getElementById('sb-timeout').open;")


def _load_with_focus_on_a_link(browser, base: str) -> None:
    browser.get(base + "/staff/")
    assert not _dialog_open(browser)
    browser.find_element(By.CSS_SELECTOR, NAV_LINK)
    browser.execute_script("document.querySelector(arguments[0]).focus();", NAV_LINK)


def _wait_for_warning(browser) -> None:
    WebDriverWait(browser, IDLE_SECONDS).until(_dialog_open)


def test_the_warning_opens_with_focus_in_it_and_is_usable(signed_in_browser, live_server,
                                                         app):
    browser = signed_in_browser
    console_errors(browser)  # the shared browser's log may hold earlier tests' errors
    # A long warning, so axe and the 320 px checks finish well before the time-out.
    app.config["STAFF_IDLE_MINUTES"] = 1
    app.config["STAFF_TIMEOUT_WARNING_MINUTES"] = 58 / 60
    browser.get(live_server + "/staff/")
    assert not _dialog_open(browser)
    WebDriverWait(browser, 10).until(_dialog_open)
    dialog = browser.find_element(By.ID, "sb-timeout")
    assert focused_element(browser) == dialog.find_element(By.CSS_SELECTOR,
                                                           "[data-timeout-stay]")
    assert "Do you want to stay signed in?" in dialog.text
    assert "You will be signed out in" in dialog.text
    assert dialog.find_element(By.ID, "sb-timeout-countdown").get_attribute(
        "aria-live") == "polite"
    assert "Warning" in browser.title
    assert_usable(browser, "staff page with the time-out warning open")
    assert console_errors(browser) == []


def test_stay_signed_in_extends_the_session_and_gives_focus_back(signed_in_browser,
                                                                 live_server, db_session):
    browser = signed_in_browser
    _load_with_focus_on_a_link(browser, live_server)
    first_seen = _last_seen(db_session)
    _wait_for_warning(browser)
    browser.find_element(By.CSS_SELECTOR, "[data-timeout-stay]").click()
    WebDriverWait(browser, 5).until(lambda b: not _dialog_open(b))
    assert focused_element(browser).get_attribute("href").endswith("/staff/")
    # Opened IDLE - WARNING (5) seconds after the session was last noted; written now.
    assert _last_seen(db_session) > first_seen + timedelta(seconds=3)
    # Past the time-out counted from before "Stay signed in", the session still works.
    wait = (first_seen + timedelta(seconds=IDLE_SECONDS + 1) - utcnow()).total_seconds()
    time.sleep(max(0.0, wait))
    browser.get(live_server + "/staff/")
    assert "/sign-in" not in browser.current_url
    assert browser.find_elements(By.CSS_SELECTOR, NAV_LINK)


def test_escape_also_stays_signed_in(signed_in_browser, live_server, db_session):
    browser = signed_in_browser
    _load_with_focus_on_a_link(browser, live_server)
    first_seen = _last_seen(db_session)
    _wait_for_warning(browser)
    ActionChains(browser).send_keys(Keys.ESCAPE).perform()
    WebDriverWait(browser, 5).until(lambda b: not _dialog_open(b))
    WebDriverWait(browser, 5).until(lambda b: _last_seen(db_session) > first_seen)
    WebDriverWait(browser, 2).until(
        lambda b: (focused_element(b).get_attribute("href") or "").endswith("/staff/"))
    wait = (first_seen + timedelta(seconds=IDLE_SECONDS + 1) - utcnow()).total_seconds()
    time.sleep(max(0.0, wait))
    browser.get(live_server + "/staff/")
    assert "/sign-in" not in browser.current_url


def test_doing_nothing_ends_at_the_sign_in_page_saying_why(signed_in_browser, live_server):
    browser = signed_in_browser
    browser.get(live_server + "/staff/")
    WebDriverWait(browser, IDLE_SECONDS + 10).until(lambda b: "/sign-in" in b.current_url)
    WebDriverWait(browser, 5).until(
        lambda b: "had not used the service for a while" in b.find_element(
            By.TAG_NAME, "main").text)
    assert "next=%2Fstaff%2F" in browser.current_url


def test_a_session_ended_elsewhere_shows_signed_out_with_a_way_back(signed_in_browser,
                                                                    live_server,
                                                                    db_session):
    browser = signed_in_browser
    browser.get(live_server + "/staff/")
    _wait_for_warning(browser)
    row = db_session.exec(select(StaffSession)).one()
    row.ended_at, row.ended_reason = utcnow(), "signed out"
    db_session.add(row)
    db_session.commit()
    browser.find_element(By.CSS_SELECTOR, "[data-timeout-stay]").click()
    link = browser.find_element(By.CSS_SELECTOR, "[data-timeout-sign-in]")
    WebDriverWait(browser, 5).until(lambda b: link.is_displayed())
    assert _dialog_open(browser)
    assert "You have been signed out" in browser.find_element(By.ID, "sb-timeout").text
    assert focused_element(browser) == link
    assert link.get_attribute("href").endswith("/sign-in?next=%2Fstaff%2F")


def _seen_now(db_session) -> None:
    """What a request in another tab does to the one server-side session."""
    db_session.expire_all()
    row = db_session.exec(select(StaffSession)).one()
    row.last_seen_at = utcnow()
    db_session.add(row)
    db_session.commit()


def _sleep_until(moment) -> None:
    time.sleep(max(0.0, (moment - utcnow()).total_seconds()))


def test_work_in_another_tab_keeps_this_tab_from_warning_or_leaving(
        signed_in_browser, live_server, db_session):
    browser = signed_in_browser
    console_errors(browser)  # the shared browser's log may hold earlier tests' errors
    _seen_now(db_session)
    browser.get(live_server + "/staff/")
    loaded = _last_seen(db_session)
    _sleep_until(loaded + timedelta(seconds=4))
    _seen_now(db_session)  # the server's deadline is now 4 s later than this tab's
    # This tab would have warned at 5 s; it asked the server first and counts on.
    _sleep_until(loaded + timedelta(seconds=7))
    assert not _dialog_open(browser)
    # Past when this tab alone would have gone to the sign-in page (15 s + 2 s).
    _sleep_until(loaded + timedelta(seconds=IDLE_SECONDS + 2.5))
    assert "/sign-in" not in browser.current_url
    assert _dialog_open(browser)  # its own, later, warning
    assert console_errors(browser) == []
