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
# An opening phrase before a list's lead-in ("However,", "As a result,") is this short.
MAX_OPENING_WORDS = 3
# A thing acted on longer than this ("more work with the sector and partners") is not
# moved after the verb: a longer one may hide a second clause.
MAX_THING_WORDS = 8


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
    if first == "I" or (first.isupper() and first != "A") or not first[:1].isupper():
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
        if token.word == "which" and index >= 5 and not after_comma and \
                len(tokens) > LONG_SENTENCE and following in _verbs.COMMON_VERBS | {"reflect"}:
            return _which_verb(sentence, tokens, index)
        if token.word != "which" or index < 5 or not (after_comma or following in MODALS):
            continue
        if following in SUBJECT_PRONOUNS or following in DETERMINERS:
            continue  # "which we will consider": "which" is not the doer
        before, after = _cut(sentence, tokens, index)
        if _long_enough(before, after):
            return Split(_end(before), "This " + after, ", which",
                         "“which” starts a second idea. It is now a sentence of its own.")
    return None


def _which_verb(sentence: str, tokens: list[Token], index: int) -> Split | None:
    """ "decisions on these issues which reflect what you said" -> "... these issues." /
    "These reflect what you said.": a plural verb after "which" says "these"."""
    before, after = _cut(sentence, tokens, index)
    if not _long_enough(before, after):
        return None
    return Split(_end(before), "These " + after, "which",
                 "“which” starts a second idea. It is now a sentence of its own.")


def _by_doing(sentence: str, tokens: list[Token]) -> Split | None:
    """A long "The scheme can help you by reducing your bill." -> "The scheme can help
    you." / "The scheme can do this by reducing your bill." """
    if len(tokens) <= LONG_SENTENCE:
        return None
    for index in range(4, len(tokens) - 2):
        if tokens[index].word != "by" or not tokens[index + 1].word.endswith("ing"):
            continue
        subject = subject_of(tokens[:index]) or _long_subject(tokens[:index])
        if subject is None or subject[1].lower() not in MODALS:
            return None
        before = sentence[:tokens[index].start]
        after = f"{subject[0]} {subject[1]} do this {sentence[tokens[index].start:].strip()}"
        if _long_enough(before, after):
            return Split(_end(before), _begin(after), "by",
                         "“by …” says how. It now has its own sentence.")
    return None


def _long_subject(tokens: list[Token]) -> tuple[str, str] | None:
    """ "The Council Tax Reduction Scheme can": a name of up to 6 words led by "the"."""
    for index, token in enumerate(tokens[:7]):
        if token.word in MODALS and index > 0:
            if tokens[0].word in DETERMINERS and not any(t.text.endswith(",")
                                                         for t in tokens[:index]):
                return " ".join(t.text for t in tokens[:index]), token.text
            return None
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
        if _inside_condition(tokens[:index]):
            return None  # "tell us if A and B": B is part of the condition, not news
        second = _clause_after_and(sentence, tokens, index)
        if second is None:
            continue
        before = sentence[:token.start]
        if _long_enough(before, second):
            return Split(_end(before), _begin(second), "and",
                         "“and” joins two ideas. Each idea gets its own sentence.")
    return None


def _inside_condition(before: list[Token]) -> bool:
    """Whether an "if", "unless" or "when" part is still open: no comma since it began."""
    for token in reversed(before):
        if token.text.endswith((",", ";")):
            return False
        if token.word in {"if", "unless", "when", "whether"}:
            return True
    return False


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
    if first in DETERMINERS and (_helping_verb_soon(rest) or _passive_soon(rest)):
        return after
    subject = subject_of(tokens[:index]) or _simple_subject(tokens[:index], rest)
    if subject is None:
        return None
    if first in AUXILIARIES or not subject[1]:
        return _lower_start(subject[0]) + " " + after
    modal = subject[1]
    if (first in _verbs.COMMON_VERBS and modal.lower() in MODALS
            and rest[1].word in DETERMINERS | set(_OBJECT_OF.values()) | {"you", "it"}):
        return f"{_lower_start(subject[0])} {modal} {after}"
    return None


