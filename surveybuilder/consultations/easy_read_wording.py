"""Keep easy-read wording that staff accepted from a suggestion, for a question or a
section introduction of the draft.

Only staff pressing "use this wording" calls these: a suggestion itself is never
stored, so nothing a machine wrote reaches the draft (and from it a published
version) without a person having read it and chosen it.
"""

from __future__ import annotations

from sqlmodel import Session

from surveybuilder.consultations.drafts import record_change
from surveybuilder.models import Consultation, Question, Section, User


def accept_question_wording(session: Session, consultation: Consultation, user: User,
                            question: Question, text: str) -> None:
    question.easy_read_text = text.strip()
    session.add(question)
    record_change(session, consultation, user, "question.easy_read_accepted",
                  key=question.key)


def accept_section_wording(session: Session, consultation: Consultation, user: User,
                           section: Section, text: str) -> None:
    section.easy_read_text = text.strip()
    session.add(section)
    record_change(session, consultation, user, "section.easy_read_accepted",
                  section=section.id)
