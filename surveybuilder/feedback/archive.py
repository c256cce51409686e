"""The public archive: past consultations and what came of them, searchable.

Closed consultations are listed whether or not their results are out yet, so people
can see that an answer is still owed and by when. Search matches every word asked for
anywhere in the title, summary, topics, areas or published feedback, ignoring case;
the archive is a few hundred consultations at most, so it is searched in memory.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlmodel import Session, select

from surveybuilder.consultations.opportunities import Opportunity, matches
from surveybuilder.feedback import decisions
from surveybuilder.models import Consultation, Feedback, Organisation, Status
from surveybuilder.wording import gettext, long_date


@dataclass(frozen=True)
class ArchiveEntry:
    consultation: Consultation
    organisation: str
    feedback: Feedback | None
    outcome: str
    updated: datetime
    statuses: list[tuple[str, int]]

    @property
    def published(self) -> bool:
        return self.feedback is not None

    @property
    def feedback_by(self) -> date | None:
        return self.consultation.feedback_by


def entries(session: Session, published_only: bool = False) -> list[ArchiveEntry]:
    """Past consultations, the most recently closed (or updated) first."""
    wanted = [Status.RESULTS_PUBLISHED] if published_only else [Status.CLOSED,
                                                                 Status.RESULTS_PUBLISHED]
    rows = session.exec(
        select(Consultation, Organisation.name)
        .join(Organisation, Organisation.id == Consultation.organisation_id)
        .where(Consultation.status.in_(wanted))).all()
    found = [_entry(session, consultation, organisation) for consultation, organisation in rows]
    found = [e for e in found if e.published or not published_only]
    return sorted(found, key=lambda e: (e.updated, e.consultation.id), reverse=True)


def search(session: Session, query: str, published_only: bool = False) -> list[ArchiveEntry]:
    words = query.casefold().split()
    return [e for e in entries(session, published_only)
            if all(word in _haystack(session, e) for word in words)]


def _entry(session: Session, consultation: Consultation, organisation: str) -> ArchiveEntry:
    feedback = decisions.published_feedback(session, consultation)
    if feedback is None:
        return ArchiveEntry(consultation, organisation, None, _owed(consultation),
                            _aware(consultation.updated_at), [])
    counts = Counter(i.status for i in decisions.items(session, feedback))
    statuses = [(decisions.status_label(s), counts[s]) for s in decisions.STATUS_WORDS
                if counts[s]]
    outcome = _first_paragraph(feedback.summary)
    return ArchiveEntry(consultation, organisation, feedback, outcome,
                        _aware(feedback.updated_at), statuses)


def _owed(consultation: Consultation) -> str:
    """What is owed to those who took part, in the words of the page's locale."""
    if consultation.feedback_by:
        return gettext("Closed. What people said and what will be done is due by %(date)s.",
                       date=long_date(consultation.feedback_by))
    return gettext("Closed. What people said and what will be done is not published yet.")


def _haystack(session: Session, entry: ArchiveEntry) -> str:
    consultation = entry.consultation
    parts = [consultation.title, consultation.summary, entry.organisation,
             *consultation.topics, *consultation.areas]
    if entry.feedback is not None:
        parts += [entry.feedback.summary, entry.feedback.what_next]
        for item in decisions.items(session, entry.feedback):
            parts += [item.you_said, item.we_did, *item.themes]
    return " ".join(parts).casefold()


def _first_paragraph(text: str, limit: int = 300) -> str:
    first = text.strip().split("\n\n")[0].strip()
    return first if len(first) <= limit else first[:limit].rsplit(" ", 1)[0] + "…"


def _aware(moment: datetime) -> datetime:
    """SQLite hands back stored UTC times without their zone."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def published_matching(session: Session, chosen: dict[str, list[str]]) -> list[ArchiveEntry]:
    """Consultations whose "You said, we did" is out, matching the same filters as the
    "Get involved" listing, so people see what came of taking part as well as what
    they can join."""
    return [entry for entry in entries(session, published_only=True)
            if matches(Opportunity(entry.consultation, entry.organisation, [], False), chosen)]
