"""The Excel download's page once `surveybuilder tidy` has deleted the file, in
Chromium: it says so, passes axe (WCAG 2.2 AA), reflows at 320 px with big enough
targets, and its button makes a new file without JavaScript (a plain form post)."""

from __future__ import annotations

from datetime import timedelta

from selenium.webdriver.common.by import By
from support.browser import and_wait
from support.results import publish_results_survey
from test_jobs_pages_browser import _checked

from surveybuilder.models import utcnow
from surveybuilder.results.jobs import EXPORT_RESPONSES_XLSX, delete_old_exports


def test_a_deleted_excel_download_says_so_and_offers_a_new_one(
        signed_in_browser, live_server, live_app, db_session, organisation,
        make_consultation, ready_definition, run_jobs):
    browser = signed_in_browser
    consultation = publish_results_survey(db_session, organisation, make_consultation,
                                          ready_definition)[0]
    browser.get(f"{live_server}/staff/consultations/{consultation.id}/results")
    and_wait(browser, browser.find_element(By.XPATH, "//button[text()='Download as Excel']"))
    first_page = browser.current_url
    run_jobs(EXPORT_RESPONSES_XLSX)
    assert delete_old_exports(db_session, live_app.extensions["file_store"],
                              utcnow() + timedelta(hours=25), keep_hours=24) == 1

    browser.get(first_page)
    main = browser.find_element(By.TAG_NAME, "main").text
    assert "This file has been deleted" in main and "kept for 24 hours" in main
    _checked(browser)
    and_wait(browser, browser.find_element(
        By.XPATH, "//button[text()='Make a new Excel file of the responses']"))
    main = browser.find_element(By.TAG_NAME, "main").text
    assert "This file has been deleted" not in main  # a new job, or the same key again
    assert "Waiting to start" in main
