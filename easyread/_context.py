"""Settings and shared state handed to every rule."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from ._text import Document
from .data import Acronym
from .definitions import keys
from .dictionary import JargonIndex, JargonMatch
from .findings import Finding, Rule
from .vocabulary import DEFAULT_MIN_ZIPF, Vocabulary

# A sentence that explains a word, as easy-read guides do right after a hard word's
# first use: "“Council Tax” means money you pay to the council each year.", or as a
# glossary line: "Bisexual: someone who can fancy both men and women."
_EXPLAINS = re.compile(
    r"(?:[“\"‘']?(?P<term>[^\W\d_][\w’' -]{0,40}?)[”\"’']?\s+means"
    r"|[“\"‘']?(?P<quoted>[^\W\d_][\w’' -]{0,40}?)[”\"’']:)\s+\w")


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

    @cached_property
    def explained(self) -> frozenset[str]:
        """Terms this text explains in a sentence of their own ("“Council Tax” means ...").

        Easy read keeps a word people need (a name, a bill they get) and explains it in
        the next sentence; that word is then not jargon or hard for this reader."""
        found: set[str] = set()
        for sentence in self.doc.sentences:
            text = self.doc.text[sentence.start:sentence.end].lstrip("-• ")
            match = _EXPLAINS.match(text)
            if match:
                found.update(keys(match.group("term") or match.group("quoted")))
        return frozenset(found)

    def is_explained(self, word: str) -> bool:
        return bool(self.explained) and any(key in self.explained for key in keys(word))

    def finding(self, rule: Rule, start: int, end: int, message: str, suggestion: str) -> Finding:
        return Finding(
            start=start,
            end=end,
            rule=rule,
            excerpt=self.doc.text[start:end],
            message=message,
            suggestion=suggestion,
        )
