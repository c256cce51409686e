"""More places to cut a long sentence, where no joining word like "and" or "because"
marks the second idea: a trailing place or time ("... across a range of libraries"), a
bracket at the end ("(except flats)"), a thing someone else acts on ("the report
considered by the Council when ..."), a doing-word after a comma (", seeking views
from ..."), "before deciding ...", and a second case or a second want after "if".

Each rule acts only on the shape it names and leaves every word of the source in the
draft: the cut-off part gets a short lead ("This is across ...", "The Council will
consider this report ...") so it reads as a sentence of its own.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from . import _verbs
from ._text import word_set
from .rewrite_clauses import (
    AUXILIARIES,
    DETERMINERS,
    LONG_SENTENCE,
    MODALS,
    SPLIT_RULES,
    SUBJECT_PRONOUNS,
    Split,
    Token,
    _agent_end,
    _as_subject,
    _begin,
    _end,
    _is_plural,
    _long_enough,
    _passive_at,
    subject_of,
    tokens_of,
)

_TRAILING = word_set("across during throughout over")
# "over" is a time only before these ("over a 12-week period"); "over a third" is a share.
_TIME_NOUNS = re.compile(r"\b(?:period|weeks?|months?|years?|days?|summer|winter|spring|"
                         r"autumn|weekend)\b")
_NEGATIVE = word_set("not never no cannot can't won't")
_NOT_DOING = word_set(
    "including following according regarding concerning excluding depending starting "
    "beginning during notwithstanding")
_BRACKET = re.compile(r"\s*\((except|excluding|including|not)\s+([^()]+)\)\s*([.!?]?)$",
                      re.IGNORECASE)
_WHEN_STARTS = word_set("when before after at in on during while")
_DONE_ALREADY = word_set("last ago yesterday earlier previously already")
_AS_PARTNERS = word_set("as soon well much long far same such many")
_REPEATED = word_set("after before if when once until")
_YOU_VERBS = word_set("need want have would like are can use live")


def _cut(before: str, second: str, joiner: str, reason: str) -> Split | None:
    """The two sentences of a cut, or None when either is too short to be one."""
    if not _long_enough(before, second):
        return None
    return Split(_end(before), _end(_begin(second)), joiner, reason)


def _tense_of(tokens: list[Token]) -> str:
    """ "will be", "would be", "was" or "is": how the main clause says when, for a short
    "This will be ..." sentence after it (the present when nothing says otherwise)."""
    subject = subject_of(tokens)
    if subject is not None:
        helper = subject[1].lower()
        if helper in MODALS:
            return f"{helper} be"
        return "was" if helper in {"was", "were", "had", "did"} else "is"
    return "was" if any(t.word in _verbs.PAST_FORMS for t in tokens) else "is"


def _trailing_phrase(sentence: str, tokens: list[Token]) -> Split | None:
    """A long "We would run it through a website and drop-in sessions over a 12-week
    period during the summer." -> "... drop-in sessions." / "This would be over a
    12-week period during the summer." A place or time at the end is a second idea."""
    if len(tokens) <= LONG_SENTENCE:
        return None
    for index in range(4, len(tokens) - 2):
        token = tokens[index]
        if token.word not in _TRAILING or tokens[index + 1].word not in DETERMINERS:
            continue
        tail = tokens[index:]
        tail_text = sentence[token.start:]
        if any(t.word in AUXILIARIES or t.word in _verbs.FINITE_FORMS or "," in t.text
               for t in tail):
            continue
        if token.word == "over" and not _TIME_NOUNS.search(
                " ".join(t.word for t in tail[1:5])):
            continue  # "over a 12-week period", not "over a hundred benches this year"
        be = _tense_of(tokens[:index])
        before = sentence[:token.start]
        if len(tail) < 3 or not _long_enough(before):
            return None
        return Split(_end(before), f"This {be} {_end(tail_text)}", token.word,
                     "Where or when it happens made the sentence long. "
                     "It has its own sentence.")
    return None