def _simple_subject(before: list[Token], rest: list[Token]) -> tuple[str, str] | None:
    """The subject of a sentence with no helping verb, for a second verb after "and":
    "We considered it and have decided" (a pronoun, then a helping verb) or "The report
    outlines X and suggests Y" (a short subject, then the same present form twice)."""
    if not before or len(rest) < 2:
        return None
    if before[0].word in _OBJECT_OF | {"you": ""} and rest[0].word in AUXILIARIES:
        return before[0].text, ""
    if before[0].word not in DETERMINERS or rest[1].word not in DETERMINERS:
        return None
    for index in range(1, min(4, len(before))):
        if _verbs.base_of_third_person(before[index].word) and index >= 1 and \
                _verbs.base_of_third_person(rest[0].word) and rest[0].word.endswith("s"):
            return " ".join(t.text for t in before[:index]), ""
    return None


def _passive_soon(rest: list[Token]) -> bool:
    """ "and more work with the sector and partners was carried out": a thing of up to 9
    words, then "was"/"were" and a doing-word; the thing has no verb or comma of its own."""
    from .rules_sentences import is_past_participle

    for position, token in enumerate(rest[1:10], start=1):
        if token.word in {"was", "were"} and position + 1 < len(rest):
            return is_past_participle(rest[position + 1].word)
        if (token.word in AUXILIARIES or token.word in _verbs.FINITE_FORMS
                or token.word in {"that", "which", "who"} or token.text.endswith(",")):
            return False
    return False


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


# Words after which "to" starts what the word needs, not a purpose: "need to", "asked to".
_TAKES_TO = word_set("""
    want wants wanted need needs needed like going able have has had used how what where
    when whether decide decided decides try tried plan plans planned agree agreed ask asked
    invite invited help helps continue allow allowed expect hope seem chance opportunity
    way time due ought begin began start started order aim aims afford refuse choose chose
    manage managed likely unable easier easy hard harder enough about close back up down
    """)


def _purpose(sentence: str, tokens: list[Token]) -> Split | None:
    """A long "We work with hospitals to review the impact." -> "We work with hospitals."
    / "This is to review the impact.": the purpose becomes its own sentence."""
    if len(tokens) <= LONG_SENTENCE:
        return None
    for index in range(4, len(tokens) - 3):
        if tokens[index].word != "to" or (tokens[index - 1].word in _TAKES_TO and not (
                tokens[index - 1].word in {"plan", "plans"}
                and tokens[index - 2].word in DETERMINERS)):  # "the plans to" is a thing
            continue
        if tokens[index + 1].word not in _verbs.COMMON_VERBS | _verbs.ORGANISATION_VERBS \
                or tokens[index + 1].word == "be":
            continue  # "decisions to be taken" is not a purpose
        before = sentence[:tokens[index].start]
        after = "This is " + sentence[tokens[index].start:].strip()
        if _has_verb(tokens[:index]) and _long_enough(before, after):
            return Split(_end(before), after, "to",
                         "“to …” says why. It now has its own sentence.")
    return None


def _as_well_as(sentence: str, tokens: list[Token]) -> Split | None:
    """ "The budget must cover new costs as well as making sure ..." -> "The budget must
    cover new costs." / "The budget must also make sure ..."."""
    for index in range(3, len(tokens) - 4):
        if [t.word for t in tokens[index:index + 3]] != ["as", "well", "as"]:
            continue
        base = _verbs.base_of_present_participle(tokens[index + 3].word)
        subject = subject_of(tokens[:index])
        if base is None or subject is None or tokens[index - 1].text.endswith(","):
            return None
        before = sentence[:tokens[index].start]
        after = (f"{subject[0]} {subject[1]} also {base} "
                 f"{sentence[tokens[index + 3].end:].strip()}")
        if _long_enough(before, after):
            return Split(_end(before), _begin(after), "as well as",
                         "“as well as” adds a second idea. It now has its own sentence.")
    return None


def _unless(sentence: str, tokens: list[Token]) -> Split | None:
    """ "You cannot get it if you have savings, unless you are over 66." -> "You cannot
    get it if you have savings." / "But it is different if you are over 66." """
    for index in range(3, len(tokens) - 2):
        if tokens[index].word != "unless":
            continue
        following = tokens[index + 1].word
        if following not in SUBJECT_PRONOUNS and following not in DETERMINERS:
            return None
        before = sentence[:tokens[index].start].rstrip(" -–—,")
        after = "But it is different if " + sentence[tokens[index].end:].strip()
        if _long_enough(before, after):
            return Split(_end(before), after, "unless",
                         "“unless” adds a second idea. It now has its own sentence.")
    return None


_CONTRAST = word_set("not no never still also only")


