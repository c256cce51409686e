"""The results pages in Chromium: axe finds nothing on any of them (error states too),
they reflow at 320 px, every chart has a title, a description and a table beside it,
and a comment can be tagged from the keyboard alone."""

from __future__ import annotations

from datetime import UTC, datetime

from conftest import browser_sign_in
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from support.browser import and_wait, assert_accessible, no_horizontal_scroll, wait_for_new_page
from support.results import add_response, publish_results_survey

from surveybuilder.consultations import lifecycle
from surveybuilder.feedback import decisions
from surveybuilder.models import Role
from surveybuilder.results import themes


def checked(browser) -> None:
    assert len(browser.find_elements(By.TAG_NAME, "h1")) == 1
    assert_accessible(browser)
    assert no_horizontal_scroll(browser)


def charts_have_titles_and_tables(browser) -> int:
    charts = browser.find_elements(By.CSS_SELECTOR, "svg[role=img]")
    for chart in charts:
        labelled = chart.get_attribute("aria-labelledby").split()
        title = chart.find_element(By.TAG_NAME, "title")
        desc = chart.find_element(By.TAG_NAME, "desc")
        assert labelled == [title.get_attribute("id"), desc.get_attribute("id")]
        assert title.get_attribute("textContent").strip()
        assert desc.get_attribute("textContent").strip()
        table = chart.find_element(By.XPATH, "following::table[1]")
        assert table.find_element(By.TAG_NAME, "caption").text
    return len(charts)


def test_every_results_page_is_accessible(browser, live_server, make_user, organisation,
                                          db_session, make_consultation, ready_definition):
    survey = publish_results_survey(db_session, organisation, make_consultation,
                                    ready_definition)
    for index in range(9):
        add_response(db_session, survey, {
            "visit": ["weekly", "monthly", "never"][index % 3], "use": ["walk"],
            "safe": "agree", "minutes": index, "last_visit": "2026-10-01",
            "age": "middle", "ideas": f"Better lighting by gate {index}"},
            submitted_at=datetime(2026, 11, 2, tzinfo=UTC))
    lighting = themes.add_theme(db_session, survey[0], "Lighting")
    benches = themes.add_theme(db_session, survey[0], "Benches")
    db_session.commit()
    make_user(organisation, "ada@example.gov.uk", Role.ADMIN, "Ada Admin")
    browser_sign_in(browser, live_server, "ada@example.gov.uk")
    base = f"{live_server}/staff/consultations/{survey[0].id}/results"

    browser.get(base)
    checked(browser)
    assert charts_have_titles_and_tables(browser) >= 8
    browser.get(base + "?published=1")
    checked(browser)
    assert "fewer than 5" in browser.find_element(By.TAG_NAME, "main").text
    charts_have_titles_and_tables(browser)
    browser.get(base + "?from-day=31&from-month=2&from-year=2026")
    assert browser.title.startswith("Error: ")
    checked(browser)

    browser.get(base + "/crosstab?rows=visit&columns=age&published=1")
    checked(browser)
    assert browser.find_element(By.ID, "crosstab")
    browser.get(base + "/crosstab?rows=visit&columns=visit")
    assert browser.title.startswith("Error: ")
    checked(browser)

    browser.get(base + "/comments")
    checked(browser)
    numbers = browser.find_element(By.ID, "c0-numbers")
    numbers.send_keys("9")
    wait_for_new_page(browser, lambda: numbers.send_keys(Keys.ENTER))
    assert browser.title.startswith("Error: ")
    checked(browser)
    numbers = browser.find_element(By.ID, "c0-numbers")
    numbers.clear()
    numbers.send_keys("1 2")
    wait_for_new_page(browser, lambda: numbers.send_keys(Keys.ENTER))
    assert browser.find_element(By.ID, f"c0-theme-{lighting.id}").is_selected()
    assert browser.find_element(By.ID, f"c0-theme-{benches.id}").is_selected()
    assert not browser.find_element(By.ID, f"c1-theme-{lighting.id}").is_selected()

    browser.get(base + "/themes")
    checked(browser)
    and_wait(browser, browser.find_element(By.ID, "submit"))
    assert browser.title.startswith("Error: ")  # adding a theme with no name
    checked(browser)
    browser.get(base + "/second-coding")
    checked(browser)
    browser.get(f"{live_server}/staff/organisation/suppression")
    checked(browser)


def test_grid_and_ranking_results_are_accessible(browser, live_server, make_user, organisation,
                                                 db_session, make_consultation,
                                                 ready_definition):
    """The overview with a grid (stacked bars and a table statement by statement) and a
    ranking (first choices and mean ranks), exact and as published, and the public
    results page quoting them in three formats: axe finds nothing, nothing scrolls
    sideways at 320 px, and each chart has its title, description and table."""
    survey = publish_results_survey(db_session, organisation, make_consultation,
                                    ready_definition)
    columns = ["strongly_agree", "agree", "neither", "disagree", "dont_know"]
    for index in range(14):
        add_response(db_session, survey, {
            "views": {"safe": columns[index % 5], "clean": columns[index % 3],
                      **({"toilets": "agree"} if index < 4 else {})},
            "priorities": {"lights": 1, "paths": 2} if index % 3 else {"toilets": 1}},
            submitted_at=datetime(2026, 11, 2, tzinfo=UTC))
    make_user(organisation, "ada@example.gov.uk", Role.ADMIN, "Ada Admin")
    browser_sign_in(browser, live_server, "ada@example.gov.uk")
    base = f"{live_server}/staff/consultations/{survey[0].id}/results"
    for address in (base, base + "?published=1"):
        browser.get(address)
        checked(browser)
        charts_have_titles_and_tables(browser)
        for key in ("views", "priorities"):
            chart = browser.find_element(By.CSS_SELECTOR, f"#q-{key} ~ svg[role=img]")
            assert chart.find_element(By.XPATH, "following::table[1]").get_attribute(
                "id") == f"table-{key}"
        main = browser.find_element(By.TAG_NAME, "main").text
        assert "Most often put first: Better lighting" in main
    assert "fewer than 5" in main  # 4 found the toilets easy to find

    consultation = survey[0]
    lifecycle.close(db_session, consultation, None)
    decisions.update_summary(db_session, consultation, None, "Most feel safe.",
                             "Most people feel safe.", "We will light the paths first.",
                             ["views", "priorities"])
    decisions.add_item(db_session, consultation, None, {
        "you_said": "Put better lighting first.", "question_keys": ["priorities", "views"],
        "themes": [], "we_did": "New lights on the main paths.", "status": "planned",
        "reason": "", "owner": "Parks team", "due": None, "easy_read_text": "",
        "easy_read_picture": ""})
    decisions.publish(db_session, consultation, None)
    db_session.commit()
    for fmt in ("standard", "easy-read", "large-print"):
        browser.get(f"{live_server}/c/{consultation.slug}/results?format={fmt}")
        checked(browser)
        assert charts_have_titles_and_tables(browser) == (2 if fmt == "standard" else 0)
