"""A real OpenID Connect provider on loopback for single sign-on tests.

oidc-provider-mock (PyPI) is a small provider built on Authlib's server components:
discovery document, JWKS, authorization code flow and RS256-signed ID tokens carrying
the `nonce` it was given. It runs here in a thread on 127.0.0.1, and people "sign in"
on its own form by typing their subject; their claims (e-mail, groups) are set first
through its /users API. Nothing of ours is replaced: the app talks to it over HTTP as it
would to Microsoft Entra ID.
"""

from __future__ import annotations

import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import requests
from werkzeug.serving import make_server

# The provider still uses authlib.jose and Authlib's older server hooks, which Authlib
# marks as deprecated; these warnings are about the test's provider, not our client.
IGNORE_PROVIDER_WARNINGS = ("ignore::authlib.deprecate.AuthlibDeprecationWarning",
                            "ignore:get_jwt_config:DeprecationWarning")


@dataclass(frozen=True)
class Provider:
    url: str

    @property
    def discovery_url(self) -> str:
        return self.url + "/.well-known/openid-configuration"

    def add_person(self, subject: str, **claims: Any) -> None:
        """The provider's own account for someone, with the claims its ID tokens carry."""
        requests.put(f"{self.url}/users/{subject}", json=claims, timeout=10
                     ).raise_for_status()

    def sign_in(self, authorize_url: str, subject: str) -> str:
        """Sign in on the provider's form as `subject`; the address it sends them back to."""
        response = requests.post(authorize_url, data={"sub": subject},
                                 allow_redirects=False, timeout=10)
        assert response.status_code == 302, response.text
        return response.headers["Location"]


@contextmanager
def openid_provider(monkeypatch: Any) -> Iterator[Provider]:
    """The provider serving on 127.0.0.1 for the length of the block. Authlib's server
    refuses plain HTTP unless told it is a test (AUTHLIB_INSECURE_TRANSPORT)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        import oidc_provider_mock

    monkeypatch.setenv("AUTHLIB_INSECURE_TRANSPORT", "1")
    server = make_server("127.0.0.1", 0, oidc_provider_mock.app(require_nonce=True),
                         threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Provider(f"http://127.0.0.1:{server.server_port}")
    finally:
        server.shutdown()
        thread.join(timeout=5)


def configure(app: Any, provider: Provider, group_roles: tuple = ()) -> None:
    """Point the app's single sign-on at the provider (before its first sign-in)."""
    app.config.update({
        "OIDC_DISCOVERY_URL": provider.discovery_url,
        "OIDC_CLIENT_ID": "surveybuilder",
        "OIDC_CLIENT_SECRET": "test client secret",
        "OIDC_PROVIDER_NAME": "Sandwell Council account",
        "OIDC_GROUP_ROLES": group_roles,
    })
