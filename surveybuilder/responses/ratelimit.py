"""Counting actions per address, without keeping addresses.

The address is reduced to a hash with a salt that lives for two windows only
(surveybuilder/addresses.py), so a stored row cannot be turned back into an IP address
by anyone once its salt is gone, and rows are deleted once older than their window.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete, func
from sqlmodel import Session, select

from surveybuilder.addresses import Requester, keys_for
from surveybuilder.models import RateEvent, utcnow


@dataclass(frozen=True)
class Limit:
    kind: str
    count: int
    window_minutes: int


def allow(session: Session, limit: Limit, requester: Requester) -> bool:
    """Record one action; False when the address has used up its allowance.

    A limit of 0 switches the check off (for example, for a kiosk on a trusted network).
    """
    if limit.count <= 0:
        return True
    since = utcnow() - timedelta(minutes=limit.window_minutes)
    session.exec(delete(RateEvent).where(RateEvent.kind == limit.kind, RateEvent.at < since))
    keys = keys_for(session, requester, limit.kind, limit.window_minutes)
    used = session.exec(select(func.count()).select_from(RateEvent).where(
        RateEvent.kind == limit.kind, RateEvent.key.in_(keys.live),  # type: ignore[attr-defined]
        RateEvent.at >= since)).one()
    if used >= limit.count:
        return False
    session.add(RateEvent(kind=limit.kind, key=keys.current))
    return True
