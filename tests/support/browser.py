"""Browser-test support: one shared headless Chromium, axe-core and layout checks.

Loaded as a pytest plugin from tests/conftest.py (`pytest_plugins = ["support.browser"]`).

Why it is shaped this way:
- One driver for the whole session: starting Chromium costs more than a page and
  an axe run together.
- axe-core comes from npm (node_modules/axe-core), not from axe-selenium-python,
  whose bundled copy predates the WCAG 2.1 and 2.2 rules.
- axe cannot judge reflow or target size in every case the project cares about,
  so `no_horizontal_scroll` and `small_targets` measure the rendered page.
- A missing browser on a developer's machine skips the browser tests with a
  message saying what to install; under CI (env CI set) it fails, so a broken
  install can never turn into a green run that tested nothing in a browser.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
AXE_SCRIPT = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
WINDOW = (1280, 900)

# Without the background-networking flags Chromium keeps trying to reach Google's
# services, which this network refuses, and start-up and page loads slow down.
CHROMIUM_FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-extensions",
    "--disable-default-apps",
    f"--window-size={WINDOW[0]},{WINDOW[1]}",
)

AXE_TAGS = ("wcag2a", "wcag2aa", "wcag21aa", "wcag22aa")
# target-size (WCAG 2.5.8) is off by default in axe-core even for wcag22aa.
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": list(AXE_TAGS)},
    "rules": {"target-size": {"enabled": True}},
    "resultTypes": ["violations", "incomplete", "inapplicable"],
}

MIN_TARGET = 24  # CSS px, WCAG 2.2 success criterion 2.5.8 (AA)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that uses the browser, so `-m "not browser"` leaves them out."""
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)


def _missing_browser_parts() -> list[str]:
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.exists()]
    if not AXE_SCRIPT.exists():
        missing.append(f"{AXE_SCRIPT.relative_to(REPO_ROOT)} (run scripts/build-assets)")
    return missing


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """A headless Chromium WebDriver shared by every test in the session."""
    missing = _missing_browser_parts()
    if missing:
        message = (
            "Browser tests need " + ", ".join(missing) + ". Install Chromium with "
            "scripts/install-system-packages (Debian packages chromium and chromium-driver)."
        )
        if os.environ.get("CI"):
            pytest.fail(message, pytrace=False)
        pytest.skip(message)

    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="surveybuilder-chromium-")
    options = Options()
    options.binary_location = str(CHROMIUM)
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    # Keep the console so tests can see script errors and CSP violations.
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    try:
        driver.set_window_size(*WINDOW)
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


# --- axe-core --------------------------------------------------------------------

def axe_results(driver: Any) -> dict[str, Any]:
    """Run axe-core (from node_modules) on the current page with the project's rules."""
    from axe_selenium_python import Axe

    axe = Axe(driver, script_url=str(AXE_SCRIPT))
    axe.inject()
    # Axe.run pastes options into JavaScript with %s, so it needs a JSON string.
    return axe.run(options=json.dumps(AXE_OPTIONS))


def format_violations(violations: list[dict[str, Any]]) -> str:
    """One readable block per broken rule: what, how bad, where, and how to fix."""
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v.get('impact') or 'no impact given'}): {v['help']}")
        lines.append(f"  {v.get('helpUrl', '')}")
        for node in v.get("nodes", []):
            target = " ".join(str(t) for t in node.get("target", []))
            lines.append(f"    at {target}")
            summary = (node.get("failureSummary") or "").strip().replace("\n", "\n       ")
            if summary:
                lines.append(f"       {summary}")
    return "\n".join(lines)


def assert_accessible(driver: Any) -> dict[str, Any]:
    """Fail with a readable list if axe finds WCAG 2.2 AA violations on the page.

    Also fails if the target-size rule did not run: it sits outside the default
    rule set, and a silent change in axe's tags must not quietly drop the check.
    Returns the full axe results for further assertions.
    """
    results = axe_results(driver)
    ran = {
        rule["id"]
        for kind in ("passes", "violations", "inapplicable", "incomplete")
        for rule in results.get(kind, [])
    }
    assert "target-size" in ran, "axe did not run the target-size rule (WCAG 2.5.8)"
    violations = results.get("violations", [])
    title = driver.title
    assert not violations, (
        f"axe-core found {len(violations)} accessibility problem(s) on "
        f"{driver.current_url} ({title!r}):\n{format_violations(violations)}"
    )
    return results


# --- Layout measurements ------------------------------------------------------------

@contextlib.contextmanager
def viewport(driver: Any, width: int, height: int = 640) -> Iterator[Any]:
    """Emulate a viewport of exactly `width` CSS px for the duration of the block.

    Chromium will not make a window narrower than about 500 px, so resizing the
    window cannot reach the 320 px of WCAG 1.4.10; DevTools device metrics can.
    `mobile: False` keeps desktop behaviour (classic scrollbars, no viewport
    scaling), like a desktop browser zoomed to 400 %.
    """
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
    )
    try:
        yield driver
    finally:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def no_horizontal_scroll(driver: Any, width: int = 320) -> bool:
    """True if the current page fits `width` CSS px without scrolling sideways."""
    with viewport(driver, width):
        return bool(driver.execute_script(
            "const d = document.documentElement;"
            "return d.scrollWidth <= d.clientWidth;"
        ))


