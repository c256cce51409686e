"""Staff accounts a security reviewer accepts (issue 17 item 2): admins deactivate and
reactivate users on the web and the command line, which ends the person's sessions at
once; people change their own password; admins issue one-use, short-lived reset links,
e-mailed through a real SMTP server on loopback or printed by the command line."""

from __future__ import annotations

import email
import re
from datetime import timedelta

import pytest
import test_cli
from conftest import PASSWORD, sign_in
from sqlmodel import select
from support.smtp import use_mail_server

from surveybuilder.models import AuditEvent, PasswordReset, Role, StaffSession, User, utcnow

command_line = test_cli.run  # a fixture: runs surveybuilder's commands in-process
NEW_PASSWORD = "plum kettle orbit seven"


@pytest.fixture
def admin(make_user, organisation) -> User:
    return make_user(organisation, "ada.admin@example.gov.uk", Role.ADMIN, "Ada Admin")


@pytest.fixture
def admin_client(app, admin):
    client = app.test_client()
    assert sign_in(client, admin.email).status_code == 302
    return client


def _actions(db_session, action: str) -> list[AuditEvent]:
    return db_session.exec(select(AuditEvent).where(AuditEvent.action == action)).all()


def test_deactivating_ends_the_persons_open_session_at_once(
        admin_client, editor_client, editor, db_session):
    assert editor_client.get("/staff/").status_code == 200
    page = admin_client.get(f"/staff/users/{editor.id}/deactivate").get_data(as_text=True)
    assert "Deactivate Esme Editor?" in page and "signed out at once" in page
    response = admin_client.post(f"/staff/users/{editor.id}/deactivate")
    assert response.status_code == 302
    followed = editor_client.get("/staff/", follow_redirects=True).get_data(as_text=True)
    assert "Your account has been switched off" in followed
    assert sign_in(editor_client, editor.email).status_code == 200  # cannot sign in again
    users = admin_client.get("/staff/users").get_data(as_text=True)
    assert "Deactivated" in users and "Reactivate" in users
    event = _actions(db_session, "user.deactivated")[0]
    assert event.detail == {"email": editor.email, "sessions_ended": 1}


def test_reactivating_lets_them_sign_in_again(admin_client, editor, db_session):
    admin_client.post(f"/staff/users/{editor.id}/deactivate")
    assert admin_client.post(f"/staff/users/{editor.id}/reactivate").status_code == 302
    assert sign_in(admin_client.application.test_client(), editor.email).status_code == 302
    assert _actions(db_session, "user.reactivated")


def test_the_last_admin_cannot_deactivate_themselves(admin_client, admin, db_session):
    response = admin_client.post(f"/staff/users/{admin.id}/deactivate")
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Ada Admin is the only admin of Sandwell Council. Make someone else an admin " \
           "first" in body
    db_session.refresh(admin)
    assert admin.active and admin_client.get("/staff/users").status_code == 200


def test_an_admin_may_leave_while_another_admin_remains(admin_client, admin, make_user,
                                                        organisation):
    make_user(organisation, "bo.admin@example.gov.uk", Role.ADMIN, "Bo Admin")
    assert admin_client.post(f"/staff/users/{admin.id}/deactivate").status_code == 302
    assert admin_client.get("/staff/users").status_code == 302  # signed out at once


def test_another_organisations_user_is_not_found(admin_client, make_org, make_user):
    stranger = make_user(make_org("dudley", "Dudley Council"), "sam@example.gov.uk")
    assert admin_client.get(f"/staff/users/{stranger.id}/deactivate").status_code == 404
    assert admin_client.post(f"/staff/users/{stranger.id}/deactivate").status_code == 404
    assert admin_client.post(f"/staff/users/{stranger.id}/reset-link").status_code == 404


def test_an_editor_cannot_deactivate_anyone(editor_client, admin):
    assert editor_client.post(f"/staff/users/{admin.id}/deactivate").status_code == 403


