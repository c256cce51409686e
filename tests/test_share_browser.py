"""The share area in a real browser: enhance.js adds "Copy link", which puts the public
address on the clipboard and says so in a status line; the page passes axe-core, fits
320 CSS px and its targets are big enough."""

from __future__ import annotations

from selenium.webdriver.common.by import By
from selenium.webdriver.support.wait import WebDriverWait
from support.browser import assert_usable, console_errors


def test_copy_link_copies_the_public_address(signed_in_browser, live_server, open_park):
    driver = signed_in_browser
    driver.execute_cdp_cmd("Browser.grantPermissions", {
        "origin": live_server, "permissions": ["clipboardReadWrite",
                                               "clipboardSanitizedWrite"]})
    console_errors(driver)  # the shared browser's log may hold earlier tests' errors
    driver.get(f"{live_server}/staff/consultations/{open_park.id}")
    assert_usable(driver, "consultation overview with its share area")
    button = driver.find_element(By.CSS_SELECTOR, "[data-copy-link] button")
    assert button.text == "Copy link"
    button.click()
    status = driver.find_element(By.CSS_SELECTOR, "[data-copy-link] [role=status]")
    WebDriverWait(driver, 5).until(lambda d: status.text)
    assert status.text == "Link copied"
    copied = driver.execute_async_script(
        "navigator.clipboard.readText().then(arguments[0], e => arguments[0](String(e)));")
    assert copied == f"http://localhost/c/{open_park.slug}"
    assert console_errors(driver) == []
