"""The base layout and the error pages, in a real browser and through the test client.

axe-core cannot see everything WCAG asks for, so besides the axe run these
tests check the things people meet first: the skip link is the first thing the
keyboard reaches, pages reflow at 320 CSS px, targets are big enough, the title
and heading say what the page is, and scripts load under the CSP (no inline
script is needed for the JavaScript enhancements to switch on).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from flask import abort, render_template_string, request
from flask_wtf.csrf import CSRFError
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from support.browser import (
    assert_accessible,
    console_errors,
    focused_element,
    no_horizontal_scroll,
    small_targets,
)
from werkzeug.exceptions import TooManyRequests

from surveybuilder.errors import plain_retry_after, plain_size

# --- In the browser ---------------------------------------------------------------


def test_not_found_page_is_accessible_and_reflows(live_server, browser):
    browser.get(live_server + "/no-such-page")

    assert browser.title == "Page not found – Surveybuilder"
    headings = browser.find_elements(By.TAG_NAME, "h1")
    assert [h.text for h in headings] == ["Page not found"]
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"
    assert_accessible(browser)
    assert no_horizontal_scroll(browser), "the page scrolls sideways at 320 CSS px"
    assert small_targets(browser) == []


def test_skip_link_is_first_and_moves_focus_to_main(live_server, browser):
    browser.get(live_server + "/no-such-page")
    body = browser.find_element(By.TAG_NAME, "body")

    body.send_keys(Keys.TAB)
    skip = focused_element(browser)
    assert skip.get_attribute("class").split()[0] == "govuk-skip-link"
    assert skip.get_attribute("href").endswith("#main-content")
    # Visible once focused, and big enough to hit.
    assert skip.size["height"] >= 24 and skip.size["width"] >= 24

    skip.send_keys(Keys.ENTER)
    assert focused_element(browser).get_attribute("id") == "main-content"


def test_enhancements_run_from_external_module_script(live_server, browser):
    console_errors(browser)  # forget earlier pages' messages
    browser.get(live_server + "/no-such-page")

    classes = browser.find_element(By.TAG_NAME, "body").get_attribute("class").split()
    assert {"js-enabled", "govuk-frontend-supported"} <= set(classes)
    inline_scripts = browser.execute_script(
        "return [...document.scripts].filter(s => !s.src).length;"
    )
    assert inline_scripts == 0, "the CSP allows no inline scripts"
    # The page's own 404 status is logged as a failed load; anything else
    # (a refused script or style, a missing asset, a script error) is a fault.
    assert console_errors(browser, ignore=["/no-such-page"]) == []


def test_text_is_set_in_arial_not_gds_transport(live_server, browser):
    browser.get(live_server + "/no-such-page")

    family = browser.find_element(By.TAG_NAME, "h1").value_of_css_property("font-family")
    assert family.lower().startswith("arial")
    assert "transport" not in family.lower()


def test_footer_has_own_links_and_no_crown(live_server, browser):
    browser.get(live_server + "/no-such-page")

    footer = browser.find_element(By.TAG_NAME, "footer")
    links = {a.text: a.get_attribute("pathname") for a in footer.find_elements(By.TAG_NAME, "a")}
    assert links == {"Accessibility": "/accessibility", "Privacy": "/privacy"}
    assert "open-source consultation software" in footer.text
    assert "Crown copyright" not in browser.page_source
    assert not browser.find_elements(By.CSS_SELECTOR, ".govuk-footer__crown, .govuk-logo")


# --- Layout rules, through the test client ------------------------------------------

PAGE = """{% extends "layout.html" %}
{% block title %}Your details{% endblock %}
{% block content %}<h1 class="govuk-heading-l">Your details</h1>{% endblock %}"""


def _render(app, **context):
    with app.test_request_context("/staff/"):
        return render_template_string(PAGE, **context)


def _title(html: str) -> str:
    return re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip()


def test_title_gets_error_prefix_and_summary_comes_first(app):
    html = _render(app, errors=[("name", "Enter your name"), ("email", "Enter an email")])

    assert _title(html) == "Error: Your details – Surveybuilder"
    main = html[html.index("<main"):]
    assert main.index("govuk-error-summary") < main.index("<h1")
    assert 'data-module="govuk-error-summary"' in main
    assert 'tabindex="-1"' in main
    assert "There is a problem" in main
    assert '<a href="#name">Enter your name</a>' in main
    assert '<a href="#email">Enter an email</a>' in main


def test_error_summary_accepts_wtforms_style_mapping(app):
    html = _render(app, errors={"name": ["Enter your name", "Second message"]})

    assert '<a href="#name">Enter your name</a>' in html
    assert "Second message" not in html


def test_no_errors_means_no_prefix_and_no_summary(app):
    html = _render(app, errors={})

    assert _title(html) == "Your details – Surveybuilder"
    assert "govuk-error-summary" not in html


def test_staff_navigation_only_when_signed_in(app):
    signed_out = _render(app)
    assert "Sign out" not in signed_out
    assert "Consultations" not in signed_out

    staff = _render(app, current_user=object(), current_user_is_admin=False)
    assert 'href="/staff/"' in staff and "Users" not in staff
    form = re.search(r'<form method="post" action="/sign-out".*?</form>', staff, re.S).group(0)
    assert re.search(r'<input type="hidden" name="csrf_token" value="[^"]+">', form)
    assert '<button type="submit"' in form

    admin = _render(app, current_user=object(), current_user_is_admin=True)
    assert ">Users<" in admin


# --- Error pages, through the test client -----------------------------------------


def _add_error_routes(app):
    """Routes that fail on purpose; added before the app serves its first request."""

    @app.route("/_test/abort/<int:code>")
    def _test_abort(code):
        abort(code)

    @app.route("/_test/throttled")
    def _test_throttled():
        raise TooManyRequests(retry_after=int(request.args.get("seconds", "900")))

    @app.route("/_test/csrf", methods=["POST"])
    def _test_csrf():
        raise CSRFError("The CSRF token is missing.")

    @app.route("/_test/upload", methods=["POST"])
    def _test_upload():
        return str(len(request.form))


@pytest.fixture
def error_client(app):
    _add_error_routes(app)
    return app.test_client()


def _page(response) -> tuple[str, str]:
    html = response.get_data(as_text=True)
    h1 = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(1).strip()
    return _title(html), h1


@pytest.mark.parametrize(
    ("code", "heading"),
    [
        (400, "Sorry, there is a problem with your request"),
        (403, "You do not have permission to see this page"),
        (404, "Page not found"),
        (405, "Sorry, this page cannot be used that way"),
        (500, "Sorry, there is a problem with the service"),
    ],
)
def test_error_pages_have_heading_and_matching_title(error_client, code, heading):
    response = error_client.get(f"/_test/abort/{code}")

    assert response.status_code == code
    assert _page(response) == (f"{heading} – Surveybuilder", heading)


def test_server_error_page_survives_a_broken_layout(error_client, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("the layout needs the database, which is down")

    monkeypatch.setattr("surveybuilder.errors.render_template", broken)
    response = error_client.get("/_test/abort/500")

    assert response.status_code == 500
    assert _page(response)[1] == "Sorry, there is a problem with the service"


def test_too_large_page_states_the_limit(app, error_client):
    limit = app.config["MAX_CONTENT_LENGTH"]
    response = error_client.post("/_test/upload", data={"text": "x" * (limit + 1000)})

    assert response.status_code == 413
    assert _page(response)[1] == "The file or form you sent is too large"
    assert f"smaller than {plain_size(limit)}." in response.get_data(as_text=True)


def test_too_many_attempts_says_when_to_try_again(error_client):
    response = error_client.get("/_test/throttled?seconds=900")

    assert response.status_code == 429
    assert response.headers["Retry-After"] == "900"
    assert _page(response)[1] == "Too many attempts"
    assert "You can try again in 15 minutes." in response.get_data(as_text=True)


def test_expired_form_page_says_nothing_was_saved(error_client):
    response = error_client.post("/_test/csrf", headers={"Referer": "http://localhost/staff/"})

    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert _page(response)[1] == "Sorry, this form has expired"
    assert "Nothing you entered on that page has been saved." in html
    assert 'href="/staff/"' in html


def test_go_back_link_never_points_off_site(error_client):
    response = error_client.post("/_test/csrf", headers={"Referer": "https://evil.example/x"})

    assert "evil.example" not in response.get_data(as_text=True)


# --- Plain words ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("size", "words"),
    [(2_000_000, "2 MB"), (1_500_000, "1.5 MB"), (500_000, "500 KB"), (900, "900 bytes"),
     (None, None)],
)
def test_plain_size(size, words):
    assert plain_size(size) == words


def test_plain_retry_after():
    now = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
    assert plain_retry_after(None) is None
    assert plain_retry_after(10) == "in 1 minute"
    assert plain_retry_after(61) == "in 2 minutes"
    assert plain_retry_after("900") == "in 15 minutes"
    assert plain_retry_after(timedelta(hours=2)) == "in 2 hours"
    assert plain_retry_after(now + timedelta(minutes=5), now=now) == "in 5 minutes"
    assert plain_retry_after("after 2pm") == "after 2pm"
