"""Single sign-on through OpenID Connect (Microsoft Entra ID, or any provider with a
discovery document), using Authlib's Flask client.

Authlib reads the provider's discovery document and keys, sends the person there with a
fresh `state` and `nonce` kept in their session, and on their return checks the `state`,
swaps the code for tokens and checks the ID token's signature, issuer, audience, expiry
and `nonce`. Only then does surveybuilder/staff/single_sign_on.py decide who they are.
Configured by the OIDC_* settings; without OIDC_DISCOVERY_URL none of this is offered.
"""

from __future__ import annotations

from typing import Any

import requests
from authlib.integrations.base_client.errors import OAuthError
from authlib.integrations.flask_client import OAuth
from flask import Blueprint, Flask, abort, current_app, render_template, request
from joserfc.errors import JoseError
from werkzeug.wrappers import Response

from surveybuilder import db
from surveybuilder.auth.views import _complete_sign_in
from surveybuilder.config import ConfigError
from surveybuilder.consultations import audit
from surveybuilder.staff import single_sign_on

bp = Blueprint("single_sign_on", __name__)

_EXTENSION = "single_sign_on"
RETURN_PATH = "/sign-in/sso/return"
"""Where the provider sends people back: register `<PUBLIC_URL>/sign-in/sso/return`."""


@bp.record_once
def _set_up(state: Any) -> None:
    app: Flask = state.app
    if app.config.get("OIDC_DISCOVERY_URL"):
        _check_settings(app.config)
    app.context_processor(_template_context)


def _check_settings(config: dict[str, Any]) -> None:
    """Refuse to start half set up, saying what to set."""
    missing = [f"SURVEYBUILDER_{name}" for name in ("OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET")
               if not config.get(name)]
    if missing:
        raise ConfigError(f"SURVEYBUILDER_OIDC_DISCOVERY_URL is set but {' and '.join(missing)} "
                          f"{'is' if len(missing) == 1 else 'are'} not. Set them to the "
                          f"values your identity provider gave this site.")
    problems = single_sign_on.mapping_problems(config.get("OIDC_GROUP_ROLES"))
    if problems:
        raise ConfigError("SURVEYBUILDER_OIDC_GROUP_ROLES: " + "; ".join(problems))


def _template_context() -> dict[str, Any]:
    """The sign-in page offers single sign-on by the provider's name when it is set up."""
    configured = bool(current_app.config.get("OIDC_DISCOVERY_URL"))
    return {"single_sign_on": current_app.config["OIDC_PROVIDER_NAME"] if configured else None}


@bp.route("/sign-in/sso")
def start() -> Response | tuple[str, int]:
    """Off to the provider. A link, not a form: the pages' Content-Security-Policy
    (`form-action 'self'`) stops a form from being redirected to another site. Another
    site starting this only sends someone to their own provider's sign-in; signing in
    as someone else would need a code issued for this browser's `state`."""
    client = _client()
    try:
        return client.authorize_redirect(current_app.config["PUBLIC_URL"].rstrip("/")
                                         + RETURN_PATH)
    except requests.RequestException as problem:
        current_app.logger.warning("Single sign-on provider unreachable: %s",
                                   type(problem).__name__)
        provider = current_app.config["OIDC_PROVIDER_NAME"]
        return _refused(f"We could not reach {provider} just now. Try again in a few "
                        f"minutes, or sign in with your email address and password")


@bp.route(RETURN_PATH)
def come_back() -> Response | tuple[str, int]:
    """Back from the provider: checked by Authlib, then matched to a staff member."""
    client = _client()
    provider = current_app.config["OIDC_PROVIDER_NAME"]
    try:
        token = client.authorize_access_token()
    except (OAuthError, JoseError, requests.RequestException) as problem:
        current_app.logger.warning("Single sign-on failed: %s", type(problem).__name__)
        return _refused(f"We could not finish signing you in with {provider}. This happens "
                        f"if signing in there took too long, was cancelled, or was started "
                        f"in another tab. Try again"
                        if request.args.get("error") != "access_denied" else
                        f"You did not allow {provider} to sign you in here. Try again, or "
                        f"sign in with your email address and password")
    config = current_app.config
    outcome = single_sign_on.sign_in(db.session(), token.get("userinfo") or {},
                                     config["OIDC_GROUP_CLAIM"],
                                     config["OIDC_GROUP_ROLES"], provider)
    _record(outcome, provider)
    db.session().commit()
    if outcome.user is None:
        return _refused(outcome.refusal)
    return _complete_sign_in(outcome.user)


def _record(outcome: single_sign_on.Outcome, provider: str) -> None:
    """Every single sign-on, and every refusal, goes into the audit log."""
    if outcome.user is None:
        audit.record(db.session(), "user.sso_refused", None, provider=provider,
                     email=outcome.email)
        return
    audit.record(db.session(), "user.signed_in_with_sso", outcome.user, provider=provider,
                 created=outcome.created,
                 roles={str(org): role.value for org, role in outcome.roles.items()})


def _client() -> Any:
    """Authlib's client for the provider, made on first use (it reads the discovery
    document then, not while the app starts, so a provider that is down for a moment
    does not stop the site)."""
    config = current_app.config
    if not config.get("OIDC_DISCOVERY_URL"):
        abort(404)
    client = current_app.extensions.get(_EXTENSION)
    if client is None:
        client = OAuth(current_app).register(
            "oidc", client_id=config["OIDC_CLIENT_ID"],
            client_secret=config["OIDC_CLIENT_SECRET"],
            server_metadata_url=config["OIDC_DISCOVERY_URL"],
            client_kwargs={"scope": "openid email profile", "timeout": 10})
        current_app.extensions[_EXTENSION] = client
    return client


def _refused(reason: str) -> tuple[str, int]:
    return render_template("auth/single_sign_on_refused.html", reason=reason), 403
