"""Issue 13's Done-when, online: a whole journey in easy read, in real Chromium, from the
start page to the confirmation, with every error state on the way, and the project's
own easy-read checker (default options) over every visible sentence of every page — no
finding and no sentence over 15 words — and axe-core clean on every page.

The survey is `tests/data/easy-read-journey.json`: every answerable question type, each
with staff's own easy-read words (the survey's words are staff's to make easy; the
application's words are ours, from the `en@easyread` catalogue, docs/decisions/0012).
The error states: a required answer left empty (single choice, scale, yes/no, grid in
part, consent) and an invalid answer of every type that can have one (too many choices,
a number out of range and not a number, a date not real and in part, text too long,
an e-mail address, phone number and postcode that cannot be right, two options ranked
the same). Also the saved page, the resume page with a wrong code, and a 404 reached
from an easy-read page.

What is not checked as easy read is named here, not skipped quietly: OpenMoji's
attribution (`easyread.ATTRIBUTION`), which its licence asks to be shown word for word
wherever its pictures are (the words around it are checked); and what is the
resident's own, not words for them to read — the code to come back with, the reference
number and their answers as shown on check your answers (`NOT_WORDS`). The page title
is checked as the one line it is in the browser's tab."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from support.browser import and_wait, assert_accessible, wait_for_new_page

import easyread
from surveybuilder.consultations import lifecycle

pytestmark = pytest.mark.browser

DATA = Path(__file__).parent / "data" / "easy-read-journey.json"
MOST_WORDS = 15
SLUG = "easy-read-journey"

# Each page of the journey: what to type first to reach an error (None: no error state
# to try beyond those listed), then what a resident would answer. Fields by name.
WRONG_THEN_RIGHT: dict[str, tuple[list[list[tuple[str, str]]], list[tuple[str, str]]]] = {
    "visit": ([[]], [("visit", "weekly")]),
    "activities": ([[("activities", "walk"), ("activities", "play"), ("activities", "sport")]],
                   [("activities", "walk")]),
    "safe": ([[]], [("safe", "agree")]),
    "bus": ([[]], [("bus", "dont_know")]),
    "times": ([[("times", "40")], [("times", "lots")]], [("times", "3")]),
    "last_visit": ([[("last_visit-day", "31"), ("last_visit-month", "2"),
                     ("last_visit-year", "2026")],
                    [("last_visit-day", "3"), ("last_visit-month", "2")]],
                   [("last_visit-day", "3"), ("last_visit-month", "2"),
                    ("last_visit-year", "2026")]),
    "name": ([[("name", "A name that is far too long for the box")]], [("name", "Sam")]),
    "ideas": ([[("ideas", "More trees please. " * 8)]], [("ideas", "More benches")]),
    "email": ([[("email", "sam at example")]], [("email", "sam@example.com")]),
    "phone": ([[("phone", "12")]], [("phone", "07700 900 982")]),
    "postcode": ([[("postcode", "XYZ")]], [("postcode", "B69 3DE")]),
    "feel": ([[("feel-clean", "agree")]], [("feel-clean", "agree"), ("feel-quiet", "disagree")]),
    "best": ([[("best-trees", "1"), ("best-lake", "1")]],
             [("best-trees", "1"), ("best-lake", "2"), ("best-cafe", "3")]),
    "agree": ([[]], [("agree", "yes")]),
}

# The resident's own code, reference and answers (see above).
NOT_WORDS = (".sb-resume-code", ".sb-reference", ".govuk-summary-list__value")
# The page's title and document.body.innerText, and the text of what is not words.
_VISIBLE_JS = """
return [document.title, document.body.innerText,
        [...document.querySelectorAll(arguments[0])].map(e => e.innerText.trim())];"""
_SENTENCE_END = re.compile(r"(?<=[.!?:])\s+")


@pytest.fixture
def journey_survey(make_consultation, make_org, db_session):
    """Published and open; run by an organisation whose name is everyday words (its name
    is staff's, shown on the start page)."""
    organisation = make_org("park-council", "Park Council")
    today = date.today()
    definition = json.loads(DATA.read_text(encoding="utf-8"))
    consultation = make_consultation(
        organisation, {**definition, "opens": (today - timedelta(days=1)).isoformat(),
                       "closes": (today + timedelta(days=30)).isoformat(),
                       "feedback_by": (today + timedelta(days=60)).isoformat()})
    lifecycle.publish(db_session, consultation, None)
    db_session.commit()
    return consultation


def visible_sentences(browser) -> list[str]:
    """Every sentence a reader sees: each line of the page's text, split at sentence
    ends, and its title; OpenMoji's attribution and `NOT_WORDS` taken out (see above)."""
    title, text, not_words = browser.execute_script(_VISIBLE_JS, ", ".join(NOT_WORDS))
    sentences = []
    left_out = set(not_words)
    for whole in [title, *text.splitlines()]:
        # A table row reads as its cells with tabs between: an answer is a whole cell.
        line = " ".join(cell for cell in whole.split("\t") if cell.strip() not in left_out)
        line = line.replace(easyread.ATTRIBUTION, "").strip()
        sentences += [s.strip() for s in _SENTENCE_END.split(line) if s.strip()]
    return sentences


def easy_read_problems(browser) -> list[str]:
    problems = []
    for sentence in visible_sentences(browser):
        problems += [f"{f.rule}: {f.excerpt!r} in {sentence!r}" for f in easyread.check(sentence)]
        problems += [f"{n} words: {sentence!r}" for n in easyread.sentence_lengths(sentence)
                     if n > MOST_WORDS]
    return problems


def check(browser, seen: dict[str, list[str]], what: str) -> None:
    """The page is easy read (its class), axe-clean, and its words pass the checker;
    findings are collected so the failure lists every page's at once."""
    body = browser.find_element(By.TAG_NAME, "body").get_attribute("class")
    assert "sb-format--easy-read" in body, f"{what} is not drawn in easy read"
    assert_accessible(browser)
    found = easy_read_problems(browser)
    if found:
        seen[f"{what} ({browser.current_url})"] = found


def fill(browser, fields: list[tuple[str, str]]) -> None:
    """Clear the page's answers, then give these (as a person would: tick, choose, type)."""
    browser.execute_script("""
      const answers = 'main form input, main form textarea, main form select';
      for (const e of document.querySelectorAll(answers)) {
        if (e.type === 'radio' || e.type === 'checkbox') e.checked = false;
        else if (e.type !== 'hidden' && e.name !== 'website') e.value = '';
      }""")
    for name, value in fields:
        elements = browser.find_elements(By.CSS_SELECTOR, f'main form [name="{name}"]')
        target = next((e for e in elements if e.get_attribute("value") == value), elements[0])
        kind = target.tag_name, target.get_attribute("type")
        if kind[1] in ("radio", "checkbox"):
            browser.execute_script("arguments[0].checked = true;", target)
        elif kind[0] == "select":
            browser.execute_script("arguments[0].value = arguments[1];", target, value)
        else:
            target.send_keys(value)


def press(browser, value: str) -> None:
    button = browser.find_element(By.CSS_SELECTOR, f'main button[name="action"][value="{value}"]')
    and_wait(browser, button)


def question_key(browser) -> str:
    names = browser.execute_script(
        "return [...document.querySelectorAll('main form [name]')].map(e => e.name);")
    keys = [k for k in WRONG_THEN_RIGHT if any(n == k or n.startswith(k + "-") for n in names)]
    assert len(keys) == 1, f"one question a page in easy read, found {keys} in {names}"
    return keys[0]


def test_a_whole_easy_read_journey_reads_as_easy_read(browser, live_server, journey_survey):
    seen: dict[str, list[str]] = {}
    browser.get(f"{live_server}/c/{SLUG}?format=easy-read")
    check(browser, seen, "start page")
    and_wait(browser, browser.find_element(By.CSS_SELECTOR, "main .govuk-button--start"))

    answered, errors_shown = [], 0
    while "/check" not in browser.current_url:
        key = question_key(browser)
        check(browser, seen, f"question {key}")
        wrongs, right = WRONG_THEN_RIGHT[key]
        for wrong in wrongs:
            fill(browser, wrong)
            press(browser, "continue")
            assert browser.find_elements(By.CSS_SELECTOR, ".govuk-error-summary"), (
                f"{key}: {wrong} was accepted")
            errors_shown += 1
            check(browser, seen, f"question {key} with an error")
        if key == "visit":  # save for later once, and see the saved page
            fill(browser, right)
            press(browser, "save")
            check(browser, seen, "saved page")
            and_wait(browser, browser.find_element(By.LINK_TEXT, "Go on answering now"))
        fill(browser, right)
        press(browser, "continue")
        answered.append(key)
    assert sorted(answered) == sorted(WRONG_THEN_RIGHT), answered
    assert errors_shown >= len(WRONG_THEN_RIGHT)

    check(browser, seen, "check your answers")
    wait_for_new_page(browser, browser.find_element(
        By.CSS_SELECTOR, "main form button.govuk-button").click)
    assert "/done" in browser.current_url, browser.current_url
    check(browser, seen, "confirmation")

    browser.get(f"{live_server}/c/{SLUG}/resume?format=easy-read")
    check(browser, seen, "resume page")
    browser.find_element(By.ID, "code").send_keys("AAAA-BBBB-CCCC")
    and_wait(browser, browser.find_element(By.CSS_SELECTOR, "main form button"))
    check(browser, seen, "resume page with a wrong code")
    browser.get(f"{live_server}/c/{SLUG}/no-such-page?format=easy-read")
    check(browser, seen, "page not found")

    assert not seen, "\n\n".join(f"{page}:\n  " + "\n  ".join(found)
                                 for page, found in seen.items())


def test_the_sentence_check_can_fail(browser, live_server, journey_survey):
    """The same check on the standard start page finds the standard words hard."""
    browser.get(f"{live_server}/c/{SLUG}")
    assert easy_read_problems(browser)
