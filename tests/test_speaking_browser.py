"""Spoken questions in a real browser (Chromium): the Listen player on an easy-read page
and on a standard page that asked for it passes axe-core (WCAG 2.2 AA, target size),
fits 320 CSS px without scrolling sideways, has no target under 24 px, meets the easy-read
and large-print rules (test_formats_browser.check_page), and Chromium
itself loads the recording and reads its length (the WAV really plays in a browser).
The page is reached without JavaScript; the script below only asks the player what
it loaded, as a person pressing Play would find out."""

from __future__ import annotations

from selenium.webdriver.common.by import By
from selenium.webdriver.support.wait import WebDriverWait
from support.browser import assert_accessible, no_horizontal_scroll, small_targets
from test_formats_browser import check_page, easy_read_problems

from surveybuilder.speaking.jobs import SPEAK_QUESTIONS

SLUG = "victoria-park-2027"


def _journey_page(client, format_slug: str) -> str:
    response = client.post(f"/c/{SLUG}/start", data={"format": format_slug})
    assert response.status_code == 302
    return response.headers["Location"]


def _loaded_seconds(browser) -> list[float]:
    """Ask each player to load its recording (as pressing Play would) and give back how
    long Chromium says each one is (-1: it found no recording it could play)."""
    browser.execute_script("document.querySelectorAll('audio').forEach(a => a.load())")
    WebDriverWait(browser, 20).until(lambda b: b.execute_script(
        "return [...document.querySelectorAll('audio')].every("
        "a => a.readyState >= 1 || a.networkState === HTMLMediaElement.NETWORK_NO_SOURCE)"))
    return browser.execute_script(
        "return [...document.querySelectorAll('audio')].map("
        "a => a.readyState >= 1 ? a.duration : -1)")


def _checked(browser) -> None:
    assert_accessible(browser)
    assert no_horizontal_scroll(browser, 320), "the page scrolls sideways at 320 px"
    assert small_targets(browser) == []


def test_the_listen_player_is_accessible_and_plays_in_easy_read_and_on_request(
        browser, live_server, client, open_park, run_jobs):
    run_jobs(SPEAK_QUESTIONS)

    browser.get(live_server + _journey_page(client, "easy-read"))
    players = browser.find_elements(By.CSS_SELECTOR, "audio[controls] source[type='audio/wav']")
    assert len(players) == 1
    assert browser.find_element(By.CSS_SELECTOR, ".sb-listen__label").text == \
        "Listen to this question"
    _checked(browser)
    assert easy_read_problems(browser) == []
    [seconds] = _loaded_seconds(browser)
    assert seconds > 0.5

    browser.get(live_server + _journey_page(client, "large-print") + "?listen=yes")
    check_page(browser, "large-print", "large-print question page with the player")

    browser.get(live_server + _journey_page(client, "standard"))
    assert browser.find_elements(By.CSS_SELECTOR, "audio") == []
    browser.find_element(By.LINK_TEXT, "Listen to the questions").click()
    assert browser.current_url.endswith("?listen=yes")
    _checked(browser)
    durations = _loaded_seconds(browser)
    assert durations and all(s > 0.5 for s in durations), durations


def test_a_page_whose_recordings_are_not_made_yet_still_works(
        browser, live_server, client, open_park):
    browser.get(live_server + _journey_page(client, "easy-read"))
    _checked(browser)
    [failed] = _loaded_seconds(browser)
    assert failed < 0, "the player reports it could not load; the page itself is fine"
    source = browser.find_element(By.CSS_SELECTOR, "audio source").get_attribute("src")
    browser.get(source)
    assert "This recording is being prepared" in browser.page_source
    _checked(browser)