def _as_meanwhile(sentence: str, tokens: list[Token]) -> Split | None:
    """A long "We will read the comments as the Council prepares its plan." -> "We will
    read the comments." / "This will happen as the Council prepares its plan.": what
    goes on at the same time is a second idea. "as" stays, so its sense does too."""
    if len(tokens) <= LONG_SENTENCE:
        return None
    for index in range(4, len(tokens) - 3):
        if tokens[index].word != "as" or tokens[index - 1].text.endswith(",") or any(
                t.word in _AS_PARTNERS for t in tokens[index - 3:index]):
            continue  # "as soon as", "as well as", "as much as": a comparison
        doer = tokens[index + 1:index + 4]
        verb_at = next((i for i, t in enumerate(doer) if i > 0 and (
            _verbs.base_of_third_person(t.word) or t.word in _verbs.COMMON_VERBS)), None)
        if verb_at is None or not (doer[0].word in DETERMINERS or verb_at == 1 and _is_plural(
                doer[:1])) or any(t.word in AUXILIARIES for t in doer[:verb_at]):
            continue
        be = _tense_of(tokens[:index])
        before = sentence[:tokens[index].start]
        if not _long_enough(before):
            return None
        happen = {"is": "happens", "was": "happened"}.get(be, be.replace(" be", " happen"))
        return Split(_end(before), f"This {happen} {sentence[tokens[index].start:].strip()}",
                     "as", "What happens at the same time is a second idea. "
                     "It now has its own sentence.")
    return None


def _bracket(sentence: str, tokens: list[Token]) -> Split | None:
    """ "We collect food waste from all homes (except flats)." -> "We collect food waste
    from all homes." / "This does not include flats." Easy read avoids brackets."""
    found = _BRACKET.search(sentence)
    if found is None:
        return None
    before = sentence[:found.start()]
    kind, thing = found.group(1).lower(), found.group(2).strip()
    second = f"This includes {thing}." if kind == "including" else \
        f"This does not include {thing}."
    if not _long_enough(before) or "," in thing:
        return None
    return Split(_end(before), second, f"({kind} …)",
                 "Words in brackets are easy to miss. They now have their own sentence.")


def _done_by(sentence: str, tokens: list[Token]) -> Split | None:
    """A long "We will include a summary in the report considered by the Council when
    agreeing the budget." -> "We will include a summary in the report." / "The Council
    will consider this report when agreeing the budget." Only at the end of the
    sentence, and only when the main clause says when (a modal or the past)."""
    if len(tokens) <= LONG_SENTENCE:
        return None
    for index in range(4, len(tokens) - 3):
        if tokens[index + 1].word != "by" or tokens[index - 1].word in AUXILIARIES | {
                "be", "been", "being"} | DETERMINERS:
            continue
        base = _verbs.base_of_participle(tokens[index].word)
        agent_end = _agent_end(tokens, index + 2)
        thing = _thing_before(tokens, index)
        if base is None or agent_end is None or thing is None or tokens[index - 1].text[-1:] \
                in ",;:":
            continue
        rest = tokens[agent_end:]
        if any(t.word in AUXILIARIES or t.word in _verbs.FINITE_FORMS for t in rest):
            return None  # "the report considered by the council is ready": the thing acts
        if not rest or rest[0].word not in _WHEN_STARTS or any(t.word in _DONE_ALREADY
                                                               for t in rest):
            return None  # "considered by the council last week": done, not to be done
        verb = _verb_like(tokens[:thing], base, plural=_is_plural(tokens[index + 2:agent_end]))
        if verb is None:
            return None
        agent = " ".join(t.text for t in tokens[index + 2:agent_end]).rstrip(",.")
        noun = " ".join(t.text for t in tokens[thing + 1:index])
        this = "these" if _is_plural(tokens[thing + 1:index]) else "this"
        after = sentence[tokens[agent_end - 1].end:].strip()
        second = f"{_begin(_as_subject(agent))} {verb} {this} {noun} {after}".strip()
        before = sentence[:tokens[index].start]
        return _cut(before, second, "by",
                    "Who does something to the thing is a second idea. "
                    "It now has its own sentence.")
    return None


def _thing_before(tokens: list[Token], index: int) -> int | None:
    """Where the thing acted on starts: its determiner, up to 3 words before."""
    for start in range(index - 1, max(index - 4, 0) - 1, -1):
        if tokens[start].word in DETERMINERS:
            return start if start < index - 1 else None
    return None


