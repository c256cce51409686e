"""Results in several languages in a real browser (issue 15 item 6), in one session:
staff filter the results by language, add an English translation beside a Polish
comment (the form refused empty, with its error state, then saved), and residents read
the published results in Urdu, right to left. Every page passes axe-core (WCAG 2.2 AA
with target size) and fits 320 CSS px."""

from __future__ import annotations

from selenium.webdriver.common.by import By
from support.browser import and_wait, assert_accessible, no_horizontal_scroll
from support.languages import URDU
from test_results_languages import POLISH_COMMENT, TRANSLATION, published, survey  # noqa: F401


def _checked(driver) -> None:
    assert_accessible(driver)
    assert no_horizontal_scroll(driver), driver.current_url


def test_translate_a_comment_then_read_the_results_in_urdu(signed_in_browser, live_server,
                                                          published):  # noqa: F811
    driver = signed_in_browser
    driver.get(f"{live_server}/staff/consultations/{published.id}/results"
               "?published=1&language=pl")
    _checked(driver)  # the language filter, the "Answered in" line and breakdown
    assert driver.find_element(By.ID, "language").get_attribute("value") == "pl"
    assert "Answered in:" in driver.find_element(By.ID, "answered-in").text

    driver.get(f"{live_server}/staff/consultations/{published.id}/results/comments"
               "?question=why_not")
    _checked(driver)
    polish = driver.find_element(By.XPATH, f"//p[@lang='pl'][.='{POLISH_COMMENT}']")
    card = polish.find_element(By.XPATH, "ancestor::div[@class='govuk-summary-card']")
    card.find_element(By.CSS_SELECTOR, "summary").click()
    and_wait(driver, card.find_element(By.CSS_SELECTOR, "details button[type=submit]"))
    summary = driver.find_element(By.CSS_SELECTOR, ".govuk-error-summary")
    assert "Enter the English translation of the comment" in summary.text
    _checked(driver)  # the error state: summary, message and the field marked

    box = driver.find_element(By.CSS_SELECTOR, ".govuk-textarea--error")
    box.send_keys(TRANSLATION)
    and_wait(driver, box.find_element(By.XPATH, "ancestor::form//button"))
    shown = driver.find_element(By.XPATH, f"//p[@lang='en'][.='{TRANSLATION}']")
    assert shown.is_displayed()
    assert driver.find_element(By.XPATH, f"//p[@lang='pl'][.='{POLISH_COMMENT}']")

    driver.delete_all_cookies()
    driver.get(f"{live_server}/c/{published.slug}/results?language=ur")
    _checked(driver)
    wrapper = driver.find_element(By.CSS_SELECTOR, "main .govuk-grid-row[lang='ur']")
    assert driver.execute_script("return getComputedStyle(arguments[0]).direction",
                                 wrapper) == "rtl"
    assert URDU["questions.visit.text"] in wrapper.text
    english = driver.find_element(By.XPATH, "//p[@lang='en'][contains(., 'unsafe after dark')]")
    assert driver.execute_script("return getComputedStyle(arguments[0]).direction",
                                 english) == "ltr"
    assert driver.find_element(By.CSS_SELECTOR, "#in-english").is_displayed()
