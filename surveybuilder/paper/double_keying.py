"""Finishing a keying, and double keying: two people key the same copy, and it is stored
only when their keyings agree or a person has decided every difference.

Keyings are compared by what they mean, not by the keystrokes: "1 3" and "3,1" for a
tick-all-that-apply question agree, and so do "3 2 2025" and "03/02/2025". An answer
marked "unclear" by one person and not the other is a difference, because whoever
counts the results should know.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlmodel import Session

from surveybuilder.consultations import audit
from surveybuilder.models import (
    Consultation,
    PaperBatch,
    PaperCopy,
    PaperKeying,
    Response,
    User,
    utcnow,
)
from surveybuilder.paper.keying import (
    KeyingError,
    definition_of,
    describe,
    keyings_of,
    read_entry,
    store_copy,
)
from surveybuilder.survey.answers import SITE_DEFAULTS, AnswerValue, Limits
from surveybuilder.survey.definition import QuestionBase, SurveyDefinition
from surveybuilder.survey.numbering import numbered_questions

FIRST = "first"
SECOND = "second"


@dataclass(frozen=True)
class Finished:
    """What finishing a keying led to: the stored response, or why not yet."""

    response: Response | None = None
    waiting: bool = False
    differences: bool = False


def finish_keying(session: Session, consultation: Consultation, batch: PaperBatch,
                  copy: PaperCopy, keying: PaperKeying, user: User,
                  limits: Limits = SITE_DEFAULTS) -> Finished:
    """The keyer has checked their keying. Without double keying the copy is stored;
    with it, once the other person's keying is finished and agrees."""
    keying.finished_at = utcnow()
    session.add(keying)
    definition = definition_of(session, copy)
    if batch.double_keying:
        pair = finished_pair(session, copy)
        if pair is None:
            session.commit()
            return Finished(waiting=True)
        if differences(definition, *pair, limits):
            session.commit()
            return Finished(differences=True)
    return Finished(response=store_copy(session, consultation, copy, definition,
                                        keying.entries, keying.marks, user, limits))


def finished_pair(session: Session, copy: PaperCopy
                  ) -> tuple[PaperKeying, PaperKeying] | None:
    """The copy's two finished keyings, first keyed first; None until there are two."""
    finished = [k for k in keyings_of(session, copy) if k.finished_at]
    return (finished[0], finished[1]) if len(finished) >= 2 else None


@dataclass(frozen=True)
class Reading:
    """One person's reading of one answer: its value, its mark, and both in words."""

    entry: str
    mark: str | None
    value: AnswerValue | None
    text: str


@dataclass(frozen=True)
class Difference:
    number: int
    question: QuestionBase
    first: Reading
    second: Reading


def differences(definition: SurveyDefinition, first: PaperKeying, second: PaperKeying,
                limits: Limits = SITE_DEFAULTS) -> list[Difference]:
    """The questions, in printed order, whose two readings do not mean the same."""
    found = []
    for number, question in numbered_questions(definition):
        one = _reading(question, first, limits)
        two = _reading(question, second, limits)
        if (one.value, one.mark) != (two.value, two.mark):
            found.append(Difference(number, question, one, two))
    return found


def _reading(question: QuestionBase, keying: PaperKeying, limits: Limits) -> Reading:
    entry = keying.entries.get(question.key, "")
    mark = keying.marks.get(question.key)
    value = read_entry(question, entry, limits)
    if isinstance(value, list):
        value = sorted(value)
    return Reading(entry, mark, value, describe(question, value, mark))


def decide(session: Session, consultation: Consultation, copy: PaperCopy,
           choices: Mapping[str, str], user: User, limits: Limits = SITE_DEFAULTS
           ) -> Response:
    """Store the copy with, for each difference, the reading a person chose (`choices`:
    question key → "first" or "second"); where the keyings agree, that reading. The
    choices are kept on the copy, and who decided."""
    pair = finished_pair(session, copy)
    if pair is None or copy.response_id:
        raise KeyingError([("", "This copy has no differences to decide")])
    definition = definition_of(session, copy)
    found = differences(definition, *pair, limits)
    undecided = [d for d in found if choices.get(d.question.key) not in (FIRST, SECOND)]
    if undecided:
        raise KeyingError([(d.question.key, f"Choose which reading of question {d.number} "
                                            "is right") for d in undecided])
    entries, marks = dict(pair[0].entries), dict(pair[0].marks)
    for difference in found:
        key = difference.question.key
        chosen = pair[1] if choices[key] == SECOND else pair[0]
        _take(entries, key, chosen.entries.get(key))
        _take(marks, key, chosen.marks.get(key))
    copy.decisions = {d.question.key: choices[d.question.key] for d in found}
    copy.decided_by_id = user.id
    audit.record(session, "paper_differences_decided", user, consultation,
                 copy_id=copy.id, copy_number=copy.copy_number, decisions=copy.decisions)
    return store_copy(session, consultation, copy, definition, entries, marks, user, limits)


def _take(target: dict[str, str], key: str, value: str | None) -> None:
    if value:
        target[key] = value
    else:
        target.pop(key, None)
