"""Driving pages with the keyboard alone, and reading (never changing) where focus is.

`focus` reports the focused element and whether it shows GOV.UK's focus state (WCAG
2.4.7) inside the viewport (WCAG 2.4.11); `tab_to…` press Tab until focus reaches what
is wanted and check that state on the way.
"""

from __future__ import annotations

from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.wait import WebDriverWait
from support.browser import wait_for_new_page

_FOCUS_JS = """
const el = document.activeElement;
if (!el) return null;
// WCAG 2.4.7: GOV.UK's focus state is drawn in its yellow focus colour, on the element
// or, for radios and checkboxes (whose input is invisible), on the label's box.
const YELLOW = 'rgb(255, 221, 0)';
let target = el, pseudo = null;
if (el.matches('.govuk-radios__input, .govuk-checkboxes__input')) {
  target = document.querySelector('label[for="' + CSS.escape(el.id) + '"]') || el;
  pseudo = '::before';
}
const s = getComputedStyle(target, pseudo);
const painted = [s.boxShadow, s.backgroundColor, s.borderTopColor,
                 s.outlineStyle !== 'none' ? s.outlineColor : ''];
// WCAG 2.4.11: the focused element is at least partly inside the viewport.
const r = (pseudo ? target : el).getBoundingClientRect();
const inView = r.bottom > 0 && r.right > 0 && r.top < innerHeight && r.left < innerWidth;
return {id: el.id || '', tag: el.tagName.toLowerCase(), name: el.getAttribute('name') || '',
        type: el.getAttribute('type') || '', href: el.getAttribute('href') || '',
        text: (el.innerText || el.value || '').replace(/\\s+/g, ' ').trim().slice(0, 80),
        classes: el.className || '', checked: !!el.checked, value: el.value || '',
        indicator: painted.some(v => (v || '').includes(YELLOW)), in_view: inView};
"""


def focus(browser) -> dict:
    """What has keyboard focus, read (never changed) with JavaScript."""
    return browser.execute_script(_FOCUS_JS) or {}


def press(browser, *keys: str) -> None:
    """Keys sent to whatever has focus, as a keyboard would."""
    browser.switch_to.active_element.send_keys(*keys)


def press_and_wait(browser, *keys: str) -> None:
    """Press keys that load a new page (Enter on a button), and wait until it has."""
    wait_for_new_page(browser, lambda: press(browser, *keys))


def tab_to(browser, matches, what: str, limit: int = 12, key: str = Keys.TAB) -> dict:
    """Press Tab (or `key`) until focus is on an element `matches` accepts."""
    visited = []
    for _ in range(limit):
        press(browser, key)
        current = focus(browser)
        visited.append(current.get("id") or current.get("text") or current.get("tag"))
        if matches(current):
            assert_focus_shown(current)
            return current
    raise AssertionError(f"{limit} presses did not reach {what}; focus went to {visited} "
                         f"on {browser.current_url}")


# Before the first field: the skip link, the header, the format switcher and Back.
BEFORE_THE_FORM = 15


def tab_to_id(browser, element_id: str, limit: int = BEFORE_THE_FORM) -> dict:
    return tab_to(browser, lambda f: f.get("id") == element_id, f"#{element_id}", limit)


def next_is(browser, element_id: str, key: str = Keys.TAB) -> dict:
    """One Tab (or Shift+Tab) moves focus to exactly `element_id`: the tab order follows
    the questions, with nothing hidden or out of place in between."""
    press(browser, key)
    current = focus(browser)
    assert current.get("id") == element_id, (
        f"expected focus on #{element_id}, got {current} on {browser.current_url}")
    assert_focus_shown(current)
    return current


def assert_focus_shown(current: dict) -> None:
    """The focused element shows GOV.UK's focus state and is scrolled into view."""
    assert current.get("indicator"), f"no visible focus indicator on {current}"
    assert current.get("in_view"), f"focused element is out of view: {current}"


def tab_to_button(browser, text: str, limit: int = BEFORE_THE_FORM) -> dict:
    return tab_to(browser, lambda f: f.get("tag") in ("button", "a")
                  and f.get("text", "").startswith(text), f"the “{text}” button", limit)


def wait_for_summary_focus(browser) -> None:
    """GOV.UK Frontend's error summary script moves focus to the summary on load."""
    try:
        WebDriverWait(browser, 5).until(
            lambda driver: "govuk-error-summary" in focus(driver).get("classes", ""))
    except TimeoutException:
        raise AssertionError(f"the error summary did not get focus on {browser.current_url}; "
                             f"focus is on {focus(browser)}") from None
    assert_focus_shown(focus(browser))
