"""Who someone signing in through the council's identity provider (OpenID Connect) is
here, once the provider has vouched for them.

The web side (surveybuilder/auth/single_sign_on.py) checks the provider's answer — its
signature, issuer, audience, `state` and `nonce` — through Authlib; this module only
reads the checked claims. Staff are matched by e-mail address. A person with no account
is refused unless one of their groups is mapped to a role (the OIDC_GROUP_ROLES setting),
when an account is made with that role; a mapped group also sets the role of someone who
has one. Roles given by hand are never taken away here.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session, select

from surveybuilder.models import Membership, Role, User
from surveybuilder.staff.accounts import (
    hash_password,
    normalise_email,
    organisation_by_slug,
    user_by_email,
)

_POWER = {role: rank for rank, role in enumerate(Role)}  # Role lists the most powerful first
_ROLE_NAMES = frozenset(role.value for role in Role)

GroupRoles = Iterable[tuple[str, str, str]]


@dataclass(frozen=True)
class Outcome:
    user: User | None
    email: str = ""
    refusal: str = ""
    created: bool = False
    roles: dict[int, Role] = field(default_factory=dict)


def mapping_problems(mapping: GroupRoles | None) -> list[str]:
    """Each role in the mapping that is not one of ours, in plain words (checked when the
    app starts; a mapped organisation that does not exist yet is skipped at sign-in)."""
    return [f"group {group}: '{role}' is not a role; use admin, editor, analyst or viewer"
            for group, _slug, role in mapping or () if role not in _ROLE_NAMES]


def email_of(claims: Mapping[str, Any]) -> str:
    """The person's e-mail address: `email`, or Entra ID's `preferred_username` (the
    sign-in name, an address in councils' directories) when `email` is not sent."""
    for name in ("email", "preferred_username"):
        value = claims.get(name)
        if isinstance(value, str) and "@" in value:
            return normalise_email(value)
    return ""


def mapped_roles(session: Session, groups: Iterable[str], mapping: GroupRoles | None
                 ) -> dict[int, Role]:
    """Organisation id → the most powerful role the person's groups give there."""
    wanted = set(groups)
    roles: dict[int, Role] = {}
    for group, slug, role_name in mapping or ():
        organisation = organisation_by_slug(session, slug)
        if group not in wanted or organisation is None or role_name not in _ROLE_NAMES:
            continue
        role = Role(role_name)
        current = roles.get(organisation.id)
        if current is None or _POWER[role] < _POWER[current]:
            roles[organisation.id] = role
    return roles


def sign_in(session: Session, claims: Mapping[str, Any], group_claim: str,
            mapping: GroupRoles | None, provider: str) -> Outcome:
    """The staff member the checked claims name, made or given roles as the mapping
    says, or a refusal in plain words. The caller records it and commits."""
    email = email_of(claims)
    if not email:
        return Outcome(user=None, refusal=f"Your account at {provider} did not give an "
                       "e-mail address, so we cannot tell who you are here. Ask your IT "
                       "team to send the email claim, or sign in with a password")
    groups = claims.get(group_claim) or []
    roles = mapped_roles(session, groups if isinstance(groups, list) else [], mapping)
    user = user_by_email(session, email)
    created = False
    if user is None and not roles:
        return Outcome(user=None, email=email, refusal=f"There is no account for {email}. "
                       "Ask an admin in your organisation to add you")
    if user is None:
        user = _new_user(session, email, str(claims.get("name") or email))
        created = True
    if not user.active:
        return Outcome(user=None, email=email, refusal="Your account has been switched off. "
                       "Ask an admin in your organisation if you need it again")
    _apply_roles(session, user, roles)
    return Outcome(user=user, email=email, created=created, roles=roles)


def _new_user(session: Session, email: str, name: str) -> User:
    """An account that signs in only through the provider: its password is a random one
    nobody is told (an admin's reset can give it one later)."""
    user = User(email=email, name=name.strip()[:200] or email,
                password_hash=hash_password(secrets.token_urlsafe(32)))
    session.add(user)
    session.flush()
    return user


def _apply_roles(session: Session, user: User, roles: dict[int, Role]) -> None:
    for organisation_id, role in roles.items():
        membership = session.exec(select(Membership).where(
            Membership.user_id == user.id,
            Membership.organisation_id == organisation_id)).first()
        if membership is None:
            membership = Membership(user_id=user.id, organisation_id=organisation_id,
                                    role=role)
        membership.role = role
        session.add(membership)
    session.flush()

