"""Scanned paper forms in a real browser, with the keyboard alone (issue 14, Done when
item 2): two numbered copies printed by the real pipeline, ticked, pencilled and
written on, scanned like a flatbed, are uploaded on the Paper tab; the reading runs as
a background job (run here by the test, as a worker would); a person checks each form,
typing the written answers and settling the doubts, and fixes a form confirmed too
early through the error summary. The responses then appear in the results (filtered to
paper) and in the staff export with channel paper, with the answers that the same
forms keyed by hand store (tests/test_scanned_paper.py keys them on the keying pages
and compares). Every page on the way passes axe-core, has one h1, reflows at 320 CSS px
and has no target under 24 px.

The files are chosen by typing their paths into the file input (WebDriver's way of
answering the browser's file dialog, which no test can drive); everything else is
Tab, typing, Space and Enter. JavaScript only reads which element has focus.
"""

from __future__ import annotations

import pytest
from conftest import browser_sign_in
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from support import scanned_batch
from support.keyboard import focus, press, press_and_wait, tab_to, tab_to_button, tab_to_id
from test_paper_keying_browser import check, error_state
from test_respond_browser import staff_export
from test_scanned_paper import SETTLED, STORED

from surveybuilder.jobs import run_waiting
from surveybuilder.paper import scanned

pytestmark = pytest.mark.pdf
TABS = 60  # the checking page lists every question of the form


def _main(browser) -> str:
    return browser.find_element(By.TAG_NAME, "main").text


def test_a_scanned_batch_is_uploaded_checked_with_the_keyboard_and_stored_as_paper(
        browser, live_server, live_app, editor, make_consultation, organisation,
        db_session, tmp_path):
    consultation, pdf, layout = scanned_batch.publish_scan_survey(
        make_consultation, organisation, db_session, live_app.extensions["file_store"])
    paths = []
    for name, body in scanned_batch.scanned_pages(pdf, layout):
        paths.append(tmp_path / name)
        paths[-1].write_bytes(body)

    browser_sign_in(browser, live_server, editor.email)
    browser.get(f"{live_server}/staff/consultations/{consultation.id}/paper")
    tab_to_button(browser, "Upload scanned forms", TABS)
    press_and_wait(browser, Keys.ENTER)
    check(browser, "upload page")
    tab_to_id(browser, "label", TABS)
    press(browser, "Library, scanned")
    browser.find_element(By.ID, "scans").send_keys("\n".join(str(p) for p in paths))
    # Keys sent to a file input name files, so the Tabs past it (from the label, where
    # focus still is) go to the page; they reach the button.
    ActionChains(browser).send_keys(Keys.TAB, Keys.TAB).perform()
    assert focus(browser).get("text") == "Upload and read", focus(browser)
    press_and_wait(browser, Keys.ENTER)
    assert "Reading “Library, scanned”" in _main(browser)
    assert f"{len(paths)} pages will be read" in _main(browser)
    check(browser, "progress page")

    outcomes = run_waiting(live_app.extensions["db_engine"], live_app.config,
                           kind=scanned.READ_SCANNED_FORMS)
    assert sum(outcomes.values()) == 1
    tab_to_button(browser, "See how far it has got", TABS)
    press_and_wait(browser, Keys.ENTER)
    assert "Check scanned forms: Library, scanned" in _main(browser)
    check(browser, "scanned batch")

    # Form 1: only the written date to type; Enter confirms and goes to form 2.
    tab_to(browser, lambda f: (f.get("text") or "").startswith("Check form 1"),
           "the link to check form 1", TABS)
    press_and_wait(browser, Keys.ENTER)
    check(browser, "checking form 1")
    assert "1 answer to check" in _main(browser)
    assert browser.find_element(By.ID, "visit").get_attribute("value") == "1"
    tab_to_id(browser, "visited_on", TABS)
    press(browser, SETTLED[1]["visited_on"])
    press_and_wait(browser, Keys.ENTER)
    assert "Form 1 is stored as response" in _main(browser)
    assert "Check scanned form 2" in _main(browser)
    check(browser, "checking form 2")

    # Form 2 confirmed before its doubts are settled: each is listed, then fixed.
    tab_to_button(browser, "Confirm and store this form", TABS)
    press_and_wait(browser, Keys.ENTER)
    error_state(browser, "form 2 with errors", ["why_not", "safe", "use_bus"])
    for field in ("why_not", "safe", "use_bus"):
        tab_to_id(browser, field, TABS)
        press(browser, SETTLED[2][field])
    press_and_wait(browser, Keys.ENTER)
    assert "Form 2 is stored as response" in _main(browser)
    check(browser, "scanned batch, every form stored")

    browser.get(f"{live_server}/staff/consultations/{consultation.id}/results?channel=paper")
    assert browser.find_element(By.ID, "respondents").text.startswith("2 responses")
    exported = staff_export(live_app, consultation.id, editor.email)["responses"]
    assert sorted((r["channel"], r["format"], repr(r["answers"])) for r in exported) == \
        sorted(("paper", "standard", repr(answers)) for answers in STORED.values())

