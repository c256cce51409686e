"""A second factor for staff (issue 17 item 2): a code from an authenticator app after
the password (RFC 6238, codes worked out here from the stored secret as a phone would),
one-use recovery codes kept only as hashes, no code accepted twice, guessing stopped,
and an organisation's admin able to make every member set one up."""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime, timedelta

import pyotp
import pytest
from conftest import sign_in
from sqlmodel import select
from support.authenticator import enrol, sealing_key, stored_secret

from surveybuilder.models import AuditEvent, RecoveryCode, Role, SecondFactor
from surveybuilder.staff import second_factor


@pytest.fixture
def enrolled(app, db_session, editor) -> tuple[str, list[str]]:
    """The editor with an authenticator app set up: its secret and recovery codes."""
    return enrol(app, db_session, editor)


def _signed_in(client) -> bool:
    return client.get("/staff/").status_code == 200


def _code_at(secret: str, when: datetime) -> str:
    return pyotp.TOTP(secret).at(when)


def test_the_password_alone_does_not_sign_in_someone_with_an_app(client, editor, enrolled):
    secret, _ = enrolled
    response = sign_in(client, editor.email)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/sign-in/code")
    assert not _signed_in(client)

    page = client.get("/sign-in/code").get_data(as_text=True)
    assert "Enter the code from your authenticator app" in page
    # The code is for the next step (the one after the code used to enrol).
    later = datetime.now(UTC) + timedelta(seconds=30)
    assert client.post("/sign-in/code", data={"code": _code_at(secret, later)}
                       ).status_code == 302
    assert _signed_in(client)


def test_a_passed_code_clears_the_accounts_failures_from_elsewhere(app, client, db_session,
                                                                    editor, enrolled):
    """Someone else's wrong passwords slow the account; the person's own code proves it
    is them, so they are no longer slowed (staff.signin.forget_account_failures)."""
    from surveybuilder.models import SignInAttempt
    from surveybuilder.staff.signin import account_key

    secret, _ = enrolled
    for _ in range(3):
        sign_in(client, editor.email, password="not the password at all")
    key = account_key(app.config["SECRET_KEY"], editor.email)
    failed = select(SignInAttempt).where(SignInAttempt.account_key == key,
                                         SignInAttempt.succeeded.is_(False))
    assert len(db_session.exec(failed).all()) == 3
    sign_in(client, editor.email)
    client.post("/sign-in/code", data={"code": _code_at(secret, datetime.now(UTC)
                                                        + timedelta(seconds=30))})
    assert _signed_in(client)
    db_session.expire_all()
    assert db_session.exec(failed).all() == []


