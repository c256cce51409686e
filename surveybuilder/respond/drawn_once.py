"""Resident pages drawn once and filled in for each journey (docs/decisions/0009).

A blank question page, or the check answers page of a given route, is the same for
every journey but for the journey's token in its addresses (and, on check answers, the
answers themselves). Such a page is drawn once with *holes* where those go, kept as a
`Skeleton`, and each request only puts its own text in the holes: the same bytes as
drawing it afresh, without running the templates again.
"""

from __future__ import annotations

from collections.abc import Callable, Collection

from markupsafe import Markup

_EDGE = "\x00"  # never in a drawn page: the holes' names sit between two of these
TOKEN = "journey-token"  # the hole where the journey's token goes


def hole(name: str) -> Markup:
    """What a template draws where the hole `name` is to be filled in."""
    return Markup(f"{_EDGE}{name}{_EDGE}")


class Skeleton:
    """A page drawn once, the journey's token and any named holes left to fill."""

    __slots__ = ("_pieces",)

    def __init__(self, drawn: str, token: str, names: Collection[str] = ()):
        """`drawn` is the page as drawn for the journey with `token`; its holes must be
        `names` (ValueError otherwise: something drawn held the hole marker itself)."""
        pieces = drawn.replace(token, str(hole(TOKEN))).split(_EDGE)
        allowed = {TOKEN, *names}
        if len(pieces) % 2 == 0 or not all(name in allowed for name in pieces[1::2]):
            raise ValueError("the page holds a hole marker of its own")
        self._pieces = pieces

    def fill(self, token: str, text_for: Callable[[str], str] | None = None) -> str:
        """The page for the journey with `token`, each other hole filled with
        `text_for(name)`."""
        pieces = self._pieces.copy()
        for at in range(1, len(pieces), 2):
            name = pieces[at]
            pieces[at] = token if name == TOKEN else text_for(name)
        return "".join(pieces)
