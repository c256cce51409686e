"""Run the easy-read rules over a piece of text."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache

from . import data
from ._context import CheckOptions, Context
from ._text import parse
from .dictionary import shipped_jargon
from .findings import Finding, Rule
from .rules_caps import find_caps
from .rules_format import find_italics, find_underline
from .rules_sentences import find_long_sentences, find_many_ideas, find_passive_voice
from .rules_words import find_hard_words, find_jargon, find_number_words
from .vocabulary import Vocabulary

RuleFunction = Callable[[Context], Iterator[Finding]]

# Each function and the rule ids it can report. Capitals are one pass for two rules.
_RULE_FUNCTIONS: tuple[tuple[RuleFunction, frozenset[Rule]], ...] = (
    (find_long_sentences, frozenset({Rule.LONG_SENTENCE})),
    (find_many_ideas, frozenset({Rule.MANY_IDEAS})),
    (find_passive_voice, frozenset({Rule.PASSIVE_VOICE})),
    (find_jargon, frozenset({Rule.JARGON})),
    (find_hard_words, frozenset({Rule.HARD_WORD})),
    (find_caps, frozenset({Rule.ACRONYM, Rule.ALL_CAPS})),
    (find_number_words, frozenset({Rule.NUMBER_WORDS})),
    (find_italics, frozenset({Rule.ITALICS})),
    (find_underline, frozenset({Rule.UNDERLINE})),
)

DEFAULT_OPTIONS = CheckOptions()


@lru_cache(maxsize=8)
def _vocabulary(min_zipf: float, extra_words: frozenset[str]) -> Vocabulary:
    return Vocabulary(min_zipf, extra_words)


def check(text: str, options: CheckOptions | None = None) -> list[Finding]:
    """Every easy-read problem in ``text``, in reading order."""
    options = options or DEFAULT_OPTIONS
    unknown = set(options.rules or ()) - {str(rule) for rule in Rule}
    if unknown:
        raise ValueError(f"unknown rule ids: {', '.join(sorted(unknown))}")
    if not text or not text.strip():
        return []
    ctx = Context(
        doc=parse(text),
        options=options,
        vocabulary=_vocabulary(options.min_zipf, frozenset(options.extra_plain_words)),
        jargon=shipped_jargon(),
        acronyms=data.acronyms(),
    )
    return sorted(_run(ctx))


def _run(ctx: Context) -> Iterable[Finding]:
    for function, rules in _RULE_FUNCTIONS:
        if not any(ctx.options.enabled(rule) for rule in rules):
            continue
        for finding in function(ctx):
            if ctx.options.enabled(finding.rule):
                yield finding


def sentence_lengths(text: str) -> list[int]:
    """Words per sentence, as the long-sentence rule counts them."""
    if not text or not text.strip():
        return []
    return [len(sentence) for sentence in parse(text).sentences]
