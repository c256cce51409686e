"""What makes a staff password acceptable, checked wherever one is set: a new user, a
change of one's own password, and a reset link.

Length alone let `aaaaaaaaaaaa` in. Attackers try the passwords people most often
choose first, then ones built from what they know about the person (the name before
the @, the council's name), so those are refused too. The list of common passwords is
shipped with the application (common-passwords.txt.gz, from Django, see
common-passwords-LICENSE.txt) so checking a password never sends it anywhere.
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path

MIN_PASSWORD_LENGTH = 12
# Pieces of an e-mail address or organisation name shorter than this are too common
# in ordinary words ("ed", "bob") to refuse a password for containing them.
SHORTEST_PERSONAL_PIECE = 4
COMMON_PASSWORDS = Path(__file__).with_name("common-passwords.txt.gz")


@cache
def _common_passwords() -> frozenset[str]:
    """The 20,000 passwords most often seen in breaches, lower-case; read once."""
    with gzip.open(COMMON_PASSWORDS, "rt", encoding="utf-8") as lines:
        return frozenset(line.strip() for line in lines if line.strip())


def _squashed(text: str) -> str:
    """Lower-case letters and digits only, so 'Sandwell Council!' and 'sandwellcouncil'
    compare equal."""
    return re.sub(r"[^0-9a-z]", "", text.lower())


def _pieces(text: str) -> set[str]:
    """The whole text and each of its words, squashed, long enough to matter."""
    pieces = {_squashed(text), *(_squashed(word) for word in re.split(r"[\W_]+", text))}
    return {piece for piece in pieces if len(piece) >= SHORTEST_PERSONAL_PIECE}


def password_problem(password: str, email: str = "",
                     organisation_names: Iterable[str] = ()) -> str | None:
    """Why the password is not acceptable, in words that say how to fix it; None if it
    is. `email` is the account's address; `organisation_names` are the names (and short
    names) of the organisations it belongs to."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"Enter a password of at least {MIN_PASSWORD_LENGTH} characters"
    if len(set(password)) == 1:
        return "Enter a password that is not just one character repeated"
    lowered = password.lower().strip()
    if lowered in _common_passwords() or _squashed(password) in _common_passwords():
        return ("That password is on a list of common passwords that attackers try "
                "first. Choose a different one, for example three or four random words")
    squashed = _squashed(password)
    if any(piece in squashed for piece in _pieces(email.partition("@")[0])):
        return ("Enter a password that does not contain the first part of the email "
                "address (before the @)")
    for name in organisation_names:
        if any(piece in squashed for piece in _pieces(name)):
            return f"Enter a password that does not contain the name '{name}'"
    return None
