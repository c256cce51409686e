"""Settings and shared state handed to every rule."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from ._text import Document
from .data import Acronym
from .dictionary import JargonIndex, JargonMatch
from .findings import Finding, Rule
from .vocabulary import DEFAULT_MIN_ZIPF, Vocabulary


@dataclass(frozen=True)
class CheckOptions:
    """Knobs a consultation team may need to turn.

    ``rules``: only run these rule ids (None runs all). ``min_zipf``: how common
    a word must be to count as plain (see ``easyread.vocabulary``).
    ``extra_plain_words``: words this team has decided are fine, such as a
    place name or a service everyone locally knows.
    """

    max_sentence_words: int = 15
    min_zipf: float = DEFAULT_MIN_ZIPF
    rules: frozenset[str] | None = None
    extra_plain_words: frozenset[str] = field(default_factory=frozenset)

    def enabled(self, rule: Rule) -> bool:
        return self.rules is None or str(rule) in self.rules


@dataclass(frozen=True)
class Context:
    doc: Document
    options: CheckOptions
    vocabulary: Vocabulary
    jargon: JargonIndex
    acronyms: dict[str, Acronym]

    @cached_property
    def jargon_matches(self) -> list[JargonMatch]:
        """Found once: the hard-word rule needs them too, to avoid reporting a word twice."""
        return self.jargon.find(self.doc.clean)

    def finding(self, rule: Rule, start: int, end: int, message: str, suggestion: str) -> Finding:
        return Finding(
            start=start,
            end=end,
            rule=rule,
            excerpt=self.doc.text[start:end],
            message=message,
            suggestion=suggestion,
        )
