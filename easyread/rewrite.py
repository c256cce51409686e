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
from .data import acronyms, normalise_term
from .definitions import Definition, define, explain, keys
from .findings import Finding, Rule
from .pictures import PictureSuggestion, suggest_pictures
from .rewrite_clauses import LONG_SENTENCE, Split, make_active
from .rewrite_senses import meaning_in, swap_by_sense
from .rewrite_tails import split_once
from .rewrite_words import Unsure, WordChange, numbers_to_digits, swap_jargon

LIST_MARK = "- "
# A sentence is split at most this many times: a safeguard, not a limit met in practice.
MAX_SPLITS = 6
MAX_PASSIVES = 3
# Explanations of words in explanations ("Clinical Commissioning Group" -> "NHS"), at most.
MAX_EXPLAINING_ROUNDS = 2
SENSE_SOURCE = "the sentence: its words show which sense is meant"
# A meaning shorter than this is a synonym, not an explanation.
MIN_MEANING_WORDS = 3

KIND_TITLES = {
    "numbers": "Numbers as digits",
    "words": "Easier words",
    "split": "Long sentence split",
    "active": "Passive made active",
    "explain": "Word explained",
}
# Findings a sentence of explanation answers: a word the reader may not know.
_EXPLAINABLE = frozenset({Rule.JARGON, Rule.HARD_WORD})


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
    explained: set[str] = set()
    for sentence in _sentences(text):
        new, sentence_changes, sentence_unsure = _rewrite_sentence(sentence)
        lines.extend(new)
        changes.extend(sentence_changes)
        unsure.extend(sentence_unsure)
        added = _explanations(new, explained)
        for _ in range(MAX_EXPLAINING_ROUNDS):  # an explanation may name a hard word too
            more = _explanations([c.replacement for c in added], explained)
            if not more:
                break
            added += more
        for change in added:
            lines.append(change.replacement)
            changes.append(change)
    draft = "\n".join(lines)
    return Suggestion(
        original=text,
        sentences=tuple(SuggestedSentence(line, _picture(line)) for line in lines),
        changes=tuple(changes), unsure=tuple(unsure), remaining=tuple(check(draft)))


def _explanations(lines: list[str], explained: set[str]) -> list[Change]:
    """A sentence from the definitions for each word the swaps had to leave, right after
    its first use, as easy-read guides do for a word people need ("Council Tax")."""
    found: list[Change] = []
    text = "\n".join(lines)
    for finding in check(text):
        word = finding.excerpt
        if finding.rule == Rule.ACRONYM:
            found.extend(_short_for(word, text, explained))
            continue
        definition = _meaning(word, text) if finding.rule in _EXPLAINABLE else None
        if definition is None or explained & set(keys(word)):
            continue
        explained.update(keys(word))
        explained.update(k for form in (definition.word, *definition.forms) for k in keys(form))
        if len(definition.meaning.split()) < MIN_MEANING_WORDS:
            continue  # "help." explains a word, but a sentence saying so reads oddly
        if normalise_term(word) != normalise_term(definition.word) and \
                normalise_term(definition.word) in keys(word):
            word = definition.word  # "stakeholders" -> "Stakeholder" means a person ...
        sentence = _explaining_sentence(word, definition.meaning)
        found.append(Change("explain", word, sentence,
                            f"People may not know “{word}”. This sentence says what it means.",
                            text, f"{text}\n{sentence}"))
    return found


def _meaning(word: str, text: str) -> Definition | None:
    """A definition written to follow "means"; the sense the sentence shows comes first
    ("sustainable" next to "costs" is about money, not the world). For a name ("Clinical
    Commissioning Group") the jargon list's easy words also describe the thing. Other
    jargon's easy words are a swap, not a meaning ("committed" -> "say we will"), so
    they are not used."""
    sense = meaning_in(word, text)
    if sense is not None:
        return Definition(word, sense, SENSE_SOURCE)
    found = define(word)
    if found is None and all(w[:1].isupper() for w in word.split()) and " " in word:
        found = explain(word)
    return found


def _short_for(word: str, text: str, explained: set[str]) -> list[Change]:
    """ "“CCG” is short for Clinical Commissioning Group.": easy read gives the full words
    of a short form where it is first used (plurals like "CCGs" find their singular)."""
    entry = acronyms().get(word) or acronyms().get(word.removesuffix("s"))
    if entry is None or entry.acronym in explained:
        return []
    explained.add(entry.acronym)
    sentence = f"“{entry.acronym}” is short for {entry.full}."
    return [Change("explain", word, sentence,
                   f"People may not know “{word}”. This sentence gives its full words.",
                   text, f"{text}\n{sentence}")]


def _explaining_sentence(word: str, meaning: str) -> str:
    """ "“Council Tax” means money you pay ..."; the glossary's shorter "“Word”: ..." when
    "means" would take the first sentence over the length limit."""
    term = f"“{word[:1].upper()}{word[1:]}”"
    meaning = meaning if meaning.endswith((".", "!", "?")) else meaning + "."  # jargon's words
    first = parse(meaning).sentences[0] if meaning.strip() else None
    if first is not None and len(first) + len(word.split()) + 1 > LONG_SENTENCE:
        return f"{term}: {meaning}"
    return f"{term} means {meaning}"


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
    sensed, found = swap_by_sense(swapped)
    changes += _word_changes(found, swapped, sensed)
    swapped = sensed
    pieces = _split(swapped, changes)
    finished = []
    for piece in pieces:
        finished.append(_active(piece, changes, unsure))
    return finished, changes, unsure


def _active(piece: str, changes: list[Change], unsure: list[Unsure]) -> str:
    """Each passive the rules can turn, first to last ("... were received and ... was
    carried out" has two)."""
    for _ in range(MAX_PASSIVES):
        active, problem = make_active(piece)
        if problem is not None:
            unsure.append(problem)
        if active is None:
            break
        changes.append(Change("active", active.passive, active.active,
                              "The sentence now says who does it.", piece, active.sentence))
        piece = active.sentence
    return piece


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
