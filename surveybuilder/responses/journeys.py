"""A resident's journey through a published version, kept between pages without cookies.

The journey's token travels in the page address; a resume code (short, with no
characters that are easy to confuse) lets the resident carry on later on any device.
"""

from __future__ import annotations

import secrets
from datetime import date
from email.message import EmailMessage
from typing import Any, NamedTuple

from sqlalchemy import bindparam
from sqlalchemy.orm import load_only
from sqlmodel import Session, select

from surveybuilder.consultations.lifecycle import VersionStamp
from surveybuilder.mail import plain_message
from surveybuilder.models import Consultation, Journey, Response, SurveyVersion, utcnow
from surveybuilder.survey import journey as survey_journey
from surveybuilder.survey.definition import SurveyDefinition
from surveybuilder.survey.loading import load_definition

# No 0/O, 1/I/L, 5/S, 2/Z or 8/B: codes are read aloud, written down and typed on phones.
CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
RESUME_CODE_LENGTH = 12  # 25^12 ≈ 6 × 10^16 codes; look-ups are rate limited
REFERENCE_LENGTH = 8


def random_code(length: int) -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def normalise_code(text: str) -> str:
    """What the resident typed, as stored: capitals, no spaces or dashes."""
    return "".join(ch for ch in text.upper() if ch.isalnum())


def format_code(code: str) -> str:
    """Groups of four, easier to read out and copy."""
    return "-".join(code[i:i + 4] for i in range(0, len(code), 4))


def start(session: Session, consultation: Consultation, version_id: int,
          answer_format: str) -> Journey:
    journey = Journey(token=secrets.token_urlsafe(24), consultation_id=consultation.id,
                      version_id=version_id, format=answer_format)
    session.add(journey)
    session.flush()
    return journey


class FoundJourney(NamedTuple):
    consultation: Consultation
    journey: Journey
    version: VersionStamp  # the version the journey answers


def with_consultation(session: Session, slug: str, token: str) -> FoundJourney | None:
    """The consultation with this address and its journey with this token, if both exist.

    One query, as every journey page asks for both; the version's definition itself is
    not read, as callers keep parsed definitions of published versions."""
    found = session.exec(_WITH_CONSULTATION, params={"slug": slug, "token": token}).first()
    if found is None:
        return None
    consultation, journey, published_at = found
    return FoundJourney(consultation, journey, (journey.version_id, published_at))


# Built once: every journey page runs it, and building a statement costs more than
# running this one.
_WITH_CONSULTATION = (select(Consultation, Journey, SurveyVersion.published_at)
                      .join(Journey, Journey.consultation_id == Consultation.id)
                      .join(SurveyVersion, SurveyVersion.id == Journey.version_id)
                      .where(Consultation.slug == bindparam("slug"),
                             Journey.token == bindparam("token"))
                      .options(load_only(Consultation.id, Consultation.slug,
                                         Consultation.title, Consultation.status,
                                         Consultation.organisation_id)))


def by_resume_code(session: Session, consultation: Consultation, code: str) -> Journey | None:
    code = normalise_code(code)
    if len(code) != RESUME_CODE_LENGTH:
        return None
    return session.exec(select(Journey).where(
        Journey.resume_code == code, Journey.consultation_id == consultation.id,
        Journey.response_id.is_(None))).first()


def answers_of(definition: SurveyDefinition, journey: Journey) -> dict[str, Any]:
    return survey_journey.from_json(definition, journey.answers)


def save_answers(session: Session, journey: Journey, answers: dict[str, Any]) -> None:
    journey.answers = survey_journey.to_json(answers)
    journey.updated_at = utcnow()
    session.add(journey)


def give_resume_code(session: Session, journey: Journey, page: int) -> str:
    """The journey's resume code, made on first request and kept after that; `page` is
    where the resident will carry on."""
    journey.page = page
    session.add(journey)
    while journey.resume_code is None:
        code = random_code(RESUME_CODE_LENGTH)
        if session.exec(select(Journey).where(Journey.resume_code == code)).first() is None:
            journey.resume_code = code
            session.add(journey)
            session.flush()
    return journey.resume_code


def mark_sent(session: Session, journey: Journey, response: Response) -> None:
    """The journey has become this response: its answers and resume code are no longer
    kept here, and its address now leads to the confirmation."""
    journey.response_id = response.id
    journey.answers = {}
    journey.resume_code = None
    session.add(journey)


def set_format(session: Session, journey: Journey, answer_format: str) -> None:
    if journey.format != answer_format:
        journey.format = answer_format
        session.add(journey)


def forget_closed(session: Session, today: date) -> int:
    """Delete unsent journeys that can no longer be sent — the consultation is closed,
    or its live version's closing date has passed — so people's words are not kept for
    no reason. The live version decides, as it does for accepting answers."""
    unsent = session.exec(select(Journey, Consultation)
                          .join(Consultation, Consultation.id == Journey.consultation_id)
                          .where(Journey.response_id.is_(None))).all()
    live: dict[int, date | None] = {}
    deleted = 0
    for journey, consultation in unsent:
        if consultation.id not in live:
            live[consultation.id] = _live_closes(session, consultation)
        closes = live[consultation.id]
        if consultation.status != "open" or (closes is not None and closes < today):
            session.delete(journey)
            deleted += 1
    return deleted


def _live_closes(session: Session, consultation: Consultation) -> date | None:
    version = session.exec(select(SurveyVersion)
                           .where(SurveyVersion.consultation_id == consultation.id)
                           .order_by(SurveyVersion.number.desc())).first()
    return load_definition(version.definition).closes if version else None


def resume_link_message(sender: str, to: str, title: str, code: str, link: str,
                        closes: date | None) -> EmailMessage:
    """The e-mail a resident asks for to carry on later: the code and the link, and
    nothing of their answers (anyone who reads the mail could open them anyway)."""
    until = (f" until the consultation closes on {closes:%A} {closes.day} {closes:%B %Y}"
             if closes else "")
    return plain_message(
        sender, to, f"Carry on with “{title}”",
        f"You saved your answers to “{title}”.\n\n"
        f"To carry on, open this link:\n{link}\n\n"
        f"Or enter this code on the consultation's page: {code}\n\n"
        f"You can use them{until}. Anyone with the code or the link can see your answers "
        "so far, so keep them safe.\n\n"
        "We have not kept your e-mail address.\n")
