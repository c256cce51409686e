"""Rewriter steps on words: jargon swapped for its easy alternative, numbers as digits.

A swap is made only when the new words fit where the old ones stood: the same
form (a plural for a plural, a past for a past), no clash of "a"/"the", and not
inside a name ("Council Tax Reduction"). When that cannot be told, the word
stays and the rewriter reports it for a person to look at.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import _verbs
from ._text import word_set
from .data import JargonEntry, normalise_term
from .definitions import define
from .dictionary import shipped_jargon
from .numbers import format_number, is_number_word, words_to_number

_DETERMINERS = word_set(
    "a an the this that these those our your their its his her each every any some no")
_ARTICLES = ("a ", "an ", "the ")
_BE_OR_HAVE = word_set("is are was were be been being am has have had isn't aren't wasn't weren't")
_WORD_RE = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")
# Longer than this, an easy alternative is an explanation, not a swap: "budget" ->
# "plan for how to spend money" reads well, longer ones make the sentence too long.
MAX_SWAP_WORDS = 6
# Easy words longer than this make the sentence long; when the dictionary explains the
# term, easy read keeps it and explains it in the next sentence instead.
MAX_SWAP_WORDS_WHEN_DEFINED = 3
_PREPOSITIONS = word_set(
    "of in on at for with to from into about by over under after before during between "
    "through")
# Words before a verb in its base form: "we will <verb>", "to <verb>", "please <verb>".
_BEFORE_VERB = word_set(
    "to i you we they will would can could should must may might shall not also please "
    "and or then help helps")
_QUANTITIES = word_set("most many all some few several more other")
_ALREADY_PLURAL = word_set("people staff children charities groups things services homes")
_CLAUSE_WORDS = word_set("what how who when where whether why to able")
# "tell" is for people; what informs a thing (a choice, a plan) shapes it.
_TELL_FORMS = {"tell": "shape", "tells": "shapes", "told": "shaped", "telling": "shaping"}
_AFTER_PERSON = word_set("that and or when if so how what where why whether straight as")
_PEOPLE = word_set("""
    you us them me him her people residents everyone everybody staff customers tenants
    patients families parents carers council public team members users person councillors
    """)
# Common verbs that are as often nouns ("a plan", "the review"): a phrase starting with
# one of them still fits where a noun stood.
_NOUNS_TOO = word_set("""
    plan help change care work support review list use need visit report test check start
    end rest turn look call answer reply offer share contact count post book fix watch wait
    talk return repair move stop save cost deal set show run pay
    """)

# Easy verbs whose done-form also describes a thing: "an amended plan" -> "a changed
# plan" (but "an assisted collection" is not "a helped collection").
_DESCRIBE_AS_DONE = word_set("change update improve reduce check fix agree")


@dataclass(frozen=True)
class WordChange:
    """One swap made in a sentence: the words found, what replaced them, and why."""

    kind: str
    original: str
    replacement: str
    reason: str


@dataclass(frozen=True)
class Unsure:
    """Words a rule left alone because changing them might change the meaning."""

    excerpt: str
    reason: str


def numbers_to_digits(sentence: str) -> tuple[str, list[WordChange]]:
    """ "six weeks" -> "6 weeks". "one" alone is left: too often a pronoun ("no one")."""
    changes: list[WordChange] = []
    words = list(_WORD_RE.finditer(sentence))
    pieces: list[str] = []
    last = 0
    index = 0
    while index < len(words):
        run = _number_run(words, index, sentence)
        if not run or (len(run) == 1 and run[0].group(0).lower() == "one"):
            index += 1
            continue
        found = sentence[run[0].start():run[-1].end()]
        digits = format_number(words_to_number([m.group(0) for m in run
                                                if m.group(0).lower() != "and"]))
        pieces.append(sentence[last:run[0].start()] + digits)
        last = run[-1].end()
        changes.append(WordChange("numbers", found, digits,
                                  "Numbers are easier to read as digits."))
        index += len(run)
    pieces.append(sentence[last:])
    return "".join(pieces), changes


def _number_run(words: list[re.Match[str]], index: int, sentence: str) -> list[re.Match[str]]:
    """Number words next to each other from ``index``, with "and" inside "two hundred and
    five"; only spaces may stand between them."""
    run: list[re.Match[str]] = []
    while index < len(words) and is_number_word(words[index].group(0)):
        if run and sentence[run[-1].end():words[index].start()].strip():
            break
        run.append(words[index])
        index += 1
        if (index + 1 < len(words) and words[index].group(0).lower() == "and"
                and run[-1].group(0).lower() in {"hundred", "thousand", "million"}
                and is_number_word(words[index + 1].group(0))):
            run.append(words[index])
            index += 1
    return run


