"""Rewriter steps on sentences: long sentences split, passive sentences made active.

These are word patterns, not grammar parsing. Each rule acts only on a shape
it can read safely ("..., and we will ...", "... will be reviewed by the
council ..."); anything else is left as written and reported as still needing
a person, because a wrong split or a wrong doer changes what the text says.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from . import _verbs
from ._text import word_set
from .rewrite_words import Unsure
from .vocabulary import zipf

_PUNCT = ".,;:!?\"'“”‘’()"
SUBJECT_PRONOUNS = word_set("i you we they he she it there this")
_OBJECT_OF = {"i": "me", "we": "us", "they": "them", "he": "him", "she": "her"}
_SUBJECT_OF = {v: k for k, v in _OBJECT_OF.items()}
DETERMINERS = word_set(
    "the a an this that these those our your their its his her each every all some any no "
    "most many more new")
MODALS = word_set("will would can could should must may might shall")
AUXILIARIES = MODALS | word_set(
    "is are was were has have had do does did won't can't don't doesn't didn't isn't aren't "
    "wasn't weren't wouldn't shouldn't couldn't hasn't haven't mustn't")
_PREPOSITIONS = word_set(
    "of in on at for with to from into about by over under after before during "
    "between through along across around near within without behind beside towards "
    "against among beyond via per like onto upon up down off out")
_NOT_AGENTS = word_set(
    "email post phone law hand letter car bus train then now far way end time date "
    "deadline midnight")
_MONTHS = word_set(
    "january february march april may june july august september october november december "
    "monday tuesday wednesday thursday friday saturday sunday")
_AGENT_ENDS = _PREPOSITIONS | word_set(
    "and or but because so when while if that which who before after until as than "
    "last next each every today tomorrow yesterday soon later now already first")
_PLURAL_WORDS = word_set("people staff police children we they you residents")
_CONCESSIVE = ("although ", "though ", "even though ")
# A split leaves pieces of at least this many words; shorter ones are not sentences.
MIN_PIECE_WORDS = 3
LONG_SENTENCE = 15
MAX_AGENT_WORDS = 4


@dataclass(frozen=True)
class Split:
    """Where a sentence was cut: the words at the cut and why."""

    first: str
    second: str
    joiner: str
    reason: str


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    text: str

    @property
    def word(self) -> str:
        return self.text.strip(_PUNCT).lower().replace("’", "'")


def tokens_of(sentence: str) -> list[Token]:
    return [Token(m.start(), m.end(), m.group(0)) for m in re.finditer(r"\S+", sentence)]


def _end(text: str) -> str:
    """A finished sentence: no trailing comma, a full stop unless it has an ending."""
    text = text.strip().rstrip(",;:").rstrip()
    return text if text.endswith((".", "!", "?")) else text + "."


def _begin(text: str) -> str:
    text = text.strip()
    return text[:1].upper() + text[1:]


def _lower_start(text: str) -> str:
    """A sentence start moved inside a sentence: "The council" -> "the council",
    "Residents" -> "residents"; a name (a word rare in lower case) keeps its capital."""
    first = text.split(" ", 1)[0]
    lower = first.lower()
    if first == "I" or first.isupper() or not first[:1].isupper():
        return text
    if lower in DETERMINERS or lower in SUBJECT_PRONOUNS or zipf(lower) >= 4.0:
        return text[:1].lower() + text[1:]
    return text


def _cut(sentence: str, tokens: list[Token], index: int, skip: int = 1) -> tuple[str, str]:
    """The text before token ``index`` and after the ``skip`` tokens from it."""
    before = sentence[:tokens[index].start]
    after = sentence[tokens[index + skip - 1].end:] if index + skip <= len(tokens) else ""
    return before, after.strip()


def _long_enough(*pieces: str) -> bool:
    return all(len(p.split()) >= MIN_PIECE_WORDS for p in pieces)


def subject_of(tokens: list[Token]) -> tuple[str, str] | None:
    """The subject and first helping verb of a clause: ("the council", "will").

    Only a short subject before a helping verb counts; a subject led by an opening
    phrase ("Each year the council must") is taken from its last determiner.
    """
    for index, token in enumerate(tokens[:7]):
        if token.word in AUXILIARIES and index > 0:
            words = tokens[:index]
            if any(t.text.endswith(",") for t in words[:-1]):
                words = words[next(i for i, t in enumerate(words) if t.text.endswith(",")) + 1:]
            starts = [i for i, t in enumerate(words)
                      if t.word in DETERMINERS or t.word in SUBJECT_PRONOUNS]
            if starts:
                words = words[starts[-1]:]
            if not words or len(words) > 4:
                return None
            return " ".join(t.text.strip(",") for t in words), token.text
    return None


# Splitting rules: each finds one cut or returns None. -------------------------------

def _semicolon(sentence: str, tokens: list[Token]) -> Split | None:
    index = sentence.find(";")
    if index < 0:
        return None
    first, second = sentence[:index], sentence[index + 1:]
    if not _long_enough(first, second):
        return None
    return Split(_end(first), _begin(second), ";",
                 "A semicolon joins two ideas. Each idea gets its own sentence.")


def _which(sentence: str, tokens: list[Token]) -> Split | None:
    for index, token in enumerate(tokens):
        following = tokens[index + 1].word if index + 1 < len(tokens) else ""
        after_comma = tokens[index - 1].text.endswith(",")
        if token.word != "which" or index < 5 or not (after_comma or following in MODALS):
            continue
        if following in SUBJECT_PRONOUNS or following in DETERMINERS:
            continue  # "which we will consider": "which" is not the doer
        before, after = _cut(sentence, tokens, index)
        if _long_enough(before, after):
            return Split(_end(before), "This " + after, ", which",
                         "“which” starts a second idea. It is now a sentence of its own.")
    return None


def _because(sentence: str, tokens: list[Token]) -> Split | None:
    for index, token in enumerate(tokens):
        causal_as = (token.word == "as" and index > 0 and tokens[index - 1].text.endswith(",")
                     and index + 1 < len(tokens) and tokens[index + 1].word in SUBJECT_PRONOUNS)
        if token.word != "because" and not causal_as:
            continue
        if index < 3 or tokens[index - 1].word in {"is", "was"}:
            continue
        before, after = _cut(sentence, tokens, index)
        if _long_enough(before, after):
            return Split(_end(before), "This is because " + after, token.text,
                         "The reason is a second idea. It now has its own sentence.")
    return None


def _so_that(sentence: str, tokens: list[Token]) -> Split | None:
    for index in range(3, len(tokens) - 1):
        if tokens[index].word == "so" and tokens[index + 1].word == "that":
            before, after = _cut(sentence, tokens, index, skip=2)
            if _long_enough(before, after):
                return Split(_end(before), "This is so that " + after, "so that",
                             "What it is for is a second idea. It now has its own sentence.")
    return None


def _but(sentence: str, tokens: list[Token]) -> Split | None:
    for index, token in enumerate(tokens):
        if token.word != "but" or index < 3 or index + 1 >= len(tokens):
            continue
        if tokens[index + 1].word == "also":
            continue
        before = sentence[:token.start]
        after = _clause_after_and(sentence, tokens, index)
        if after is None or not _long_enough(before, after):
            continue
        return Split(_end(before), "But " + _lower_start(after), "but",
                     "“but” joins two ideas. Each idea gets its own sentence.")
    return None


def _and(sentence: str, tokens: list[Token]) -> Split | None:
    for index, token in enumerate(tokens):
        if token.word != "and" or index < 3 or index + 2 >= len(tokens):
            continue
        second = _clause_after_and(sentence, tokens, index)
        if second is None:
            continue
        before = sentence[:token.start]
        if _long_enough(before, second):
            return Split(_end(before), _begin(second), "and",
                         "“and” joins two ideas. Each idea gets its own sentence.")
    return None


def _clause_after_and(sentence: str, tokens: list[Token], index: int) -> str | None:
    """What follows "and" as a sentence of its own, or None when it is not a clause."""
    rest = tokens[index + 1:]
    after = sentence[rest[0].start:]
    first = rest[0].word
    if first == "then":
        return after
    if first in SUBJECT_PRONOUNS and first not in {"this", "there"} or (
            first in {"this", "there"} and rest[1].word in AUXILIARIES):
        return after
    if first in DETERMINERS and _helping_verb_soon(rest):
        return after
    subject = subject_of(tokens[:index])
    if subject is None:
        return None
    if first in AUXILIARIES:
        return _lower_start(subject[0]) + " " + after
    modal = subject[1]
    if (first in _verbs.COMMON_VERBS and modal.lower() in MODALS
            and rest[1].word in DETERMINERS | set(_OBJECT_OF.values()) | {"you", "it"}):
        return f"{_lower_start(subject[0])} {modal} {after}"
    return None


def _helping_verb_soon(rest: list[Token]) -> bool:
    """ "the results will ...", "the café opens": a noun phrase of up to 3 words, then a
    helping verb or a common verb in the present or past."""
    for position, token in enumerate(rest[1:5], start=1):
        if token.word in AUXILIARIES or (position > 1 and token.word in _verbs.FINITE_FORMS):
            return True
        if (token.word in _PREPOSITIONS or token.word in {"that", "which", "who"}
                or token.text.endswith(",")):
            return False
    return False


def _concessive(sentence: str, tokens: list[Token]) -> Split | None:
    """ "Although X, Y." -> "X. But Y." """
    lower = sentence.lower()
    opener = next((o for o in _CONCESSIVE if lower.startswith(o)), None)
    comma = sentence.find(",")
    if opener is None or comma < 0:
        return None
    first, second = sentence[len(opener):comma], sentence[comma + 1:]
    if not _long_enough(first, second):
        return None
    return Split(_end(_begin(first)), "But " + second.strip(), opener.strip(),
                 "A sentence starting “although” holds two ideas. Each gets its own sentence.")


def _if_then(sentence: str, tokens: list[Token]) -> Split | None:
    """A long "If you X, (then) Y." -> "You may X. If so, Y." """
    if len(tokens) <= LONG_SENTENCE or tokens[0].word != "if" or len(tokens) < 4:
        return None
    comma = next((i for i, t in enumerate(tokens) if t.text.endswith(",")), None)
    if comma is None or comma < 2 or tokens[1].word not in {"you", "we", "they", "i"}:
        return None
    verb = tokens[2].word
    if verb in MODALS or verb in {"is", "was", "were", "had", "did", "do", "does"}:
        return None
    condition = [t.text for t in tokens[1:comma + 1]]
    condition[1] = {"are": "be", "am": "be"}.get(verb, verb)
    rest = tokens[comma + 1:]
    if rest and rest[0].word == "then":
        rest = rest[1:]
    first = _begin(condition[0] + " may " + " ".join(condition[1:]))
    second = sentence[rest[0].start:] if rest else ""
    if not _long_enough(first, second):
        return None
    return Split(_end(first), "If so, " + second, "if … then",
                 "“If … then” holds two ideas. Each gets its own sentence.")


def _however(sentence: str, tokens: list[Token]) -> Split | None:
    """ "X, however Y" -> "X. However, Y." """
    for index, token in enumerate(tokens):
        if token.word == "however" and index >= 3 and tokens[index - 1].text.endswith(","):
            before, after = _cut(sentence, tokens, index)
            if _long_enough(before, after):
                return Split(_end(before), "However, " + after.lstrip(", "), "however",
                             "“however” starts a second idea. It now has its own sentence.")
    return None


def _list(sentence: str, tokens: list[Token]) -> Split | None:
    """A long sentence ending in a list of 3 or more things becomes the list's lead-in
    and one line for each thing: "Letters will include: - dates - a map - a phone number".
    The things must start alike ("a letter, a sticker and a webpage") so the lead-in
    can be told from the first of them."""
    if len(tokens) <= LONG_SENTENCE or "\n" in sentence:
        return None
    segments = sentence.rstrip(".").split(", ")
    if len(segments) < 3:
        return None
    last = re.split(r" (?:and|or) (?=\S)", segments[-1])
    if len(last) != 2:
        return None
    items = [*segments[1:-1], *last]
    firsts = [item.split()[0].lower() for item in items if item.split()]
    lead = max(set(firsts), key=firsts.count)
    if firsts.count(lead) < 2 or any(len(item.split()) > 10 for item in items):
        return None
    place = re.search(rf"\b{re.escape(lead)}\b", segments[0], re.IGNORECASE)
    if place is None or len(segments[0][:place.start()].split()) < 2:
        return None
    intro = segments[0][:place.start()].rstrip()
    things = [segments[0][place.start():], *items]
    lines = "\n".join("- " + thing.strip() for thing in things)
    return Split(intro + ":", lines, "a list",
                 "A list is easier to read with each thing on its own line.")


_SUBORDINATORS = word_set(
    "if when where as while whilst although though because before after unless once until "
    "since whether")


def _comma_splice(sentence: str, tokens: list[Token]) -> Split | None:
    """ "We help 3,400 people, this includes home care." -> two sentences: a comma
    joins two whole sentences. Not after an opening "If ...", "When ..." clause, and
    only when the part before the comma has a verb of its own."""
    if not tokens or tokens[0].word in _SUBORDINATORS:
        return None
    for index in range(3, len(tokens) - 2):
        if not tokens[index - 1].text.endswith(","):
            continue
        first, second = tokens[index], tokens[index + 1]
        finite = second.word in AUXILIARIES or second.word in _verbs.FINITE_FORMS
        if first.word in SUBJECT_PRONOUNS and finite and _has_verb(tokens[:index]):
            before, after = sentence[:first.start], sentence[first.start:]
            if _long_enough(before, after):
                return Split(_end(before), _begin(after), ",",
                             "A comma joined two sentences. Each is now on its own.")
    return None


def _has_verb(tokens: list[Token]) -> bool:
    return any(t.word in AUXILIARIES or t.word in _verbs.FINITE_FORMS or (
        i > 0 and tokens[i - 1].word in SUBJECT_PRONOUNS and t.word in _verbs.COMMON_VERBS)
        for i, t in enumerate(tokens))


SPLIT_RULES: tuple[Callable[[str, list[Token]], Split | None], ...] = (
    _semicolon, _list, _because, _so_that, _which, _however, _but, _concessive, _and,
    _comma_splice, _if_then)


def split_once(sentence: str) -> Split | None:
    """The first cut any rule finds in the sentence."""
    tokens = tokens_of(sentence)
    for rule in SPLIT_RULES:
        found = rule(sentence, tokens)
        if found is not None:
            return found
    return None


# Passive to active -----------------------------------------------------------------

@dataclass(frozen=True)
class Active:
    sentence: str
    passive: str
    active: str


def make_active(sentence: str) -> tuple[Active | None, Unsure | None]:
    """ "All this will be reviewed by the council before ..." -> "The council will review
    all this before ...". Only with a named doer ("by the council") and a short subject
    at the start; without one the rewriter cannot know who does it."""
    tokens = tokens_of(sentence)
    found = _passive_at(tokens)
    if found is None:
        return None, None
    be_start, verb_index = found
    passive = " ".join(t.text for t in tokens[be_start:verb_index + 1]).strip(_PUNCT)
    if verb_index + 1 >= len(tokens) or tokens[verb_index + 1].word != "by":
        return None, Unsure(passive, "This sentence does not say who does it. "
                                     "Say who, for example “we will decide”.")
    agent_end = _agent_end(tokens, verb_index + 2)
    subject = tokens[:be_start]
    if agent_end is None or not subject or len(subject) > 6 or any(
            t.text.endswith(",") or t.word in {"that", "which", "who", "if", "when"}
            for t in subject):
        return None, Unsure(passive, "This may be passive. Start with who does it.")
    agent = tokens[verb_index + 2:agent_end]
    verb_group = _active_verb(tokens[be_start:verb_index + 1], agent)
    if verb_group is None:
        return None, Unsure(passive, "This may be passive. Start with who does it.")
    agent_text = " ".join(t.text for t in agent).rstrip(",.")
    subject_text = _as_object(" ".join(t.text for t in subject))
    rest = sentence[agent[-1].end:]
    if agent[-1].text[-1:] in ",.":
        rest = agent[-1].text[-1] + rest
    active = f"{_as_subject(agent_text)} {verb_group} {subject_text}"
    new = _begin(active) + rest
    return Active(new, sentence[tokens[0].start:agent[-1].end].rstrip(",."), _begin(active)), None


def _passive_at(tokens: list[Token]) -> tuple[int, int] | None:
    """(first word of the verb group, the participle) of the first passive verb."""
    from .rules_sentences import is_past_participle

    for index, token in enumerate(tokens):
        if token.word not in {"is", "are", "was", "were", "be", "been", "being"}:
            continue
        following = index + 1
        if following < len(tokens) and tokens[following].word in {"not"}:
            following += 1
        if following < len(tokens) and is_past_participle(tokens[following].word):
            start = index
            while start > 0 and tokens[start - 1].word in AUXILIARIES | {"been", "not"}:
                start -= 1
            return start, following
    return None


def _agent_end(tokens: list[Token], start: int) -> int | None:
    """Where the doer after "by" ends; None when "by" is not followed by a doer
    ("by email", "by 1 April", "by completing")."""
    if start >= len(tokens):
        return None
    first = tokens[start]
    if (first.word in _NOT_AGENTS or first.word in _MONTHS or first.word.endswith("ing")
            or any(ch.isdigit() for ch in first.word)):
        return None
    end = start
    while end < len(tokens):
        if end > start and tokens[end].word in _AGENT_ENDS:
            break
        end += 1
        if tokens[end - 1].text[-1:] in ",.;:":
            break
    if end - start > MAX_AGENT_WORDS:
        return None  # not a short name of who does it: unclear, so left alone
    words = [t.word for t in tokens[start:end]]
    if words[-1] in _NOT_AGENTS or words[0] not in DETERMINERS | set(_SUBJECT_OF) | {"you"} and \
            not tokens[start].text[:1].isupper() and not words[-1].endswith("s"):
        return None
    return end


def _is_plural(agent: list[Token]) -> bool:
    last = agent[-1].word
    return last in _PLURAL_WORDS or (last.endswith("s") and not last.endswith("ss"))


def _active_verb(group: list[Token], agent: list[Token]) -> str | None:
    """ "will be reviewed" -> "will review"; "was decided" -> "decided"."""
    words = [t.word for t in group]
    base = _verbs.base_of_participle(words[-1])
    if base is None:
        return None
    helpers, negative = [w for w in words[:-1] if w != "not"], "not" in words
    plural = _is_plural(agent)
    if helpers and helpers[0] in MODALS and helpers[1:] == ["be"]:
        return " ".join([helpers[0], *(["not"] if negative else []), base])
    if helpers in (["has", "been"], ["have", "been"]):
        have = "have" if plural else "has"
        return " ".join([have, *(["not"] if negative else []), _verbs.past(base, True)])
    if helpers in (["was"], ["were"]):
        return f"did not {base}" if negative else _verbs.past(base)
    if helpers in (["is"], ["are"]):
        if negative:
            return f"{'do' if plural else 'does'} not {base}"
        return base if plural else _verbs.third_person(base)
    return None


def _as_object(subject: str) -> str:
    """The old subject after the verb: "we" -> "us", "The council" -> "the council"."""
    lower = subject.lower()
    if lower in _OBJECT_OF:
        return _OBJECT_OF[lower]
    return _lower_start(subject)


def _as_subject(agent: str) -> str:
    return _SUBJECT_OF.get(agent.lower(), agent)
