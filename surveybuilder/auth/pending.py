"""The step between a right password and a signed-in session: who has given their
password and must still give a code from their app (or set one up, where their
organisation requires it), and since when. Kept in the session under one key, which
`_complete_sign_in` clears with everything else."""

from __future__ import annotations

import time

from cryptography.fernet import Fernet
from flask import current_app, redirect, request, session, url_for
from werkzeug.wrappers import Response

from surveybuilder import db
from surveybuilder.models import User
from surveybuilder.staff import second_factor
from surveybuilder.staff.second_factor import Step

_KEY = "pending_sign_in"


def begin_second_step(user: User) -> Response | None:
    """After the right password: send the person on to their second step, or None when
    they have none and can be signed in at once."""
    step = second_factor.next_step(db.session(), user, sealing_key())
    if step is Step.NONE:
        return None
    session.clear()
    session[_KEY] = {"user_id": user.id, "since": time.time(), "step": step.value,
                     "passed": False}
    endpoint = "second_factor.enter_code" if step is Step.CODE else "second_factor.set_up_now"
    return redirect(url_for(endpoint, next=request.args.get("next")))


def sealing_key() -> Fernet:
    """The key authenticator apps' secrets are sealed with (from SECRET_KEY)."""
    return second_factor.sealing_key(current_app.config["SECRET_KEY"])


def pending_user(step: Step) -> User | None:
    """The person part-way through signing in at this step, if they still have time."""
    state = session.get(_KEY)
    if not state or state.get("step") != step.value:
        return None
    waited = time.time() - float(state.get("since", 0))
    user = db.session().get(User, state.get("user_id"))
    if waited > current_app.config["SECOND_FACTOR_WAIT_MINUTES"] * 60 or user is None \
            or not user.active:
        session.pop(_KEY, None)
        return None
    return user


def mark_passed() -> None:
    """The person has set up their app: only the button after their recovery codes is
    left before they are signed in."""
    state = dict(session[_KEY])
    state["passed"] = True
    session[_KEY] = state


def passed_user() -> User | None:
    user = pending_user(Step.ENROL)
    return user if user is not None and session[_KEY].get("passed") else None
