"""A staff account's life after it is made: switched off when someone leaves (and
back on), its password changed by its owner, or reset through a one-use link an admin
issues. Each ends the sessions it must at once (surveybuilder/staff/sessions.py).

Callers record the audit event and commit: the web pages and the command line each
say who did it.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from sqlalchemy import delete, func, or_
from sqlmodel import Session, select

from surveybuilder.mail import SmtpSettings, plain_message, send
from surveybuilder.models import (
    Membership,
    Organisation,
    PasswordReset,
    Role,
    StaffSession,
    User,
    as_utc,
    utcnow,
)
from surveybuilder.staff import sessions
from surveybuilder.staff.accounts import (
    AccountError,
    hash_password,
    memberships,
    password_matches,
)
from surveybuilder.staff.passwords import password_problem
from surveybuilder.staff.tokens import digest


def deactivate(session: Session, user: User) -> int:
    """Switch the account off and end all its sessions; returns how many ended.
    Refused while the person is the only active admin of one of their organisations,
    which would leave nobody able to manage its users."""
    if not user.active:
        raise AccountError(f"{user.name} is already deactivated")
    for membership, organisation in memberships(session, user):
        if membership.role == Role.ADMIN and _other_active_admins(
                session, organisation, user) == 0:
            raise AccountError(
                f"{user.name} is the only admin of {organisation.name}. Make someone "
                f"else an admin first, so that someone can still manage its users")
    user.active = False
    session.add(user)
    return sessions.end_all(session, user.id, sessions.Ended.DEACTIVATED)


def _other_active_admins(session: Session, organisation: Organisation, user: User) -> int:
    return session.exec(
        select(func.count()).select_from(Membership)
        .join(User, User.id == Membership.user_id)
        .where(Membership.organisation_id == organisation.id,
               Membership.role == Role.ADMIN, User.active.is_(True), User.id != user.id)
    ).one()


def reactivate(session: Session, user: User) -> None:
    """Let the person sign in again (with the password they had, or a reset link)."""
    if user.active:
        raise AccountError(f"{user.name} is already active")
    user.active = True
    session.add(user)


def _organisation_words(session: Session, user: User) -> list[str]:
    """The names and short names of the person's organisations, which their password
    must not contain."""
    return [word for _, organisation in memberships(session, user)
            for word in (organisation.name, organisation.slug)]


def new_password_problem(session: Session, user: User, password: str) -> str | None:
    """Why a new password for this person is not acceptable, or None."""
    return password_problem(password, user.email, _organisation_words(session, user))


def change_password(session: Session, user: User, current: str, new: str,
                    keep: StaffSession | None) -> int:
    """The person's own change: the current password must be right and the new one
    acceptable. Their other sessions end (someone who knew the old password may be
    signed in elsewhere); `keep`, the one asking, stays. Returns how many ended."""
    if not password_matches(user, current):
        raise AccountError("Your current password is not right. Check it and try again")
    _set_password(session, user, new)
    return sessions.end_all(session, user.id, sessions.Ended.PASSWORD_CHANGED, keep=keep)


def _set_password(session: Session, user: User, password: str) -> None:
    problem = new_password_problem(session, user, password)
    if problem:
        raise AccountError(problem)
    user.password_hash = hash_password(password)
    session.add(user)


def issue_reset(session: Session, user: User, issued_by: User | None,
                valid_for: timedelta) -> str:
    """A one-use reset token for the person, valid for `valid_for`; only its hash is
    kept. Earlier unused links for the same person stop working, so only the newest
    can be used. The caller builds the link and commits."""
    if not user.active:
        raise AccountError(f"{user.name} is deactivated. Reactivate them first")
    now = utcnow()
    for earlier in session.exec(select(PasswordReset).where(
            PasswordReset.user_id == user.id, PasswordReset.used_at.is_(None))):
        earlier.used_at = now
        session.add(earlier)
    token = secrets.token_urlsafe(32)
    session.add(PasswordReset(token_hash=digest(token), user_id=user.id,
                              issued_by=issued_by.id if issued_by else None,
                              created_at=now, expires_at=now + valid_for))
    return token


def usable_reset(session: Session, token: str, now: datetime | None = None
                 ) -> tuple[PasswordReset, User] | None:
    """The reset and its person, if the token is one we issued, unused, unexpired,
    and the account is active."""
    now = now or utcnow()
    reset = session.exec(select(PasswordReset).where(
        PasswordReset.token_hash == digest(token))).first()
    if reset is None or reset.used_at is not None or as_utc(reset.expires_at) <= now:
        return None
    user = session.get(User, reset.user_id)
    return (reset, user) if user is not None and user.active else None


def use_reset(session: Session, token: str, password: str) -> User:
    """Set the new password through a reset link, use the link up, and end every
    session of the person. Raises AccountError if the link cannot be used or the
    password is not acceptable."""
    found = usable_reset(session, token)
    if found is None:
        raise AccountError("This link has expired or has already been used. Ask an admin "
                           "in your organisation for a new one")
    reset, user = found
    _set_password(session, user, password)
    reset.used_at = utcnow()
    session.add(reset)
    sessions.end_all(session, user.id, sessions.Ended.PASSWORD_CHANGED)
    return user


def reset_link(public_url: str, token: str) -> str:
    """The link a reset token is used through, always on the configured PUBLIC_URL
    (never the address a request arrived on: docs/security.md)."""
    return f"{public_url.rstrip('/')}/reset-password?token={token}"


def email_reset_link(smtp: SmtpSettings, user: User, link: str, minutes: int) -> None:
    """Send the link to the person's own address (staff e-mail: English, plain text)."""
    text = (f"Hello {user.name},\n\n"
            f"An admin has asked for you to set a new password for the consultation "
            f"service. Open this link within {minutes} minutes to choose one. It works "
            f"once.\n\n{link}\n\n"
            f"If you did not expect this e-mail, tell an admin in your organisation. "
            f"Your password has not been changed.\n")
    send(smtp, [plain_message(smtp.sender, user.email, "Set a new password", text)])


def forget_old_resets(session: Session, before: datetime) -> int:
    """Delete reset links used or expired before `before` (`surveybuilder tidy`)."""
    result = session.exec(delete(PasswordReset).where(or_(
        PasswordReset.used_at < before, PasswordReset.expires_at < before)))
    return result.rowcount