def _verb_like(main: list[Token], base: str, plural: bool) -> str | None:
    """ ``base`` in the time of the main clause: "will consider", "considered"."""
    subject = subject_of(main)
    helper = subject[1].lower() if subject else ""
    if helper in MODALS:
        return f"{helper} {base}"
    if helper in {"was", "were", "had", "did"}:
        return _verbs.past(base)
    if helper in {"is", "are"}:
        return base if plural else _verbs.third_person(base)
    return None


def _doing_after_comma(sentence: str, tokens: list[Token]) -> Split | None:
    """A long "Each year the council asks about its budget, seeking views from people."
    -> "Each year the council asks about its budget." / "It seeks views from people.":
    the doing-word after a comma is the same doer's second action."""
    if len(tokens) <= LONG_SENTENCE:
        return None
    for index in range(4, len(tokens) - 2):
        if not tokens[index - 1].text.endswith(",") or tokens[index].word in _NOT_DOING:
            continue
        base = _verbs.base_of_present_participle(tokens[index].word)
        if base is None:
            continue
        found = _main_verb(tokens[:index])
        if found is None:
            return None
        pronoun, verb = found
        if verb == "past" and base not in _verbs.COMMON_VERBS | _verbs.ORGANISATION_VERBS:
            return None  # "seeking" -> "seeked": only past forms the lists know
        verb = _verbs.past(base) if verb == "past" else (
            _verbs.third_person(base) if verb == "third" else base)
        before = sentence[:tokens[index].start]
        second = f"{pronoun} {verb} {sentence[tokens[index].end:].strip()}"
        return _cut(before, second, tokens[index].text,
                    "A doing-word after a comma starts a second idea. "
                    "It now has its own sentence.")
    return None


def _main_verb(tokens: list[Token]) -> tuple[str, str] | None:
    """Who does the main clause's action, as a pronoun, and its form: "third" (asks),
    "past" (asked) or "base" (we ask); None unless the subject and verb are plain."""
    for index, token in enumerate(tokens[:8]):
        third = _verbs.base_of_third_person(token.word)
        past = token.word in _verbs.PAST_FORMS
        if not (third or past) or index == 0 or tokens[index - 1].word in DETERMINERS:
            continue  # "the residents": a noun, not "resident" + s
        before = tokens[index - 1]
        if before.word in SUBJECT_PRONOUNS - {"this", "there", "it"}:
            return _begin(before.word), "past" if past else "base"
        starts = [i for i in range(index) if tokens[i].word in DETERMINERS]
        if not starts or index - starts[-1] > 3:
            return None
        plural = _is_plural(tokens[starts[-1]:index])
        if past:
            return ("They" if plural else "It"), "past"
        return None if plural else ("It", "third")
    return None


def _before_doing(sentence: str, tokens: list[Token]) -> Split | None:
    """A long "The CCGs will review this before deciding whether ..." -> "The CCGs will
    review this." / "Then they will decide whether ...". Not after "not": "We will not
    act before hearing from you" says something else when cut."""
    if len(tokens) <= LONG_SENTENCE:
        return None
    for index in range(4, len(tokens) - 2):
        if tokens[index].word != "before":
            continue
        base = _verbs.base_of_present_participle(tokens[index + 1].word)
        subject = subject_of(tokens[:index])
        if base is None or subject is None or subject[1].lower() not in MODALS:
            return None
        doer = _doer(tokens[:index], subject[0])
        if doer is None or any(t.word in _NEGATIVE for t in tokens[:index]):
            return None
        who = doer.lower()
        pronoun = who if who in SUBJECT_PRONOUNS else (
            "they" if _is_plural(tokens_of(doer)) else "it")
        before = sentence[:tokens[index].start]
        second = (f"Then {pronoun} {subject[1].lower()} {base} "
                  f"{sentence[tokens[index + 1].end:].strip()}")
        return _cut(before, second, "before",
                    "“before …” is a second step. It now has its own sentence.")
    return None


def _doer(main: list[Token], subject: str) -> str | None:
    """Who does the main clause's action: its subject, or the doer after "by" in a
    passive ("will be reviewed by the CCGs"); None for a passive that does not say."""
    passive = _passive_at(main)
    if passive is None:
        return subject
    by = passive[1] + 1
    if by >= len(main) or main[by].word != "by":
        return None
    end = _agent_end(main + [Token(0, 0, ".")], by + 1)
    return " ".join(t.text for t in main[by + 1:end]).rstrip(",.") if end else None


