"""Counting actions per address, without keeping addresses.

The address is reduced to a keyed hash (HMAC with the app's secret), so a stored row
cannot be turned back into an IP address, and rows are deleted once older than the
window they count in.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete, func
from sqlmodel import Session, select

from surveybuilder.models import RateEvent, utcnow


@dataclass(frozen=True)
class Limit:
    kind: str
    count: int
    window_minutes: int


def address_key(secret: str, address: str) -> str:
    return hmac.new(secret.encode(), address.encode(), hashlib.sha256).hexdigest()[:32]


def allow(session: Session, limit: Limit, key: str) -> bool:
    """Record one action; False when the address has used up its allowance.

    A limit of 0 switches the check off (for example, for a kiosk on a trusted network).
    """
    if limit.count <= 0:
        return True
    since = utcnow() - timedelta(minutes=limit.window_minutes)
    session.exec(delete(RateEvent).where(RateEvent.kind == limit.kind, RateEvent.at < since))
    used = session.exec(select(func.count()).select_from(RateEvent).where(
        RateEvent.kind == limit.kind, RateEvent.key == key, RateEvent.at >= since)).one()
    if used >= limit.count:
        return False
    session.add(RateEvent(kind=limit.kind, key=key))
    return True
