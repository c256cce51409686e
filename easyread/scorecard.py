"""Score cards: is a question, or a whole consultation, ready for easy read?

Readiness score (0-100), the same rule everywhere:

* start at 100;
* take off 40 when there is no easy-read text, and 20 when there is no
  picture (or the picture named cannot be found);
* take off points for each finding in the easy-read text: long sentence 10,
  acronym 10, jargon 5, many ideas 5, passive voice 5, italics 5,
  underlining 5, capitals 5, hard word 3, number in words 2 (at most 60 in all);
* never below 0.

A question is **ready** when it has easy-read text and a picture that can be
found, none of the hard rules is broken (sentences over the limit, acronyms
without their full words, italics, underlining, capitals), and its score is
at least 80. A consultation is ready when it has questions and every one of
them is ready; its score is the average of its questions' scores.

Only the easy-read text is scored, since that is what easy-read readers get.
Findings in the standard text are counted too (``text_counts``) as advice.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ._context import CheckOptions
from .checker import check, sentence_lengths
from .findings import Finding, Rule
from .pictures import PictureNotFound, code_path, find_concept

PASS_MARK = 80
NO_EASY_READ_PENALTY = 40
NO_PICTURE_PENALTY = 20
MAX_FINDINGS_PENALTY = 60
RULE_PENALTIES: dict[Rule, int] = {
    Rule.LONG_SENTENCE: 10,
    Rule.ACRONYM: 10,
    Rule.JARGON: 5,
    Rule.MANY_IDEAS: 5,
    Rule.PASSIVE_VOICE: 5,
    Rule.ITALICS: 5,
    Rule.UNDERLINE: 5,
    Rule.ALL_CAPS: 5,
    Rule.HARD_WORD: 3,
    Rule.NUMBER_WORDS: 2,
}
# Rules the easy-read guidance states as musts, not as advice.
BLOCKING_RULES = frozenset(
    {Rule.LONG_SENTENCE, Rule.ACRONYM, Rule.ITALICS, Rule.UNDERLINE, Rule.ALL_CAPS}
)
READY = "ready"
NOT_READY = "not ready"

# What to say about each rule, for one finding and for several.
_RULE_PHRASES: dict[Rule, tuple[str, str]] = {
    Rule.LONG_SENTENCE: ("1 sentence is too long", "{n} sentences are too long"),
    Rule.ACRONYM: ("1 short form has no full words", "{n} short forms have no full words"),
    Rule.JARGON: ("1 jargon word", "{n} jargon words"),
    Rule.MANY_IDEAS: (
        "1 sentence may have more than one idea",
        "{n} places where a sentence may have more than one idea",
    ),
    Rule.PASSIVE_VOICE: ("1 passive sentence", "{n} passive sentences"),
    Rule.ITALICS: ("1 piece of text is in italics", "{n} pieces of text are in italics"),
    Rule.UNDERLINE: ("1 piece of text is underlined", "{n} pieces of text are underlined"),
    Rule.ALL_CAPS: (
        "1 piece of text is in capital letters",
        "{n} pieces of text are in capital letters",
    ),
    Rule.HARD_WORD: ("1 hard word", "{n} hard words"),
    Rule.NUMBER_WORDS: ("1 number is written in words", "{n} numbers are written in words"),
}


@dataclass(frozen=True)
class QuestionText:
    """The words of one question as the web app stores them.

    ``picture`` is a concept name from ``pictures.yaml`` (or a synonym, or an
    OpenMoji code point such as "1F3E0").
    """

    key: str
    text: str = ""
    easy_read_text: str | None = None
    picture: str | None = None

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> QuestionText:
        """Build from a dict; "easy_read" and "easy_read_picture" are accepted as aliases."""
        if "key" not in data:
            raise ValueError("a question needs a 'key'")
        easy = data.get("easy_read_text", data.get("easy_read"))
        picture = data.get("picture", data.get("easy_read_picture"))
        return cls(
            key=str(data["key"]),
            text=str(data.get("text") or ""),
            easy_read_text=None if easy is None else str(easy),
            picture=None if picture is None else str(picture),
        )


@dataclass(frozen=True)
class QuestionScore:
    key: str
    has_easy_read: bool
    has_picture: bool
    picture_found: bool | None
    findings: tuple[Finding, ...]
    counts: dict[str, int]
    text_counts: dict[str, int]
    sentence_lengths: tuple[int, ...]
    score: int
    ready: bool
    reasons: tuple[str, ...]
    advice: tuple[str, ...]

    @property
    def status(self) -> str:
        return READY if self.ready else NOT_READY

    @property
    def longest_sentence(self) -> int:
        return max(self.sentence_lengths, default=0)

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "status": self.status,
            "ready": self.ready,
            "score": self.score,
            "has_easy_read": self.has_easy_read,
            "has_picture": self.has_picture,
            "picture_found": self.picture_found,
            "counts": dict(self.counts),
            "text_counts": dict(self.text_counts),
            "sentence_lengths": list(self.sentence_lengths),
            "longest_sentence": self.longest_sentence,
            "reasons": list(self.reasons),
            "advice": list(self.advice),
            "findings": [finding.to_dict() for finding in self.findings],
        }


@dataclass(frozen=True)
class ConsultationScore:
    questions: tuple[QuestionScore, ...]
    counts: dict[str, int]
    score: int
    ready: bool
    reasons: tuple[str, ...]
    sentence_lengths: tuple[int, ...] = field(default=())

    @property
    def status(self) -> str:
        return READY if self.ready else NOT_READY

    @property
    def question_count(self) -> int:
        return len(self.questions)

    @property
    def with_easy_read(self) -> int:
        return sum(q.has_easy_read for q in self.questions)

    @property
    def with_picture(self) -> int:
        return sum(q.has_picture and bool(q.picture_found) for q in self.questions)

    @property
    def ready_count(self) -> int:
        return sum(q.ready for q in self.questions)

    @property
    def longest_sentence(self) -> int:
        return max(self.sentence_lengths, default=0)

    @property
    def average_sentence_length(self) -> float:
        if not self.sentence_lengths:
            return 0.0
        return round(sum(self.sentence_lengths) / len(self.sentence_lengths), 1)

    def to_dict(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "ready": self.ready,
            "score": self.score,
            "question_count": self.question_count,
            "with_easy_read": self.with_easy_read,
            "with_picture": self.with_picture,
            "ready_count": self.ready_count,
            "counts": dict(self.counts),
            "sentence_lengths": list(self.sentence_lengths),
            "longest_sentence": self.longest_sentence,
            "average_sentence_length": self.average_sentence_length,
            "reasons": list(self.reasons),
            "questions": [q.to_dict() for q in self.questions],
        }


def _as_question(question: QuestionText | Mapping[str, Any]) -> QuestionText:
    if isinstance(question, QuestionText):
        return question
    if isinstance(question, Mapping):
        return QuestionText.from_mapping(question)
    raise TypeError(f"expected QuestionText or a mapping, got {type(question).__name__}")


def _count(findings: Iterable[Finding]) -> dict[str, int]:
    counter = Counter(str(f.rule) for f in findings)
    return {str(rule): counter.get(str(rule), 0) for rule in Rule}


def picture_resolves(picture: str) -> bool:
    """True when the picture is a known concept or an OpenMoji code with an SVG."""
    concept = find_concept(picture)
    try:
        code_path(concept.code if concept else picture)
    except (PictureNotFound, ValueError):
        return False
    return True


def _findings_penalty(counts: Mapping[str, int]) -> int:
    total = sum(RULE_PENALTIES[Rule(rule)] * n for rule, n in counts.items())
    return min(MAX_FINDINGS_PENALTY, total)


def _score(has_easy_read: bool, picture_ok: bool, counts: Mapping[str, int]) -> int:
    score = 100 - _findings_penalty(counts)
    if not has_easy_read:
        score -= NO_EASY_READ_PENALTY
    if not picture_ok:
        score -= NO_PICTURE_PENALTY
    return max(0, score)


def _rule_phrase(rule: Rule, n: int) -> str:
    one, many = _RULE_PHRASES[rule]
    return one if n == 1 else many.format(n=n)


def _sentence(phrase: str) -> str:
    return phrase[:1].upper() + phrase[1:] + "."


def _reasons(
    question: QuestionText,
    has_easy_read: bool,
    picture_found: bool | None,
    counts: Mapping[str, int],
    score: int,
) -> list[str]:
    reasons = []
    if not has_easy_read:
        reasons.append("There is no easy read text.")
    if picture_found is None:
        reasons.append("There is no picture.")
    elif not picture_found:
        reasons.append(f"We cannot find the picture “{question.picture}”.")
    for rule in Rule:
        if rule in BLOCKING_RULES and counts[str(rule)]:
            reasons.append(_sentence(_rule_phrase(rule, counts[str(rule)])))
    if score < PASS_MARK:
        reasons.append(f"The score is {score}. It needs to be {PASS_MARK} or more.")
    return reasons


def _advice(counts: Mapping[str, int]) -> list[str]:
    return [
        _sentence(_rule_phrase(rule, counts[str(rule)]))
        for rule in Rule
        if rule not in BLOCKING_RULES and counts[str(rule)]
    ]


def score_question(
    question: QuestionText | Mapping[str, Any], options: CheckOptions | None = None
) -> QuestionScore:
    """Check one question's easy-read text and picture and say if it is ready."""
    question = _as_question(question)
    easy = question.easy_read_text or ""
    has_easy_read = bool(easy.strip())
    has_picture = bool(question.picture and question.picture.strip())
    picture_found = picture_resolves(question.picture) if has_picture else None
    findings = tuple(check(easy, options)) if has_easy_read else ()
    counts = _count(findings)
    score = _score(has_easy_read, bool(picture_found), counts)
    reasons = _reasons(question, has_easy_read, picture_found, counts, score)
    return QuestionScore(
        key=question.key,
        has_easy_read=has_easy_read,
        has_picture=has_picture,
        picture_found=picture_found,
        findings=findings,
        counts=counts,
        text_counts=_count(check(question.text, options)),
        sentence_lengths=tuple(sentence_lengths(easy)),
        score=score,
        ready=not reasons,
        reasons=tuple(reasons),
        advice=tuple(_advice(counts)),
    )


