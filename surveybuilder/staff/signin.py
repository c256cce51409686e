"""Signing in, with throttling that slows attackers without locking out the right person.

Failures are kept in the database (so throttling survives restarts and works across
workers) and counted three ways:

- per account *and* address: SIGNIN_MAX_FAILURES within SIGNIN_WINDOW_MINUTES, then
  that address is refused for that account until the window has passed. Someone
  guessing from one place stops there; the right person elsewhere is not affected.
- per address: SIGNIN_ADDRESS_MAX_FAILURES (high: a council office or day centre has
  many people behind one address) within the same window, then that address is refused.
- per account from anywhere: past SIGNIN_ACCOUNT_MAX_FAILURES within
  SIGNIN_ACCOUNT_WINDOW_MINUTES the account is only *slowed* to one try each
  SIGNIN_ACCOUNT_SLOW_SECONDS, never locked: guessing from thousands of addresses gets
  one try a minute between them, and the right person is asked to wait that minute at
  most. Refused tries are not recorded, so being refused keeps nobody else out. A
  successful second factor proves the person and starts that count again
  (`forget_account_failures`).

Neither the address nor the e-mail typed is stored: each attempt keeps a keyed hash of
the e-mail (someone who types their password into the e-mail box leaves no password
behind) and a hash of the address with a salt that is deleted after two windows
(surveybuilder/addresses.py); the address hash is emptied once its window has passed.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, update
from sqlmodel import Session, select

from surveybuilder.addresses import AddressKeys, Requester, keys_for
from surveybuilder.models import SignInAttempt, User, as_utc, utcnow
from surveybuilder.staff.accounts import normalise_email, password_matches, user_by_email

SALT_KIND = "signin"


@dataclass(frozen=True)
class Throttle:
    """The limits, from the settings of the same names (surveybuilder/config.py)."""

    max_failures: int
    window_minutes: int
    address_max_failures: int
    account_max_failures: int
    account_window_minutes: int
    account_slow_seconds: int

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> Throttle:
        return cls(settings["SIGNIN_MAX_FAILURES"], settings["SIGNIN_WINDOW_MINUTES"],
                   settings["SIGNIN_ADDRESS_MAX_FAILURES"],
                   settings["SIGNIN_ACCOUNT_MAX_FAILURES"],
                   settings["SIGNIN_ACCOUNT_WINDOW_MINUTES"],
                   settings["SIGNIN_ACCOUNT_SLOW_SECONDS"])


@dataclass(frozen=True)
class SignInResult:
    user: User | None
    throttled: bool = False
    retry_seconds: int = 0

    @property
    def wait(self) -> str:
        """How long to wait, in words: '15 minutes', '1 minute', '30 seconds'."""
        if self.retry_seconds < 60:
            return f"{self.retry_seconds} seconds"
        minutes = -(-self.retry_seconds // 60)
        return "1 minute" if minutes == 1 else f"{minutes} minutes"


@dataclass(frozen=True)
class _Attempt:
    """One attempt's hashed account and address, and the moments its windows start."""

    account: str
    address: AddressKeys
    since: datetime
    account_since: datetime


def sign_in(session: Session, email: str, password: str, requester: Requester,
            throttle: Throttle) -> SignInResult:
    """Check the details and record the attempt; the caller commits."""
    attempt = _attempt(session, requester, email, throttle)
    if _refused_here(session, attempt, throttle):
        # Not recorded: a refused try checks no password, and counting it would let
        # someone refused keep an account slowed for everyone else.
        return SignInResult(user=None, throttled=True,
                            retry_seconds=throttle.window_minutes * 60)
    slowed = _slowed_for(session, attempt, throttle)
    if slowed:
        return SignInResult(user=None, throttled=True, retry_seconds=slowed)
    user = user_by_email(session, normalise_email(email))
    ok = password_matches(user, password) and user is not None and user.active
    _record(session, attempt, succeeded=ok)
    return SignInResult(user=user if ok else None)


def forget_account_failures(session: Session, secret: str, email: str) -> int:
    """Start the account's failure count again: call it when the person has passed a
    second factor, which proves it is them, so an attacker's failures from elsewhere
    no longer slow them. Returns how many failures were forgotten; the caller commits."""
    account = account_key(secret, email)
    return session.exec(delete(SignInAttempt).where(  # type: ignore[call-overload]
        SignInAttempt.account_key == account, SignInAttempt.succeeded.is_(False))).rowcount


def forget_old_attempts(session: Session, window_minutes: int, keep_days: int) -> int:
    """For `surveybuilder tidy`: attempts older than the window lose their address hash,
    and attempts older than `keep_days` go. Returns how many went; the caller commits."""
    _forget_addresses(session, utcnow() - timedelta(minutes=window_minutes))
    return session.exec(delete(SignInAttempt).where(  # type: ignore[call-overload]
        SignInAttempt.at < utcnow() - timedelta(days=keep_days))).rowcount


def account_key(secret: str, email: str) -> str:
    """The keyed hash an attempt keeps instead of the e-mail typed."""
    message = f"signin-account\0{normalise_email(email)}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()[:32]


def _attempt(session: Session, requester: Requester, email: str,
             throttle: Throttle) -> _Attempt:
    now = utcnow()
    since = now - timedelta(minutes=throttle.window_minutes)
    _forget_addresses(session, since)
    return _Attempt(account=account_key(requester.secret, email),
                    address=keys_for(session, requester, SALT_KIND, throttle.window_minutes),
                    since=since,
                    account_since=now - timedelta(minutes=throttle.account_window_minutes))


def _forget_addresses(session: Session, since: datetime) -> None:
    """Attempts older than the window keep no address hash at all."""
    session.exec(update(SignInAttempt)  # type: ignore[call-overload]
                 .where(SignInAttempt.at < since,
                        SignInAttempt.address_key.is_not(None))  # type: ignore[union-attr]
                 .values(address_key=None))


def _refused_here(session: Session, attempt: _Attempt, throttle: Throttle) -> bool:
    """Too many recent failures for this account from this address, or from this
    address altogether."""
    here = SignInAttempt.address_key.in_(attempt.address.live)  # type: ignore[union-attr]
    pair = _failures(session, attempt.since, here, SignInAttempt.account_key == attempt.account)
    if pair >= throttle.max_failures:
        return True
    return 0 < throttle.address_max_failures <= _failures(session, attempt.since, here)


def _slowed_for(session: Session, attempt: _Attempt, throttle: Throttle) -> int:
    """Seconds to wait before this account may be tried again, or 0: only once it has
    had many failures from anywhere, and then only until the slow interval has passed
    since its last try."""
    if throttle.account_max_failures <= 0:
        return 0
    mine = SignInAttempt.account_key == attempt.account
    if _failures(session, attempt.account_since, mine) < throttle.account_max_failures:
        return 0
    last = session.exec(select(func.max(SignInAttempt.at)).where(mine)).one()
    if last is None:
        return 0
    waited = (utcnow() - as_utc(last)).total_seconds()
    return max(0, int(throttle.account_slow_seconds - waited))


def _failures(session: Session, since: datetime, *conditions: Any) -> int:
    query = select(func.count()).select_from(SignInAttempt).where(
        SignInAttempt.at >= since, SignInAttempt.succeeded.is_(False), *conditions)
    return session.exec(query).one()


def _record(session: Session, attempt: _Attempt, succeeded: bool) -> None:
    session.add(SignInAttempt(account_key=attempt.account, address_key=attempt.address.current,
                              succeeded=succeeded))
