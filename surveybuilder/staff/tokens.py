"""Secrets staff are handed once — a session id in a cookie, a password reset link, a
recovery code — are kept only as this digest, so a copy of the database signs nobody
in. They are long and random (or, for recovery codes, checked a few at a time and
used once), so a fast unsalted hash is enough; passwords are the slow argon2 hash."""

from __future__ import annotations

import hashlib


def digest(secret: str) -> str:
    """The SHA-256 of the secret, in hex: what the table keeps and looks up by."""
    return hashlib.sha256(secret.encode()).hexdigest()
