"""The audit trail: every change to a consultation is recorded as it happens, and
every look at residents' answers: downloads of responses, a single response viewed or
exported for a subject access request, and erasures (docs/residents-rights.md).
Admins read and download their organisation's log; details hold counts and
references, never what a resident wrote."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, select

from surveybuilder.models import AuditEvent, Consultation, User
from surveybuilder.survey.cells import csv_writer

CSV_COLUMNS = ("when", "action", "who", "consultation", "detail")


@dataclass(frozen=True)
class LogQuery:
    """Which of an organisation's events to list: all, or one consultation's, or one
    action's."""

    organisation_id: int
    consultation_id: int | None = None
    action: str = ""

    def terms(self) -> list[Any]:
        terms = [AuditEvent.organisation_id == self.organisation_id]
        if self.consultation_id is not None:
            terms.append(AuditEvent.consultation_id == self.consultation_id)
        if self.action:
            terms.append(AuditEvent.action == self.action)
        return terms


@dataclass(frozen=True)
class LogRow:
    event: AuditEvent
    user: User | None
    consultation: Consultation | None


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


def log_count(session: Session, query: LogQuery) -> int:
    return session.exec(select(func.count()).select_from(AuditEvent)
                        .where(*query.terms())).one()


def log_rows(session: Session, query: LogQuery, offset: int = 0, limit: int | None = None
             ) -> list[LogRow]:
    """Newest first, each with who did it and the consultation, in one query."""
    rows = session.exec(
        select(AuditEvent, User, Consultation)
        .join(User, User.id == AuditEvent.user_id, isouter=True)
        .join(Consultation, Consultation.id == AuditEvent.consultation_id, isouter=True)
        .where(*query.terms())
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        .offset(offset).limit(limit)).all()
    return [LogRow(*row) for row in rows]


def actions_in(session: Session, organisation_id: int) -> list[str]:
    """The actions the organisation's log holds, for the filter."""
    return list(session.exec(select(AuditEvent.action).distinct().where(
        AuditEvent.organisation_id == organisation_id).order_by(AuditEvent.action)).all())


def detail_words(event: AuditEvent) -> str:
    """The detail as `name: value` pairs, in the order recorded."""
    return "; ".join(f"{key}: {value if isinstance(value, str) else json.dumps(value)}"
                     for key, value in (event.detail or {}).items())


def log_csv(session: Session, query: LogQuery) -> Iterator[str]:
    """The log as CSV through the safe cell writer (a reference or a title is staff's
    or a resident's text, never a formula), a few hundred rows at a time."""
    buffer = io.StringIO()
    writer = csv_writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    offset = 0
    while batch := log_rows(session, query, offset, 500):
        for row in batch:
            writer.writerow([row.event.at.isoformat(), row.event.action,
                             row.user.email if row.user else "",
                             row.consultation.slug if row.consultation else "",
                             detail_words(row.event)])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        offset += len(batch)
    yield buffer.getvalue()
