"""Keep easy-read wording that staff accepted from a suggestion, for a question, a
section introduction or the summary of the draft.

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
    _accept(session, consultation, user, question, text, "question.easy_read_accepted",
            key=question.key)


def accept_section_wording(session: Session, consultation: Consultation, user: User,
                           section: Section, text: str) -> None:
    _accept(session, consultation, user, section, text, "section.easy_read_accepted",
            section=section.id)


def accept_summary_wording(session: Session, consultation: Consultation, user: User,
                           text: str) -> None:
    """The consultation's summary in easy read (its details page's field)."""
    consultation.easy_read_summary = text.strip()
    session.add(consultation)
    record_change(session, consultation, user, "consultation.easy_read_summary_accepted")


def _accept(session: Session, consultation: Consultation, user: User,
            item: Question | Section, text: str, action: str, **details: object) -> None:
    item.easy_read_text = text.strip()
    session.add(item)
    record_change(session, consultation, user, action, **details)
