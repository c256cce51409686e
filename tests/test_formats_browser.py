"""Easy read and large print in a real browser (Chromium).

- The bus survey of test_formats.py (single choice with pictures on its options,
  multiple choice, a five-point scale, yes/no with and without "I don't know", long
  text, a date, a postcode) is answered in standard, easy read and large print, with
  a save and return on the way; the stored answers are the same in all three, and
  only the recorded format differs.
- Every page of easy read and large print, including error states, the saved, resume
  and closed pages, passes axe-core (WCAG 2.2 AA with target size), fits 320 CSS px
  without scrolling sideways, and has no target under 24 px.
- Computed styles meet the format rules (/work/shared/reference/formats.md), measured
  at 1280 and at 320 CSS px:
    easy read   every text at least 19 px with line height at least 1.5 times it,
                never italic; every picture at least 80 × 80 with a text alternative;
                OpenMoji's credit on every page that shows a picture
    large print every text at least 24 px and contrast at least 7:1 against what is
                behind it (links and hints included), never italic; radios and boxes
                at least 40 × 40; one column; switcher links at least 40 px tall
"""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.wait import WebDriverWait
from support.browser import (
    and_wait,
    assert_accessible,
    no_horizontal_scroll,
    small_targets,
    viewport,
    wait_for_new_page,
)
from test_formats import SLUG, STORED, publish_buses

import easyread
from surveybuilder import wording
from surveybuilder.consultations import lifecycle
from surveybuilder.responses import journeys
from surveybuilder.results.exports import iter_responses

WIDTHS = (1280, 320)


@pytest.fixture
def buses(make_consultation, organisation, ready_definition, db_session):
    return publish_buses(make_consultation, organisation, ready_definition, db_session)


# What to answer, field by field, as a person would: choices by their value, text typed.
FIELDS = {
    "travel": [("travel", "bus")],
    "days": [("days", "weekdays"), ("days", "saturday")],
    "often": [("often", "disagree")],
    "night": [("night", "yes")],
    "again": [("again", "dont_know")],
    "ideas": [("ideas", "More buses after 10pm")],
    "last_trip": [("last_trip-day", "3"), ("last_trip-month", "2"), ("last_trip-year", "2025")],
    "postcode": [("postcode", "b69 3de")],
}

# Every element with its own visible text, with what the format rules measure. Text
# that is visually hidden (1 px, clipped), off screen (the honeypot) or hidden from
# everyone is left out: nobody reads it at that size.
_TEXT_JS = r"""
function background(el) {
  for (let e = el; e; e = e.parentElement) {
    const c = getComputedStyle(e).backgroundColor;
    const m = c.match(/rgba?\(([^)]+)\)/);
    if (m) {
      const parts = m[1].split(',').map(Number);
      if (parts.length < 4 || parts[3] > 0.5) return c;
    }
  }
  return 'rgb(255, 255, 255)';
}
const seen = new Set(), found = [];
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
while (walker.nextNode()) {
  const node = walker.currentNode;
  if (!node.textContent.trim()) continue;
  const el = node.parentElement;
  if (!el || seen.has(el) || el.closest('[aria-hidden="true"], script, style, noscript')) continue;
  seen.add(el);
  const s = getComputedStyle(el), r = el.getBoundingClientRect();
  if (s.display === 'none' || s.visibility === 'hidden' || r.width <= 2 || r.height <= 2) continue;
  if (r.right <= 0 || r.bottom <= 0) continue;
  const size = parseFloat(s.fontSize);
  const lh = s.lineHeight === 'normal' ? 1.15 * size : parseFloat(s.lineHeight);
  found.push({text: node.textContent.trim().slice(0, 50), tag: el.tagName.toLowerCase(),
              cls: (el.className || '').toString().slice(0, 80), size: size,
              lineHeight: lh, italic: s.fontStyle !== 'normal', color: s.color,
              background: background(el), weight: parseInt(s.fontWeight, 10),
              inMain: !!el.closest('main')});
}
return found;
"""

_CONTROLS_JS = r"""
const inputs = document.querySelectorAll('.govuk-radios__input, .govuk-checkboxes__input');
return [...inputs].map(input => {
  const label = document.querySelector('label[for="' + CSS.escape(input.id) + '"]');
  const box = getComputedStyle(label, '::before');
  const r = input.getBoundingClientRect();
  return {id: input.id, inputWidth: r.width, inputHeight: r.height,
          boxWidth: parseFloat(box.width), boxHeight: parseFloat(box.height)};
});
"""