def swap_jargon(sentence: str) -> tuple[str, list[WordChange], list[Unsure]]:
    """Put each jargon term's easy words in its place, where they clearly fit."""
    changes: list[WordChange] = []
    unsure: list[Unsure] = []
    out: list[str] = []
    last = 0
    for match in shipped_jargon().find(sentence):
        if match.start < last:
            continue
        found = sentence[match.start:match.end]
        easy, problem = _easy_words(sentence, match.start, found, match.entry)
        if easy is None:
            unsure.append(Unsure(found, problem))
            continue
        start = match.start
        before = sentence[last:start]
        before, easy = _fit_article(before, easy)
        out.append(before + easy)
        last = match.end
        changes.append(WordChange("words", found, easy,
                                  f"“{found}” is jargon. “{easy}” is easier to understand."))
    out.append(sentence[last:])
    return "".join(out), changes, unsure


def _easy_words(sentence: str, start: int, found: str,
                entry: JargonEntry) -> tuple[str | None, str]:
    """The words to put in place of ``found``, or None and the reason they cannot be."""
    if entry.note:
        return None, (f"“{found}” can mean more than one thing ({entry.note}). "
                      f"If it means “{entry.easy}”, change it yourself.")
    if _is_name(sentence, start, found):
        return None, (f"“{found}” looks like part of a name, so it was not changed. "
                      "If readers may not know it, explain it in a short sentence.")
    easy = _first_alternative(entry.easy)
    if len(easy.split()) > MAX_SWAP_WORDS:
        return None, f"“{found}” means “{entry.easy}”. Explain it in a sentence of its own."
    inflected = _inflect_like(found, entry.term, easy, sentence[:start])
    ends_in_preposition = found.split()[-1].lower() in _PREPOSITIONS  # "consulted on"
    if inflected is not None and inflected.split()[0] in _TELL_FORMS and not _person_next(
            sentence[start + len(found):]):
        # "inform policy" is not "tell policy": you tell a person, and shape a thing
        inflected = _TELL_FORMS[inflected.split()[0]]
    if inflected is not None and not _fits_slot(sentence[:start], inflected,
                                                inflected=found.lower() != entry.term.lower(),
                                                ends_in_preposition=ends_in_preposition):
        inflected = None
    if inflected is None:
        return None, (f"“{found}” means “{entry.easy}”, but the words would not fit "
                      "the sentence as they are. Change it yourself.")
    if len(inflected.split()) > MAX_SWAP_WORDS_WHEN_DEFINED and define(found) is not None:
        return None, (f"“{found}” means “{entry.easy}”: too long to say in its place, "
                      "so it stays and the next sentence explains it.")
    if found[:1].isupper():
        inflected = inflected[:1].upper() + inflected[1:]
    return inflected, ""


def _person_next(after: str) -> bool:
    """Whether the words after a verb name people: "inform residents", "inform the
    council" (an organisation is people too)."""
    words = re.findall(r"[\w']+", after.lower())[:3]
    if words[:1] and words[0] in _DETERMINERS:
        words = words[1:]
    # "inform Council Budget decisions": the people word describes a thing after it.
    return bool(words) and words[0] in _PEOPLE and (
        len(words) == 1 or words[1] in _PREPOSITIONS | _AFTER_PERSON)


def _fits_slot(before: str, easy: str, inflected: bool,
               ends_in_preposition: bool = False) -> bool:
    """Whether the easy words can stand where the jargon stood without breaking the
    sentence: "the budget" -> "the plan for how to spend money" fits, "the feedback" ->
    "the what you think" and "eligible" -> "able to get" (the thing is missing) do not."""
    words = easy.lower().split()
    previous = (re.findall(r"[\w']+", before.lower())[-1:] or [""])[0]
    if words[0] == "able" and previous in _BE_OR_HAVE and ends_in_preposition:
        return True  # "be entitled to" -> "be able to get"; "be eligible" has no thing
    if inflected and "who" not in words:
        return True  # a verb form for a verb form: "purchasing" -> "buying"
    if "who" in words and previous and previous not in _DETERMINERS | _PREPOSITIONS | _QUANTITIES:
        return False  # "social tenants" -> "social people who rent": the describing word
        # no longer fits
    if len(words) > 1 and (words[-1] in _PREPOSITIONS and not ends_in_preposition or (
            words[-1] in _verbs.COMMON_VERBS and words[-1] not in _NOUNS_TOO)):
        return False
    if words[0] in _CLAUSE_WORDS or words[0].endswith("ing"):
        return not previous or previous in _PREPOSITIONS
    if words[0] in _verbs.COMMON_VERBS and words[0] not in _NOUNS_TOO:
        return not previous or previous in _BEFORE_VERB
    return True


