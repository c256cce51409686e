"""Forgetting residents' answers: one response erased on request, and every response
past its consultation's retention period thinned by `surveybuilder tidy`.

An answer is kept in more places than its `Answer` rows: the journey that sent it
(its answers as JSON), a paper copy's marks and decisions and each person's keying of
it, a scanned copy's readings and pictures, theme coding, staff translations of a
comment, and the audit events of a translation or a keying decision, which quote it.
Both ways of forgetting reach all of them (docs/residents-rights.md):

- **Erasure** (UK GDPR article 17) deletes the response and everything above, and
  records the reference and who erased it, never the content.
- **Retention** keeps each response, its choices and the themes its comments were
  coded with, so counts stay true, but deletes every written answer (text and dates),
  every answer to a question marked personal data, and every other place above: what
  is left cannot say who answered.

Excel downloads of the consultation made before an erasure are deleted with it: they
would still hold the answers. Published results files are not redrawn; the next
publication counts without the response. On SQLite the engine's `secure_delete`
overwrites the freed bytes, and `checkpoint` copies the write-ahead log back into the
file and empties it, so the bytes are gone from both files.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, or_, text, update
from sqlalchemy.sql import Select
from sqlmodel import Session, select

from surveybuilder.consultations import audit
from surveybuilder.files import FileStore
from surveybuilder.models import (
    Answer,
    AuditEvent,
    CommentCoding,
    CommentTheme,
    CommentTranslation,
    Consultation,
    Journey,
    PaperCopy,
    PaperKeying,
    Response,
    ScanBatch,
    ScannedCopy,
    SurveyVersion,
    User,
)
from surveybuilder.paper.scanned import delete_copy_images
from surveybuilder.results.exports import personal_keys
from surveybuilder.results.jobs import delete_exports_of
from surveybuilder.survey.loading import load_definition

ERASED = "(erased)"
QUOTING_KEYS = ("before", "after", "decisions")
"""Audit detail keys that quote what a resident wrote or ticked."""


@dataclass(frozen=True)
class Thinned:
    """What retention removed from one consultation: counts, never content."""

    consultation: Consultation
    responses: int
    answers: int


def months_for(consultation: Consultation, default_months: int) -> int:
    """How long this consultation's answers are kept (its own period, else the site's)."""
    return consultation.retention_months or default_months


def months_before(moment: datetime, months: int) -> datetime:
    """The same day and time `months` earlier (the month's last day when it is shorter)."""
    month_index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(month_index, 12)
    last_day = (datetime(year + (month + 1) // 12, (month + 1) % 12 + 1, 1)
                - datetime(year, month + 1, 1)).days
    return moment.replace(year=year, month=month + 1, day=min(moment.day, last_day))


def erase(session: Session, store: FileStore, consultation: Consultation,
          response: Response, user: User | None, now: datetime) -> str:
    """Delete the response and every trace of its answers; the reference erased. The
    caller commits, then calls `checkpoint`."""
    reference = response.reference
    chosen = select(Response.id).where(Response.id == response.id)
    _forget_traces(session, store, consultation, chosen, now, keep_codings=False)
    session.execute(update(PaperCopy).where(PaperCopy.response_id == response.id)
                    .values(response_id=None))
    session.execute(delete(Answer).where(Answer.response_id == response.id))
    session.execute(delete(Response).where(Response.id == response.id))
    session.expunge(response)
    delete_exports_of(session, store, consultation, now,
                      "a response was erased after it was made.")
    audit.record(session, "response.erased", user, consultation, reference=reference)
    return reference


def thin_expired(session: Session, store: FileStore, now: datetime, default_months: int,
                 ) -> list[Thinned]:
    """Retention: in every consultation, responses sent longer ago than its period keep
    only their choices (see the module's docstring); what went, consultation by
    consultation, each recorded in its audit log. The caller commits."""
    thinned = []
    for consultation in session.exec(select(Consultation).order_by(Consultation.id)).all():
        cutoff = months_before(now, months_for(consultation, default_months))
        expired = select(Response.id).where(Response.consultation_id == consultation.id,
                                            Response.submitted_at < cutoff)
        if not session.execute(expired.limit(1)).first():
            continue
        touched, answers = _thin_answers(session, consultation, cutoff)
        responses = len(touched | _forget_traces(session, store, consultation, expired, now,
                                                 keep_codings=True))
        if responses:
            audit.record(session, "responses.retention_applied", None, consultation,
                         responses=responses, answers_deleted=answers,
                         sent_before=cutoff.date().isoformat(),
                         months=months_for(consultation, default_months))
            thinned.append(Thinned(consultation, responses, answers))
    return thinned


def _thin_answers(session: Session, consultation: Consultation, cutoff: datetime
                  ) -> tuple[set[int], int]:
    """Delete the written and personal answers of responses sent before `cutoff`, a
    version at a time (each version marks its own questions personal); (the responses
    touched, how many answers went)."""
    responses: set[int] = set()
    answers = 0
    versions = session.exec(select(SurveyVersion).where(
        SurveyVersion.consultation_id == consultation.id)).all()
    for version in versions:
        personal = personal_keys(load_definition(version.definition))
        of_version = select(Response.id).where(
            Response.consultation_id == consultation.id, Response.version_id == version.id,
            Response.submitted_at < cutoff)
        identifying = or_(Answer.text_value.is_not(None), Answer.date_value.is_not(None),
                          Answer.question_key.in_(personal))
        where = (Answer.response_id.in_(of_version), identifying)
        responses.update(session.execute(
            select(Answer.response_id).distinct().where(*where)).scalars())
        answers += session.execute(delete(Answer).where(*where)).rowcount
    return responses, answers


def _forget_traces(session: Session, store: FileStore, consultation: Consultation,
                   chosen: Select, now: datetime, keep_codings: bool) -> set[int]:
    """Every copy of the chosen responses' answers outside their Answer rows; the
    responses that had some (the Answer rows are the caller's). Theme coding holds
    theme numbers, not words: retention keeps it (`keep_codings`) so published theme
    counts stay true; erasure deletes it with the response."""
    had: set[int] = set()
    had.update(session.execute(select(Journey.response_id).where(
        Journey.response_id.in_(chosen))).scalars())
    session.execute(delete(Journey).where(Journey.response_id.in_(chosen)))
    copies = session.exec(select(PaperCopy).where(PaperCopy.response_id.in_(chosen))).all()
    for copy in copies:
        if copy.marks or copy.decisions:
            had.add(copy.response_id)
        copy.marks, copy.decisions = {}, {}
        session.add(copy)
        _forget_scans(session, store, copy, now)
    copy_ids = [copy.id for copy in copies]
    session.execute(delete(PaperKeying).where(PaperKeying.copy_id.in_(copy_ids)))
    if not keep_codings:
        codings = select(CommentCoding.id).where(CommentCoding.response_id.in_(chosen))
        session.execute(delete(CommentTheme).where(CommentTheme.coding_id.in_(codings)))
        session.execute(delete(CommentCoding).where(CommentCoding.response_id.in_(chosen)))
    translated = session.execute(select(CommentTranslation.response_id).where(
        CommentTranslation.response_id.in_(chosen))).scalars().all()
    had.update(translated)
    session.execute(delete(CommentTranslation).where(CommentTranslation.response_id.in_(chosen)))
    _scrub_audit(session, consultation, set(session.execute(chosen).scalars()), set(copy_ids))
    return had


def _forget_scans(session: Session, store: FileStore, copy: PaperCopy, now: datetime) -> None:
    """A scanned copy's readings and its pictures (page images and crops)."""
    for scanned in session.exec(select(ScannedCopy).where(
            ScannedCopy.paper_copy_id == copy.id)).all():
        scanned.questions = []
        delete_copy_images(session, store, session.get(ScanBatch, scanned.scan_batch_id),
                           scanned, now)
        session.add(scanned)


def _scrub_audit(session: Session, consultation: Consultation, response_ids: set[int],
                 copy_ids: set[int]) -> None:
    """Audit events that quote these responses' answers keep that they happened, not
    what was said."""
    events = session.exec(select(AuditEvent).where(
        AuditEvent.consultation_id == consultation.id)).all()
    for event in events:
        detail = event.detail or {}
        if detail.get("response_id") not in response_ids and \
                detail.get("copy_id") not in copy_ids:
            continue
        if any(key in detail for key in QUOTING_KEYS):
            event.detail = {key: ERASED if key in QUOTING_KEYS else value
                            for key, value in detail.items()}
            session.add(event)


def checkpoint(session: Session) -> None:
    """SQLite: copy the write-ahead log into the database file and empty it, so freed
    (and, with secure_delete, zeroed) pages are all that is left of erased answers.
    Other databases reuse freed space themselves (PostgreSQL's VACUUM)."""
    if session.get_bind().dialect.name == "sqlite":
        session.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
