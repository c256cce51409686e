"""The Translations page in a real browser (issue 15 item 2): a language's page with
its downloads and upload passes axe-core, reflows at 320 px and has large enough
targets; uploading a wrong file shows the error summary, still accessible, and
imports nothing; the right file is imported with the count said."""

from __future__ import annotations

from conftest import browser_sign_in
from selenium.webdriver.common.by import By
from support.browser import and_wait, assert_usable
from support.languages import POLISH
from support.translator_files import fill_xlsx

from surveybuilder.consultations.snapshots import draft_definition
from surveybuilder.survey.translator_files import write_xliff, write_xlsx


def test_uploading_translations_on_an_accessible_page(
        browser, live_server, editor, make_consultation, organisation, ready_definition,
        db_session, tmp_path):
    park = make_consultation(organisation, {**ready_definition, "languages": ["pl", "ur"]})
    browser_sign_in(browser, live_server, editor.email)
    browser.get(f"{live_server}/staff/consultations/{park.id}/translations")
    assert_usable(browser, "translations page")
    and_wait(browser, browser.find_element(By.PARTIAL_LINK_TEXT, "Download or upload"))
    assert_usable(browser, "Polish translations page")

    definition = draft_definition(db_session, park)
    wrong = tmp_path / "park-ur.xlf"
    wrong.write_bytes(write_xliff(definition, "ur").replace(b'<unit id="summary"',
                                                            b'<unit id="summery"'))
    browser.find_element(By.ID, "file").send_keys(str(wrong))
    and_wait(browser, browser.find_element(By.CSS_SELECTOR, "main form button"))
    summary = browser.find_element(By.CSS_SELECTOR, ".govuk-error-summary")
    assert "file: the file is for the language “ur”, not Polish (pl)" in summary.text
    assert "unit summery: “summery” is not the id" in summary.text
    assert browser.title.startswith("Error:")
    assert_usable(browser, "Polish translations page with an error")
    db_session.refresh(park)
    assert park.translations == {}

    right = tmp_path / "park-pl.xlsx"
    right.write_bytes(fill_xlsx(write_xlsx(definition, "pl"), POLISH))
    browser.find_element(By.ID, "file").send_keys(str(right))
    and_wait(browser, browser.find_element(By.CSS_SELECTOR, "main form button"))
    banner = browser.find_element(By.CSS_SELECTOR, ".govuk-notification-banner--success")
    assert "17 texts were imported." in banner.text
    assert_usable(browser, "Polish translations page after an upload")
    db_session.refresh(park)
    assert len(park.translations["pl"]) == 17
