"""Residents answering in their own language in a real browser (Chromium): issue 15's
first two "Done when" lines.

(a) Victoria Park offered in English, Welsh, Polish, Punjabi and Urdu is answered once
in each language, chosen on the start page (Welsh in easy read, Polish in large print);
all five responses are stored with their language and counted together.
(b) Every Urdu page (start, each question page, an error, check answers, the
confirmation, save and return) passes axe, has lang="ur" dir="rtl", fits 320 CSS px, and
its layout is mirrored as measured, not only as marked up: a radio's control is to the
right of its words, the red bar of a question in error and the error summary's list are
on the right, and the back link's arrow is on its right.
"""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from sqlmodel import select
from support.browser import and_wait, assert_accessible, no_horizontal_scroll
from support.languages import URDU, offered_in
from test_resident_languages import open_today

from surveybuilder.models import Response
from surveybuilder.results import counting

SLUG = "victoria-park-2027"
# On each page: the radio to choose in each group, and what to type in each box.
CHOSEN = ("weekly", "agree", "no")
TYPED = {"postcode": "B69 3DE"}
URDU_POSTCODE = "B۶۹ ۳DE"  # typed with Urdu's own digits


@pytest.fixture
def five_languages(make_consultation, organisation, db_session, ready_definition):
    return open_today(make_consultation, organisation, db_session,
                      offered_in(ready_definition, "cy", "pl", "pa", "ur"))


def html_language(browser) -> tuple[str, str | None]:
    html = browser.find_element(By.TAG_NAME, "html")
    return html.get_attribute("lang"), html.get_attribute("dir")


def click(browser, selector: str) -> None:
    and_wait(browser, browser.find_element(By.CSS_SELECTOR, selector))


def fill_page(browser, typed: dict[str, str]) -> None:
    """Choose the planned radio of each group (else the first) and type in each box."""
    groups = {}
    for radio in browser.find_elements(By.CSS_SELECTOR, "input[type=radio]"):
        groups.setdefault(radio.get_attribute("name"), []).append(radio)
    for radios in groups.values():
        pick = next((r for r in radios if r.get_attribute("value") in CHOSEN), radios[0])
        browser.execute_script("arguments[0].click()", pick)
    for name, value in typed.items():
        for box in browser.find_elements(By.NAME, name):
            box.clear()
            box.send_keys(value)


def answer_all(browser, typed: dict[str, str], each_page=None) -> None:
    """From the first question page to check answers, answering as planned."""
    while "/check" not in browser.current_url:
        if each_page:
            each_page()
        fill_page(browser, typed)
        click(browser, "form#answers button[name=action][value=continue]")


def test_five_languages_answered_once_each_are_counted_together(
        browser, live_server, five_languages, db_session):
    for code, answer_format in (("en", None), ("cy", "easy-read"), ("pl", "large-print"),
                                ("pa", None), ("ur", None)):
        browser.get(f"{live_server}/c/{SLUG}")
        if code != "en":
            click(browser, f"a[hreflang='{code}']")  # the start page's choice
        assert html_language(browser)[0] == code
        if answer_format:
            click(browser, f".sb-format-switcher a[href*='format={answer_format}']")
        assert html_language(browser)[0] == code  # the format kept the language
        click(browser, ".govuk-button--start")
        answer_all(browser, {"postcode": URDU_POSTCODE if code == "ur" else "B69 3DE"})
        assert html_language(browser)[0] == code
        click(browser, "form[action$='/submit'] button")
        assert "/done" in browser.current_url and html_language(browser)[0] == code
    stored = db_session.exec(select(Response.language, Response.format)).all()
    assert sorted(stored) == sorted([("en", "standard"), ("cy", "easy_read"),
                                     ("pl", "large_print"), ("pa", "standard"),
                                     ("ur", "standard")])
    assert counting.summarise(db_session, five_languages).respondents == 5


