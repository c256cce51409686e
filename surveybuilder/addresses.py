"""Internet addresses reduced to hashes that stop meaning anything soon after use.

Rate limits and sign-in throttling must tell one address from another for a few
minutes, but an IP address is personal data, and a hash made with a fixed key (even
the secret key) can be turned back by trying all four billion IPv4 addresses. So each
kind of limit hashes with a random salt that is used for one window and deleted after
two: counting across the change of salt still works (both salts are tried), and once
a salt is gone nobody, holding the database and the secret key or not, can tell which
address made a hash. The address itself is never written anywhere.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlmodel import Session, select

from surveybuilder.models import ThrottleSalt, as_utc, utcnow

IPV6_NETWORK_BITS = 64  # one home or phone gets a whole /64 and can pick any address in it


@dataclass(frozen=True)
class Requester:
    """Who is asking, as far as limits need to know: the address is only ever hashed
    (and kept out of any repr that could end up in a log)."""

    secret: str = field(repr=False)
    address: str = field(repr=False)


@dataclass(frozen=True)
class AddressKeys:
    """`current` is the hash to store now; `live` every hash this address has under a
    salt still kept (the current one first), to count what it did within the window."""

    current: str
    live: tuple[str, ...]


def keys_for(session: Session, requester: Requester, kind: str,
             window_minutes: int) -> AddressKeys:
    """The address's hashes for `kind`, making a new salt when the newest is older than
    one window and deleting salts older than two (the caller commits)."""
    now = utcnow()
    window = timedelta(minutes=max(window_minutes, 1))
    salts = _live_salts(session, kind, now - 2 * window)
    if not salts or as_utc(salts[0].made_at) <= now - window:
        fresh = ThrottleSalt(kind=kind, salt=secrets.token_hex(32), made_at=now)
        session.add(fresh)
        salts.insert(0, fresh)
    network = _network(requester.address)
    live = tuple(_hash(requester.secret, salt.salt, network) for salt in salts)
    return AddressKeys(current=live[0], live=live)


def forget_old_salts(session: Session, longest_window_minutes: int) -> int:
    """Delete every salt older than two of the longest windows: `surveybuilder tidy`
    calls this for limits nobody has used lately, which would otherwise keep their last
    salt. Returns how many went; the caller commits."""
    before = utcnow() - 2 * timedelta(minutes=max(longest_window_minutes, 1))
    return session.exec(delete(ThrottleSalt).where(ThrottleSalt.made_at < before)).rowcount


def _live_salts(session: Session, kind: str, before: datetime) -> list[ThrottleSalt]:
    session.exec(delete(ThrottleSalt).where(
        ThrottleSalt.kind == kind, ThrottleSalt.made_at < before))
    return list(session.exec(select(ThrottleSalt).where(ThrottleSalt.kind == kind)
                             .order_by(ThrottleSalt.made_at.desc())).all())


def _network(address: str) -> str:
    """An IPv6 address stands for its /64 network (so hopping inside it is no escape);
    anything else, including a malformed address, stands for itself."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped is not None:  # ::ffff:192.0.2.1 is 192.0.2.1
            return str(parsed.ipv4_mapped)
        return str(ipaddress.ip_network(f"{parsed}/{IPV6_NETWORK_BITS}", strict=False))
    return str(parsed)


def _hash(secret: str, salt: str, network: str) -> str:
    message = f"{salt}\0{network}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()[:32]
