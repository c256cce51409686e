"""Finding consultations and their versions: the look-ups every page, command and
service makes, written once.

A consultation's slug is its public name (`/c/<slug>`) and is unique; staff pages find
one by its id, residents and commands by its slug. Journey pages use their own tuned
query (`responses.journeys.with_consultation`, docs/decisions/0006).
"""

from __future__ import annotations

from sqlmodel import Session, select

from surveybuilder.models import Consultation, Status, SurveyVersion


def by_slug(session: Session, slug: str) -> Consultation | None:
    """The consultation with this public name, or None."""
    return session.exec(select(Consultation).where(Consultation.slug == slug)).first()


def slug_taken(session: Session, slug: str) -> bool:
    """Whether a consultation already has this public name."""
    return by_slug(session, slug) is not None


def of_organisation(session: Session, organisation_id: int) -> list[Consultation]:
    """An organisation's consultations, the most recently changed first."""
    return list(session.exec(
        select(Consultation)
        .where(Consultation.organisation_id == organisation_id)
        .order_by(Consultation.updated_at.desc())).all())


def open_now(session: Session) -> list[Consultation]:
    """Consultations taking answers, the soonest closing first."""
    return list(session.exec(
        select(Consultation).where(Consultation.status == Status.OPEN)
        .order_by(Consultation.closes)).all())


def version(session: Session, consultation: Consultation, number: int
            ) -> SurveyVersion | None:
    """Published version `number` of the consultation, or None."""
    return session.exec(select(SurveyVersion).where(
        SurveyVersion.consultation_id == consultation.id,
        SurveyVersion.number == number)).first()
