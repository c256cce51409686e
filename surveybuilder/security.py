"""Protections every request gets: CSRF, safe cookies, security headers, size limit,
trusted hosts; and for the process: files only its own user can read, and logs that
carry no journey tokens or resume codes. docs/security.md says how to deploy it."""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

from flask import Flask, Response, abort, current_app, request
from flask.sessions import SecureCookieSessionInterface, SessionMixin
from flask_wtf.csrf import CSRFProtect
from itsdangerous import URLSafeTimedSerializer
from werkzeug.exceptions import BadRequest, SecurityError
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.sansio.utils import get_host

csrf = CSRFProtect()

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])
# Powerful browser features no page uses, refused for the page and anything it embeds.
PERMISSIONS_POLICY = ", ".join(f"{feature}=()" for feature in (
    "accelerometer", "camera", "display-capture", "geolocation", "gyroscope",
    "magnetometer", "microphone", "midi", "payment", "usb"))
# Blueprints whose every page and download is for signed-in staff.
STAFF_BLUEPRINTS = frozenset({"editor", "auth", "second_factor", "single_sign_on"})
PRIVATE_FILES_UMASK = 0o077  # files 0600, folders 0700: the service's user only


def init_app(app: Flask) -> None:
    app.config.update(
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        # Development (the local demo over plain http) is the debug mode; anything
        # deployed runs with ENV=production and so sends cookies over HTTPS only.
        SESSION_COOKIE_SECURE=app.config["PRODUCTION"],
        PERMANENT_SESSION_LIFETIME=timedelta(hours=app.config["SESSION_HOURS"]),
        WTF_CSRF_TIME_LIMIT=None,
    )
    app.session_interface = _SessionCookies()
    csrf.init_app(app)
    app.after_request(_security_headers)
    app.add_url_rule("/.well-known/security.txt", "security_txt", _security_txt)
    redact_logs(app.logger)
    proxies = app.config["TRUSTED_PROXY_COUNT"]
    if proxies:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)
    app.wsgi_app = _TrustedHosts(app, app.wsgi_app)


def private_files() -> None:
    """Everything this process creates from now on (the SQLite database, exports,
    uploads, generated PDFs and recordings) is readable by the service's user only.
    Called first thing at start-up, before the database file can be created."""
    os.umask(PRIVATE_FILES_UMASK)


class _TrustedHosts:
    """A request naming a host not in TRUSTED_HOSTS gets a plain 400 before the app sees
    it. (Flask checks the setting too, but while setting up the request, where the
    refusal becomes a 500.) Read per request, so a changed setting applies at once."""

    def __init__(self, app: Flask, wsgi_app: Any) -> None:
        self._config = app.config
        self._wsgi_app = wsgi_app

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        trusted = self._config.get("TRUSTED_HOSTS")
        if trusted:
            server = (environ.get("SERVER_NAME", ""), int(environ.get("SERVER_PORT") or 0))
            try:
                get_host(environ.get("wsgi.url_scheme", "http"), environ.get("HTTP_HOST"),
                         server, trusted)
            except SecurityError:
                refusal = BadRequest("This site does not answer to that host name.")
                return refusal(environ, start_response)
        return self._wsgi_app(environ, start_response)


class _SessionCookies(SecureCookieSessionInterface):
    """Flask's signed session cookie, with its signer made once per key rather than
    on every request. Every request opens the session, including residents' pages,
    which carry no cookie; building the signer was a tenth of a millisecond of each."""

    def __init__(self) -> None:
        self._signers: dict[tuple[object, ...], URLSafeTimedSerializer | None] = {}

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        key = (app.secret_key, *(app.config["SECRET_KEY_FALLBACKS"] or ()))
        if key not in self._signers:
            self._signers[key] = super().get_signing_serializer(app)
        return self._signers[key]

    def save_session(self, app: Flask, session: SessionMixin, response: Response) -> None:
        """An empty session left empty (every resident's page: residents have no
        cookie) sets no cookie, and only says that the page varies with the cookie the
        sign-in check looked for: that header is added directly, the rest skipped."""
        if session or session.modified:
            super().save_session(app, session, response)
        elif session.accessed:
            if "Vary" in response.headers:
                response.vary.add("Cookie")
            else:
                response.headers.add("Vary", "Cookie")