_IMAGES_JS = r"""
return [...document.images].map(img => {
  const r = img.getBoundingClientRect();
  return {src: img.getAttribute('src'), alt: img.getAttribute('alt'), width: r.width,
          height: r.height, loaded: img.complete && img.naturalWidth > 0};
});
"""


def _channels(colour: str) -> tuple[float, float, float]:
    inside = colour[colour.index("(") + 1:colour.index(")")]
    red, green, blue = (float(v) for v in inside.split(",")[:3])
    return red, green, blue


def _luminance(colour: str) -> float:
    def linear(value: float) -> float:
        value /= 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4
    red, green, blue = (linear(v) for v in _channels(colour))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(foreground: str, background: str) -> float:
    lighter, darker = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_contrast_is_measured_as_wcag_does():
    assert round(contrast("rgb(0, 0, 0)", "rgb(255, 255, 255)"), 1) == 21.0
    assert round(contrast("rgb(29, 112, 184)", "rgb(255, 255, 255)"), 2) == 5.17
    assert contrast("rgb(255, 255, 255)", "rgb(255, 255, 255)") == 1.0


def texts(browser) -> list[dict]:
    return browser.execute_script(_TEXT_JS)


def describe(item: dict) -> str:
    return f"<{item['tag']} class={item['cls']!r}> {item['text']!r}"


# --- What each format's pages must measure ------------------------------------------------

def easy_read_problems(browser) -> list[str]:
    problems = []
    for item in texts(browser):
        if item["size"] < 19:
            problems.append(f"text {item['size']}px < 19px: {describe(item)}")
        if item["lineHeight"] < 1.5 * item["size"] - 0.5:
            problems.append(f"line height {item['lineHeight']}px < 1.5 × {item['size']}px: "
                            f"{describe(item)}")
        if item["italic"]:
            problems.append(f"italic: {describe(item)}")
    for image in browser.execute_script(_IMAGES_JS):
        if image["width"] < 80 or image["height"] < 80:
            problems.append(f"picture {image['width']}×{image['height']} < 80×80: {image}")
        if not (image["alt"] or "").strip():
            problems.append(f"picture without a text alternative: {image}")
        if not image["loaded"]:
            problems.append(f"picture did not load: {image}")
    return problems


def large_print_problems(browser) -> list[str]:
    problems = []
    for item in texts(browser):
        if item["size"] < 24:
            problems.append(f"text {item['size']}px < 24px: {describe(item)}")
        ratio = contrast(item["color"], item["background"])
        if ratio < 7:
            problems.append(f"contrast {ratio:.2f} < 7 ({item['color']} on "
                            f"{item['background']}): {describe(item)}")
        if item["italic"]:
            problems.append(f"italic: {describe(item)}")
    for control in browser.execute_script(_CONTROLS_JS):
        if min(control["inputWidth"], control["inputHeight"], control["boxWidth"],
               control["boxHeight"]) < 40:
            problems.append(f"radio or box smaller than 40×40: {control}")
    if browser.find_elements(By.TAG_NAME, "img"):
        problems.append("large print shows an image")
    for link in browser.find_elements(By.CSS_SELECTOR, ".sb-format-switcher__link"):
        if link.size["height"] < 40:
            problems.append(f"switcher link {link.text!r} is {link.size['height']}px tall")
    # One column: the content is as wide as the main area.
    main = browser.find_element(By.TAG_NAME, "main").size["width"]
    for column in browser.find_elements(By.CSS_SELECTOR, "main [class*='govuk-grid-column-']"):
        if column.size["width"] < main - 1:
            problems.append(f"a column narrower than the page: {column.size['width']} of {main}")
    return problems


CHECKS = {"easy-read": easy_read_problems, "large-print": large_print_problems}


