"""Words whose sense the words around them show, for the rewriter.

"absorbing these costs" is paying them; "sustainable" next to costs or money means
there is enough money to keep it going, not "without harming the world" as the
definitions say; "key stakeholders" are the main ones, not a key for a door. Each
entry names the words that must be in the same sentence (whole words, any case) or
right after it; without them the word is left to the other lists and to a person.
Written by Surveybuilder contributors (MIT), like the word lists.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ._text import word_set
from .rewrite_words import WordChange

MONEY = word_set(
    "cost costs money afford budget budgets funding funds spend spending pay paying price "
    "prices £")
_KEY_THINGS = word_set(
    "stakeholders partners issues findings points themes areas groups questions changes "
    "concerns messages priorities decisions dates services")


@dataclass(frozen=True)
class Sense:
    """``word`` means ``easy`` (a swap) or ``meaning`` (an explanation) when one of
    ``near`` is in the sentence, or one of ``next`` comes right after it."""

    word: str
    easy: str = ""
    meaning: str = ""
    near: frozenset[str] = frozenset()
    next: frozenset[str] = frozenset()


SWAPS = (
    Sense("absorb", easy="pay", near=MONEY),
    Sense("absorbs", easy="pays", near=MONEY),
    Sense("absorbed", easy="paid", near=MONEY),
    Sense("absorbing", easy="paying", near=MONEY),
    Sense("key", easy="main", next=_KEY_THINGS),
)
MEANINGS = (
    Sense("sustainable", meaning="there is enough money to keep it going.", near=MONEY),
    Sense("unsustainable", meaning="there is not enough money to keep it going.", near=MONEY),
)
_WORDS = re.compile(r"£|[\w']+")


def _fits(sense: Sense, sentence: str, end: int) -> bool:
    words = {w.lower() for w in _WORDS.findall(sentence)}
    following = _WORDS.findall(sentence[end:])[:1]
    return bool(sense.near & words) or bool(following and following[0].lower() in sense.next)


def swap_by_sense(sentence: str) -> tuple[str, list[WordChange]]:
    """Each word of ``SWAPS`` in the sense its neighbours show: "absorbing these costs"
    -> "paying these costs", "key stakeholders" -> "main stakeholders"."""
    changes: list[WordChange] = []
    for sense in SWAPS:
        for found in reversed(list(re.finditer(rf"\b{sense.word}\b", sentence, re.I))):
            if not _fits(sense, sentence, found.end()):
                continue
            easy = sense.easy if found.group(0)[:1].islower() else sense.easy.capitalize()
            sentence = sentence[:found.start()] + easy + sentence[found.end():]
            changes.append(WordChange(
                "words", found.group(0), easy,
                f"“{found.group(0)}” is a hard word. Here it means “{easy}”."))
    return sentence, changes


def meaning_in(word: str, sentence: str) -> str | None:
    """The meaning of ``word`` that its sentence shows, or None to use the definitions."""
    for sense in MEANINGS:
        if sense.word == word.lower():
            found = re.search(rf"\b{sense.word}\b", sentence, re.I)
            if found and _fits(sense, sentence, found.end()):
                return sense.meaning
    return None