def _while(sentence: str, tokens: list[Token]) -> Split | None:
    """ "While this is the law, this policy has not been checked." -> "This is the law."
    / "But this policy has not been checked." Only when the second part says "not",
    "still" or similar: "While you wait, we check your form" is about time, not a
    contrast, and stays."""
    if not tokens or tokens[0].word not in {"while", "whilst"}:
        return None
    comma = next((i for i, t in enumerate(tokens) if t.text.endswith(",")), None)
    if comma is None or any(t.word.endswith("ing") for t in tokens[1:comma + 1]):
        return None
    if not any(t.word in _CONTRAST for t in tokens[comma + 1:]):
        return None
    first, second = sentence[tokens[1].start:tokens[comma].end], sentence[tokens[comma].end:]
    if not _long_enough(first, second):
        return None
    return Split(_end(_begin(first)), "But " + second.strip(), "while",
                 "A sentence starting “while” holds two ideas. Each gets its own sentence.")


_TIME_OPENERS = word_set("in on by from since during")


def _opening_time(sentence: str, tokens: list[Token]) -> Split | None:
    """A long "In January 2024, the government asked ..." -> "The government asked ..."
    / "This was in January 2024.": the time gets a sentence of its own after the news,
    in the tense of the sentence (only past or "will"; otherwise it stays)."""
    if len(tokens) <= LONG_SENTENCE or not tokens or tokens[0].word not in _TIME_OPENERS:
        return None
    comma = next((i for i, t in enumerate(tokens[:5]) if t.text.endswith(",")), None)
    if comma is None or not any(t.word in _MONTHS or t.word.isdigit()
                                for t in tokens[1:comma + 1]):
        return None
    main = tokens[comma + 1:]
    words = [t.word for t in main[:6]]
    if "will" in words:
        be = "will be"
    elif any(w in _verbs.PAST_FORMS or w in {"was", "were", "did"} for w in words):
        be = "was"
    else:
        return None
    time = sentence[tokens[0].start:tokens[comma].end].rstrip(",")
    first = _begin(sentence[main[0].start:])
    return Split(_end(first), f"This {be} {_lower_start(time)}.", "time",
                 "The time at the start made the sentence long. It has its own sentence.")


def _or_if(sentence: str, tokens: list[Token]) -> Split | None:
    """ "You can claim if A, or if B." -> "You can claim if A." / "You can claim if B.":
    the main part is said again for the second case."""
    for index in range(3, len(tokens) - 3):
        if tokens[index].word != "or" or not tokens[index - 1].text.endswith(","):
            continue
        skip = 1 + (tokens[index + 1].word == "even")
        if tokens[index + skip].word != "if":
            continue
        first_if = next((i for i, t in enumerate(tokens[:index]) if t.word == "if"), None)
        if first_if is None or first_if < 2:
            return None
        start = first_if - (tokens[first_if - 1].word == "even")
        main = sentence[:tokens[start].start]
        second = main + sentence[tokens[index + 1].start:].strip()
        first = sentence[:tokens[index].start]
        if _long_enough(first, second):
            return Split(_end(first), _begin(second), "or if",
                         "“or if” adds a second case. It now has its own sentence.")
    return None


def _with_clause(sentence: str, tokens: list[Token]) -> Split | None:
    """ "It runs for 6 weeks, with the budget due to go to the council in May." -> "It
    runs for 6 weeks." / "The budget is due to go to the council in May." """
    for index in range(3, len(tokens) - 4):
        if tokens[index].word != "with" or not tokens[index - 1].text.endswith(","):
            continue
        if tokens[index + 1].word not in DETERMINERS:
            return None
        for end in range(index + 2, min(index + 5, len(tokens) - 1)):
            if tokens[end].word == "due" and tokens[end + 1].word == "to":
                thing = tokens[index + 1:end]
                be = "are" if _is_plural(thing) else "is"
                first = sentence[:tokens[index].start]
                second = (" ".join(t.text for t in thing) + f" {be} "
                          + sentence[tokens[end].start:].strip())
                if _long_enough(first, second):
                    return Split(_end(first), _begin(second), ", with",
                                 "“with” added a second idea. It now has its own sentence.")
        return None
    return None


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


# A question word after a verb of choosing starts the first thing of a list whose other
# things start alike: "decide how often waste is collected, the type of ... and the ...".
_LIST_QUESTION = re.compile(r"\b(?:decide|choose|know|tell|ask|say|show) "
                            r"(?P<thing>(?:how|what|where|when|which|who)\b)", re.IGNORECASE)


