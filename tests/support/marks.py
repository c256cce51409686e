"""The strings the code marks for the catalogues, extracted once per test process.

Babel's extraction reads every module and template (seconds); several test files
compare the catalogues against it, and none of them changes the source while it runs.
"""

from __future__ import annotations

from functools import cache

from babel.messages.catalog import Catalog

from surveybuilder import catalogues


@cache
def marked_catalogue() -> Catalog:
    """Every marked message, with where it was found. Read it, never change it."""
    return catalogues.extract()


def marked_places() -> dict[str, tuple[str, int]]:
    """Every marked msgid (a plural's singular) and where it was first found."""
    return {(message.id[0] if isinstance(message.id, tuple) else message.id):
            message.locations[0]
            for message in marked_catalogue() if message.id}
