"""Stage 4: pages put together into copies of a form.

A numbered copy's pages carry its number in their QR code, so they are put together by
it, in any order and across files. An unnumbered form's pages (copy 0) are put
together by order: page 1 starts a copy, and the pages after it belong to it while
their numbers go up. Pages of one copy must share one layout (one print of one
version).

Found on the way: a page read a second time (the same copy and page, or the same page
twice running on unnumbered forms) is a *duplicate* and is not read again; a copy
without one of its pages that has boxes is *missing pages* (a cover page without boxes
may be left out).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from surveybuilder.printing.marks import PageIdentity


@dataclass
class PlacedPage:
    """A page known to be ours and of this consultation: its identity, its layout and
    whatever was read of it (`readings` is empty when it could not be lined up)."""

    index: int  # its place in the batch, from 0
    identity: PageIdentity
    layout: dict[str, Any]
    readings: dict[str, Any] = field(default_factory=dict)
    crops: dict[str, bytes] = field(default_factory=dict)
    aligned: bool = True


@dataclass
class Copy:
    """One filled-in form: its pages by page number, and those it lacks."""

    number: int  # the copy number printed on it, 0 for an unnumbered form
    ordinal: int  # the how-manyth copy of the batch, from 1
    layout: dict[str, Any]
    pages: dict[int, PlacedPage] = field(default_factory=dict)

    @property
    def missing(self) -> list[int]:
        """Pages with boxes on them that are not in the batch."""
        boxed = {box["page"] for box in self.layout["boxes"]}
        return sorted(page for page in boxed if page not in self.pages)


@dataclass
class Grouped:
    copies: list[Copy]
    duplicates: dict[int, PlacedPage]  # batch index → the page it repeats


def group(pages: list[PlacedPage]) -> Grouped:
    """Copies in the order their first page came, and the pages read twice."""
    copies: list[Copy] = []
    numbered: dict[tuple, Copy] = {}
    duplicates: dict[int, PlacedPage] = {}
    current: Copy | None = None
    for page in pages:
        identity = page.identity
        if identity.copy:
            key = (identity.version, identity.layout, identity.print_format,
                   identity.size_pt, identity.copy)
            copy = numbered.get(key)
            if copy is None:
                copy = numbered[key] = _new(copies, identity.copy, page.layout)
        else:
            previous = max(current.pages) if current else 0
            if current and _same_print(current, page) and identity.page == previous:
                duplicates[page.index] = current.pages[previous]
                continue
            if (current is None or not _same_print(current, page) or identity.page == 1
                    or identity.page < previous):
                current = _new(copies, 0, page.layout)
            copy = current
        if identity.page in copy.pages:
            duplicates[page.index] = copy.pages[identity.page]
            continue
        copy.pages[identity.page] = page
    return Grouped(copies, duplicates)


def _new(copies: list[Copy], number: int, layout: dict[str, Any]) -> Copy:
    copies.append(Copy(number, len(copies) + 1, layout))
    return copies[-1]


def _same_print(copy: Copy, page: PlacedPage) -> bool:
    return copy.layout.get("layout_id") == page.layout.get("layout_id") and \
        copy.layout["version"] == page.layout["version"]
