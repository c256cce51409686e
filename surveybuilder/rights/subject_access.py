"""Finding one resident's response for a subject access or erasure request, and
writing it out for them (docs/residents-rights.md).

A resident knows the reference the confirmation page (or the paper form's receipt)
gave them, or the e-mail address they gave in an answer. Only the organisation's own
consultations are searched. The record says every question answered in its staff
wording with the answer in words, so it can be sent to the resident as it is.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, select

from surveybuilder.models import Answer, Consultation, Response, SurveyVersion
from surveybuilder.responses.storage import answers_from_rows
from surveybuilder.results.exports import english_name
from surveybuilder.survey.loading import load_definition
from surveybuilder.survey.numbering import numbered_questions

FOUND_AT_MOST = 50
"""An e-mail given in more answers than this is a shared address, not one person."""


@dataclass(frozen=True)
class Found:
    response: Response
    consultation: Consultation


@dataclass(frozen=True)
class AnsweredQuestion:
    number: int
    key: str
    text: str
    answer: list[str]  # the answer in words, a line each


@dataclass(frozen=True)
class ResponseRecord:
    """One response as a resident is given it."""

    reference: str
    consultation_title: str
    consultation_slug: str
    submitted_at: datetime
    channel: str
    format: str
    language: str
    version: int
    answers: list[AnsweredQuestion]

    def as_json(self) -> str:
        return json.dumps({
            "reference": self.reference,
            "consultation": {"title": self.consultation_title,
                             "slug": self.consultation_slug},
            "submitted_at": self.submitted_at.isoformat(),
            "channel": self.channel, "format": self.format,
            "language": self.language, "language_name": english_name(self.language),
            "version": self.version,
            "answers": [{"number": a.number, "key": a.key, "question": a.text,
                         "answer": a.answer} for a in self.answers],
        }, ensure_ascii=False, indent=2) + "\n"


def normalised_reference(typed: str) -> str:
    """References are shown in capitals and may be read out with spaces or dashes."""
    return "".join(ch for ch in typed.upper() if ch.isalnum())


def find(session: Session, organisation_id: int, reference: str = "", email: str = ""
         ) -> list[Found]:
    """Responses in the organisation's consultations with this reference, or with an
    answer that is exactly this e-mail address (any case), newest first."""
    query = select(Response, Consultation).join(
        Consultation, Consultation.id == Response.consultation_id).where(
        Consultation.organisation_id == organisation_id)
    if reference:
        query = query.where(Response.reference == normalised_reference(reference))
    if email:
        given = select(Answer.response_id).where(
            func.lower(Answer.text_value) == email.strip().lower())
        query = query.where(Response.id.in_(given))
    rows = session.exec(query.order_by(Response.submitted_at.desc()).limit(FOUND_AT_MOST))
    return [Found(response, consultation) for response, consultation in rows.all()]


def response_in(session: Session, consultation: Consultation, reference: str
                ) -> Response | None:
    """The response with this reference, if it is this consultation's."""
    return session.exec(select(Response).where(
        Response.consultation_id == consultation.id,
        Response.reference == normalised_reference(reference))).first()


def record_of(session: Session, consultation: Consultation, response: Response
              ) -> ResponseRecord:
    version = session.get(SurveyVersion, response.version_id)
    definition = load_definition(version.definition)
    rows = session.execute(select(
        Answer.question_key, Answer.option_key, Answer.text_value, Answer.number_value,
        Answer.date_value).where(Answer.response_id == response.id)
        .order_by(Answer.id)).all()
    values = answers_from_rows(definition, rows)
    answered = [AnsweredQuestion(number, question.key, question.text,
                                 question.shown(values[question.key]))
                for number, question in numbered_questions(definition)
                if question.key in values]
    return ResponseRecord(response.reference, consultation.title, consultation.slug,
                          response.submitted_at, response.channel, response.format,
                          response.language, version.number, answered)