def _is_name(sentence: str, start: int, found: str) -> bool:
    """Capitals inside a sentence, or on every word of a phrase, mark a name."""
    words = found.split()
    at_start = not sentence[:start].strip() or sentence[:start].rstrip().endswith((":", "“", '"'))
    if any(w[:1].isupper() for w in words[1:]) or (words[0][:1].isupper() and not at_start):
        return True
    return found.isupper() and len(found) > 1


def _first_alternative(easy: str) -> str:
    """ "end or stop" -> "end": two short alternatives in one sentence read as a choice."""
    parts = easy.split(" or ")
    if len(parts) == 2 and all(len(p.split()) <= 3 for p in parts):
        return parts[0]
    return easy


def _inflect_like(found: str, term: str, easy: str, before: str) -> str | None:
    """The easy words in the same form as ``found`` is of ``term``."""
    found_key, term_key = normalise_term(found), normalise_term(term)
    if found_key == term_key:
        return easy
    suffix = _suffix(found_key, term_key)
    if suffix is None:
        return None
    words = easy.split()
    if suffix == "s":
        return _plural_or_third_person(words)
    previous = (before.split()[-1:] or [""])[0].lower()
    # After "the" or a verb ("make informed decisions") an -ed word describes a thing.
    describing = previous in _DETERMINERS or (
        previous in _verbs.COMMON_VERBS and previous not in _BE_OR_HAVE)
    if suffix == "ed" and _starts_with_verb(words) and (
            not describing or (len(words) == 1 and words[0] in _DESCRIBE_AS_DONE)):
        participle = previous in _BE_OR_HAVE or describing
        return " ".join([_verbs.past(words[0], participle), *words[1:]])
    # "an assisted collection": a describing word, which a verb's past would not fit
    if suffix == "ing" and _starts_with_verb(words):
        return " ".join([_verbs.present_participle(words[0]), *words[1:]])
    return None


def _suffix(found: str, term: str) -> str | None:
    """Which regular ending turns ``term`` into ``found``: "s", "ed" or "ing"."""
    stem = term[:-1] if term.endswith(("e", "y")) else term
    tail = found[len(stem):] if found.startswith(stem) else None
    if tail in {"s", "es", "ies"} or (tail == "s" and term.endswith("e")):
        return "s"
    if tail in {"ed", "d", "ied"}:
        return "ed"
    if tail == "ing":
        return "ing"
    return None


def _starts_with_verb(words: list[str]) -> bool:
    return words[0] in _verbs.COMMON_VERBS


def _plural_or_third_person(words: list[str]) -> str | None:
    """ "need" -> "needs"; "health worker" -> "health workers"; "a person who answers" ->
    "people who answer"; "people and groups" stays; "a child in care" -> None."""
    if words[0] in _ALREADY_PLURAL:
        return " ".join(words)
    if words[:3] == ["a", "person", "who"] and len(words) > 3:
        verb = _verbs.base_of_third_person(words[3])
        return " ".join(["people", "who", verb, *words[4:]]) if verb else None
    if words[0] in _DETERMINERS or len(words) > 3:
        return None
    if _starts_with_verb(words) and len(words) > 1:
        return " ".join([_verbs.third_person(words[0]), *words[1:]])
    last = words[-1]
    if last in {"person"}:
        return " ".join([*words[:-1], "people"])
    return " ".join([*words[:-1], _verbs.third_person(last)])


def _fit_article(before: str, easy: str) -> tuple[str, str]:
    """Avoid "the a plan" and "an plan": one determiner, the right "a" or "an"."""
    previous = re.search(r"(\b[\w']+)(\s+)$", before)
    if previous and previous.group(1).lower() in _DETERMINERS and easy.lower().startswith(
            _ARTICLES):
        easy = easy.split(" ", 1)[1]
    if previous and previous.group(1).lower() in {"a", "an"}:
        article = "an" if _vowel_sound(easy) else "a"
        if previous.group(1)[:1].isupper():
            article = article.capitalize()
        before = before[:previous.start(1)] + article + previous.group(2)
    return before, easy


def _vowel_sound(word: str) -> bool:
    lower = word.lower()
    return lower[:1] in "aeio" or (lower[:1] == "u" and not lower.startswith(("us", "uni")))
