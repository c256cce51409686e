"""Signing in with a second factor and through single sign-on, in real Chromium (issue
17 item 2, done-when): password then a code worked out from the stored secret as a phone
would; and through a real OpenID provider on loopback. Every page on the way, error
states included, passes axe and reflows at 320 px."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pyotp
import pytest
from conftest import PASSWORD
from selenium.webdriver.common.by import By
from support.authenticator import enrol
from support.browser import and_wait, assert_usable, viewport
from support.openid_provider import IGNORE_PROVIDER_WARNINGS, configure, openid_provider

from surveybuilder.models import Role

pytestmark = [pytest.mark.filterwarnings(rule) for rule in IGNORE_PROVIDER_WARNINGS]


def _usable(browser, what: str) -> None:
    """axe at the usual width, then the 320 px reflow and target checks."""
    with viewport(browser, 320):
        assert_usable(browser, what)


def _submit(browser) -> None:
    and_wait(browser, browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))


def _type_code(browser, code: str) -> None:
    field = browser.find_element(By.ID, "code")
    field.clear()
    field.send_keys(code)
    _submit(browser)


def _password(browser, base_url: str, email: str) -> None:
    browser.delete_all_cookies()
    browser.get(base_url + "/sign-in")
    browser.find_element(By.ID, "email").send_keys(email)
    browser.find_element(By.ID, "password").send_keys(PASSWORD)
    _submit(browser)


def test_password_then_a_code_from_the_app(browser, live_app, live_server, db_session,
                                           editor):
    secret, _ = enrol(live_app, db_session, editor)

    _password(browser, live_server, editor.email)
    assert "/sign-in/code" in browser.current_url
    _usable(browser, "the code page")

    _type_code(browser, "12345")
    assert "The code is not right" in browser.find_element(
        By.CSS_SELECTOR, ".govuk-error-summary").text
    assert browser.find_element(By.ID, "code").get_attribute("value") == "12345"
    _usable(browser, "the code page with an error")

    _type_code(browser, pyotp.TOTP(secret).at(datetime.now(UTC) + timedelta(seconds=30)))
    assert browser.current_url.endswith("/staff/")
    browser.delete_all_cookies()


def test_setting_up_an_app_when_the_organisation_requires_it(browser, live_app, live_server,
                                                             db_session, make_user,
                                                             organisation, editor):
    admin = make_user(organisation, "admin@example.gov.uk", Role.ADMIN, "Ada Admin")
    enrol(live_app, db_session,
          make_user(organisation, "col@example.gov.uk", Role.VIEWER, "Col Lee"))
    _password(browser, live_server, admin.email)
    browser.get(live_server + "/staff/organisation/second-factor")
    _submit(browser)  # nothing chosen: an error
    _usable(browser, "the require page with an error")
    browser.find_element(By.CSS_SELECTOR, "input[value=yes]").click()
    _submit(browser)
    assert "Everyone in your organisation will be asked" in browser.page_source
    assert "col@example.gov.uk" in browser.find_element(By.CSS_SELECTOR,
                                                        ".govuk-summary-list").text
    _usable(browser, "the require page, listing who uses a second factor")

    _password(browser, live_server, editor.email)
    assert "/sign-in/set-up" in browser.current_url
    _usable(browser, "the set-up page")
    secret = browser.find_element(By.ID, "secret-key").text.replace(" ", "")
    _type_code(browser, "000000" if pyotp.TOTP(secret).now() != "000000" else "111111")
    _usable(browser, "the set-up page with an error")
    _type_code(browser, pyotp.TOTP(secret).now())
    codes = browser.find_elements(By.CSS_SELECTOR, "main ol li code")
    assert len(codes) == 10
    _usable(browser, "the recovery codes page")
    _submit(browser)
    assert browser.current_url.endswith("/staff/")

    browser.get(live_server + "/staff/account/second-factor")
    assert "You have 10 unused recovery codes" in browser.page_source
    _usable(browser, "your second factor page")
    browser.delete_all_cookies()


def test_signing_in_through_the_organisations_provider(browser, live_app, live_server,
                                                       monkeypatch, editor):
    with openid_provider(monkeypatch) as provider:
        configure(live_app, provider)
        live_app.config["PUBLIC_URL"] = live_server
        provider.add_person("esme-entra-id", email=editor.email, name=editor.name)
        provider.add_person("stranger", email="stranger@example.org")

        browser.delete_all_cookies()
        browser.get(live_server + "/sign-in")
        _usable(browser, "the sign-in page offering single sign-on")
        _through_provider(browser, "Sign in with Sandwell Council account", "esme-entra-id")
        assert browser.current_url == live_server + "/staff/"
        assert "Sign out" in browser.page_source

        browser.delete_all_cookies()
        browser.get(live_server + "/sign-in")
        _through_provider(browser, "Sign in with Sandwell Council account", "stranger")
        assert "There is no account for stranger@example.org" in browser.page_source
        _usable(browser, "the single sign-on refusal")
        browser.delete_all_cookies()


def _through_provider(browser, button: str, subject: str) -> None:
    and_wait(browser, browser.find_element(By.LINK_TEXT, button))
    browser.find_element(By.NAME, "sub").send_keys(subject)
    and_wait(browser, browser.find_element(By.XPATH, "//button[text()='Authorize']"))
