"""Who is signed in, which organisation they are working for, and what they may do.

Views ask here for the current user and for a consultation; anything outside the
user's organisations is reported as "not found" so its existence is not revealed.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import abort, current_app, g, redirect, request, session, url_for

from surveybuilder import db
from surveybuilder.addresses import Requester
from surveybuilder.auth.staff_sessions import session_user
from surveybuilder.models import Consultation, Membership, Organisation, Role, User
from surveybuilder.staff.accounts import EDIT_ROLES, memberships

NOT_ACTIVITY = frozenset({"auth.time_left"})
"""Endpoints a page calls by itself, which must not keep a session alive."""


def load_user() -> None:
    """Before each request: put the signed-in, still active user (if any) and their
    server-side session on `g`."""
    g.user = None
    g.membership = None
    g.staff_session = None
    signed_in_as = session_user(in_use=request.endpoint not in NOT_ACTIVITY)
    if signed_in_as is None:
        return
    g.user, g.staff_session = signed_in_as
    g.membership = _current_membership(g.user)


def _current_membership(user: User) -> tuple[Membership, Organisation] | None:
    rows = memberships(db.session(), user)
    wanted = session.get("organisation_id")
    chosen = next((r for r in rows if r[1].id == wanted), rows[0] if rows else None)
    return chosen


def template_context() -> dict[str, Any]:
    membership = getattr(g, "membership", None)
    return {
        "current_user": getattr(g, "user", None),
        "current_organisation": membership[1] if membership else None,
        "current_role": Role(membership[0].role) if membership else None,
        "current_user_is_admin": bool(membership and membership[0].role == Role.ADMIN),
        "can_read_results": bool(membership and membership[0].role != Role.VIEWER),
    }


def signed_in(view: Callable) -> Callable:
    """Staff pages: send people who are not signed in to the sign-in page."""

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if g.get("user") is None:
            return redirect(url_for("auth.sign_in", next=request.full_path.rstrip("?")))
        if g.membership is None:
            abort(403)
        return view(*args, **kwargs)

    return wrapper


def admin_only(view: Callable) -> Callable:
    @wraps(view)
    @signed_in
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if current_role() != Role.ADMIN:
            abort(403)
        return view(*args, **kwargs)

    return wrapper


def current_user() -> User:
    return g.user


def current_organisation() -> Organisation:
    return g.membership[1]


def current_role() -> Role:
    return Role(g.membership[0].role)


def can_edit() -> bool:
    return current_role() in EDIT_ROLES


def can_read_results() -> bool:
    """Responses may hold personal data: viewers see consultations, not answers."""
    return current_role() in (Role.ADMIN, Role.EDITOR, Role.ANALYST)


def consultation_or_404(consultation_id: int, edit: bool = False) -> Consultation:
    """The consultation, if it belongs to the organisation being worked for; editing
    also needs the editor or admin role (403 for a viewer who can see it)."""
    consultation = db.session().get(Consultation, consultation_id)
    if consultation is None or consultation.organisation_id != current_organisation().id:
        abort(404)
    if edit and not can_edit():
        abort(403)
    return consultation


Owned = TypeVar("Owned")


def owned_or_404(model: type[Owned], item_id: int, consultation: Consultation) -> Owned:
    """A row that belongs to a consultation (a section, question, paper batch, scan…),
    only through that consultation: an id from another consultation, perhaps another
    organisation's, is "not found" rather than shown or changed."""
    item = db.session().get(model, item_id)
    if item is None or item.consultation_id != consultation.id:  # type: ignore[attr-defined]
        abort(404)
    return item


def requester() -> Requester:
    """Who sign-in throttling counts this request as: its address, only ever hashed."""
    return Requester(current_app.config["SECRET_KEY"], request.remote_addr or "unknown")
