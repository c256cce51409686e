"""A consultation's own glossary: what hard words mean, written by staff.

The easy-read dictionary (`easyread/words/definitions.yaml`) explains most hard words;
a word it does not know (a local place, a scheme's name) is a finding on the editor's
glossary page, where staff write its meaning for this consultation. The meanings are
kept on the draft (`Consultation.glossary`) and published with the version as the
definition's `glossary`, so a printed form and a web page of one version say the same.

A meaning is read by people with learning disabilities, so it is held to the same rules
as the dictionary's own: easy read by the checker's default options, and not using the
word it explains.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from pydantic import TypeAdapter, ValidationError
from sqlmodel import Session

import easyread
from surveybuilder.consultations.drafts import record_change
from surveybuilder.consultations.snapshots import options_of, question_data, questions_of
from surveybuilder.easy_read_view import unexplained_by_question
from surveybuilder.models import Consultation, User
from surveybuilder.survey.definition import GLOSSARY_MEANING_MAX as MAX_MEANING
from surveybuilder.survey.definition import Question, QuestionBase

_QUESTION = TypeAdapter(Question)


def meanings(consultation: Consultation) -> dict[str, str]:
    """The draft's own meanings, word -> meaning."""
    return {entry["word"]: entry["meaning"] for entry in consultation.glossary or []}


def meaning_problem(word: str, meaning: str) -> str:
    """Why this meaning cannot be kept, in plain words, or "" when it can."""
    if len(meaning) > MAX_MEANING:
        return f"The meaning of “{word}” must be {MAX_MEANING} characters or fewer"
    if easyread.is_circular(word, meaning):
        return f"Explain “{word}” without using the word “{word}” itself"
    findings = easyread.check(meaning)
    if findings:
        first = findings[0]
        return (f"The meaning of “{word}” must be easy read. “{first.excerpt}”: "
                f"{first.message} {first.suggestion}").strip()
    return ""


def save_meanings(session: Session, consultation: Consultation, user: User,
                  written: Mapping[str, str]) -> None:
    """Keep the meanings written (word -> meaning); a word left blank loses its meaning.
    The caller has checked each with `meaning_problem`."""
    kept = {word: meaning.strip() for word, meaning in written.items() if meaning.strip()}
    consultation.glossary = [{"word": word, "meaning": meaning}
                             for word, meaning in sorted(kept.items(), key=_lower)]
    record_change(session, consultation, user, "glossary.changed", words=sorted(kept))


def add_meanings(consultation: Consultation, found: Mapping[str, str]) -> list[str]:
    """Add meanings written elsewhere (an inserted block's glossary) for the words this
    draft does not explain yet (in any case), and return those words. A meaning staff
    wrote for the draft is never replaced."""
    own = meanings(consultation)
    explained = {word.lower() for word in own}
    added = {word: meaning for word, meaning in found.items()
             if word.lower() not in explained}
    if added:
        consultation.glossary = [{"word": word, "meaning": meaning} for word, meaning
                                 in sorted({**own, **added}.items(), key=_lower)]
    return sorted(added, key=str.lower)


def _lower(item: tuple[str, str]) -> str:
    return item[0].lower()


def draft_questions(session: Session, consultation: Consultation
                    ) -> tuple[list[QuestionBase], int]:
    """The draft's questions as residents will meet them, and how many could not be
    read yet (an unfinished question, such as a choice with no options): the glossary
    works on a draft that cannot be published yet."""
    read: list[QuestionBase] = []
    unfinished = 0
    for row in questions_of(session, consultation):
        try:
            read.append(_QUESTION.validate_python(question_data(row, options_of(session, row))))
        except ValidationError:
            unfinished += 1
    return read, unfinished


def unexplained(session: Session, consultation: Consultation
                ) -> tuple[tuple[tuple[QuestionBase, tuple[str, ...]], ...], int]:
    """Each draft question with its hard words that have no meaning anywhere, and how
    many questions could not be read."""
    questions, unfinished = draft_questions(session, consultation)
    return unexplained_by_question(questions, meanings(consultation)), unfinished


def words_without_meaning(found: Iterable[tuple[Any, tuple[str, ...]]]) -> list[str]:
    """Each word once, in the order met."""
    return list(dict.fromkeys(word for _question, words in found for word in words))
