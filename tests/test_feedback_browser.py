"""You said, we did in a real browser: an editor writes feedback for a closed
consultation and publishes it; a resident reads it in all three formats and in the
archive; every page passes axe-core (WCAG 2.2 AA with target size) and fits 320 CSS px;
a status changed after publication appears in the public progress log; the static
folder's pages pass the same checks."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from selenium.webdriver.common.by import By
from support.browser import and_wait, assert_accessible, no_horizontal_scroll, small_targets
from support.feedback import closed_consultation

from surveybuilder.cli import main

FORMATS = ("standard", "easy-read", "large-print")


@pytest.fixture
def closed(db_session, organisation, make_consultation, ready_definition):
    return closed_consultation(db_session, organisation, make_consultation,
                               ready_definition).consultation


def _checked(driver) -> None:
    assert_accessible(driver)
    assert no_horizontal_scroll(driver), driver.current_url
    assert small_targets(driver) == [], driver.current_url


def _type(driver, field_id: str, text: str) -> None:
    box = driver.find_element(By.ID, field_id)
    box.clear()
    box.send_keys(text)


def _tick(driver, name: str, value: str) -> None:
    driver.find_element(By.CSS_SELECTOR, f"input[name='{name}'][value='{value}']").click()


def _save(driver) -> None:
    and_wait(driver, driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))


@pytest.mark.pdf
def test_write_publish_read_in_three_formats_and_follow_progress(signed_in_browser,
                                                                 live_server, closed,
                                                                 database_url, monkeypatch,
                                                                 tmp_path):
    driver = signed_in_browser
    driver.get(f"{live_server}/staff/consultations/{closed.id}/feedback")
    _checked(driver)

    and_wait(driver, driver.find_element(By.LINK_TEXT, "Write the summary"))
    _checked(driver)
    _type(driver, "summary", "21 people answered. Most visit every week.\n\nMany people "
                             "feel unsafe in the park after dark.")
    _type(driver, "easy_read_summary", "21 people told us what they think.")
    _type(driver, "what_next", "The cabinet decides the lighting plan in June 2027.")
    _tick(driver, "figures", "visit")
    _save(driver)

    and_wait(driver, driver.find_element(By.PARTIAL_LINK_TEXT, "Add a “You said, we did”"))
    _type(driver, "you_said", "The park feels unsafe after dark.")
    _tick(driver, "status", "not_possible")
    _save(driver)  # no "We did" and no reason: both are asked for, the rest is kept
    assert driver.title.startswith("Error: ")
    assert driver.find_element(By.ID, "you_said").get_attribute("value") == \
        "The park feels unsafe after dark."
    _checked(driver)
    _type(driver, "we_did", "New lights on the two main paths.")
    _tick(driver, "status", "planned")
    _tick(driver, "question_keys", "safe")
    _type(driver, "owner", "Parks team")
    _type(driver, "easy_read_text", "We will put up new lights.")
    _type(driver, "easy_read_picture", "house")
    _save(driver)

    and_wait(driver, driver.find_element(By.XPATH, "//button[normalize-space()="
                                                   "'Publish the results']"))
    assert "The results have been published." in driver.page_source
    _checked(driver)

    for fmt in FORMATS:
        driver.get(f"{live_server}/c/{closed.slug}/results?format={fmt}")
        _checked(driver)
        text = driver.find_element(By.TAG_NAME, "main").text
        assert "The park feels unsafe after dark." in text
        assert "What happens next" in text
        if fmt == "easy-read":
            assert "We will put up new lights." in text and "We will do this." in text
            picture = driver.find_element(By.CSS_SELECTOR, "main img")
            assert picture.get_attribute("alt") and picture.size["width"] >= 80
        else:
            assert "Parks team" in text and "Planned" in text

    driver.get(f"{live_server}/results?q=lights")
    _checked(driver)
    and_wait(driver, driver.find_element(By.LINK_TEXT, closed.title))
    assert driver.current_url.endswith(f"/c/{closed.slug}/results")

    # Months later the work starts: the change is logged with its date, for everyone.
    driver.get(f"{live_server}/staff/consultations/{closed.id}/feedback")
    and_wait(driver, driver.find_element(By.CSS_SELECTOR, ".govuk-summary-card__action a"))
    _tick(driver, "status", "in_progress")
    _type(driver, "note", "Work started on the main paths.")
    _save(driver)
    for fmt in FORMATS:
        driver.get(f"{live_server}/c/{closed.slug}/results?format={fmt}")
        log = driver.find_element(By.TAG_NAME, "main").text
        assert "Work started on the main paths." in log
        if fmt != "easy-read":
            assert "changed from planned to in progress" in log
        _checked(driver)

    # The folder a council uploads: the same checks on each stand-alone page.
    monkeypatch.setenv("SURVEYBUILDER_DATABASE_URL", database_url)
    monkeypatch.setenv("SURVEYBUILDER_SECRET_KEY", "cli-test")
    result = CliRunner().invoke(main, ["publish-results", closed.slug,
                                       "--output-dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    for page in ("index.html", "easy-read.html", "large-print.html"):
        driver.get((tmp_path / f"{closed.slug}-results" / page).as_uri())
        _checked(driver)
        assert "Work started on the main paths." in driver.find_element(By.TAG_NAME,
                                                                          "main").text
