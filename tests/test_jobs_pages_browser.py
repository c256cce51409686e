"""The pages of this round's jobs in Chromium: the results PDF's "being prepared" page
and the Excel download's progress page, waiting and ready. Accessible (axe, WCAG 2.2
AA), reflowing at 320 px, with targets big enough; the Excel button works without
JavaScript (a plain form post)."""

from __future__ import annotations

from selenium.webdriver.common.by import By
from support.browser import and_wait, assert_accessible, no_horizontal_scroll, small_targets
from support.feedback import closed_consultation
from support.results import publish_results_survey
from test_feedback import ITEM

from surveybuilder.feedback import decisions


def _checked(browser) -> None:
    assert_accessible(browser)
    assert no_horizontal_scroll(browser)
    assert small_targets(browser) == []


def test_results_pdf_being_prepared_page(browser, live_server, db_session, organisation,
                                         make_consultation, ready_definition, editor):
    consultation = closed_consultation(db_session, organisation, make_consultation,
                                       ready_definition).consultation
    decisions.update_summary(db_session, consultation, editor, "Most visit weekly.", "",
                             "We start in spring.", [])
    decisions.add_item(db_session, consultation, editor, ITEM)
    decisions.publish(db_session, consultation, editor)
    db_session.commit()

    browser.get(f"{live_server}/c/{consultation.slug}/results/large-print.pdf")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Your PDF is being prepared"
    _checked(browser)
    and_wait(browser, browser.find_element(By.LINK_TEXT, "Read the results on this website"))
    assert browser.current_url.endswith(f"/c/{consultation.slug}/results?format=large-print")


def test_excel_download_progress_page(signed_in_browser, live_server, db_session,
                                      organisation, make_consultation, ready_definition,
                                      run_jobs):
    browser = signed_in_browser
    consultation = publish_results_survey(db_session, organisation, make_consultation,
                                          ready_definition)[0]
    browser.get(f"{live_server}/staff/consultations/{consultation.id}/results")
    and_wait(browser, browser.find_element(By.XPATH,
                                           "//button[text()='Download anonymised as Excel']"))
    assert browser.find_element(By.TAG_NAME, "h1").text == "Excel download"
    assert "Waiting to start" in browser.find_element(By.TAG_NAME, "main").text
    _checked(browser)

    run_jobs("export-responses-xlsx")
    and_wait(browser, browser.find_element(By.LINK_TEXT, "Check again"))
    assert "Your file is ready" in browser.find_element(By.TAG_NAME, "main").text
    link = browser.find_element(By.PARTIAL_LINK_TEXT, "Download the Excel file")
    assert link.get_attribute("href").endswith(".xlsx")
    _checked(browser)
