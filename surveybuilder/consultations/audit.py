"""The audit trail: every change to a consultation is recorded as it happens."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, select

from surveybuilder.models import AuditEvent, Consultation, User


def record(session: Session, action: str, user: User | None,
           consultation: Consultation | None = None, organisation_id: int | None = None,
           **detail: Any) -> AuditEvent:
    event = AuditEvent(
        action=action,
        user_id=user.id if user else None,
        consultation_id=consultation.id if consultation else None,
        organisation_id=consultation.organisation_id if consultation else organisation_id,
        detail=detail,
    )
    session.add(event)
    return event


def history(session: Session, consultation: Consultation) -> list[tuple[AuditEvent, User | None]]:
    rows = session.exec(
        select(AuditEvent, User)
        .join(User, User.id == AuditEvent.user_id, isouter=True)
        .where(AuditEvent.consultation_id == consultation.id)
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    ).all()
    return list(rows)


def publish_reasons(session: Session, consultation: Consultation
                    ) -> dict[int, tuple[str, list[str]]]:
    """Version number → the reason staff gave for publishing it without meeting the
    charter, and the ids of the checks it did not meet, for the version history."""
    events = session.exec(
        select(AuditEvent)
        .where(AuditEvent.consultation_id == consultation.id,
               AuditEvent.action == "consultation.published_with_override")).all()
    return {event.detail["version"]: (event.detail.get("reason", ""),
                                      list(event.detail.get("failing_checks", [])))
            for event in events if "version" in event.detail}