def test_the_command_line_deactivates_and_reactivates(command_line, app, editor_client,
                                                      editor, db_session):
    result = command_line("users", "deactivate", editor.email)
    assert "1 open session(s) ended" in result.output
    assert editor_client.get("/staff/").status_code == 302
    refused = command_line("users", "deactivate", editor.email, ok=False)
    assert "Esme Editor is already deactivated" in refused.output
    command_line("users", "reactivate", editor.email)
    assert sign_in(app.test_client(), editor.email).status_code == 302
    assert [e.detail["by"] for e in _actions(db_session, "user.deactivated")] == [
        "command line"]
    missing = command_line("users", "deactivate", "nobody@example.gov.uk", ok=False)
    assert "There is no user with the email address nobody@example.gov.uk" in missing.output


def test_the_command_line_keeps_the_last_admin(command_line, admin):
    result = command_line("users", "deactivate", admin.email, ok=False)
    assert "only admin of Sandwell Council" in result.output


def _change(client, current: str, new: str, confirm: str | None = None):
    return client.post("/staff/account/password", data={
        "current": current, "password": new, "confirm": confirm or new})


def test_changing_your_password_ends_your_other_sessions(app, editor_client, editor,
                                                         db_session):
    elsewhere = app.test_client()
    sign_in(elsewhere, editor.email)
    assert "Change your password" in editor_client.get(
        "/staff/account/password").get_data(as_text=True)
    response = _change(editor_client, PASSWORD, NEW_PASSWORD)
    assert response.status_code == 302
    assert editor_client.get("/staff/").status_code == 200  # this one stays
    followed = elsewhere.get("/staff/", follow_redirects=True).get_data(as_text=True)
    assert "Your password was changed" in followed
    assert sign_in(app.test_client(), editor.email, NEW_PASSWORD).status_code == 302
    assert sign_in(app.test_client(), editor.email, PASSWORD).status_code == 200
    assert _actions(db_session, "user.password_changed")[0].detail["sessions_ended"] == 1


@pytest.mark.parametrize(("current", "new", "confirm", "words"), [
    ("not my password", NEW_PASSWORD, None, "Your current password is not right"),
    (PASSWORD, "aaaaaaaaaaaa", None, "not just one character repeated"),
    (PASSWORD, "esme.editor.2026", None, "first part of the email address"),
    (PASSWORD, "qwertyuiop12", None, "list of common passwords"),
    (PASSWORD, NEW_PASSWORD, "plum kettle orbit eight", "The two new passwords are not"),
])
def test_a_refused_change_says_why_and_changes_nothing(editor_client, editor, app,
                                                       current, new, confirm, words):
    response = _change(editor_client, current, new, confirm)
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and words in body
    assert new not in body and current not in body  # passwords never sent back
    assert sign_in(app.test_client(), editor.email).status_code == 302


def _reset_token(text: str) -> str:
    return re.search(r"/reset-password\?token=([\w-]+)", text).group(1)