_SMALL_TARGETS_JS = """
const MIN = arguments[0];
const selector = [
  'a[href]', 'area[href]', 'button', 'input:not([type=hidden])', 'select', 'textarea',
  'summary', '[role=button]', '[role=link]', '[role=checkbox]', '[role=radio]',
  '[role=tab]', '[role=menuitem]', '[tabindex]:not([tabindex="-1"])'
].join(',');

function visible(el, r) {
  const s = getComputedStyle(el);
  if (s.visibility === 'hidden' || s.display === 'none') return false;
  // Inside a closed <details> Chromium still lays an element out (its content
  // is only content-visibility: hidden), so it has a box nobody can point at.
  if (!el.checkVisibility({contentVisibilityAuto: true})) return false;
  // Zero-size and visually hidden (1 px, clipped) elements are not targets
  // anyone can point at, e.g. GOV.UK's skip link until it is focused.
  return r.width > 1 && r.height > 1;
}

function blockAncestor(el) {
  let p = el.parentElement;
  while (p && getComputedStyle(p).display.startsWith('inline')) p = p.parentElement;
  return p;
}

const norm = t => (t || '').replace(/\\s+/g, ' ').trim();

// WCAG 2.5.8 "inline" exception: a link inside a sentence or block of text,
// sized by the line-height of the text around it.
function inlineInText(el) {
  if (!getComputedStyle(el).display.startsWith('inline')) return false;
  if (getComputedStyle(el).display === 'inline-block') return false;
  const block = blockAncestor(el);
  return !!block && norm(block.textContent).length > norm(el.textContent).length;
}

const targets = [];
for (const el of document.querySelectorAll(selector)) {
  if (el.disabled) continue;
  const r = el.getBoundingClientRect();
  if (!visible(el, r)) continue;
  targets.push({el, r, small: r.width < MIN || r.height < MIN});
}

// WCAG 2.5.8 spacing exception: a 24 px circle centred on the undersized target
// touches no other target and no other undersized target's circle.
function spaced(t) {
  const cx = t.r.left + t.r.width / 2, cy = t.r.top + t.r.height / 2;
  for (const o of targets) {
    if (o === t || o.el.contains(t.el) || t.el.contains(o.el)) continue;
    if (o.small) {
      const ox = o.r.left + o.r.width / 2, oy = o.r.top + o.r.height / 2;
      if (Math.hypot(cx - ox, cy - oy) < MIN) return false;
    }
    const dx = Math.max(o.r.left - cx, 0, cx - o.r.right);
    const dy = Math.max(o.r.top - cy, 0, cy - o.r.bottom);
    if (Math.hypot(dx, dy) < MIN / 2) return false;
  }
  return true;
}

return targets
  .filter(t => t.small && !inlineInText(t.el) && !spaced(t))
  .map(t => ({
    tag: t.el.tagName.toLowerCase(),
    id: t.el.id || null,
    text: norm(t.el.textContent || t.el.value || t.el.getAttribute('aria-label')).slice(0, 60),
    width: Math.round(t.r.width * 10) / 10,
    height: Math.round(t.r.height * 10) / 10,
    html: t.el.outerHTML.slice(0, 160),
  }));
"""


def small_targets(driver: Any, minimum: int = MIN_TARGET) -> list[dict[str, Any]]:
    """Interactive elements smaller than 24 × 24 CSS px that no WCAG 2.5.8 exception covers.

    Honours the inline exception (a link within a sentence) and the spacing
    exception (an undersized target with no other target within its 24 px
    circle). Returns dicts with tag, id, text, width, height and html, so a
    failing assertion shows which element to fix.
    """
    return driver.execute_script(_SMALL_TARGETS_JS, minimum)


def console_errors(driver: Any, ignore: tuple[str, ...] = ()) -> list[str]:
    """Console errors since the last call: script errors, CSP refusals, failed loads.

    Reading the log empties it. Messages containing any of `ignore` are left out
    (an error page's own status is logged as a failed load, for instance).
    """
    return [
        entry["message"]
        for entry in driver.get_log("browser")
        if entry.get("level") == "SEVERE" and not any(text in entry["message"] for text in ignore)
    ]


def focused_element(driver: Any) -> Any:
    """The element that has keyboard focus (document.activeElement)."""
    return driver.execute_script("return document.activeElement;")


def and_wait(driver: Any, element: Any) -> None:
    """Click something that loads a new page, and wait until the new page is there."""
    wait_for_new_page(driver, element.click)


def wait_for_new_page(driver: Any, action: Any) -> None:
    """Do something that loads a new page (a click, a key press) and wait for it.

    The old page is marked with a window property; a fresh page has none. This
    avoids asking the browser about an element of a page that is being torn
    down, which Chromium sometimes answers with an inspector error instead of
    "stale element".
    """
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.support.wait import WebDriverWait

    driver.execute_script("window.__surveybuilderOldPage = true;")
    action()
    WebDriverWait(driver, 30, ignored_exceptions=(WebDriverException,)).until(
        lambda d: d.execute_script(
            "return !window.__surveybuilderOldPage && document.readyState === 'complete';"
        )
    )


def assert_usable(driver: Any, what: str) -> None:
    """axe finds nothing, the page does not scroll sideways at 320 CSS px, and no target
    is too small (WCAG 2.5.8); `what` names the page in a failure."""
    assert_accessible(driver)
    assert no_horizontal_scroll(driver), f"{what} scrolls sideways at 320 CSS px"
    assert small_targets(driver) == [], what


def assert_pictures_load(driver: Any, what: str) -> None:
    """The page's main part shows pictures, each with a text alternative, and each has
    loaded."""
    from selenium.webdriver.common.by import By

    images = driver.find_elements(By.CSS_SELECTOR, "main img")
    assert images, f"{what} shows no pictures"
    assert all(img.get_attribute("alt").strip() for img in images), what
    assert all(driver.execute_script("return arguments[0].naturalWidth", img) > 0
               for img in images), f"{what}: a picture did not load"
