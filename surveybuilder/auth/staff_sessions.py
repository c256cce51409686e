"""The staff sign-in cookie and the server-side session it names.

The cookie carries only the session's random id (surveybuilder/staff/sessions.py
keeps its hash and decides whether it may still be used), so signing out or
deactivating a leaver ends every copy of the cookie at once.
"""

from __future__ import annotations

from datetime import timedelta

from flask import current_app, flash, session

from surveybuilder import db
from surveybuilder.models import StaffSession, User
from surveybuilder.staff import sessions as staff_sessions

# The cookie's only key for who is signed in: the server-side session's random id.
STAFF_SESSION = "staff_session"


def session_user(in_use: bool = True) -> tuple[User, StaffSession] | None:
    """The signed-in, still active user and their session, if the cookie names one.

    A session that has ended, timed out or belongs to a deactivated user empties the
    cookie, with a line on the next page (the sign-in page) saying why. Without
    `in_use` (the time-out warning asking how long is left) the request does not
    count as activity."""
    session_id = session.get(STAFF_SESSION)
    if session_id is None:
        return None
    row, reason = staff_sessions.check(
        db.session(), session_id, idle=idle_limit(),
        longest=timedelta(hours=current_app.config["SESSION_HOURS"]), in_use=in_use)
    changed = bool(db.session().dirty)  # read before the next query flushes it
    user = db.session().get(User, row.user_id) if row else None
    if row is not None and (user is None or not user.active):
        staff_sessions.end(db.session(), session_id, staff_sessions.Ended.DEACTIVATED)
        row, reason, changed = None, staff_sessions.Ended.DEACTIVATED, True
    if changed:
        db.session().commit()
    if row is None:
        session.clear()
        if reason in staff_sessions.WHY_SIGNED_OUT:
            flash(staff_sessions.WHY_SIGNED_OUT[reason], "notice")
        return None
    return user, row


def idle_limit() -> timedelta:
    """STAFF_IDLE_MINUTES (a fraction of a minute is allowed, so tests need not wait)."""
    return timedelta(minutes=current_app.config["STAFF_IDLE_MINUTES"])


def stay_signed_in(row: StaffSession) -> None:
    """The time-out warning's "Stay signed in": the idle time-out starts again now."""
    staff_sessions.stay(db.session(), row)
    db.session().commit()


def timeout_warning(row: StaffSession) -> dict[str, int]:
    """What a staff page's time-out warning needs, in whole seconds: how long until the
    server ends this session if nothing else is asked of it (counted from last_seen_at,
    as the server counts), and how long before that the warning opens. Rounded down,
    so the page never thinks it has longer than the server gives it."""
    idle = idle_limit()
    warning = timedelta(minutes=current_app.config["STAFF_TIMEOUT_WARNING_MINUTES"])
    return {
        "idle_seconds": int(idle.total_seconds()),
        "seconds_left": int(staff_sessions.seconds_left(row, idle)),
        "warning_seconds": int(min(warning, idle).total_seconds()),
    }


def start_staff_session(user: User) -> None:
    """The person has proved who they are: a new server-side session, named by the
    cookie (cleared first, so nothing from before signing in carries over)."""
    session.clear()
    session.permanent = True
    session[STAFF_SESSION] = staff_sessions.start(db.session(), user.id)
    db.session().commit()


def end_staff_session() -> None:
    """Signing out: the session ends on the server, so a copy of the cookie no longer
    works, and the cookie is emptied."""
    session_id = session.get(STAFF_SESSION)
    if session_id is not None:
        staff_sessions.end(db.session(), session_id)
        db.session().commit()
    session.clear()