def _list(sentence: str, tokens: list[Token]) -> Split | None:
    """A long sentence ending in a list of 3 or more things becomes the list's lead-in
    and one line for each thing: "Letters will include: - dates - a map - a phone number".
    The things must start alike ("a letter, a sticker and a webpage") so the lead-in
    can be told from the first of them."""
    if len(tokens) <= LONG_SENTENCE or "\n" in sentence:
        return None
    segments = sentence.rstrip(".").split(", ")
    if len(segments) > 2 and len(segments[0].split()) <= MAX_OPENING_WORDS:
        segments[:2] = [", ".join(segments[:2])]  # "However, each ... can decide how ..."
    if len(segments) < 2:
        return None
    last = re.split(r" (?:and|or) (?=\S)", segments[-1])
    if len(last) != 2:
        return None
    items = [*segments[1:-1], *last]
    firsts = [item.split()[0].lower() for item in items if item.split()]
    lead = max(set(firsts), key=firsts.count)
    if firsts.count(lead) < 2 or any(len(item.split()) > 10 for item in items):
        return None
    start = _first_thing_at(segments[0], lead)
    if start is None or len(segments[0][:start].split()) < 2:
        return None
    intro = segments[0][:start].rstrip()
    things = [segments[0][start:], *items]
    lines = "\n".join("- " + thing.strip() for thing in things)
    return Split(intro + ":", lines, "a list",
                 "A list is easier to read with each thing on its own line.")


def _first_thing_at(lead_in: str, lead: str) -> int | None:
    """Where the list's first thing starts: at the word the other things start with, or
    at a question word after a verb of choosing ("decide how often ...")."""
    place = re.search(rf"\b{re.escape(lead)}\b", lead_in, re.IGNORECASE)
    if place is not None:
        return place.start()
    question = _LIST_QUESTION.search(lead_in)
    return question.start("thing") if question is not None else None


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
    _semicolon, _list, _because, _so_that, _which, _however, _but, _concessive, _while,
    _unless, _as_well_as, _or_if, _with_clause, _and, _comma_splice, _if_then, _purpose,
    _by_doing, _opening_time)


# Passive to active -----------------------------------------------------------------

@dataclass(frozen=True)
class Active:
    sentence: str
    passive: str
    active: str


def make_active(sentence: str) -> tuple[Active | None, Unsure | None]:
    """ "All this will be reviewed by the council before ..." -> "The council will review
    all this before ..."; with no doer named, "All feedback will be considered" -> "We
    will consider all feedback", but only for what an organisation does itself
    (``_verbs.ORGANISATION_VERBS``), and reported so a person checks who "we" is."""
    tokens = tokens_of(sentence)
    found = _passive_at(tokens)
    if found is None:
        return None, None
    be_start, verb_index = found
    passive = " ".join(t.text for t in tokens[be_start:verb_index + 1]).strip(_PUNCT)
    if verb_index + 1 >= len(tokens) or tokens[verb_index + 1].word != "by":
        return _active_with_we(sentence, tokens, be_start, verb_index, passive)
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


_CLAUSE_STARTS = word_set("how that when where whether why if once sure after before until")
_OPENING_JOINERS = word_set("but and so then also")
_HOW_WORDS = word_set("often much many soon long far")
_PARTICLES = word_set("out up off back down")
_WE = [Token(0, 2, "we")]
WE_GUESSED = "The text did not say who does this, so the draft says “we”. Check that is right."


def _active_with_we(sentence: str, tokens: list[Token], be_start: int, verb_index: int,
                    passive: str) -> tuple[Active | None, Unsure | None]:
    """ "The results will be made available" -> "We will make the results available";
    "If approved, the changes would be introduced" -> "If approved, we would introduce
    the changes"; "how your waste is collected" -> "how we collect your waste"."""
    no_doer = Unsure(passive, "This sentence does not say who does it. "
                              "Say who, for example “we will decide”.")
    base = _verbs.base_of_participle(tokens[verb_index].word)
    start = _subject_start(tokens, be_start)
    subject = tokens[start:be_start]
    relative = not subject and be_start > 1 and tokens[be_start - 1].word in {"that", "which"}
    if (base not in _verbs.ORGANISATION_VERBS or not (subject or relative)
            or len(subject) > MAX_THING_WORDS
            or tokens[verb_index].text[-1:] in ",;:" and verb_index + 1 < len(tokens)):
        return None, no_doer
    verb_group = _active_verb(tokens[be_start:verb_index + 1], _WE)
    if verb_group is None:
        return None, no_doer
    if relative:  # "the bins that will be given" -> "the bins that we will give"
        words = f"we {verb_group}"
        participle = tokens[verb_index].text
        ending = participle[len(participle.rstrip(_PUNCT)):]
        return (Active(sentence[:tokens[be_start].start] + words + ending
                       + sentence[tokens[verb_index].end:], passive, words),
                Unsure(words, WE_GUESSED))
    end = verb_index
    if end + 1 < len(tokens) and tokens[end + 1].word in _PARTICLES:
        end += 1
        verb_group += " " + tokens[end].word
    second = _second_verb(tokens, end)
    if second is not None:
        verb_group += f" {tokens[end + 1].word} {second}"
        end += 2
    prefix = sentence[:subject[0].start]
    thing = " ".join(t.text for t in subject)
    rest = sentence[tokens[end].end:]
    last = tokens[end].text.rstrip(_PUNCT.replace("’", ""))
    rest = tokens[end].text[len(last):] + rest if tokens[end].text != last else rest
    words = f"we {verb_group} {_as_object(thing) if start == 0 else thing}"
    words = words if prefix else _begin(words)
    return (Active(prefix + words + rest, sentence[subject[0].start:tokens[end].end].rstrip(",."),
                   words),
            Unsure(words, WE_GUESSED))


