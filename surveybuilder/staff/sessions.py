"""Staff sessions kept on the server.

A signed cookie alone cannot be taken back: a copy of it kept working after sign-out
until it expired. Now the cookie carries only a random session id, and each request
checks it here, so signing out, deactivating a leaver, changing a password and the
idle and absolute time-outs (STAFF_IDLE_MINUTES, SESSION_HOURS) end a session at once
on every copy of the cookie. The table keeps only the id's SHA-256.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from sqlalchemy import delete, or_, update
from sqlmodel import Session, select

from surveybuilder.models import StaffSession, as_utc, utcnow
from surveybuilder.staff.tokens import digest

# last_seen_at is written only when it is older than this, so a busy member of staff
# costs one write a minute rather than one per page; the idle time-out is therefore
# exact to within a minute.
LAST_SEEN_EVERY = timedelta(minutes=1)


class Ended:
    """Why a session ended (`StaffSession.ended_reason`), and the words shown on the
    sign-in page when a request arrives with it."""

    SIGNED_OUT = "signed out"
    IDLE = "idle"
    EXPIRED = "expired"
    DEACTIVATED = "deactivated"
    PASSWORD_CHANGED = "password changed"


WHY_SIGNED_OUT = {
    Ended.IDLE: "You have been signed out because you had not used the service for a "
                "while. Sign in again to carry on.",
    Ended.EXPIRED: "You have been signed out because you signed in a long time ago. Sign "
                   "in again to carry on.",
    Ended.DEACTIVATED: "Your account has been switched off, so you have been signed out. "
                       "Ask an admin in your organisation if you still need it.",
    Ended.PASSWORD_CHANGED: "Your password was changed, so you have been signed out here. "
                            "Sign in with the new password.",
}


def start(session: Session, user_id: int) -> str:
    """Record a new session for the user; returns the id for the cookie (the only
    place it is kept in full). The caller commits."""
    session_id = secrets.token_urlsafe(32)
    session.add(StaffSession(id_hash=digest(session_id), user_id=user_id))
    return session_id


def find(session: Session, session_id: str) -> StaffSession | None:
    return session.exec(select(StaffSession).where(
        StaffSession.id_hash == digest(session_id))).first()


def check(session: Session, session_id: str, idle: timedelta, longest: timedelta,
          now: datetime | None = None, *, in_use: bool = True
          ) -> tuple[StaffSession | None, str | None]:
    """The session if it may still be used, and otherwise why not (an `Ended` reason,
    or None for an id that was never ours). A session past a time-out is ended here;
    one `in_use` has last_seen_at brought forward at most once a minute (a page only
    asking how long is left is not use, or asking would keep it alive for ever). The
    caller commits when `session.dirty` (read before its next query flushes)."""
    now = now or utcnow()
    row = find(session, session_id)
    if row is None:
        return None, None
    if row.ended_at is not None:
        return None, row.ended_reason
    if now - as_utc(row.last_seen_at) > idle:
        return None, _end(session, row, Ended.IDLE, now)
    if now - as_utc(row.created_at) > longest:
        return None, _end(session, row, Ended.EXPIRED, now)
    if in_use and now - as_utc(row.last_seen_at) >= LAST_SEEN_EVERY:
        row.last_seen_at = now
        session.add(row)
    return row, None


def stay(session: Session, row: StaffSession, now: datetime | None = None) -> None:
    """The person asked to stay signed in (the time-out warning's button): the idle
    time-out starts again from now. Written always, not at most once a minute as
    `check` does, or the warning's page would count from a minute too late. The
    caller commits."""
    row.last_seen_at = now or utcnow()
    session.add(row)


def seconds_left(row: StaffSession, idle: timedelta, now: datetime | None = None) -> float:
    """How long until the idle time-out ends this session, counted from last_seen_at
    as `check` counts it (which may be up to a minute earlier than this request)."""
    now = now or utcnow()
    return max(0.0, (as_utc(row.last_seen_at) + idle - now).total_seconds())


def _end(session: Session, row: StaffSession, reason: str, now: datetime) -> str:
    row.ended_at = now
    row.ended_reason = reason
    session.add(row)
    return reason


def end(session: Session, session_id: str, reason: str = Ended.SIGNED_OUT) -> None:
    """End one session (signing out). The caller commits."""
    row = find(session, session_id)
    if row is not None and row.ended_at is None:
        _end(session, row, reason, utcnow())


def end_all(session: Session, user_id: int, reason: str,
            keep: StaffSession | None = None) -> int:
    """End every open session of the user (but `keep`, the one asking, if given);
    returns how many ended. The caller commits."""
    query = update(StaffSession).where(
        StaffSession.user_id == user_id, StaffSession.ended_at.is_(None))
    if keep is not None:
        query = query.where(StaffSession.id != keep.id)
    result = session.exec(query.values(ended_at=utcnow(), ended_reason=reason))
    return result.rowcount


def forget_ended(session: Session, before: datetime) -> int:
    """Delete sessions that ended, or were last used, before `before` (`surveybuilder
    tidy`): an ended session is kept only so its cookie gets the right message."""
    result = session.exec(delete(StaffSession).where(or_(
        StaffSession.ended_at < before, StaffSession.last_seen_at < before)))
    return result.rowcount