def score_consultation(
    questions: Iterable[QuestionText | Mapping[str, Any]], options: CheckOptions | None = None
) -> ConsultationScore:
    """Score every question and sum up: the consultation is ready when all of them are."""
    scores = tuple(score_question(q, options) for q in questions)
    counts = {str(rule): sum(q.counts[str(rule)] for q in scores) for rule in Rule}
    reasons = _consultation_reasons(scores)
    average = round(sum(q.score for q in scores) / len(scores)) if scores else 0
    return ConsultationScore(
        questions=scores,
        counts=counts,
        score=average,
        ready=not reasons,
        reasons=tuple(reasons),
        sentence_lengths=tuple(n for q in scores for n in q.sentence_lengths),
    )


def _consultation_reasons(scores: tuple[QuestionScore, ...]) -> list[str]:
    if not scores:
        return ["There are no questions yet."]
    not_ready = [q for q in scores if not q.ready]
    if not not_ready:
        return []
    verb = "is" if len(not_ready) == 1 else "are"
    keys = ", ".join(q.key for q in not_ready)
    reasons = [f"{len(not_ready)} of {len(scores)} questions {verb} not ready: {keys}."]
    for q in not_ready:
        reasons.extend(f"{q.key}: {reason}" for reason in q.reasons)
    return reasons