def _as_well_as_first(sentence: str, tokens: list[Token]) -> Split | None:
    """ "When you need care, as well as checking your needs, we also check your income."
    -> "When you need care, we check your needs." / "We also check your income.": the
    first action gets the doer and the form of the second."""
    for index in range(2, len(tokens) - 6):
        if [t.word for t in tokens[index:index + 3]] != ["as", "well", "as"] or \
                not tokens[index - 1].text.endswith(","):
            continue
        base = _verbs.base_of_present_participle(tokens[index + 3].word)
        comma = next((j for j in range(index + 4, len(tokens) - 3)
                      if tokens[j].text.endswith(",")), None)
        if base is None or comma is None:
            return None
        doer, also, verb = tokens[comma + 1:comma + 4]
        if doer.word not in {"we", "you", "they", "i"} or also.word != "also":
            return None
        form = _verbs.past(base) if verb.word in _verbs.PAST_FORMS else base
        thing = sentence[tokens[index + 3].end:tokens[comma].end].strip().rstrip(",")
        first = f"{sentence[:tokens[index].start]}{doer.word} {form} {thing}"
        second = _begin(sentence[doer.start:])
        return _cut(first, second, "as well as",
                    "“as well as” adds a second idea. It now has its own sentence.")
    return None


def _and_again(sentence: str, tokens: list[Token]) -> Split | None:
    """A long "This will only happen after A, and after B." -> "This will only happen
    after A." / "This will only happen after B.": the main part is said again."""
    if len(tokens) <= LONG_SENTENCE:
        return None
    for index in range(4, len(tokens) - 3):
        if tokens[index].word not in {"and", "or"} or not tokens[index - 1].text.endswith(","):
            continue
        again = tokens[index + 1].word
        if again not in _REPEATED or tokens[index + 2].word in {"that", "this", "then"}:
            continue  # "after 5pm, and after that the doors close": not a second case
        if (tokens[index].word, again) == ("or", "if"):
            return None  # ", or if" is _or_if's
        first = next((i for i, t in enumerate(tokens[:index]) if t.word == again), None)
        if first is None or first < 2:
            return None
        main = sentence[:tokens[first].start]
        second = main + sentence[tokens[index + 1].start:].strip()
        before = sentence[:tokens[index].start]
        return _cut(before, second, f"{tokens[index].word} {again}",
                    "A second case is a second idea. It now has its own sentence.")
    return None


def _if_you_or(sentence: str, tokens: list[Token]) -> Split | None:
    """A long "Contact us if you would like it in another language or need a large print
    copy." -> "Contact us if you would like it in another language." / "Contact us if you
    need a large print copy.": "or" + a verb is a second case for the same "you"."""
    if len(tokens) <= LONG_SENTENCE:
        return None
    start = next((i for i, t in enumerate(tokens[:-2]) if t.word == "if"
                  and tokens[i + 1].word in {"you", "we", "they"}), None)
    if start is None or start < 2:
        return None
    for index in range(start + 3, len(tokens) - 2):
        following = tokens[index + 2].word
        if tokens[index].word != "or" or tokens[index + 1].word not in _YOU_VERBS or not (
                following in DETERMINERS or following in {"to", "help", "it", "them"}):
            continue
        main = sentence[:tokens[start + 2].start]
        second = main + sentence[tokens[index + 1].start:].strip()
        before = sentence[:tokens[index].start]
        return _cut(before, second, "or",
                    "“or” adds a second case. It now has its own sentence.")
    return None


# Rules that read a joining word first: the ones above only act on what is left.
_EARLY: tuple[Callable[[str, list[Token]], Split | None], ...] = (
    _and_again, _as_well_as_first, _before_doing, _bracket)
_LATE: tuple[Callable[[str, list[Token]], Split | None], ...] = (
    _if_you_or, _done_by, _doing_after_comma, _as_meanwhile, _trailing_phrase)
ALL_RULES = (*_EARLY, *SPLIT_RULES, *_LATE)


def split_once(sentence: str) -> Split | None:
    """The first cut any rule finds in the sentence."""
    tokens = tokens_of(sentence)
    for rule in ALL_RULES:
        found = rule(sentence, tokens)
        if found is not None:
            return found
    return None
