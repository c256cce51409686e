"""Rules about whole sentences: length, one idea each, active voice.

The idea and passive rules are heuristics on word patterns, not grammar
parsing. They are tuned to miss some cases rather than to nag about
sentences that are fine, and each finding says "may".
"""

from __future__ import annotations

import math
from collections.abc import Iterator

from ._context import Context
from ._text import Sentence, Token, word_set
from .findings import Finding, Rule

# Words that join two clauses. "and"/"or" also join nouns ("tea and coffee"),
# so those two only count when what follows looks like a new clause.
CLAUSE_JOINERS = frozenset({"and", "or", "but", "which", "because", "although", "whereas"})
_LIST_JOINERS = frozenset({"and", "or"})
_CLAUSE_STARTERS = word_set(
    "i you we they he she it there this that these those then "
    "will would can could should must may might shall is are was were am "
    "have has had do does did don't doesn't didn't can't won't"
)
_WHICH_AS_QUESTION_AFTER = word_set(
    "us me them tell choose tick know say show ask decide pick select see about of on"
)
_BECAUSE_FOLLOWS_LINK = frozenset({"this is", "that is", "it is", "this was", "that was", "it was"})

BE_FORMS = word_set("am is are was were be been being isn't aren't wasn't weren't")
_BETWEEN_BE_AND_VERB = word_set(
    "not never also always often usually already still just now then all both sometimes "
    "normally generally being been"
)
# Past participles that do not end in -ed.
IRREGULAR_PARTICIPLES = word_set(
    """
    arisen awoken beaten become begun bent bet bitten bled blown broken bred brought built
    burnt bought caught chosen clung come cost crept cut dealt dug done drawn dreamt drunk
    driven eaten fallen fed felt fought found fled flung flown forbidden forecast forgotten
    forgiven frozen given gone ground grown hung heard hidden hit held hurt kept knelt known
    laid led leant learnt left lent let lain lit lost made meant met mistaken misunderstood
    overcome overseen overtaken paid proven put quit read rebuilt redone rewritten rid ridden
    rung risen run said seen sought sold sent set sewn shaken shone shot shown shrunk shut
    sung sunk slept slid slung spoken sped spent spilt spread sprung stood stolen stuck stung
    struck strung sworn swept swollen swum swung taken taught torn told thought thrown thrust
    understood undertaken undone upheld upset withdrawn withheld won wound woven written
    """
)
# -ed words after "to be" that describe a state of mind or life, not an action
# done to someone: "I am disabled", "we are worried". Reporting them would
# push writers away from how people describe themselves.
STATE_ADJECTIVES = word_set(
    """
    tired interested worried pleased bored excited scared frightened married divorced
    widowed retired disabled qualified concerned supposed located based called named
    unemployed employed self-employed satisfied dissatisfied confused surprised shocked
    annoyed embarrassed ashamed amazed relaxed stressed depressed isolated delighted
    disappointed frustrated upset related aged skilled talented experienced advanced
    detailed limited complicated sophisticated alarmed determined prepared
    """
)
# Words ending in -ed that are not verbs.
_NOT_PARTICIPLES = word_set(
    """
    bed red shed wed need feed seed weed bleed breed speed greed deed creed indeed hundred
    kindred sacred naked wicked wretched rugged ragged crooked beloved
    """
)
_INTENSIFIERS = word_set("very so too quite really extremely rather more most less least")


def find_long_sentences(ctx: Context) -> Iterator[Finding]:
    limit = ctx.options.max_sentence_words
    for sentence in ctx.doc.sentences:
        count = len(sentence)
        if count <= limit:
            continue
        parts = math.ceil(count / limit)
        hint = _split_hint(ctx, sentence)
        suggestion = f"Make it {parts} shorter sentences of {limit} words or fewer."
        if hint:
            suggestion += f" You could end the first sentence after “{hint.text}”."
        yield ctx.finding(
            Rule.LONG_SENTENCE,
            sentence.start,
            sentence.end,
            f"This sentence has {count} words. Easy read sentences have {limit} words or fewer.",
            suggestion,
        )


def _split_hint(ctx: Context, sentence: Sentence) -> Token | None:
    """The word before a comma or joiner nearest the middle: a natural place to stop."""
    tokens = sentence.tokens
    candidates = []
    for i in range(3, len(tokens) - 2):
        gap = ctx.doc.clean[tokens[i - 1].end : tokens[i].start]
        if "," in gap or ";" in gap or tokens[i].lower in CLAUSE_JOINERS:
            candidates.append(i)
    if not candidates:
        return None
    middle = len(tokens) / 2
    best = min(candidates, key=lambda i: (abs(i - middle), i))
    return tokens[best - 1]


