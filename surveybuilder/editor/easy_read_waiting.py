"""Which questions are not ready for easy read, for the editor's pages.

The overview, the charter check and the publish page each say how many questions are
not ready and link to each one's easy-read wording, so staff can fix them where they
are told. The count is the charter check's own (`charter.easy_read_readiness`), never
worked out a second way.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import url_for
from sqlmodel import Session

from surveybuilder.charter import checks as charter
from surveybuilder.consultations.snapshots import draft_definition, questions_of
from surveybuilder.models import Consultation
from surveybuilder.survey.loading import DefinitionError

SUMMARY_NEEDS_WORK = "The easy read summary does not pass the easy read check yet."


@dataclass(frozen=True)
class WaitingQuestion:
    text: str
    url: str


@dataclass(frozen=True)
class EasyReadWaiting:
    count: int
    total: int
    questions: tuple[WaitingQuestion, ...]
    reason: str = ""
    unexplained: tuple[tuple[WaitingQuestion, str], ...] = ()
    """Questions with hard words that have no meaning yet, and those words."""

    @property
    def summary(self) -> str:
        """"3 of 13 questions are not ready for easy read.", as staff read it."""
        if not self.count:
            return self.reason
        noun = "question is" if self.total == 1 else "questions are"
        return f"{self.count} of {self.total} {noun} not ready for easy read."


def easy_read_waiting(session: Session, consultation: Consultation) -> EasyReadWaiting | None:
    """The questions not ready for easy read, or None when easy read is not offered,
    everything is ready, or the draft cannot be read yet."""
    try:
        definition = draft_definition(session, consultation)
    except DefinitionError:
        return None
    readiness = charter.easy_read_readiness(definition)
    if readiness.ready:
        return None
    rows = {q.key: q for q in questions_of(session, consultation)}

    def linked(key: str) -> WaitingQuestion:
        return WaitingQuestion(rows[key].text, url_for(
            "editor.edit_question", consultation_id=consultation.id,
            question_id=rows[key].id) + "#easy_read_text")

    return EasyReadWaiting(
        len(readiness.waiting), readiness.total,
        tuple(linked(key) for key in readiness.waiting if key in rows),
        readiness.reason or (SUMMARY_NEEDS_WORK if readiness.summary_findings else ""),
        tuple((linked(key), ", ".join(words)) for key, words in readiness.unexplained
              if key in rows))
