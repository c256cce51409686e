"""A second factor for staff: a code from an authenticator app (TOTP, RFC 6238), or one
of ten one-use recovery codes, asked for after the password.

pyotp works out the codes (a small, long-kept library that follows RFC 6238 and writes
the `otpauth://` address apps read); this module decides which time steps are accepted
and remembers the newest one used, which pyotp leaves to its caller, so a code is never
accepted twice. Wrong codes are counted: after `max_failures` in a row, codes are
refused for `lock_minutes`, so six digits cannot be guessed by trying them all.

The app's secret must be kept (each code is worked out from it), so it is kept sealed
(Fernet: AES with an HMAC) under a key derived from SECRET_KEY: a copy of the database
or a backup alone does not give anyone codes. A secret that no longer opens (SECRET_KEY
was changed) is treated as never set up, so the person sets up their app again.
"""

from __future__ import annotations

import base64
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

import pyotp
from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlmodel import Session, delete, select

from surveybuilder.models import (
    Membership,
    Organisation,
    RecoveryCode,
    SecondFactor,
    SecondFactorRequirement,
    User,
    as_utc,
    utcnow,
)
from surveybuilder.staff.tokens import digest

RECOVERY_CODES = 10
DRIFT_STEPS = 1
"""Codes from one step either side of now are accepted: phones' clocks drift."""
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i to misread
_RECOVERY_LENGTH = 16  # 16 characters of 31: about 79 bits


class Step(StrEnum):
    """What a person who has given the right password must still do."""

    NONE = "none"
    CODE = "code"
    ENROL = "enrol"


@dataclass(frozen=True)
class Verdict:
    accepted: bool
    used_recovery_code: bool = False
    locked_minutes: int = 0
    recovery_codes_left: int = 0


def sealing_key(secret_key: str) -> Fernet:
    """The key secrets are sealed with, derived from SECRET_KEY for this use only."""
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
                   info=b"surveybuilder second factor secrets").derive(secret_key.encode())
    return Fernet(base64.urlsafe_b64encode(derived))


def plain_secret(factor: SecondFactor, key: Fernet) -> str | None:
    """The app's secret, or None if it cannot be opened with this key."""
    try:
        return key.decrypt(factor.secret.encode()).decode()
    except InvalidToken:
        return None


def factor_of(session: Session, user: User) -> SecondFactor | None:
    return session.exec(select(SecondFactor).where(SecondFactor.user_id == user.id)).first()


def is_enrolled(session: Session, user: User) -> bool:
    factor = factor_of(session, user)
    return factor is not None and factor.confirmed_at is not None


def required_for(session: Session, user: User) -> bool:
    """Whether any organisation the person belongs to requires a second factor."""
    query = (select(SecondFactorRequirement.organisation_id)
             .join(Membership,
                   Membership.organisation_id == SecondFactorRequirement.organisation_id)
             .where(Membership.user_id == user.id))
    return session.exec(query).first() is not None


def next_step(session: Session, user: User, key: Fernet) -> Step:
    """After the password: ask for a code, make them set one up, or nothing more."""
    factor = factor_of(session, user)
    if factor is not None and factor.confirmed_at is not None:
        return Step.CODE if plain_secret(factor, key) is not None else Step.ENROL
    return Step.ENROL if required_for(session, user) else Step.NONE


def start_enrolment(session: Session, user: User, key: Fernet) -> tuple[SecondFactor, str]:
    """The person's factor and secret while they set up their app: the same secret each
    time the page is shown, so a QR code already scanned stays right; a new one if the
    old can no longer be opened. Not for someone enrolled."""
    factor = factor_of(session, user)
    secret = plain_secret(factor, key) if factor is not None else None
    if secret is None:
        secret = pyotp.random_base32()
        factor = factor or SecondFactor(user_id=user.id, secret="")
        factor.secret = key.encrypt(secret.encode()).decode()
        factor.confirmed_at = factor.last_step = None
        session.add(factor)
        session.flush()
    return factor, secret


def app_address(secret: str, user: User, issuer: str) -> str:
    """The `otpauth://` address a QR code carries to the authenticator app."""
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=issuer)


def confirm_enrolment(session: Session, user: User, factor: SecondFactor, code: str,
                      key: Fernet, now: datetime | None = None) -> list[str] | None:
    """With a right code from the app, the factor counts and ten recovery codes are made
    (returned once, to be shown once); None if the code is not right."""
    if not _accept_code(factor, key, code, now or utcnow()):
        return None
    factor.confirmed_at = utcnow()
    session.add(factor)
    return new_recovery_codes(session, user)