def test_a_reset_link_without_email_is_shown_once_and_works_once(
        app, admin_client, editor, editor_client, db_session):
    app.config["SMTP_HOST"] = None
    page = admin_client.post(f"/staff/users/{editor.id}/reset-link").get_data(as_text=True)
    assert "E-mail is not set up" in page and "http://localhost/reset-password?token=" in page
    token = _reset_token(page)
    stored = db_session.exec(select(PasswordReset)).one()
    assert token not in stored.token_hash and stored.issued_by is not None
    anonymous = app.test_client()
    assert "Set a new password" in anonymous.get(
        f"/reset-password?token={token}").get_data(as_text=True)
    weak = anonymous.post(f"/reset-password?token={token}",
                          data={"password": "password1234", "confirm": "password1234"})
    assert "list of common passwords" in weak.get_data(as_text=True)
    done = anonymous.post(f"/reset-password?token={token}",
                          data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert done.status_code == 302
    assert editor_client.get("/staff/").status_code == 302  # their sessions ended
    assert sign_in(app.test_client(), editor.email, NEW_PASSWORD).status_code == 302
    again = anonymous.get(f"/reset-password?token={token}")
    assert again.status_code == 404 and "This link has expired" in again.get_data(as_text=True)
    assert _actions(db_session, "user.password_reset")
    assert _actions(db_session, "user.reset_link_issued")[0].detail["emailed"] is False


def test_a_reset_link_expires_and_only_the_newest_works(app, admin_client, editor,
                                                        db_session):
    first = _reset_token(admin_client.post(
        f"/staff/users/{editor.id}/reset-link").get_data(as_text=True))
    second = _reset_token(admin_client.post(
        f"/staff/users/{editor.id}/reset-link").get_data(as_text=True))
    assert app.test_client().get(f"/reset-password?token={first}").status_code == 404
    assert app.test_client().get(f"/reset-password?token={second}").status_code == 200
    newest = db_session.exec(select(PasswordReset).where(
        PasswordReset.used_at.is_(None))).one()
    assert newest.expires_at.replace(tzinfo=None) - newest.created_at.replace(
        tzinfo=None) == timedelta(minutes=60)
    newest.expires_at = utcnow() - timedelta(seconds=1)
    db_session.add(newest)
    db_session.commit()
    assert app.test_client().get(f"/reset-password?token={second}").status_code == 404
    assert app.test_client().get("/reset-password?token=made-up").status_code == 404


def test_a_reset_link_is_emailed_through_smtp_from_public_url(app, admin_client, editor,
                                                              smtp_server, db_session):
    """The link is built from PUBLIC_URL, never from the address the request came to."""
    inbox, port = smtp_server
    use_mail_server(app, port)
    app.config["PUBLIC_URL"] = "https://haveyoursay.example.gov.uk"
    response = admin_client.post(f"/staff/users/{editor.id}/reset-link")
    assert response.status_code == 302
    banner = admin_client.get("/staff/users").get_data(as_text=True)
    assert f"e-mailed to {editor.email}" in banner and "token=" not in banner
    (recipients, raw), = inbox.messages
    assert recipients == [editor.email]
    text = email.message_from_bytes(raw).get_payload(decode=True).decode()
    assert "https://haveyoursay.example.gov.uk/reset-password?token=" in text
    assert "localhost" not in text and "works once" in text
    token = _reset_token(text)
    assert app.test_client().get(f"/reset-password?token={token}").status_code == 200
    assert [e.detail["emailed"] for e in _actions(db_session, "user.reset_link_issued")] \
        == [True]


def test_the_command_line_prints_a_reset_link_without_email(command_line, app, editor,
                                                            monkeypatch):
    monkeypatch.setenv("SURVEYBUILDER_PUBLIC_URL", "https://haveyoursay.example.gov.uk")
    result = command_line("users", "reset-link", editor.email)
    assert "E-mail is not set up" in result.output
    assert "https://haveyoursay.example.gov.uk/reset-password?token=" in result.output
    token = _reset_token(result.output)
    assert app.test_client().get(f"/reset-password?token={token}").status_code == 200


def test_the_command_line_emails_a_reset_link_when_smtp_is_set(command_line, editor,
                                                               smtp_server, monkeypatch):
    inbox, port = smtp_server
    for name, value in {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(port),
                        "SMTP_STARTTLS": "false", "SMTP_FROM": "consult@example.gov.uk",
                        "PUBLIC_URL": "https://haveyoursay.example.gov.uk"}.items():
        monkeypatch.setenv(f"SURVEYBUILDER_{name}", value)
    result = command_line("users", "reset-link", editor.email)
    assert "E-mailed" in result.output and "token=" not in result.output
    (recipients, raw), = inbox.messages
    assert recipients == [editor.email]
    assert b"https://haveyoursay.example.gov.uk/reset-password?token=" in raw


def test_sessions_ended_are_kept_hashed(editor_client, db_session):
    assert all(len(row.id_hash) == 64 for row in db_session.exec(select(StaffSession)))
