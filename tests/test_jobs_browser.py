"""The background jobs pages in a real browser: axe-core (WCAG 2.2 AA with target
size), no sideways scrolling at 320 CSS px, and the refresh link shows new progress
without JavaScript."""

from __future__ import annotations

from datetime import timedelta

from selenium.webdriver.common.by import By
from sqlalchemy import update
from support.browser import and_wait, assert_accessible, no_horizontal_scroll, small_targets

from surveybuilder.jobs import enqueue
from surveybuilder.models import BackgroundJob, utcnow


def _checked(driver) -> None:
    assert_accessible(driver)
    assert no_horizontal_scroll(driver), driver.current_url
    assert small_targets(driver) == [], driver.current_url


def test_jobs_pages_are_accessible_and_refresh_shows_progress(
        signed_in_browser, live_server, db_session, organisation, make_consultation):
    consultation = make_consultation(organisation)
    job = enqueue(db_session, "test-browser-kind", key="browser:1",
                  title="Drawing the easy-read form", organisation_id=organisation.id,
                  consultation_id=consultation.id)
    enqueue(db_session, "test-browser-kind", key="browser:2",
            title="Drawing the large-print form", organisation_id=organisation.id,
            consultation_id=consultation.id)
    db_session.commit()
    # A third job waited an hour: the pages warn that the worker may have stopped.
    enqueue(db_session, "test-browser-kind", key="browser:3", title="Sending an e-mail",
            organisation_id=organisation.id)
    db_session.commit()
    db_session.execute(update(BackgroundJob).where(BackgroundJob.key == "browser:3").values(
        run_after=utcnow() - timedelta(hours=1)))
    db_session.execute(update(BackgroundJob).where(BackgroundJob.key == "browser:2").values(
        status="failed", attempts=5, failure="The large-print form could not be drawn: "
        "question 4 does not fit on a page. Change the question and publish again, or ask "
        "your administrator."))
    db_session.commit()

    driver = signed_in_browser
    driver.get(f"{live_server}/staff/jobs")
    _checked(driver)
    assert "Drawing the easy-read form: not started yet" in driver.page_source
    assert "surveybuilder worker" in driver.find_element(By.CLASS_NAME,
                                                         "govuk-warning-text").text
    db_session.execute(update(BackgroundJob).where(BackgroundJob.id == job.id).values(
        status="running", attempts=1, progress_percent=40,
        progress_words="Drawing page 3 of 8"))
    db_session.commit()
    and_wait(driver, driver.find_element(By.LINK_TEXT, "refresh this page"))
    main = driver.find_element(By.TAG_NAME, "main").text
    assert "Drawing the easy-read form: 40 % (Drawing page 3 of 8)" in main

    driver.get(f"{live_server}/staff/consultations/{consultation.id}/jobs")
    _checked(driver)
    and_wait(driver, driver.find_element(By.LINK_TEXT, "Drawing the large-print form"))
    _checked(driver)
    assert "This job failed" in driver.find_element(By.TAG_NAME, "main").text