def new_recovery_codes(session: Session, user: User) -> list[str]:
    """Ten fresh one-use codes, replacing any left; only their hashes are kept."""
    session.exec(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = ["-".join(_chunks("".join(secrets.choice(_RECOVERY_ALPHABET)
                                      for _ in range(_RECOVERY_LENGTH))))
             for _ in range(RECOVERY_CODES)]
    for code in codes:
        session.add(RecoveryCode(user_id=user.id, code_hash=digest(code)))
    session.flush()
    return codes


def verify(session: Session, user: User, typed: str, key: Fernet, max_failures: int,
           lock_minutes: int, now: datetime | None = None) -> Verdict:
    """Check a code from the app, or a recovery code (used up if right). The caller
    commits, so the count of failures and the used step are kept either way."""
    now = now or utcnow()
    factor = factor_of(session, user)
    if factor is None or factor.confirmed_at is None:
        return Verdict(accepted=False)
    if _locked(factor, max_failures, lock_minutes, now):
        return Verdict(accepted=False, locked_minutes=lock_minutes)
    recovery = None if _looks_like_app_code(typed) else _unused_recovery_code(session, user,
                                                                                typed)
    accepted = recovery is not None or _accept_code(factor, key, typed, now)
    factor.failures = 0 if accepted else factor.failures + 1
    factor.last_failure_at = factor.last_failure_at if accepted else now
    session.add(factor)
    if recovery is not None:
        recovery.used_at = now
        session.add(recovery)
    return Verdict(accepted=accepted, used_recovery_code=recovery is not None,
                   recovery_codes_left=recovery_codes_left(session, user))


def recovery_codes_left(session: Session, user: User) -> int:
    query = select(RecoveryCode.id).where(RecoveryCode.user_id == user.id,
                                          RecoveryCode.used_at.is_(None))
    return len(session.exec(query).all())


def remove(session: Session, user: User) -> None:
    """Take away the person's app and recovery codes (they lost both, or left)."""
    session.exec(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    session.exec(delete(SecondFactor).where(SecondFactor.user_id == user.id))


def members_using_one(session: Session, organisation: Organisation) -> list[User]:
    """The organisation's members who have set up an app, by name, for its admins."""
    query = (select(User)
             .join(Membership, Membership.user_id == User.id)
             .join(SecondFactor, SecondFactor.user_id == User.id)
             .where(Membership.organisation_id == organisation.id,
                    SecondFactor.confirmed_at.is_not(None))
             .order_by(User.name))
    return list(session.exec(query).all())


def is_required(session: Session, organisation: Organisation) -> bool:
    return session.get(SecondFactorRequirement, organisation.id) is not None


def set_required(session: Session, organisation: Organisation, required: bool,
                 by: User) -> None:
    """An admin makes every member set up a second factor at their next sign-in, or stops
    asking."""
    existing = session.get(SecondFactorRequirement, organisation.id)
    if required and existing is None:
        session.add(SecondFactorRequirement(organisation_id=organisation.id,
                                            required_by=by.id))
    elif not required and existing is not None:
        session.delete(existing)


def _accept_code(factor: SecondFactor, key: Fernet, typed: str, now: datetime) -> bool:
    """A six-digit code for a step near now that is newer than the last one used."""
    code = re.sub(r"\s+", "", typed)
    secret = plain_secret(factor, key)
    if not _looks_like_app_code(code) or secret is None:
        return False
    totp = pyotp.TOTP(secret)
    this_step = totp.timecode(now)
    for step in range(this_step - DRIFT_STEPS, this_step + DRIFT_STEPS + 1):
        if factor.last_step is not None and step <= factor.last_step:
            continue
        if hmac.compare_digest(totp.generate_otp(step), code):
            factor.last_step = step
            return True
    return False


def _looks_like_app_code(typed: str) -> bool:
    return re.fullmatch(r"\d{6}", re.sub(r"\s+", "", typed)) is not None


def _unused_recovery_code(session: Session, user: User, typed: str) -> RecoveryCode | None:
    wanted = digest(_normalise_recovery(typed))
    rows = session.exec(select(RecoveryCode).where(RecoveryCode.user_id == user.id,
                                                   RecoveryCode.used_at.is_(None))).all()
    return next((row for row in rows if hmac.compare_digest(row.code_hash, wanted)), None)


def _locked(factor: SecondFactor, max_failures: int, lock_minutes: int,
            now: datetime) -> bool:
    if factor.failures < max_failures or factor.last_failure_at is None:
        return False
    return as_utc(factor.last_failure_at) + timedelta(minutes=lock_minutes) > now


def _normalise_recovery(typed: str) -> str:
    """People copy codes with or without dashes, in capitals, with spaces."""
    plain = re.sub(r"[^a-z0-9]", "", typed.lower())
    return "-".join(_chunks(plain))


def _chunks(text: str) -> list[str]:
    return [text[i:i + 4] for i in range(0, len(text), 4)]
