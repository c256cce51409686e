"""Single sign-on through OpenID Connect (issue 17 item 2), against a real provider on
loopback (tests/support/openid_provider.py): the app fetches its discovery document and
keys, swaps the code for signed tokens over HTTP, and checks `state` and `nonce`."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from sqlmodel import select
from support.openid_provider import IGNORE_PROVIDER_WARNINGS, configure, openid_provider

from surveybuilder.config import ConfigError, load_settings
from surveybuilder.models import AuditEvent, Membership, Role
from surveybuilder.staff.accounts import user_by_email

pytestmark = [pytest.mark.filterwarnings(rule) for rule in IGNORE_PROVIDER_WARNINGS]

EDITORS_GROUP = "3f2a9c1e-editors"


@pytest.fixture
def provider(app, monkeypatch):
    with openid_provider(monkeypatch) as running:
        configure(app, running, group_roles=((EDITORS_GROUP, "sandwell-council", "editor"),))
        yield running


def _through_provider(client, provider, subject: str, **claims):
    """Press "Sign in with …", sign in at the provider, and come back."""
    provider.add_person(subject, **claims)
    start = client.get("/sign-in/sso")
    assert start.status_code == 302
    back = provider.sign_in(start.headers["Location"], subject)
    parts = urlsplit(back)
    assert parts.path == "/sign-in/sso/return"
    return client.get(f"{parts.path}?{parts.query}")


def _signed_in(client) -> bool:
    return client.get("/staff/").status_code == 200


def test_the_sign_in_page_offers_the_provider_only_when_set_up(app, client):
    assert "Sign in with" not in client.get("/sign-in").get_data(as_text=True)
    assert client.get("/sign-in/sso").status_code == 404
    app.config["OIDC_DISCOVERY_URL"] = "https://login.example/.well-known/openid-configuration"
    app.config["OIDC_PROVIDER_NAME"] = "Microsoft"
    assert "Sign in with Microsoft" in client.get("/sign-in").get_data(as_text=True)


def test_staff_are_matched_by_email(client, provider, editor, db_session):
    response = _through_provider(client, provider, "entra-oid-1", email=editor.email.upper(),
                                 name="Esme Editor")
    assert response.status_code == 302
    assert response.headers["Location"] == "/staff/"
    assert _signed_in(client)
    event = db_session.exec(select(AuditEvent).where(
        AuditEvent.action == "user.signed_in_with_sso")).one()
    assert event.user_id == editor.id


def test_someone_without_an_account_or_group_is_refused(client, provider, organisation,
                                                        db_session):
    response = _through_provider(client, provider, "stranger", email="stranger@example.org",
                                 groups=["some-other-group"])
    assert response.status_code == 403
    assert "There is no account for stranger@example.org" in response.get_data(as_text=True)
    assert not _signed_in(client)
    assert user_by_email(db_session, "stranger@example.org") is None
    assert db_session.exec(select(AuditEvent).where(
        AuditEvent.action == "user.sso_refused")).one()


def test_a_mapped_group_makes_an_account_with_its_role(client, provider, organisation,
                                                       db_session):
    response = _through_provider(client, provider, "new-starter",
                                 email="new.starter@sandwell.gov.uk", name="Nia Starter",
                                 groups=["unrelated", EDITORS_GROUP])
    assert response.status_code == 302
    assert _signed_in(client)
    user = user_by_email(db_session, "new.starter@sandwell.gov.uk")
    assert user.name == "Nia Starter"
    membership = db_session.exec(select(Membership).where(Membership.user_id == user.id)).one()
    assert (membership.organisation_id, membership.role) == (organisation.id, Role.EDITOR)


def test_a_switched_off_account_is_refused(client, provider, editor, db_session):
    editor.active = False
    db_session.add(editor)
    db_session.commit()
    response = _through_provider(client, provider, "leaver", email=editor.email)
    assert response.status_code == 403
    assert "switched off" in response.get_data(as_text=True)


def test_a_return_with_the_wrong_state_is_refused(client, provider, editor):
    provider.add_person("someone", email=editor.email)
    start = client.get("/sign-in/sso")
    back = urlsplit(provider.sign_in(start.headers["Location"], "someone"))
    forged = back.query.replace("state=", "state=x")
    response = client.get(f"{back.path}?{forged}")
    assert response.status_code == 403
    assert "could not finish signing you in" in response.get_data(as_text=True)
    assert not _signed_in(client)


def test_a_code_issued_for_another_sign_in_fails_the_nonce(app, provider, editor):
    """An attacker's code, issued for their own sign-in (their nonce), handed to the
    victim's browser with the victim's own state: the ID token's nonce is not the one
    the victim's sign-in sent, so it is refused."""
    attacker, victim = app.test_client(), app.test_client()
    provider.add_person("attacker", email=editor.email)
    attacker_back = urlsplit(provider.sign_in(
        attacker.get("/sign-in/sso").headers["Location"], "attacker"))
    victim_start = urlsplit(victim.get("/sign-in/sso").headers["Location"])
    victim_state = dict(p.split("=", 1) for p in victim_start.query.split("&"))["state"]
    code = dict(p.split("=", 1) for p in attacker_back.query.split("&"))["code"]
    response = victim.get(f"/sign-in/sso/return?code={code}&state={victim_state}")
    assert response.status_code == 403
    assert not _signed_in(victim)


def test_cancelling_at_the_provider_says_so(client, provider):
    client.get("/sign-in/sso")
    response = client.get("/sign-in/sso/return?error=access_denied&state=whatever")
    assert response.status_code == 403
    assert "You did not allow Sandwell Council account" in response.get_data(as_text=True)


def test_a_provider_that_cannot_be_reached_gives_a_plain_page(app, client):
    app.config.update(OIDC_DISCOVERY_URL="http://127.0.0.1:9/.well-known/openid-configuration",
                      OIDC_CLIENT_ID="id", OIDC_CLIENT_SECRET="secret",
                      OIDC_PROVIDER_NAME="Microsoft")
    response = client.get("/sign-in/sso")
    assert response.status_code == 403
    assert "We could not reach Microsoft just now" in response.get_data(as_text=True)


def test_group_roles_setting_is_read_and_checked():
    settings = load_settings(environ={
        "SURVEYBUILDER_OIDC_GROUP_ROLES": "abc=sandwell-council:editor; d=e=f=org:Admin"})
    assert settings["OIDC_GROUP_ROLES"] == (("abc", "sandwell-council", "editor"),
                                            ("d=e=f", "org", "admin"))
    with pytest.raises(ConfigError, match="group=organisation-slug:role"):
        load_settings(environ={"SURVEYBUILDER_OIDC_GROUP_ROLES": "abc-editor"})


def test_half_set_up_single_sign_on_does_not_start(database_url):
    from surveybuilder import create_app

    with pytest.raises(ConfigError, match="OIDC_CLIENT_SECRET"):
        create_app({"DATABASE_URL": database_url, "OIDC_DISCOVERY_URL": "https://x/",
                    "OIDC_CLIENT_ID": "id"})
    with pytest.raises(ConfigError, match="'boss' is not a role"):
        create_app({"DATABASE_URL": database_url, "OIDC_DISCOVERY_URL": "https://x/",
                    "OIDC_CLIENT_ID": "id", "OIDC_CLIENT_SECRET": "s",
                    "OIDC_GROUP_ROLES": (("g", "org", "boss"),)})