# Where things are on the page, measured: rectangles of the rendered boxes.
_MIRRORED_JS = r"""
const out = {};
const input = document.querySelector('.govuk-radios__input');
if (input) {
  const label = document.querySelector('label[for="' + CSS.escape(input.id) + '"]');
  const words = document.createRange();
  words.selectNodeContents(label);
  const text = [...words.getClientRects()].filter(r => r.width > 0);
  // The circle people see is the label's ::before, placed in the radio's item.
  const item = input.closest('.govuk-radios__item').getBoundingClientRect();
  const circle = getComputedStyle(label, '::before');
  out.radio = {input: input.getBoundingClientRect().toJSON(),
               circleLeft: item.left + parseFloat(circle.left),
               wordsRight: Math.max(...text.map(r => r.right)),
               wordsLeft: Math.min(...text.map(r => r.left))};
}
const group = document.querySelector('.govuk-form-group--error');
if (group) {
  const s = getComputedStyle(group);
  out.errorBar = {right: parseFloat(s.borderRightWidth), left: parseFloat(s.borderLeftWidth)};
}
const summary = document.querySelector('.govuk-error-summary');
if (summary) {
  const link = summary.querySelector('.govuk-error-summary__list a');
  out.summary = {box: summary.getBoundingClientRect().toJSON(),
                 link: link.getBoundingClientRect().toJSON()};
}
const back = document.querySelector('.govuk-back-link');
if (back) {
  const arrow = getComputedStyle(back, '::before');
  const r = back.getBoundingClientRect();
  out.back = {box: r.toJSON(), arrowLeft: r.left + parseFloat(arrow.left),
              arrowWidth: parseFloat(arrow.width)};
}
return out;
"""


def check_urdu_page(browser, what: str) -> dict:
    """The checks every Urdu page passes; returns its measured layout."""
    assert html_language(browser) == ("ur", "rtl"), what
    assert_accessible(browser)
    assert no_horizontal_scroll(browser), f"{what} scrolls sideways at 320 CSS px"
    layout = browser.execute_script(_MIRRORED_JS)
    if "radio" in layout:
        radio = layout["radio"]
        assert radio["input"]["left"] >= radio["wordsRight"] - 1, (what, radio)
        assert radio["circleLeft"] >= radio["wordsRight"] - 1, (what, radio)
    if "back" in layout:
        back = layout["back"]
        arrow_middle = back["arrowLeft"] + back["arrowWidth"] / 2
        assert arrow_middle > back["box"]["left"] + back["box"]["width"] / 2, (what, back)
    return layout


def test_every_urdu_page_is_accessible_right_to_left_and_mirrored(
        browser, live_server, five_languages):
    browser.get(f"{live_server}/c/{SLUG}?language=ur")
    check_urdu_page(browser, "start page")
    assert URDU["title"] in browser.find_element(By.TAG_NAME, "h1").text
    click(browser, ".govuk-button--start")
    # An error: Continue with the required question left unanswered.
    click(browser, "form#answers button[name=action][value=continue]")
    error = check_urdu_page(browser, "question page with an error")
    assert error["errorBar"] == {"right": 5, "left": 0}
    summary = error["summary"]
    assert summary["link"]["right"] > summary["box"]["right"] - 40, summary  # from the right
    assert summary["link"]["left"] > summary["box"]["left"] + 20, summary
    seen = []
    answer_all(browser, {"postcode": URDU_POSTCODE},
               lambda: seen.append(check_urdu_page(browser, browser.current_url)))
    assert len(seen) >= 2 and all("radio" in page for page in seen[:1])
    check_urdu_page(browser, "check your answers")
    assert "B69 3DE" in browser.find_element(By.TAG_NAME, "main").text
    check = browser.current_url
    # Save and return from a question page, then back to check answers and send.
    browser.get(check.replace("/check", "/1"))
    click(browser, "form#answers button[name=action][value=save]")
    assert "/saved" in browser.current_url
    check_urdu_page(browser, "saved page")
    browser.get(check)
    click(browser, "form[action$='/submit'] button")
    check_urdu_page(browser, "confirmation")
