"""Signing in, with throttling kept in the database so it survives restarts.

After SIGNIN_MAX_FAILURES failures within SIGNIN_WINDOW_MINUTES, for one account or
from one address, further attempts are refused with a clear message, even with the
right password, until the window has passed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func
from sqlmodel import Session, select

from surveybuilder.models import SignInAttempt, User, utcnow
from surveybuilder.staff.accounts import normalise_email, password_matches, user_by_email


@dataclass(frozen=True)
class SignInResult:
    user: User | None
    throttled: bool = False
    retry_minutes: int = 0


def sign_in(session: Session, email: str, password: str, address: str,
            max_failures: int, window_minutes: int) -> SignInResult:
    """Check the details and record the attempt; the caller commits."""
    email = normalise_email(email)
    since = utcnow() - timedelta(minutes=window_minutes)
    if _recent_failures(session, email, address, since) >= max_failures:
        session.add(SignInAttempt(email=email, address=address, succeeded=False))
        return SignInResult(user=None, throttled=True, retry_minutes=window_minutes)
    user = user_by_email(session, email)
    ok = password_matches(user, password) and user is not None and user.active
    session.add(SignInAttempt(email=email, address=address, succeeded=ok))
    return SignInResult(user=user if ok else None)


def _recent_failures(session: Session, email: str, address: str, since: datetime) -> int:
    """The larger of the account's and the address's recent failures."""
    def failures(condition) -> int:
        query = select(func.count()).select_from(SignInAttempt).where(
            SignInAttempt.at >= since, SignInAttempt.succeeded.is_(False), condition)
        return session.exec(query).one()

    return max(failures(SignInAttempt.email == email), failures(SignInAttempt.address == address))
