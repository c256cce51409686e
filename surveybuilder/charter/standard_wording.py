"""Questions asked in a published standard's exact words, kept long on purpose.

A council compares who answered a consultation with the census, and that comparison
only holds when the question is asked in the census's own words: ONS found that
changed wording changes who answers "yes". Two of its questions are long sentences,
which the plain-language row would otherwise ask staff to shorten. This module names
those wordings exactly, with where they come from, so the row can say they are kept
on purpose. It matches the words themselves, not a flag staff could set: once a word
is changed the question is no longer the standard, and the row warns again. Readers
who need simpler words have the question's easy-read wording.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class StandardWording:
    source: str
    """Who published the words, as the charter row names them."""
    why: str
    """Why the words are kept, in plain words."""
    address: str
    """Where the wording is published, for anyone checking it."""
    questions: frozenset[str]
    """The questions' exact words."""


CENSUS_2021 = StandardWording(
    source="Census 2021 (Office for National Statistics)",
    why="so the answers can be compared with the census",
    address="https://github.com/ONSdigital/census31-eq-questionnaire-schemas "
            "(the online census questionnaire's own source, ONS)",
    questions=frozenset({
        "Do you have any physical or mental health conditions or illnesses lasting or "
        "expected to last 12 months or more?",
        "Do any of your conditions or illnesses reduce your ability to carry out "
        "day-to-day activities?",
        "Do you look after, or give any help or support to, anyone because they have "
        "long-term physical or mental health conditions or illnesses, or problems related "
        "to old age?",
    }),
)

STANDARDS = (CENSUS_2021,)


def standard_for(text: str) -> StandardWording | None:
    """The standard whose exact words `text` is (spacing aside), or None."""
    words = re.sub(r"\s+", " ", text).strip()
    return next((s for s in STANDARDS if words in s.questions), None)
