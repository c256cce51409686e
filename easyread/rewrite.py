"""A first draft in easy read: rule-based, offline, and always for a person to check.

``suggest_easy_read(text)`` rewrites standard text in four steps, sentence by
sentence: numbers as digits, jargon swapped for the dictionary's easy words,
long sentences split where a joining word starts a second idea, and passive
sentences made active when they name who does the action. The result has one
sentence per line, a suggested picture for each, every change with its reason,
and what is left for a person: words a rule would not touch ("unsure") and
the checker's findings on the new text ("remaining").

Nothing here guesses: no model, no network, and the same text always gives the
same suggestion. A rule that cannot tell whether a change keeps the meaning
leaves the text as it was and says so.
"""

from __future__ import annotations

from dataclasses import dataclass

from ._text import parse
from .checker import check
from .findings import Finding
from .pictures import PictureSuggestion, suggest_pictures
from .rewrite_clauses import Split, make_active, split_once
from .rewrite_words import Unsure, WordChange, numbers_to_digits, swap_jargon

LIST_MARK = "- "
# A sentence is split at most this many times: a safeguard, not a limit met in practice.
MAX_SPLITS = 6

KIND_TITLES = {
    "numbers": "Numbers as digits",
    "words": "Easier words",
    "split": "Long sentence split",
    "active": "Passive made active",
}


@dataclass(frozen=True)
class Change:
    """One change: the words it is about, what they became, why, and the whole
    sentence before and after the step, so a reader (or a test) can see it happened."""

    kind: str
    original: str
    replacement: str
    reason: str
    before: str
    after: str

    @property
    def title(self) -> str:
        return KIND_TITLES[self.kind]


@dataclass(frozen=True)
class SuggestedSentence:
    text: str
    picture: PictureSuggestion | None


@dataclass(frozen=True)
class Suggestion:
    """The draft and everything a person needs to judge it."""

    original: str
    sentences: tuple[SuggestedSentence, ...]
    changes: tuple[Change, ...]
    unsure: tuple[Unsure, ...]
    remaining: tuple[Finding, ...]

    @property
    def text(self) -> str:
        """One sentence per line, as easy read sets it out."""
        return "\n".join(sentence.text for sentence in self.sentences)

    @property
    def passes(self) -> bool:
        return not self.remaining

    def kinds(self) -> frozenset[str]:
        return frozenset(change.kind for change in self.changes)


def suggest_easy_read(text: str) -> Suggestion:
    """An easy-read draft of ``text`` for staff to accept, edit or throw away."""
    changes: list[Change] = []
    unsure: list[Unsure] = []
    lines: list[str] = []
    for sentence in _sentences(text):
        new, sentence_changes, sentence_unsure = _rewrite_sentence(sentence)
        lines.extend(new)
        changes.extend(sentence_changes)
        unsure.extend(sentence_unsure)
    draft = "\n".join(lines)
    return Suggestion(
        original=text,
        sentences=tuple(SuggestedSentence(line, _picture(line)) for line in lines),
        changes=tuple(changes), unsure=tuple(unsure), remaining=tuple(check(draft)))


def _sentences(text: str) -> list[str]:
    if not text or not text.strip():
        return []
    return [" ".join(text[s.start:s.end].split()) for s in parse(text).sentences]


def _picture(sentence: str) -> PictureSuggestion | None:
    found = suggest_pictures(sentence, 1)
    return found[0] if found else None


def _rewrite_sentence(sentence: str) -> tuple[list[str], list[Change], list[Unsure]]:
    changes: list[Change] = []
    current, found = numbers_to_digits(sentence)
    changes += _word_changes(found, sentence, current)
    swapped, found, unsure = swap_jargon(current)
    changes += _word_changes(found, current, swapped)
    pieces = _split(swapped, changes)
    finished = []
    for piece in pieces:
        active, problem = make_active(piece)
        if problem is not None:
            unsure.append(problem)
        if active is not None:
            changes.append(Change("active", active.passive, active.active,
                                  "The sentence now starts with who does it.",
                                  piece, active.sentence))
            piece = active.sentence
        finished.append(piece)
    return finished, changes, unsure


def _word_changes(found: list[WordChange], before: str, after: str) -> list[Change]:
    return [Change(c.kind, c.original, c.replacement, c.reason, before, after) for c in found]


def _split(sentence: str, changes: list[Change]) -> list[str]:
    """Cut at every joining word the rules recognise, first piece first."""
    done: list[str] = []
    todo = [sentence]
    splits = 0
    while todo:
        piece = todo.pop(0)
        is_list_item = piece.startswith(LIST_MARK)
        cut: Split | None = (split_once(piece) if splits < MAX_SPLITS and not is_list_item
                             else None)
        if cut is None:
            done.append(piece)
            continue
        splits += 1
        changes.append(Change("split", cut.joiner, cut.second, cut.reason,
                              piece, f"{cut.first}\n{cut.second}"))
        todo[:0] = [cut.first, *cut.second.split("\n")]
    return done