def find_many_ideas(ctx: Context) -> Iterator[Finding]:
    for sentence in ctx.doc.sentences:
        for index, token in enumerate(sentence.tokens):
            if _joins_clauses(ctx, sentence, index):
                yield ctx.finding(
                    Rule.MANY_IDEAS,
                    token.start,
                    token.end,
                    f"This sentence may have more than one idea: “{token.text}” joins two parts.",
                    f"Split it into 2 sentences where “{token.text}” is. "
                    "Give each sentence one idea.",
                )
        yield from _semicolons(ctx, sentence)


def _semicolons(ctx: Context, sentence: Sentence) -> Iterator[Finding]:
    for offset in range(sentence.start, sentence.end):
        if ctx.doc.clean[offset] == ";":
            yield ctx.finding(
                Rule.MANY_IDEAS,
                offset,
                offset + 1,
                "A semicolon joins two ideas in one sentence.",
                "Use a full stop and start a new sentence.",
            )


def _joins_clauses(ctx: Context, sentence: Sentence, index: int) -> bool:
    tokens = sentence.tokens
    word = tokens[index].lower
    if word not in CLAUSE_JOINERS or index == 0 or index == len(tokens) - 1:
        return False
    before = [t.lower for t in tokens[max(0, index - 2) : index]]
    if word == "which":
        return before[-1] not in _WHICH_AS_QUESTION_AFTER
    if word == "because":
        return " ".join(before) not in _BECAUSE_FOLLOWS_LINK
    if word in _LIST_JOINERS:
        return _starts_clause(ctx, sentence, index)
    return True


def _starts_clause(ctx: Context, sentence: Sentence, index: int) -> bool:
    """After "and"/"or": a subject or helping verb, or a comma then a long tail."""
    tokens = sentence.tokens
    following = tokens[index + 1].lower
    if following in _CLAUSE_STARTERS:
        return True
    gap = ctx.doc.clean[tokens[index - 1].end : tokens[index].start]
    return "," in gap and len(tokens) - index - 1 >= 4


def find_passive_voice(ctx: Context) -> Iterator[Finding]:
    for sentence in ctx.doc.sentences:
        tokens = sentence.tokens
        next_free = 0  # "is being built" is one finding, not two
        for index, token in enumerate(tokens):
            if index < next_free or not _is_be(token.lower):
                continue
            verb_index = _participle_after(tokens, index)
            if verb_index is None:
                continue
            next_free = verb_index + 1
            yield ctx.finding(
                Rule.PASSIVE_VOICE,
                token.start,
                tokens[verb_index].end,
                "This may be passive: it does not say who does the action.",
                _passive_suggestion(tokens, verb_index),
            )


def _is_be(word: str) -> bool:
    return word in BE_FORMS or word.endswith(("'re", "'m"))


def _participle_after(tokens: tuple[Token, ...], be_index: int) -> int | None:
    """Index of a past participle after a form of "to be", skipping "not", "-ly" words."""
    for index in range(be_index + 1, min(be_index + 4, len(tokens))):
        word = tokens[index].lower
        if is_past_participle(word):
            return index
        if word in _INTENSIFIERS:
            return None
        if word not in _BETWEEN_BE_AND_VERB and not (word.endswith("ly") and len(word) > 4):
            return None
    return None


def is_past_participle(word: str) -> bool:
    """A guess from spelling: irregular forms listed, else a verb-like -ed ending."""
    if word in STATE_ADJECTIVES or word in _NOT_PARTICIPLES:
        return False
    if word in IRREGULAR_PARTICIPLES:
        return True
    return len(word) > 4 and word.endswith("ed") and word.isalpha()


def _passive_suggestion(tokens: tuple[Token, ...], verb_index: int) -> str:
    agent = _agent_after_by(tokens, verb_index)
    if agent:
        return f"Say who does it first. For example, start with “{agent}”."
    return "Say who does it. For example, “We will decide” not “It will be decided”."


def _agent_after_by(tokens: tuple[Token, ...], verb_index: int) -> str:
    """The words after "by" ("checked by the council" -> "the council")."""
    if verb_index + 1 < len(tokens) and tokens[verb_index + 1].lower == "by":
        agent = [t.text for t in tokens[verb_index + 2 : verb_index + 5]]
        if agent and agent[0].lower() in {"the", "a", "an", "our", "your", "their", "its"}:
            agent = agent[:2]
        else:
            agent = agent[:1]
        words = " ".join(agent)
        return words[:1].upper() + words[1:]
    return ""