def check_page(browser, slug: str, what: str) -> None:
    """The checks for one page of one format, at desktop width and at 320 px."""
    if slug == "standard":
        return
    where = f"{what} ({slug}, {browser.current_url})"
    # Pictures must have arrived before they are measured.
    WebDriverWait(browser, 10).until(
        lambda driver: driver.execute_script("return document.readyState") == "complete")
    assert f"sb-format--{slug}" in browser.find_element(By.TAG_NAME, "body").get_attribute(
        "class"), where
    assert_accessible(browser)
    assert no_horizontal_scroll(browser, 320), f"{where} scrolls sideways at 320 px"
    for width in WIDTHS:
        with viewport(browser, width, 900):
            problems = CHECKS[slug](browser)
            assert not problems, f"{where} at {width}px:\n" + "\n".join(problems[:20])
            small = small_targets(browser)
            assert not small, f"{where} at {width}px has small targets: {small}"
    main = browser.find_element(By.TAG_NAME, "main").text
    if browser.find_elements(By.TAG_NAME, "img"):
        assert easyread.ATTRIBUTION in browser.find_element(By.TAG_NAME, "body").text, (
            f"{where} shows pictures without OpenMoji's credit")
    assert main.strip(), where


# --- Driving the pages ------------------------------------------------------------------------

def click_button(browser, text: str) -> None:
    button = browser.find_element(By.XPATH, f"//main//*[(self::button or self::a) and "
                                            f"starts-with(normalize-space(.), '{text}')]")
    and_wait(browser, button)


def questions_on_page(browser) -> list[str]:
    names = browser.execute_script(
        "return [...document.querySelectorAll('main form [name]')].map(e => e.name);")
    keys = []
    for name in names:
        key = name.split("-")[0]
        if key in FIELDS and key not in keys:
            keys.append(key)
    return keys


def fill_in(browser, keys: list[str]) -> None:
    for key in keys:
        for name, value in FIELDS[key]:
            choices = browser.find_elements(
                By.CSS_SELECTOR, f"input[name='{name}'][value='{value}']"
                                 f":is([type=radio], [type=checkbox])")
            if choices:
                if not choices[0].is_selected():
                    browser.find_element(
                        By.CSS_SELECTOR, f"label[for='{choices[0].get_attribute('id')}']").click()
            else:
                box = browser.find_element(By.NAME, name)
                box.clear()
                box.send_keys(value)


def said(slug: str, english: str) -> str:
    """The application's words as a page in this format says them (easy read has its own
    catalogue, docs/decisions/0012)."""
    with wording.in_locale(wording.locale_for(slug == "easy-read")):
        return wording.gettext(english)


def answer_the_survey(browser, base: str, slug: str) -> None:
    """Answer the bus survey in one format, checking every page on the way: an error
    state, save and return (with a wrong code first), check answers, confirmation."""
    browser.delete_all_cookies()
    browser.get(f"{base}/c/{SLUG}?format={slug}")
    check_page(browser, slug, "consultation page")
    click_button(browser, said(slug, "Start now"))

    shown_error = saved = False
    for _ in range(20):
        if browser.current_url.endswith("/check"):
            break
        keys = questions_on_page(browser)
        assert keys, f"no questions on {browser.current_url}"
        if slug == "easy-read":
            assert len(keys) == 1, f"easy read page asks {keys}"
        check_page(browser, slug, f"page asking {keys}")
        if not shown_error and "travel" in keys:
            click_button(browser, said(slug, "Continue"))
            assert browser.title.startswith("Error: "), browser.title
            check_page(browser, slug, "page with an error")
            shown_error = True
        fill_in(browser, keys)
        if not saved and "night" in keys:
            saved = True
            click_button(browser, said(slug, "Save and come back later"))
            assert browser.current_url.endswith("/saved")
            check_page(browser, slug, "saved page")
            code = browser.find_element(By.ID, "resume-code").text
            browser.delete_all_cookies()
            browser.get(f"{base}/c/{SLUG}/resume?format={slug}")
            check_page(browser, slug, "resume page")
            browser.find_element(By.ID, "code").send_keys("ACDE-FGHJ-KMNP")
            click_button(browser, said(slug, "Continue"))
            assert browser.title.startswith("Error: ")
            check_page(browser, slug, "resume page with a wrong code")
            box = browser.find_element(By.ID, "code")
            box.clear()
            box.send_keys(code.lower())
            click_button(browser, said(slug, "Continue"))
            assert questions_on_page(browser) == keys, "resumed somewhere else"
            continue
        click_button(browser, said(slug, "Continue"))
    else:
        raise AssertionError("never reached check answers")
    assert shown_error and saved
    check_page(browser, slug, "check answers")
    click_button(browser, said(slug, "Send response"))
    assert browser.current_url.endswith("/done")
    check_page(browser, slug, "confirmation")