def test_a_wrong_code_says_what_to_do_and_keeps_what_was_typed(client, editor, enrolled):
    sign_in(client, editor.email)
    response = client.post("/sign-in/code", data={"code": "000 000"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "The code is not right" in page
    assert 'value="000 000"' in page
    assert "govuk-error-summary" in page
    assert not _signed_in(client)
    empty = client.post("/sign-in/code", data={"code": ""}).get_data(as_text=True)
    assert "Enter the 6-digit code from your authenticator app" in empty


def test_a_code_is_never_accepted_twice(client, editor, enrolled):
    secret, _ = enrolled
    code = _code_at(secret, datetime.now(UTC) + timedelta(seconds=30))
    sign_in(client, editor.email)
    assert client.post("/sign-in/code", data={"code": code}).status_code == 302
    client.post("/sign-out")
    assert not _signed_in(client)

    sign_in(client, editor.email)
    replay = client.post("/sign-in/code", data={"code": code})
    assert "The code is not right" in replay.get_data(as_text=True)
    assert not _signed_in(client)


def test_steps_near_now_are_accepted_and_far_ones_are_not(app, db_session, editor,
                                                          enrolled):
    secret, _ = enrolled
    factor = second_factor.factor_of(db_session, editor)
    factor.last_step = None
    now = datetime.now(UTC) + timedelta(minutes=5)

    def check(when: datetime) -> bool:
        return second_factor.verify(db_session, editor, _code_at(secret, when),
                                    sealing_key(app), 5, 15, now=now).accepted

    assert not check(now + timedelta(seconds=70))
    assert not check(now - timedelta(seconds=70))
    assert check(now)
    # The step before is near enough, but older than the one just used.
    assert not check(now - timedelta(seconds=30))


def test_guessing_codes_is_stopped_even_for_the_right_code(app, client, editor, enrolled):
    secret, _ = enrolled
    app.config["SECOND_FACTOR_MAX_FAILURES"] = 3
    sign_in(client, editor.email)
    for guess in ("111111", "222222", "333333"):
        assert client.post("/sign-in/code", data={"code": guess}).status_code == 200
    locked = client.post("/sign-in/code",
                         data={"code": _code_at(secret, datetime.now(UTC)
                                                + timedelta(seconds=30))})
    assert locked.status_code == 429
    assert "Too many wrong codes" in locked.get_data(as_text=True)
    assert not _signed_in(client)


def test_a_recovery_code_works_once_and_only_its_hash_is_kept(client, db_session, editor,
                                                              enrolled):
    _, codes = enrolled
    assert len(codes) == len(set(codes)) == 10
    stored = db_session.exec(select(RecoveryCode.code_hash)).all()
    assert codes[0] not in stored
    assert hashlib.sha256(codes[0].encode()).hexdigest() in stored

    sign_in(client, editor.email)
    typed = codes[0].upper().replace("-", " ")  # as someone might copy it
    response = client.post("/sign-in/code", data={"code": typed})
    assert response.status_code == 302
    assert "9 are left" in client.get("/staff/").get_data(as_text=True)
    client.post("/sign-out")

    sign_in(client, editor.email)
    again = client.post("/sign-in/code", data={"code": codes[0]})
    assert "The code is not right" in again.get_data(as_text=True)
    assert not _signed_in(client)


def test_setting_up_an_app_from_your_own_page(app, editor_client, db_session, editor):
    page = editor_client.get("/staff/account/second-factor/set-up").get_data(as_text=True)
    assert 'src="data:image/svg+xml' in page
    secret = stored_secret(app, db_session, editor)
    shown = re.search(r'<code id="secret-key">([A-Z2-7 ]+)</code>', page).group(1)
    assert shown.replace(" ", "") == secret

    wrong = editor_client.post("/staff/account/second-factor/set-up", data={"code": "123"})
    assert "The code is not right" in wrong.get_data(as_text=True)
    assert not second_factor.is_enrolled(db_session, editor)

    done = editor_client.post("/staff/account/second-factor/set-up",
                              data={"code": pyotp.TOTP(secret).now()})
    codes = re.findall(r"<li><code>([a-z0-9-]+)</code></li>", done.get_data(as_text=True))
    assert len(codes) == 10
    assert done.headers["Cache-Control"] == "no-store"  # never kept by a browser or proxy
    db_session.expire_all()
    assert second_factor.is_enrolled(db_session, editor)
    assert "10 unused recovery codes" in editor_client.get(
        "/staff/account/second-factor").get_data(as_text=True)


def test_an_organisation_can_require_everyone_to_set_one_up(app, client, db_session,
                                                            make_user, organisation, editor):
    admin = make_user(organisation, "admin@example.gov.uk", Role.ADMIN, "Ada Admin")
    sign_in(client, admin.email)
    assert client.post("/staff/organisation/second-factor",
                       data={"required": "maybe"}).status_code == 200
    client.post("/staff/organisation/second-factor", data={"required": "yes"})
    assert second_factor.is_required(db_session, organisation)
    assert db_session.exec(select(AuditEvent).where(
        AuditEvent.action == "organisation.second_factor_required")).first() is not None
    client.post("/sign-out")

    response = sign_in(client, editor.email)
    assert response.headers["Location"].startswith("/sign-in/set-up")
    assert not _signed_in(client)
    page = client.get("/sign-in/set-up").get_data(as_text=True)
    assert "Your organisation asks everyone" in page
    secret = stored_secret(app, db_session, editor)
    codes_page = client.post("/sign-in/set-up", data={"code": pyotp.TOTP(secret).now()})
    assert "Your recovery codes" in codes_page.get_data(as_text=True)
    assert not _signed_in(client)  # not until they say they have kept the codes
    assert client.post("/sign-in/finish").status_code == 302
    assert _signed_in(client)
    remove = client.post("/staff/account/second-factor/remove")
    assert remove.status_code == 302
    assert second_factor.is_enrolled(db_session, editor)  # required: cannot be removed


def test_the_step_after_the_password_runs_out(app, client, editor, enrolled):
    app.config["SECOND_FACTOR_WAIT_MINUTES"] = -1
    sign_in(client, editor.email)
    response = client.get("/sign-in/code")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/sign-in")
    assert client.post("/sign-in/finish").status_code == 302
    assert not _signed_in(client)


def test_someone_without_an_app_is_signed_in_with_the_password(client, editor):
    assert sign_in(client, editor.email).headers["Location"] == "/staff/"
    assert _signed_in(client)


def test_an_admin_removes_the_second_factor_of_someone_who_lost_their_phone(
        app, client, db_session, make_user, make_org, organisation, editor, enrolled):
    admin = make_user(organisation, "admin@example.gov.uk", Role.ADMIN, "Ada Admin")
    elsewhere = make_user(make_org("dudley", "Dudley Council"), "d@dudley.gov.uk")
    enrol(app, db_session, elsewhere)
    sign_in(client, admin.email)
    page = client.get("/staff/organisation/second-factor").get_data(as_text=True)
    assert editor.email in page and elsewhere.email not in page
    assert client.post(f"/staff/organisation/second-factor/{elsewhere.id}/remove"
                       ).status_code == 404
    client.post(f"/staff/organisation/second-factor/{editor.id}/remove")
    db_session.expire_all()
    assert not second_factor.is_enrolled(db_session, editor)
    assert second_factor.is_enrolled(db_session, elsewhere)
    assert db_session.exec(select(RecoveryCode).where(RecoveryCode.user_id == editor.id)
                           ).all() == []
    client.post("/sign-out")
    assert sign_in(client, editor.email).headers["Location"] == "/staff/"


def test_the_secret_is_sealed_and_a_new_secret_key_means_setting_up_again(
        app, client, db_session, editor, enrolled):
    """A copy of the database alone gives nobody codes; after SECRET_KEY changes, the
    sealed secret no longer opens and the person sets up their app again."""
    secret, _ = enrolled
    stored = db_session.exec(select(SecondFactor.secret)).one()
    assert secret not in stored
    assert stored_secret(app, db_session, editor) == secret

    app.config["SECRET_KEY"] = "a new secret key"
    response = sign_in(client, editor.email)
    assert response.headers["Location"].startswith("/sign-in/set-up")
    assert not _signed_in(client)
    client.get("/sign-in/set-up")
    db_session.expire_all()
    assert stored_secret(app, db_session, editor) not in (None, secret)


def test_the_command_line_removes_a_second_factor(app, db_session, database_url, editor,
                                                  enrolled, monkeypatch):
    from click.testing import CliRunner

    from surveybuilder.cli import main

    monkeypatch.setenv("SURVEYBUILDER_DATABASE_URL", database_url)
    result = CliRunner().invoke(main, ["users", "remove-second-factor", editor.email])
    assert result.exit_code == 0, result.output
    db_session.expire_all()
    assert second_factor.factor_of(db_session, editor) is None
    again = CliRunner().invoke(main, ["users", "remove-second-factor", editor.email])
    assert again.exit_code == 1
    assert f"{editor.email} has no second factor" in again.output
