"""Choosing a consultation's languages in a real browser (issue 15 item 1): the
details page's language check boxes, each language named in itself with its own
`lang` (and `dir`), pass axe-core, reflow at 320 px and have large enough targets,
before and after ticking; ticking and saving keeps the choice."""

from __future__ import annotations

from conftest import browser_sign_in
from selenium.webdriver.common.by import By
from support.browser import and_wait, assert_usable


def test_staff_tick_languages_on_an_accessible_details_page(
        browser, live_server, editor, make_consultation, organisation, db_session):
    park = make_consultation(organisation)
    browser_sign_in(browser, live_server, editor.email)
    url = f"{live_server}/staff/consultations/{park.id}/details"
    browser.get(url)
    assert_usable(browser, "details page")
    urdu = browser.find_element(By.CSS_SELECTOR, "label[for] span[lang=ur]")
    assert (urdu.text, urdu.get_attribute("dir")) == ("اردو", "rtl")
    for code in ("pl", "ur"):
        box = browser.find_element(By.CSS_SELECTOR, f"input[name=languages][value={code}]")
        browser.find_element(By.CSS_SELECTOR, f"label[for='{box.get_attribute('id')}']").click()
        assert box.is_selected()
    and_wait(browser, browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
    db_session.refresh(park)
    assert park.languages == ["pl", "ur"]
    browser.get(url)
    ticked = [box.get_attribute("value") for box in browser.find_elements(
        By.CSS_SELECTOR, "input[name=languages]:checked")]
    assert ticked == ["pl", "ur"]
    assert_usable(browser, "details page with languages ticked")