def _security_headers(response: Response) -> Response:
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
    hsts = current_app.config["HSTS_SECONDS"]
    if request.is_secure and hsts:  # https as the trusted proxies (TRUSTED_PROXY_COUNT) say
        response.headers["Strict-Transport-Security"] = f"max-age={hsts}"
    if _private(request.blueprint, request.endpoint, request.view_args):
        response.headers["Cache-Control"] = "no-store"
    return response


def _private(blueprint: str | None, endpoint: str | None,
             view_args: dict[str, Any] | None) -> bool:
    """Pages no browser or proxy may keep (a library kiosk's next user could go back to
    them): every staff page and download, and residents' pages showing their answers —
    every page of a journey (question pages show what was typed, check answers, saved,
    done) and the resume form's answer to a code."""
    if blueprint in STAFF_BLUEPRINTS:
        return True
    return blueprint == "respond" and (endpoint == "respond.resume"
                                       or "token" in (view_args or {}))


def _security_txt() -> Response:
    """RFC 9116: who to tell about a vulnerability (the SECURITY_CONTACT setting)."""
    contact = current_app.config["SECURITY_CONTACT"]
    if not contact:
        abort(404)
    if "@" in contact and ":" not in contact:
        contact = f"mailto:{contact}"
    expires = (datetime.now(UTC) + timedelta(days=180)).strftime("%Y-%m-%dT00:00:00Z")
    lines = [f"Contact: {contact}", f"Expires: {expires}", "Preferred-Languages: en"]
    if current_app.config["PUBLIC_URL"]:
        lines.append(f"Canonical: {current_app.config['PUBLIC_URL'].rstrip('/')}"
                     "/.well-known/security.txt")
    return Response("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


# Logs --------------------------------------------------------------------------------------

_JOURNEY_TOKEN = re.compile(r"(/r/)[^/?#\s\"']+")
_SECRET_QUERY = re.compile(r"([?&](?:code|token)=)[^&#\s\"']+", re.IGNORECASE)
# PostgreSQL's own words in an error quote the values of the row it refused: a unique
# token or resume code ("Key (token)=(…) already exists"), or the whole row, answers
# and all ("Failing row contains (…)").
_DATABASE_VALUES = re.compile(r"(Key \([^)]*\)=\().*?(\) (?:already exists|is not present|"
                              r"is still referenced))|(Failing row contains \().*(\)\.?)$",
                              re.MULTILINE)
REDACTED = "[redacted]"
LOGGERS = ("werkzeug", "gunicorn.access", "gunicorn.error")


def redacted(text: str) -> str:
    """`text` with journey tokens (`/c/park/r/<token>/3`) and resume codes or tokens in a
    query (`?code=…`) replaced, since either one opens a resident's answers, and with the
    values a database error quotes."""
    text = _JOURNEY_TOKEN.sub(rf"\1{REDACTED}", text)
    text = _SECRET_QUERY.sub(rf"\1{REDACTED}", text)
    return _DATABASE_VALUES.sub(_quoted_values_redacted, text)


def _quoted_values_redacted(found: re.Match[str]) -> str:
    opening, closing = (found[1], found[2]) if found[1] else (found[3], found[4])
    return f"{opening}{REDACTED}{closing}"


class RedactSecrets(logging.Filter):
    """Rewrites a log record's message, and the traceback logged with it (an error's
    own words can quote an address), without journey tokens or resume codes."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        clean = redacted(message)
        if clean != message:
            record.msg, record.args = clean, None
        if record.exc_info and not record.exc_text:
            # Formatters use exc_text, once set, instead of formatting exc_info again.
            record.exc_text = redacted(_TRACEBACKS.formatException(record.exc_info))
        return True


_TRACEBACKS = logging.Formatter()


_REDACT = RedactSecrets()


def redact_logs(*loggers: logging.Logger) -> None:
    """Put the filter on the access and error logs of werkzeug and gunicorn, on
    `loggers`, and on the root logger's handlers (which our modules' records reach)."""
    targets = [logging.getLogger(name) for name in LOGGERS] + list(loggers)
    targets += logging.getLogger().handlers
    for target in targets:
        if _REDACT not in target.filters:
            target.addFilter(_REDACT)
