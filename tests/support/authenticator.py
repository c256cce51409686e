"""A person's authenticator app, as the tests play it: set up through the same rules
as the set-up page, and codes worked out from the secret as a phone would."""

from __future__ import annotations

import pyotp
from cryptography.fernet import Fernet
from flask import Flask
from sqlmodel import Session

from surveybuilder.models import User
from surveybuilder.staff import second_factor


def sealing_key(app: Flask) -> Fernet:
    return second_factor.sealing_key(app.config["SECRET_KEY"])


def enrol(app: Flask, session: Session, user: User) -> tuple[str, list[str]]:
    """The person has set up an app: its secret and their recovery codes."""
    key = sealing_key(app)
    factor, secret = second_factor.start_enrolment(session, user, key)
    codes = second_factor.confirm_enrolment(session, user, factor, pyotp.TOTP(secret).now(),
                                            key)
    session.commit()
    assert codes is not None
    return secret, codes


def stored_secret(app: Flask, session: Session, user: User) -> str | None:
    """The secret the database holds for the person, opened with the app's key."""
    factor = second_factor.factor_of(session, user)
    return second_factor.plain_secret(factor, sealing_key(app)) if factor else None
