"""Staff accounts in a real Chromium (issue 17 item 2): a deactivated user's open
session ends on its very next request, and every new account page passes axe and
reflows at 320 px, including its error states."""

from __future__ import annotations

import pytest
from conftest import browser_sign_in
from selenium.webdriver.common.by import By
from support.browser import and_wait, assert_usable

from surveybuilder.models import Role
from surveybuilder.staff import lifecycle

pytestmark = pytest.mark.browser


def _submit(browser) -> None:
    and_wait(browser, browser.find_element(
        By.CSS_SELECTOR, "main form[method=post] button[type=submit]"))


def _type(browser, fields: dict[str, str]) -> None:
    for field_id, text in fields.items():
        element = browser.find_element(By.ID, field_id)
        element.clear()
        element.send_keys(text)


def _main(browser) -> str:
    return browser.find_element(By.ID, "main-content").text


def test_a_deactivated_users_open_session_ends_on_its_next_request(
        signed_in_browser, live_server, editor, make_user, organisation, db_session):
    browser = signed_in_browser
    browser.get(live_server + "/staff/")
    assert "/sign-in" not in browser.current_url
    make_user(organisation, "ada.admin@example.gov.uk", Role.ADMIN, "Ada Admin")
    lifecycle.deactivate(db_session, editor)  # as the admin's page or command does
    db_session.commit()
    browser.get(live_server + "/staff/")
    assert "/sign-in" in browser.current_url
    assert "Your account has been switched off, so you have been signed out." in _main(browser)
    assert_usable(browser, "sign-in page after deactivation")
    browser.get(live_server + "/staff/")  # the cookie no longer signs anyone in
    assert "/sign-in" in browser.current_url


def test_account_pages_pass_axe_with_their_errors(browser, live_server, editor, make_user,
                                                  organisation, db_session):
    admin = make_user(organisation, "ada.admin@example.gov.uk", Role.ADMIN, "Ada Admin")
    browser_sign_in(browser, live_server, admin.email)
    users = f"{live_server}/staff/users"
    for address, what in [(users, "users"), (f"{users}/{editor.id}/deactivate", "deactivate"),
                          (f"{users}/{editor.id}/reset-link", "reset link confirmation"),
                          (f"{live_server}/staff/account/password", "change password")]:
        browser.get(address)
        assert_usable(browser, what)

    browser.get(f"{users}/{admin.id}/deactivate")
    _submit(browser)
    assert browser.title.startswith("Error: ") and "only admin" in _main(browser)
    assert_usable(browser, "deactivating the last admin")

    browser.get(f"{users}/{editor.id}/reset-link")
    _submit(browser)  # no e-mail set up: the link is shown once
    link = browser.find_element(By.ID, "reset-link").text
    assert "/reset-password?token=" in link
    assert_usable(browser, "reset link shown")

    browser.get(f"{live_server}/staff/account/password")
    _type(browser, {"current": "not it", "password": "aaaaaaaaaaaa", "confirm": "b"})
    _submit(browser)
    assert browser.title.startswith("Error: ")
    assert browser.find_element(By.ID, "current").get_attribute("value") == ""
    assert_usable(browser, "change password with errors")

    browser.delete_all_cookies()
    browser.get(link.replace("http://localhost", live_server))
    assert_usable(browser, "set a new password")
    _type(browser, {"password": "password1234", "confirm": "password1234"})
    _submit(browser)
    assert "list of common passwords" in _main(browser)
    assert_usable(browser, "set a new password with errors")
    _type(browser, {"password": "plum kettle orbit seven",
                    "confirm": "plum kettle orbit seven"})
    _submit(browser)
    assert "/sign-in" in browser.current_url and "new password has been saved" in _main(browser)
    browser.get(link.replace("http://localhost", live_server))
    assert "This link has expired" in _main(browser)
    assert_usable(browser, "reset link used up")

    lifecycle.deactivate(db_session, editor)
    db_session.commit()
    browser_sign_in(browser, live_server, admin.email)
    browser.get(f"{users}/{editor.id}/reactivate")
    assert_usable(browser, "reactivate")
    _submit(browser)
    assert "Esme Editor can sign in again." in _main(browser)
    browser.delete_all_cookies()
