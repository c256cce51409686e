"""Organisations, staff users and their roles.

Passwords are hashed with argon2id; a plain password never reaches the database or a log.
"""

from __future__ import annotations

import re

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlmodel import Session, select

from surveybuilder.models import Membership, Organisation, Role, User
from surveybuilder.staff.passwords import password_problem

_hasher = PasswordHasher()
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# Verifying against this keeps sign-in time the same whether or not the account exists.
_DUMMY_HASH = _hasher.hash("not a real password, used for timing")


class AccountError(ValueError):
    """Account details were not acceptable; the message says how to fix them."""


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def password_matches(user: User | None, password: str) -> bool:
    try:
        return _hasher.verify(user.password_hash if user else _DUMMY_HASH, password) and (
            user is not None)
    except (VerificationError, InvalidHashError):
        return False


def normalise_email(email: str) -> str:
    return email.strip().lower()


def create_organisation(session: Session, slug: str, name: str) -> Organisation:
    slug = slug.strip().lower()
    if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", slug):
        raise AccountError("Use lower-case letters, digits and hyphens for the organisation "
                           "short name, like 'sandwell-council'")
    if session.exec(select(Organisation).where(Organisation.slug == slug)).first():
        raise AccountError(f"An organisation called '{slug}' already exists")
    organisation = Organisation(slug=slug, name=name.strip() or slug)
    session.add(organisation)
    session.flush()
    return organisation


def organisation_by_slug(session: Session, slug: str) -> Organisation | None:
    return session.exec(select(Organisation).where(Organisation.slug == slug)).first()


def names_of(session: Session, user_ids: list[int]) -> dict[int, str]:
    """Staff names by user id, for pages that say who did what."""
    users = session.exec(select(User).where(User.id.in_(user_ids))).all()
    return {u.id: u.name for u in users}


def user_by_email(session: Session, email: str) -> User | None:
    return session.exec(select(User).where(User.email == normalise_email(email))).first()


def create_user(session: Session, organisation: Organisation, email: str, name: str,
                password: str, role: Role) -> User:
    """Create a staff user with a role in one organisation."""
    email = normalise_email(email)
    if not _EMAIL.match(email):
        raise AccountError("Enter an email address in the correct format, like "
                           "name@example.gov.uk")
    problem = password_problem(password, email, (organisation.name, organisation.slug))
    if problem:
        raise AccountError(problem)
    if user_by_email(session, email):
        raise AccountError(f"There is already a user with the email address {email}")
    user = User(email=email, name=name.strip() or email, password_hash=hash_password(password))
    session.add(user)
    session.flush()
    session.add(Membership(user_id=user.id, organisation_id=organisation.id, role=role))
    session.flush()
    return user


def memberships(session: Session, user: User) -> list[tuple[Membership, Organisation]]:
    rows = session.exec(
        select(Membership, Organisation)
        .join(Organisation, Organisation.id == Membership.organisation_id)
        .where(Membership.user_id == user.id)
        .order_by(Organisation.name)
    ).all()
    return list(rows)


def role_in(session: Session, user: User, organisation_id: int) -> Role | None:
    membership = session.exec(select(Membership).where(
        Membership.user_id == user.id, Membership.organisation_id == organisation_id)).first()
    return Role(membership.role) if membership else None


def organisation_members(session: Session, organisation_id: int) -> list[tuple[User, Role]]:
    rows = session.exec(
        select(User, Membership.role)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.organisation_id == organisation_id)
        .order_by(User.name)
    ).all()
    return [(user, Role(role)) for user, role in rows]


def set_role(session: Session, organisation_id: int, user_id: int, role: Role) -> None:
    membership = session.exec(select(Membership).where(
        Membership.user_id == user_id, Membership.organisation_id == organisation_id)).one()
    membership.role = role
    session.add(membership)


def set_active(session: Session, user: User, active: bool) -> None:
    user.active = active
    session.add(user)


EDIT_ROLES = frozenset({Role.ADMIN, Role.EDITOR})
READ_ROLES = frozenset(Role)