def _second_verb(tokens: list[Token], end: int) -> str | None:
    """ "is collected and recycled" -> "recycle": a second participle sharing the thing."""
    if end + 2 >= len(tokens) or tokens[end + 1].word not in {"and", "or"} or \
            tokens[end].text[-1:] in ",;:":
        return None
    return _verbs.base_of_participle(tokens[end + 2].word)


def _subject_start(tokens: list[Token], be_start: int) -> int:
    """Where the thing acted on starts: the sentence start, after an opening phrase
    ("If approved, ...") or after a joining word ("how", "that")."""
    start = 1 if tokens and tokens[0].word in _OPENING_JOINERS else 0
    clause = 0
    for index in range(be_start):
        if tokens[index].text.endswith(",") or tokens[index].word in _CLAUSE_STARTS:
            start = index + 1
            clause = start if tokens[index].word in _CLAUSE_STARTS else 0
    while start < be_start and start > 0 and tokens[start - 1].word == "how" and \
            tokens[start].word in _HOW_WORDS:
        start += 1  # "how often waste is collected": "often" stays with "how"
    if any(t.word in {"which", "who", "but", "to"} for t in tokens[start:be_start]) or (
            _joins_clauses(tokens[start:be_start])):
        return be_start
    if clause > 1 and not _we_write(tokens[:clause]):
        return be_start  # "Each authority can decide how often waste is collected": not us
    return start


def _joins_clauses(subject: list[Token]) -> bool:
    """Whether "and"/"or" in the words before a passive may join two clauses ("We met and
    the plans were made"); "the evidence and feedback" joins two things, no verb."""
    if not any(t.word in {"and", "or"} for t in subject):
        return False
    return any(t.word in AUXILIARIES or t.word in _verbs.FINITE_FORMS or t.word.endswith("ed")
               or t.word in SUBJECT_PRONOUNS for t in subject)


def _we_write(tokens: list[Token]) -> bool:
    """Whether the main clause is about us, so "we" may do what the clause after "how"
    or "that" leaves unsaid: "This led to a review of how ...", "We know that ..."."""
    return tokens[0].word in {"we", "this", "it", "there"} or any(
        t.word in {"we", "us", "our"} for t in tokens)


def _passive_at(tokens: list[Token]) -> tuple[int, int] | None:
    """(first word of the verb group, the participle) of the first passive verb."""
    from .rules_sentences import is_past_participle

    for index, token in enumerate(tokens):
        if token.word not in {"is", "are", "was", "were", "be", "been", "being"}:
            continue
        following = index + 1
        while following < len(tokens) and tokens[following].word in {"not", "also"}:
            following += 1
        if following < len(tokens) and is_past_participle(tokens[following].word):
            start = index
            while start > 0 and tokens[start - 1].word in AUXILIARIES | {"been", "not", "also"}:
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
    words = [t.word for t in group if t.word != "also"]
    if len(words) < len(group):  # "were also asked" -> "also asked", "will also consider"
        plain = _active_verb([t for t in group if t.word != "also"], agent)
        if plain is None:
            return None
        first, _, rest = plain.partition(" ")
        return f"{first} also {rest}" if rest else f"also {first}"
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
    if helpers in (["is", "being"], ["are", "being"]) and not negative:
        return f"{'are' if plural else 'is'} {_verbs.present_participle(base)}"
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
