"""Friendly error pages.

Werkzeug's default error pages are unstyled, technical ("405 Method Not Allowed")
and say nothing about what to do next. Every error a person can meet gets a page
in plain words, in the site's layout, with a proper title and heading, telling
them what happened and how to carry on.

The 500 page must still appear when the fault is in something the layout itself
uses (the database behind the signed-in user, say), so it falls back to a plain
page that needs nothing but this module.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from flask import Flask, current_app, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

TEMPLATES = {
    400: "errors/400.html",
    403: "errors/403.html",
    404: "errors/404.html",
    405: "errors/405.html",
    413: "errors/413.html",
    429: "errors/429.html",
    500: "errors/500.html",
}


def init_app(app: Flask) -> None:
    """Called from `create_app`. Handlers are keyed by status code, so an `abort(404)`
    anywhere in the app, or Werkzeug's own routing errors, get the friendly page."""
    for code in TEMPLATES:
        app.register_error_handler(code, _handle_http_error)
    # A CSRF failure is a 400 too; registered by class, it wins over the 400 page.
    app.register_error_handler(CSRFError, _handle_csrf_error)


def _handle_http_error(error: HTTPException):
    code = error.code or 500
    context = {"back_url": _back_url()}
    if code == 413:
        context["limit"] = plain_size(current_app.config.get("MAX_CONTENT_LENGTH"))
    elif code == 429:
        context["retry_after"] = plain_retry_after(getattr(error, "retry_after", None))
    elif code == 500:
        # Hide the staff menu: working out who is signed in may be what failed.
        context["current_user"] = None
    headers = _headers_to_keep(error)
    try:
        body = render_template(TEMPLATES.get(code, "errors/500.html"), **context)
    except Exception:
        if code != 500:
            raise
        current_app.logger.exception("The error page itself failed; sending the plain one")
        body = _PLAIN_500
    return body, code, headers


def _handle_csrf_error(error: CSRFError):
    return render_template("errors/csrf.html", back_url=_back_url()), 400


def _headers_to_keep(error: HTTPException) -> list[tuple[str, str]]:
    """Keep headers the status promises (Allow on 405, Retry-After on 429).

    Werkzeug builds Retry-After from whatever the code passed; a phrase such as
    "in 15 minutes" is fine on the page but is not a valid header value.
    """
    kept = []
    for name, value in error.get_headers():
        lowered = name.lower()
        if lowered == "content-type":
            continue
        if lowered == "retry-after" and not (
            value.isdigit() or isinstance(getattr(error, "retry_after", None), datetime)
        ):
            continue
        kept.append((name, value))
    return kept


def _back_url() -> str | None:
    """The page the person came from, if it is on this site.

    A "go back" link must not send people to another site (the Referer header
    is whatever the browser, or an attacker's page, sent), and pages must work
    without JavaScript, so `history.back()` is not an option.
    """
    referrer = request.referrer
    if not referrer:
        return None
    parts = urlsplit(referrer)
    if parts.scheme not in ("http", "https") or parts.netloc != request.host:
        return None
    if parts.path == request.path:
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def plain_size(size: int | None) -> str | None:
    """A byte count in the words people see on their computers: "2 MB", "500 KB".

    Decimal units, rounded to at most one decimal place, because the sentence is
    guidance, not a precise limit; None when there is no limit.
    """
    if not size:
        return None
    for unit, scale in (("GB", 10**9), ("MB", 10**6), ("KB", 10**3)):
        if size >= scale:
            value = f"{size / scale:.1f}".removesuffix(".0")
            return f"{value} {unit}"
    return f"{size} bytes"


def plain_retry_after(retry_after: object, now: datetime | None = None) -> str | None:
    """When someone may try again, as words that follow "You can try again".

    Accepts what the throttling code may carry: seconds (int, or digits in a
    string), a `timedelta`, a `datetime` (naive means UTC, as in Werkzeug), or a
    ready-made phrase such as "in 15 minutes". Times are rounded up, so people
    are never told to come back before they are allowed to.
    """
    if retry_after is None or retry_after == "":
        return None
    if isinstance(retry_after, str):
        if not retry_after.strip().isdigit():
            return retry_after.strip()
        retry_after = int(retry_after.strip())
    if isinstance(retry_after, datetime):
        now = now or datetime.now(UTC)
        when = retry_after if retry_after.tzinfo else retry_after.replace(tzinfo=UTC)
        retry_after = when - now
    if isinstance(retry_after, timedelta):
        retry_after = retry_after.total_seconds()
    if not isinstance(retry_after, int | float):
        return None
    seconds = max(0.0, float(retry_after))
    minutes = max(1, math.ceil(seconds / 60))
    if minutes < 60:
        return f"in {minutes} minute{'s' if minutes != 1 else ''}"
    hours = math.ceil(minutes / 60)
    return f"in {hours} hour{'s' if hours != 1 else ''}"


_PLAIN_500 = """<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sorry, there is a problem with the service – Surveybuilder</title></head>
<body>
<main>
<h1>Sorry, there is a problem with the service</h1>
<p>Try again later.</p>
<p><a href="/">Go to the Surveybuilder home page</a></p>
</main>
</body>
</html>
"""
