"""The security baseline: CSRF, organisation isolation, throttled sign-in, headers,
hashed passwords, and start-up refusing production without a secret key."""

from __future__ import annotations

import pytest
from conftest import PASSWORD, sign_in
from sqlmodel import select

from surveybuilder.config import ConfigError, load_settings
from surveybuilder.models import Role, SignInAttempt, User


def test_production_without_secret_key_is_a_clear_start_up_error():
    with pytest.raises(ConfigError, match="SURVEYBUILDER_SECRET_KEY is not set"):
        load_settings(environ={"SURVEYBUILDER_ENV": "production"})
    settings = load_settings(environ={"SURVEYBUILDER_ENV": "production",
                                      "SURVEYBUILDER_SECRET_KEY": "x" * 40})
    assert settings["PRODUCTION"] is True


def test_post_without_csrf_token_is_refused_with_400(app, client, editor):
    app.config["WTF_CSRF_ENABLED"] = True
    page = client.get("/sign-in")
    assert b'name="csrf_token"' in page.data
    response = client.post("/sign-in", data={"email": editor.email, "password": PASSWORD})
    assert response.status_code == 400
    assert b"expired" in response.data.lower() or b"try again" in response.data.lower()


def test_post_with_csrf_token_is_accepted(app, client, editor):
    import re

    app.config["WTF_CSRF_ENABLED"] = True
    page = client.get("/sign-in").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    response = client.post("/sign-in", data={"email": editor.email, "password": PASSWORD,
                                             "csrf_token": token})
    assert response.status_code == 302


def test_editor_of_another_organisation_gets_404(client, make_org, make_user,
                                                 make_consultation):
    a = make_org("org-a", "Organisation A")
    b = make_org("org-b", "Organisation B")
    theirs = make_consultation(b)
    make_user(a, "a@example.gov.uk")
    sign_in(client, "a@example.gov.uk")
    for path in (f"/staff/consultations/{theirs.id}",
                 f"/staff/consultations/{theirs.id}/details",
                 f"/staff/consultations/{theirs.id}/versions",
                 f"/staff/consultations/{theirs.id}/export.json",
                 f"/staff/consultations/{theirs.id}/preview"):
        assert client.get(path).status_code == 404, path
    assert client.post(f"/staff/consultations/{theirs.id}/publish").status_code == 404
    assert client.post(f"/staff/consultations/{theirs.id}/duplicate").status_code == 404
    dashboard = client.get("/staff/").get_data(as_text=True)
    assert theirs.title not in dashboard


def test_viewer_can_read_but_not_change(client, organisation, make_user, make_consultation):
    consultation = make_consultation(organisation)
    make_user(organisation, "viewer@example.gov.uk", Role.VIEWER)
    sign_in(client, "viewer@example.gov.uk")
    assert client.get(f"/staff/consultations/{consultation.id}").status_code == 200
    assert client.get(f"/staff/consultations/{consultation.id}/details").status_code == 403
    assert client.post(f"/staff/consultations/{consultation.id}/publish").status_code == 403


def test_eleventh_failed_sign_in_is_refused_even_with_the_right_password(client, editor,
                                                                         db_session):
    for attempt in range(10):
        response = sign_in(client, editor.email, "wrong password")
        assert response.status_code == 200, attempt
        assert "The email address or password is not right" in response.get_data(as_text=True)
    response = sign_in(client, editor.email, PASSWORD)
    assert response.status_code == 429
    body = response.get_data(as_text=True)
    assert "Too many failed attempts to sign in" in body
    assert "wait 15 minutes" in body
    assert db_session.exec(select(SignInAttempt)).all()  # kept in the database


def test_throttle_survives_a_restart(app, database_url, editor):
    from surveybuilder import create_app

    for _ in range(10):
        sign_in(app.test_client(), editor.email, "wrong password")
    restarted = create_app({"TESTING": True, "DATABASE_URL": database_url,
                            "SECRET_KEY": app.config["SECRET_KEY"],
                            "WTF_CSRF_ENABLED": False})
    try:
        response = sign_in(restarted.test_client(), editor.email, PASSWORD)
        assert response.status_code == 429
    finally:
        restarted.extensions["db_engine"].dispose()


def test_throttle_counts_an_address_across_accounts(app, client, organisation, make_user):
    app.config["SIGNIN_ADDRESS_MAX_FAILURES"] = 10
    make_user(organisation, "other@example.gov.uk")
    for n in range(10):
        sign_in(client, f"nobody{n}@example.gov.uk", "wrong password")
    assert sign_in(client, "other@example.gov.uk").status_code == 429


def test_passwords_are_hashed_with_argon2(editor, db_session):
    stored = db_session.exec(select(User).where(User.id == editor.id)).one().password_hash
    assert stored.startswith("$argon2id$")
    assert PASSWORD not in stored


def test_security_headers_and_cookie_flags(client, editor):
    response = client.get("/sign-in")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    signed = sign_in(client, editor.email)
    cookie = signed.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_a_page_without_a_session_sets_no_cookie_and_says_it_varies_with_one(client, editor):
    """Residents have no cookie: their pages set none, and say (Vary) that a signed-in
    person's page would differ; a session emptied still has its cookie deleted."""
    for address in ("/", "/sign-in"):
        response = client.get(address)
        assert "Set-Cookie" not in response.headers
        assert response.headers.getlist("Vary") == ["Cookie"]
    sign_in(client, editor.email)
    client.post("/sign-out")  # leaves only its message in the session
    emptied = client.get(client.post("/sign-out").headers["Location"])
    assert "You have signed out" in emptied.get_data(as_text=True)
    assert emptied.headers["Set-Cookie"].startswith("session=; Expires=Thu, 01 Jan 1970")
    assert emptied.headers.getlist("Vary") == ["Cookie"]


def test_production_cookies_are_secure(database_url):
    from surveybuilder import create_app

    app = create_app({"ENV": "production", "SECRET_KEY": "s" * 40,
                      "DATABASE_URL": database_url})
    try:
        assert app.config["SESSION_COOKIE_SECURE"] is True
    finally:
        app.extensions["db_engine"].dispose()


def test_staff_pages_need_sign_in(client):
    response = client.get("/staff/")
    assert response.status_code == 302
    assert "/sign-in" in response.headers["Location"]


def test_sign_in_does_not_follow_next_to_another_site(client, editor):
    response = client.post("/sign-in?next=//evil.example/", data={
        "email": editor.email, "password": PASSWORD})
    assert response.headers["Location"] == "/staff/"


def test_admin_manages_users_and_editor_cannot(client, organisation, make_user):
    make_user(organisation, "admin@example.gov.uk", Role.ADMIN, "Ada Admin")
    make_user(organisation, "ed@example.gov.uk", Role.EDITOR, "Ed Editor")
    sign_in(client, "ed@example.gov.uk")
    assert client.get("/staff/users").status_code == 403
    client.post("/sign-out")
    sign_in(client, "admin@example.gov.uk")
    assert "Ed Editor" in client.get("/staff/users").get_data(as_text=True)
    response = client.post("/staff/users/new", data={
        "name": "Nia New", "email": "nia@example.gov.uk", "password": "short",
        "role": "analyst"})
    assert "at least 12 characters" in response.get_data(as_text=True)
    assert "Nia New" in response.get_data(as_text=True)  # nothing typed is lost
    response = client.post("/staff/users/new", data={
        "name": "Nia New", "email": "nia@example.gov.uk", "password": "a long password here",
        "role": "analyst"})
    assert response.status_code == 302
    client.post("/sign-out")
    assert sign_in(client, "nia@example.gov.uk", "a long password here").status_code == 302
