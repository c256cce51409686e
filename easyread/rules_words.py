"""Rules about single words: hard words, jargon and numbers written as words."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator

from ._context import Context
from ._text import Sentence, Token
from .findings import Finding, Rule
from .numbers import format_number, is_number_word, words_to_number


def find_jargon(ctx: Context) -> Iterator[Finding]:
    for match in ctx.jargon_matches:
        entry = match.entry
        found = ctx.doc.text[match.start : match.end]
        if ctx.is_explained(found) or ctx.is_explained(entry.term):
            continue
        message = f"“{found}” is jargon. Many people will not know what it means."
        if entry.note:
            message += f" ({entry.note})"
        yield ctx.finding(
            Rule.JARGON, match.start, match.end, message, f"Say “{entry.easy}” instead."
        )


def find_hard_words(ctx: Context) -> Iterator[Finding]:
    covered = _covered_offsets(ctx)
    capitalised_inside = _capitalised_mid_sentence(ctx)
    for sentence in ctx.doc.sentences:
        for index, token in enumerate(sentence.tokens):
            if token.start in covered or _skip_for_hard_words(ctx, token):
                continue
            if ctx.vocabulary.is_plain(token.lower) or ctx.is_explained(token.lower):
                continue
            if token.is_capitalised and (index > 0 or token.lower in capitalised_inside):
                continue  # probably a name: a person, place or organisation
            yield ctx.finding(
                Rule.HARD_WORD,
                token.start,
                token.end,
                f"“{token.text}” may be a hard word for some readers.",
                "Use a more common word, or explain what it means in the next sentence.",
            )


def _covered_offsets(ctx: Context) -> set[int]:
    """Word starts already reported as jargon."""
    tokens = ctx.doc.tokens
    starts = [t.start for t in tokens]
    covered: set[int] = set()
    for match in ctx.jargon_matches:
        index = bisect_left(starts, match.start)
        while index < len(tokens) and tokens[index].start < match.end:
            covered.add(tokens[index].start)
            index += 1
    return covered


def _capitalised_mid_sentence(ctx: Context) -> set[str]:
    """Words written with a capital inside a sentence somewhere: names, not hard words."""
    return {
        token.lower
        for sentence in ctx.doc.sentences
        for token in sentence.tokens[1:]
        if token.is_capitalised
    }


def _skip_for_hard_words(ctx: Context, token: Token) -> bool:
    """Numbers, capitals and short words are other rules' business or not words at all."""
    return (
        token.has_digit
        or token.is_upper
        or len(token.letters) <= 2
        or token.text in ctx.acronyms
        or is_number_word(token.lower)
    )


def find_number_words(ctx: Context) -> Iterator[Finding]:
    for sentence in ctx.doc.sentences:
        for run in _number_runs(sentence):
            words = [t.text for t in run]
            if len(run) == 1 and run[0].lower == "one":
                continue  # "one" is too often a pronoun: "the one you like", "no one"
            value = format_number(words_to_number(words))
            yield ctx.finding(
                Rule.NUMBER_WORDS,
                run[0].start,
                run[-1].end,
                "Easy read writes numbers as digits. They are quicker to read.",
                f"Write “{value}”.",
            )


def _number_runs(sentence: Sentence) -> Iterator[list[Token]]:
    """Neighbouring number words, allowing "and" inside: "two hundred and fifty"."""
    tokens = sentence.tokens
    index = 0
    while index < len(tokens):
        if not is_number_word(tokens[index].lower):
            index += 1
            continue
        run = [tokens[index]]
        index += 1
        while index < len(tokens):
            token = tokens[index]
            if is_number_word(token.lower):
                run.append(token)
            elif (
                token.lower == "and"
                and index + 1 < len(tokens)
                and is_number_word(tokens[index + 1].lower)
                and run[-1].lower in {"hundred", "thousand", "million", "billion"}
            ):
                pass
            else:
                break
            index += 1
        yield run
