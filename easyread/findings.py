"""What a rule reports, in a shape the web app can show next to the text."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import StrEnum


class Rule(StrEnum):
    """Rule ids. They are strings so callers can compare with plain text."""

    LONG_SENTENCE = "long-sentence"
    MANY_IDEAS = "many-ideas"
    PASSIVE_VOICE = "passive-voice"
    HARD_WORD = "hard-word"
    JARGON = "jargon"
    ACRONYM = "acronym"
    NUMBER_WORDS = "number-words"
    ITALICS = "italics"
    UNDERLINE = "underline"
    ALL_CAPS = "all-caps"


# Plain-English names of the rules, for score cards and summaries.
RULE_TITLES: dict[Rule, str] = {
    Rule.LONG_SENTENCE: "Sentences longer than the limit",
    Rule.MANY_IDEAS: "Sentences with more than one idea",
    Rule.PASSIVE_VOICE: "Passive sentences",
    Rule.HARD_WORD: "Hard words",
    Rule.JARGON: "Jargon",
    Rule.ACRONYM: "Short forms without the full words",
    Rule.NUMBER_WORDS: "Numbers written as words",
    Rule.ITALICS: "Italics",
    Rule.UNDERLINE: "Underlining",
    Rule.ALL_CAPS: "Words in capital letters",
}


@dataclass(frozen=True, order=True)
class Finding:
    """One problem in the text.

    ``start`` and ``end`` are character offsets into the checked text, so
    ``text[start:end]`` is exactly the part the message talks about. Ordering
    follows position, which is the order a writer fixes things in.
    """

    start: int
    end: int
    rule: Rule
    excerpt: str
    message: str
    suggestion: str

    def to_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["rule"] = str(self.rule)
        return data