def test_the_same_answers_in_every_format_and_every_page_meets_the_format_rules(
        browser, live_server, buses, db_session):
    for slug in ("standard", "easy-read", "large-print"):
        answer_the_survey(browser, live_server, slug)
    stored = list(iter_responses(db_session, buses))
    assert [r.format for r, _, _ in stored] == ["standard", "easy_read", "large_print"]
    standard = stored[0][2]
    assert standard == STORED
    for _response, _version, values in stored[1:]:
        assert values == standard


def test_switching_format_in_the_browser_keeps_the_place_and_the_answers(
        browser, live_server, buses):
    browser.delete_all_cookies()
    browser.get(f"{live_server}/c/{SLUG}")
    click_button(browser, "Start now")
    fill_in(browser, ["travel", "days", "often"])
    click_button(browser, "Continue")
    assert questions_on_page(browser) == ["night", "again", "ideas", "last_trip", "postcode"]
    # The switcher is reached with the keyboard, from the top, before the page's content.
    for _ in range(6):
        browser.switch_to.active_element.send_keys(Keys.TAB)
        if browser.switch_to.active_element.text == "Easy read":
            break
    else:
        raise AssertionError("Tab never reached the switcher's Easy read link")
    wait_for_new_page(browser, lambda: browser.switch_to.active_element.send_keys(Keys.ENTER))
    assert questions_on_page(browser) == ["night"]
    current = browser.find_element(By.CSS_SELECTOR, ".sb-format-switcher [aria-current]")
    assert current.text == "Easy read"
    and_wait(browser, browser.find_element(By.CSS_SELECTOR, ".govuk-back-link"))
    assert questions_on_page(browser) == ["often"]
    assert browser.find_element(By.CSS_SELECTOR, "input[name=often][value=disagree]"
                                ).is_selected()
    # A changed answer not yet sent goes with the switch (the switcher submits it).
    browser.find_element(By.CSS_SELECTOR, "input[name=often][value=agree]").click()
    and_wait(browser, browser.find_element(
        By.XPATH, "//nav[@class='sb-format-switcher']//button[normalize-space()='Large print']"))
    assert questions_on_page(browser) == ["travel", "days", "often"]
    assert browser.find_element(By.CSS_SELECTOR, "input[name=travel][value=bus]").is_selected()
    assert browser.find_element(By.CSS_SELECTOR, "input[name=often][value=agree]"
                                ).is_selected()


def test_the_editor_preview_in_each_format_meets_the_format_rules(
        signed_in_browser, live_server, buses):
    for slug in ("easy-read", "large-print"):
        signed_in_browser.get(
            f"{live_server}/staff/consultations/{buses.id}/preview/1?format={slug}")
        check_page(signed_in_browser, slug, "the editor's preview")


@pytest.mark.parametrize("answer_format", ["easy_read", "large_print"])
def test_the_closed_pages_in_each_format(browser, live_server, make_consultation, organisation,
                                         ready_definition, db_session, answer_format):
    closed = publish_buses(make_consultation, organisation, ready_definition, db_session,
                           slug="old-bus-routes", opens=-30, closes=-1)
    slug = answer_format.replace("_", "-")
    browser.delete_all_cookies()
    browser.get(f"{live_server}/c/{closed.slug}?format={slug}")
    closed_words = said(slug, "This consultation has closed")
    assert closed_words in browser.find_element(By.TAG_NAME, "main").text
    check_page(browser, slug, "closed consultation page")
    journey = journeys.start(db_session, closed, lifecycle.live_version(db_session, closed).id,
                             answer_format)
    db_session.commit()
    browser.get(f"{live_server}/c/{closed.slug}/r/{journey.token}/1")
    assert browser.find_element(By.TAG_NAME, "h1").text == closed_words
    check_page(browser, slug, "closed page")


def test_public_pages_in_each_format_meet_the_format_rules(browser, live_server, buses):
    for address in ("/", "/get-involved", "/results", "/accessibility", "/privacy"):
        for slug in ("easy-read", "large-print"):
            browser.get(f"{live_server}{address}?format={slug}")
            check_page(browser, slug, f"the public page {address}")
