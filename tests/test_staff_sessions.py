"""Staff sessions live on the server (issue 17 item 2): signing out ends every copy of
the cookie, and the idle and absolute time-outs end a session with a plain message."""

from __future__ import annotations

from datetime import timedelta

import test_cli
from conftest import sign_in
from sqlmodel import select

from surveybuilder.models import StaffSession, utcnow

command_line = test_cli.run  # a fixture: runs surveybuilder's commands in-process


def _cookie(client) -> str:
    return client.get_cookie("session").value


def test_a_copied_cookie_stops_working_when_its_owner_signs_out(app, client, editor):
    sign_in(client, editor.email)
    copied = _cookie(client)
    thief = app.test_client()
    thief.set_cookie("session", copied)
    assert thief.get("/staff/").status_code == 200
    client.post("/sign-out")
    response = thief.get("/staff/")
    assert response.status_code == 302 and "/sign-in" in response.headers["Location"]


def test_the_cookie_holds_only_a_random_id_and_the_table_only_its_hash(
        client, editor, db_session):
    from flask.sessions import SecureCookieSessionInterface

    sign_in(client, editor.email)
    serializer = SecureCookieSessionInterface().get_signing_serializer(client.application)
    contents = serializer.loads(_cookie(client))
    assert set(contents) - {"_permanent"} == {"staff_session"}
    stored = db_session.exec(select(StaffSession)).one()
    assert stored.user_id == editor.id and stored.ended_at is None
    assert contents["staff_session"] not in stored.id_hash
    assert len(contents["staff_session"]) >= 40  # 32 random bytes


def _age(db_session, **changes) -> None:
    row = db_session.exec(select(StaffSession)).one()
    for name, value in changes.items():
        setattr(row, name, value)
    db_session.add(row)
    db_session.commit()


def test_a_session_unused_past_the_idle_time_out_ends_with_a_message(client, editor,
                                                                     db_session):
    sign_in(client, editor.email)
    _age(db_session, last_seen_at=utcnow() - timedelta(minutes=31))
    response = client.get("/staff/", follow_redirects=True)
    assert "had not used the service for a while" in response.get_data(as_text=True)
    row = db_session.exec(select(StaffSession)).one()
    db_session.refresh(row)
    assert row.ended_reason == "idle"
    assert client.get("/staff/").status_code == 302  # still ended, no second message


def test_the_idle_time_out_is_a_setting(app, client, editor, db_session):
    app.config["STAFF_IDLE_MINUTES"] = 120
    sign_in(client, editor.email)
    _age(db_session, last_seen_at=utcnow() - timedelta(minutes=90))
    assert client.get("/staff/").status_code == 200


def test_a_busy_session_still_ends_after_session_hours(client, editor, db_session):
    sign_in(client, editor.email)
    _age(db_session, created_at=utcnow() - timedelta(hours=8, minutes=1))
    response = client.get("/staff/", follow_redirects=True)
    assert "you signed in a long time ago" in response.get_data(as_text=True)


def test_last_seen_is_written_at_most_once_a_minute(client, editor, db_session):
    sign_in(client, editor.email)
    first = db_session.exec(select(StaffSession)).one().last_seen_at
    client.get("/staff/")
    db_session.expire_all()
    assert db_session.exec(select(StaffSession)).one().last_seen_at == first
    _age(db_session, last_seen_at=utcnow() - timedelta(minutes=2))
    client.get("/staff/")
    db_session.expire_all()
    later = db_session.exec(select(StaffSession)).one().last_seen_at
    assert utcnow() - later.replace(tzinfo=utcnow().tzinfo) < timedelta(seconds=30)


def test_tidy_deletes_sessions_and_reset_links_ended_long_ago(command_line, editor,
                                                              db_session):
    from surveybuilder.models import PasswordReset

    long_ago = utcnow() - timedelta(days=31)
    db_session.add(StaffSession(id_hash="a" * 64, user_id=editor.id, created_at=long_ago,
                                last_seen_at=long_ago, ended_at=long_ago,
                                ended_reason="signed out"))
    db_session.add(StaffSession(id_hash="b" * 64, user_id=editor.id))
    db_session.add(PasswordReset(token_hash="c" * 64, user_id=editor.id,
                                 created_at=long_ago, expires_at=long_ago))
    db_session.add(PasswordReset(token_hash="d" * 64, user_id=editor.id,
                                 expires_at=utcnow() + timedelta(minutes=60)))
    db_session.commit()
    output = command_line("tidy").output
    assert "Deleted 1 staff sessions and 1 password reset links" in output
    db_session.expire_all()
    assert [row.id_hash[0] for row in db_session.exec(select(StaffSession))] == ["b"]
    assert [row.token_hash[0] for row in db_session.exec(select(PasswordReset))] == ["d"]
