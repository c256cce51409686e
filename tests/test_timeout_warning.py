"""The warning before the staff idle time-out (WCAG 2.2.1): what staff pages carry for
the script, and the "Stay signed in" endpoint it posts to. The dialog itself is tested
in a real browser in test_timeout_warning_browser.py."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from conftest import sign_in
from sqlmodel import select

from surveybuilder.config import SETTINGS, ConfigError, load_settings
from surveybuilder.models import StaffSession, as_utc, utcnow

STAY = "/staff/stay-signed-in"


def _row(db_session) -> StaffSession:
    db_session.expire_all()
    return db_session.exec(select(StaffSession)).one()


def _age(db_session, seconds: float) -> None:
    row = _row(db_session)
    row.last_seen_at = utcnow() - timedelta(seconds=seconds)
    db_session.add(row)
    db_session.commit()


def _attribute(html: str, name: str) -> str:
    match = re.search(rf'{name}="([^"]*)"', html)
    assert match, f"{name} is not on the page"
    return match.group(1)


def _token(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def test_staff_pages_carry_the_time_left_the_warning_and_where_to_ask(app, client, editor,
                                                                      db_session):
    app.config["STAFF_IDLE_MINUTES"] = 30
    app.config["STAFF_TIMEOUT_WARNING_MINUTES"] = 2
    sign_in(client, editor.email)
    _age(db_session, 40)  # used 40 s ago: not written again (at most once a minute)
    html = client.get("/staff/").get_data(as_text=True)
    assert "<dialog" in html and "data-staff-timeout" in html
    assert int(_attribute(html, "data-idle-seconds")) == 30 * 60
    assert int(_attribute(html, "data-warning-seconds")) == 120
    # Counted from when the server last noted the session, as its time-out is.
    assert 30 * 60 - 42 <= int(_attribute(html, "data-seconds-left")) <= 30 * 60 - 40
    assert _attribute(html, "data-stay-url") == STAY
    assert _attribute(html, "data-sign-in-url") == "/sign-in"


def test_a_warning_longer_than_the_time_out_is_cut_to_it(app, client, editor):
    app.config["STAFF_IDLE_MINUTES"] = 1
    app.config["STAFF_TIMEOUT_WARNING_MINUTES"] = 2
    sign_in(client, editor.email)
    html = client.get("/staff/").get_data(as_text=True)
    assert int(_attribute(html, "data-warning-seconds")) == 60


def test_pages_for_residents_and_the_sign_in_page_have_no_warning(client, editor):
    for path in ("/", "/privacy", "/sign-in"):
        assert "data-staff-timeout" not in client.get(path).get_data(as_text=True), path
    sign_in(client, editor.email)
    # Residents have no session to lose, even when a signed-in officer looks.
    for path in ("/", "/privacy"):
        assert "data-staff-timeout" not in client.get(path).get_data(as_text=True), path


def test_staying_signed_in_writes_last_seen_even_within_the_minute(app, client, editor,
                                                                   db_session):
    sign_in(client, editor.email)
    app.config["WTF_CSRF_ENABLED"] = True
    token = _token(client.get("/staff/").get_data(as_text=True))
    _age(db_session, 40)
    before = as_utc(_row(db_session).last_seen_at)
    response = client.post(STAY, headers={"X-CSRFToken": token})
    assert response.status_code == 204 and response.get_data() == b""
    after = as_utc(_row(db_session).last_seen_at)
    assert after - before >= timedelta(seconds=39)
    assert utcnow() - after < timedelta(seconds=5)


def test_the_endpoint_refuses_a_post_without_the_csrf_token(app, client, editor, db_session):
    sign_in(client, editor.email)
    app.config["WTF_CSRF_ENABLED"] = True
    _age(db_session, 40)
    before = _row(db_session).last_seen_at
    assert client.post(STAY).status_code == 400
    assert client.post(STAY, headers={"X-CSRFToken": "forged"}).status_code == 400
    assert _row(db_session).last_seen_at == before


def test_the_endpoint_says_when_the_session_has_already_ended(app, client, editor,
                                                              db_session):
    sign_in(client, editor.email)
    app.config["WTF_CSRF_ENABLED"] = True
    token = _token(client.get("/staff/").get_data(as_text=True))
    _age(db_session, 31 * 60)
    response = client.post(STAY, headers={"X-CSRFToken": token})
    assert response.status_code == 401
    assert "signed out" in response.get_data(as_text=True)
    assert _row(db_session).ended_reason == "idle"
    # The sign-in page, where the script's link goes, says why.
    page = client.get("/sign-in").get_data(as_text=True)
    assert "had not used the service for a while" in page


def test_the_endpoint_refuses_someone_never_signed_in(client):
    assert client.post(STAY).status_code == 401


def test_the_endpoint_takes_only_post(client, editor):
    sign_in(client, editor.email)
    assert client.get(STAY).status_code == 405


def test_the_warning_is_a_documented_setting_with_a_safe_range():
    setting = next(s for s in SETTINGS if s.name == "STAFF_TIMEOUT_WARNING_MINUTES")
    assert setting.default == 2
    assert load_settings({"SURVEYBUILDER_STAFF_TIMEOUT_WARNING_MINUTES": "1.5"},
                         )["STAFF_TIMEOUT_WARNING_MINUTES"] == 1.5
    for too_short_or_long in ("0.2", "0", "11"):
        with pytest.raises(ConfigError, match="0.5 to 10"):
            load_settings({"SURVEYBUILDER_STAFF_TIMEOUT_WARNING_MINUTES": too_short_or_long})
    assert load_settings({"SURVEYBUILDER_STAFF_IDLE_MINUTES": "0.25"}
                         )["STAFF_IDLE_MINUTES"] == 0.25


def test_asking_how_long_is_left_does_not_keep_the_session_alive(app, client, editor,
                                                                 db_session):
    sign_in(client, editor.email)
    _age(db_session, 90)  # past the once-a-minute write of last_seen_at
    before = _row(db_session).last_seen_at
    response = client.get("/staff/time-left")
    assert response.status_code == 200
    idle = app.config["STAFF_IDLE_MINUTES"] * 60
    assert idle - 92 <= response.get_json()["seconds_left"] <= idle - 89
    assert _row(db_session).last_seen_at == before
    client.get("/staff/")  # a page really used moves it, so the line above can fail
    assert _row(db_session).last_seen_at > before


def test_asking_how_long_is_left_without_a_session_says_so(client):
    assert client.get("/staff/time-left").status_code == 401
