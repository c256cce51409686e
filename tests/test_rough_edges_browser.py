"""Issue 16's rough edges in Chromium, each checked where a person meets it: the 404
page drawn in the format the address asks for, the public results page's answer tables
and the staff Paper batch tables at 320 CSS px (the table scrolls in its own region,
never the page), and every changed page clean under axe."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from conftest import browser_sign_in
from selenium.webdriver.common.by import By
from sqlmodel import select
from support.browser import and_wait, assert_accessible, small_targets, viewport
from support.paper_survey import publish_paper_survey
from support.results import add_response, publish_results_survey

from surveybuilder.consultations import lifecycle
from surveybuilder.feedback import decisions
from surveybuilder.models import Role, SurveyVersion
from surveybuilder.paper import keying

pytestmark = pytest.mark.browser

WIDTH = 320


def fits(browser) -> None:
    """axe finds nothing, and at 320 px the page is no wider than the window."""
    assert_accessible(browser)
    with viewport(browser, WIDTH):
        width = browser.execute_script("return document.documentElement.scrollWidth;")
    assert width <= WIDTH, f"{browser.current_url} is {width} px wide at {WIDTH} px"


def tables_in_regions(browser) -> None:
    """Every table is in a scrolling region named by its caption, as the others are."""
    for table in browser.find_elements(By.CSS_SELECTOR, "main table"):
        region = table.find_element(By.XPATH, "..")
        assert "sb-table-scroll" in region.get_attribute("class").split()
        caption = table.find_element(By.TAG_NAME, "caption")
        assert region.get_attribute("aria-labelledby") == caption.get_attribute("id")


def test_the_404_page_is_drawn_in_the_format_asked_for(live_server, browser):
    browser.get(f"{live_server}/c/no-such-consultation?format=large-print")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Page not found"
    assert "sb-format--large-print" in browser.find_element(
        By.TAG_NAME, "body").get_attribute("class").split()
    switcher = browser.find_element(By.CSS_SELECTOR, "nav.sb-format-switcher")
    current = switcher.find_element(By.CSS_SELECTOR, "[aria-current=true]")
    assert current.get_attribute("href").endswith("?format=large-print")
    size = browser.find_element(By.CSS_SELECTOR, "main p").value_of_css_property("font-size")
    assert float(size.removesuffix("px")) >= 24, f"large print text is {size}"
    fits(browser)
    assert small_targets(browser) == []

    browser.get(f"{live_server}/no-such-page?format=easy-read")
    assert "sb-format--easy-read" in browser.find_element(
        By.TAG_NAME, "body").get_attribute("class").split()
    fits(browser)


def test_public_results_answer_tables_do_not_widen_the_page(
        browser, live_server, db_session, organisation, make_consultation, ready_definition):
    survey = publish_results_survey(db_session, organisation, make_consultation,
                                    ready_definition)
    for index in range(12):
        add_response(db_session, survey, {
            "visit": ["weekly", "monthly", "never"][index % 3],
            "age": ["under_25", "middle", "older"][index % 3]},
            submitted_at=datetime(2026, 11, 2, tzinfo=UTC))
    consultation = survey[0]
    lifecycle.close(db_session, consultation, None)
    decisions.update_summary(db_session, consultation, None, "Most visit weekly.",
                             "Most people visit every week.", "We will open earlier.",
                             ["visit", "age"])
    decisions.add_item(db_session, consultation, None, {
        "you_said": "Open the park earlier.", "question_keys": ["visit"], "themes": [],
        "we_did": "The gates open at 7.", "status": "done", "reason": "",
        "owner": "Parks team", "due": None, "easy_read_text": "", "easy_read_picture": ""})
    decisions.publish(db_session, consultation, None)
    db_session.commit()
    browser.get(f"{live_server}/c/{consultation.slug}/results")
    assert browser.find_elements(By.CSS_SELECTOR, "main table")
    tables_in_regions(browser)
    fits(browser)


def test_paper_batch_tables_do_not_widen_the_page(
        browser, live_server, make_user, organisation, make_consultation, ready_definition,
        db_session):
    consultation = publish_paper_survey(make_consultation, organisation, ready_definition,
                                        db_session)
    ada = make_user(organisation, "ada@example.gov.uk", Role.ADMIN, "Ada Admin")
    batch = keying.create_batch(db_session, consultation, ada,
                                "Oldbury library drop-in, Wednesday 12 March 2027", False)
    version = db_session.exec(select(SurveyVersion).where(
        SurveyVersion.consultation_id == consultation.id)).one()
    keying.start_keying(db_session, batch, version, ada, 12, "large_print")
    db_session.commit()
    browser_sign_in(browser, live_server, "ada@example.gov.uk")
    for address in ("", f"/batches/{batch.id}"):
        browser.get(f"{live_server}/staff/consultations/{consultation.id}/paper{address}")
        assert browser.find_elements(By.CSS_SELECTOR, "main table"), address
        tables_in_regions(browser)
        fits(browser)


def test_importing_responses_on_the_paper_tab_is_accessible(
        browser, live_server, make_user, organisation, make_consultation, ready_definition,
        db_session, tmp_path):
    """The upload form, its error state and the row-by-row report: axe-clean at 320 px."""
    consultation = publish_paper_survey(make_consultation, organisation, ready_definition,
                                        db_session)
    make_user(organisation, "ada@example.gov.uk", Role.ADMIN, "Ada Admin")
    browser_sign_in(browser, live_server, "ada@example.gov.uk")
    address = f"{live_server}/staff/consultations/{consultation.id}/paper/import"
    browser.get(address)
    fits(browser)
    and_wait(browser, browser.find_element(By.CSS_SELECTOR, "main form button"))
    assert browser.title.startswith("Error: ")
    assert "Choose a spreadsheet" in browser.find_element(By.ID, "responses-error").text
    fits(browser)
    sheet = tmp_path / "typed-up at the library drop-in.csv"
    sheet.write_text("visit,age,postcode\nweekly,40,B69 3DE\nsometimes,300,nowhere\n",
                     encoding="utf-8")
    browser.find_element(By.ID, "responses").send_keys(str(sheet))
    and_wait(browser, browser.find_element(By.CSS_SELECTOR, "main form button"))
    assert "1 response imported" in browser.find_element(By.ID, "imported").text
    assert browser.find_element(By.ID, "row-3")
    tables_in_regions(browser)
    fits(browser)
