"""Sign-in throttling slows attackers without locking out the right person (issue 17):
failures count per account and address, per address with a limit high enough for a
shared council network, and per account from anywhere only to slow it down."""

from __future__ import annotations

from datetime import timedelta

from click.testing import CliRunner
from conftest import PASSWORD
from sqlalchemy import update
from sqlmodel import select

from surveybuilder.cli import main
from surveybuilder.models import SignInAttempt, ThrottleSalt, as_utc, utcnow
from surveybuilder.staff.signin import forget_account_failures


def attempt(client, email: str, address: str, password: str = PASSWORD):
    return client.post("/sign-in", data={"email": email, "password": password},
                       environ_base={"REMOTE_ADDR": address})


def fail(client, email: str, address: str) -> None:
    response = attempt(client, email, address, "wrong password")
    assert response.status_code in (200, 429)


def addresses(count: int, network: str = "198.51.100") -> list[str]:
    return [f"{network}.{n}" for n in range(1, count + 1)]


def move_attempts_back(db_session, seconds: int) -> None:
    """As if the attempts so far were made `seconds` earlier."""
    for kept in db_session.exec(select(SignInAttempt)).all():
        kept.at = as_utc(kept.at) - timedelta(seconds=seconds)
        db_session.add(kept)
    db_session.commit()


def test_ten_failures_spread_over_twelve_addresses_leave_the_right_person_in(client,
                                                                              editor):
    spread = addresses(12)
    for n in range(10):
        fail(client, editor.email, spread[n % 12])
    assert attempt(client, editor.email, "203.0.113.5").status_code == 302


def test_a_guessing_crowd_only_slows_the_account_and_the_right_person_gets_in(
        client, app, editor, db_session):
    """Ten failures from each of twelve addresses: each of those addresses is refused
    for this account, the account is slowed (not locked), and the right person from a
    new address gets in once the short wait has passed."""
    for address in addresses(12):
        for _ in range(10):
            fail(client, editor.email, address)
    refused = attempt(client, editor.email, "198.51.100.1")
    assert refused.status_code == 429 and "wait 15 minutes" in refused.get_data(as_text=True)
    slowed = attempt(client, editor.email, "203.0.113.5")
    assert slowed.status_code == 429
    assert "seconds and try again" in slowed.get_data(as_text=True)
    move_attempts_back(db_session, app.config["SIGNIN_ACCOUNT_SLOW_SECONDS"])
    assert attempt(client, editor.email, "203.0.113.5").status_code == 302


def test_a_slowed_account_gives_a_guesser_one_try_a_minute(client, app, editor, db_session):
    app.config["SIGNIN_ACCOUNT_MAX_FAILURES"] = 5
    for address in addresses(5):
        fail(client, editor.email, address)
    assert attempt(client, editor.email, "198.51.100.77", "guess").status_code == 429
    move_attempts_back(db_session, 61)
    assert attempt(client, editor.email, "198.51.100.78", "guess").status_code == 200
    assert attempt(client, editor.email, "198.51.100.79", "guess").status_code == 429


def test_refused_tries_do_not_keep_a_slowed_account_slow(client, app, editor, db_session):
    """Someone refused for this account keeps trying: that must not stop the right
    person, elsewhere, once the slow interval has passed."""
    for _ in range(10):
        fail(client, editor.email, "198.51.100.9")
    app.config["SIGNIN_ACCOUNT_MAX_FAILURES"] = 5
    move_attempts_back(db_session, 61)
    for _ in range(5):
        assert attempt(client, editor.email, "198.51.100.9", "guess").status_code == 429
    assert attempt(client, editor.email, "203.0.113.5").status_code == 302


def test_ten_failures_from_a_shared_address_do_not_lock_its_other_people_out(
        client, organisation, make_user):
    """A day centre or council office: many people behind one address."""
    office = "192.0.2.10"
    colleagues = [make_user(organisation, f"staff{n}@example.gov.uk") for n in range(3)]
    for _ in range(10):
        fail(client, colleagues[0].email, office)
    for n in range(10):
        fail(client, f"mistyped{n}@example.gov.uk", office)
    assert attempt(client, colleagues[0].email, office).status_code == 429
    for colleague in colleagues[1:]:
        assert attempt(client, colleague.email, office).status_code == 302


def test_an_address_is_refused_past_its_own_high_limit(client, app, editor):
    app.config["SIGNIN_ADDRESS_MAX_FAILURES"] = 12
    for n in range(12):
        fail(client, f"nobody{n}@example.gov.uk", "192.0.2.99")
    assert attempt(client, editor.email, "192.0.2.99").status_code == 429
    assert attempt(client, editor.email, "192.0.2.100").status_code == 302


def test_a_passed_second_factor_starts_the_account_count_again(client, app, editor,
                                                                db_session):
    app.config["SIGNIN_ACCOUNT_MAX_FAILURES"] = 5
    for address in addresses(5):
        fail(client, editor.email, address)
    assert attempt(client, editor.email, "203.0.113.5").status_code == 429
    forgotten = forget_account_failures(db_session, app.config["SECRET_KEY"],
                                        editor.email.upper())
    db_session.commit()
    assert forgotten == 5
    assert attempt(client, editor.email, "203.0.113.5").status_code == 302


def test_an_ipv6_address_counts_as_its_whole_network(client, editor):
    """A phone or home picks any address inside its /64: hopping is no escape."""
    for n in range(10):
        fail(client, editor.email, f"2001:db8:1:2::{n + 1:x}")
    assert attempt(client, editor.email, "2001:db8:1:2::ffff").status_code == 429
    assert attempt(client, editor.email, "2001:db8:1:3::1").status_code == 302


def test_attempts_keep_no_address_or_email_and_forget_the_address_hash(
        client, app, editor, db_session, database_url, monkeypatch):
    fail(client, editor.email, "198.51.100.200")
    kept = db_session.exec(select(SignInAttempt)).one()
    assert editor.email not in kept.model_dump_json() and "198.51.100" not in \
        kept.model_dump_json()
    assert kept.address_key
    move_attempts_back(db_session, app.config["SIGNIN_WINDOW_MINUTES"] * 60 + 1)
    db_session.exec(update(ThrottleSalt).values(made_at=utcnow() - timedelta(days=1)))
    db_session.commit()
    monkeypatch.setenv("SURVEYBUILDER_DATABASE_URL", database_url)
    result = CliRunner().invoke(main, ["tidy"])
    assert result.exit_code == 0, result.output
    db_session.expire_all()
    assert db_session.exec(select(SignInAttempt)).one().address_key is None
    assert db_session.exec(select(ThrottleSalt)).all() == []
