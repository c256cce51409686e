"""A consultation's life: draft → open → closed → results published.

Publishing freezes the draft into a new SurveyVersion, guarded by checks; residents
always answer the newest version, and earlier answers stay tied to the version they
answered. It also queues the drawing of the version's paper forms (printing/jobs.py),
in the same transaction, so they are ready before anyone asks for one.
"""

from __future__ import annotations

import re
from copy import deepcopy
from datetime import date, datetime
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, SQLModel, select

from surveybuilder.charter import checks as charter
from surveybuilder.consultations import audit, finding
from surveybuilder.consultations.snapshots import (
    METADATA_FIELDS,
    draft_definition,
    options_of,
    questions_of,
    sections_of,
    write_draft,
)
from surveybuilder.easy_read_view import with_pictures_used
from surveybuilder.models import Consultation, Status, SurveyVersion, User, utcnow
from surveybuilder.printing.jobs import queue_every_form
from surveybuilder.speaking.jobs import queue_recordings
from surveybuilder.survey.definition import SurveyDefinition
from surveybuilder.survey.loading import DefinitionError, load_definition


class LifecycleError(ValueError):
    """A step is not allowed now; `problems` says why in plain words."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems))


def publish_problems(session: Session, consultation: Consultation) -> list[str]:
    """Everything that stops the draft going live, as sentences for the editor."""
    if consultation.status not in (Status.DRAFT, Status.OPEN):
        return [f"A {status_label(consultation.status).lower()} consultation cannot be "
                f"published again"]
    try:
        definition = draft_definition(session, consultation)
    except DefinitionError as exc:
        return [str(p) for p in exc.problems]
    problems = []
    if not any(q.answerable for q in definition.questions()):
        problems.append("Add at least one question that people can answer")
    if not definition.opens or not definition.closes:
        problems.append("Set the opening and closing dates")
    if any(s for s in definition.sections if not s.questions):
        problems.append("Every section needs at least one question, or remove the empty "
                        "section")
    return problems


class CharterOverrideNeeded(LifecycleError):
    """The charter check fails; publishing needs a reason, which is kept in the audit."""

    def __init__(self, rows: list[charter.CheckRow]):
        self.rows = rows
        super().__init__([f"{row.title}: {row.detail} {row.fix}".strip() for row in rows])


def publish(session: Session, consultation: Consultation, user: User | None,
            charter_settings: charter.CharterSettings = charter.DEFAULT_SETTINGS,
            override_reason: str | None = None,
            unready_easy_read_needs_reason: bool = False) -> SurveyVersion:
    """Freeze the draft as the next version and open it (or keep it open).

    A failing charter check stops publishing unless a reason is given; the reason and
    the failing checks are recorded, so the decision can be reviewed later. Staff
    publishing (the editor, `surveybuilder publish`) also pass
    `unready_easy_read_needs_reason`: easy read offered before its questions are ready
    then needs a reason too (`charter.needing_a_reason`). Set-ups that publish a
    half-written example on purpose (tests, the demo) leave it off."""
    problems = publish_problems(session, consultation)
    if problems:
        raise LifecycleError(problems)
    definition = draft_definition(session, consultation)
    failing = charter.needing_a_reason(charter.check(definition, charter_settings),
                                       easy_read=unready_easy_read_needs_reason)
    reason = (override_reason or "").strip()
    if failing and not reason:
        raise CharterOverrideNeeded(failing)
    version = SurveyVersion(consultation_id=consultation.id,
                            number=_next_version_number(session, consultation),
                            definition=with_pictures_used(definition).to_json(),
                            published_by_id=user.id if user else None)
    session.add(version)
    first = consultation.status == Status.DRAFT
    consultation.status = Status.OPEN
    consultation.updated_at = utcnow()
    session.add(consultation)
    session.flush()
    audit.record(session, "consultation.published" if first else "consultation.republished",
                 user, consultation, version=version.number)
    if failing:
        audit.record(session, "consultation.published_with_override", user, consultation,
                     version=version.number, reason=reason,
                     failing_checks=[row.id for row in failing])
    queue_every_form(session, consultation, version.number)
    queue_recordings(session, consultation, version.number, definition)
    return version


def close(session: Session, consultation: Consultation, user: User | None) -> None:
    if consultation.status != Status.OPEN:
        raise LifecycleError([f"Only an open consultation can be closed; this one is "
                              f"{status_label(consultation.status).lower()}"])
    consultation.status = Status.CLOSED
    consultation.updated_at = utcnow()
    session.add(consultation)
    audit.record(session, "consultation.closed", user, consultation)


def live_version(session: Session, consultation: Consultation) -> SurveyVersion | None:
    return session.exec(select(SurveyVersion)
                        .where(SurveyVersion.consultation_id == consultation.id)
                        .order_by(SurveyVersion.number.desc())).first()


# A published version's id and publishing time: enough to name its content (and find an
# already parsed copy of its definition) without reading it.
VersionStamp = tuple[int, datetime]


def live_version_stamp(session: Session, consultation: Consultation) -> VersionStamp | None:
    """The live version's stamp, without reading its definition."""
    found = session.exec(select(SurveyVersion.id, SurveyVersion.published_at)
                         .where(SurveyVersion.consultation_id == consultation.id)
                         .order_by(SurveyVersion.number.desc())).first()
    return (found[0], found[1]) if found else None


def versions(session: Session, consultation: Consultation) -> list[SurveyVersion]:
    return list(session.exec(select(SurveyVersion)
                             .where(SurveyVersion.consultation_id == consultation.id)
                             .order_by(SurveyVersion.number.desc())).all())


def has_unpublished_changes(session: Session, consultation: Consultation) -> bool:
    version = live_version(session, consultation)
    if version is None:
        return False
    try:
        current = draft_definition(session, consultation).to_json()
    except DefinitionError:
        return True
    return current != version.definition


def duplicate(session: Session, consultation: Consultation, user: User | None) -> Consultation:
    """A new draft copy, with a free slug and "(copy)" title, to reuse a good design.

    The draft's rows are copied as they are rather than read back through the
    definition's checks, so an unfinished draft (a choice question with no options yet)
    copies too: that once gave a 500."""
    copy = Consultation(organisation_id=consultation.organisation_id, **{
        name: deepcopy(getattr(consultation, name)) for name in METADATA_FIELDS})
    copy.slug = _free_slug(session, f"{consultation.slug}-copy")
    copy.title = f"{consultation.title} (copy)"[:200]
    session.add(copy)
    session.flush()
    sections = {}
    for section in sections_of(session, consultation):
        sections[section.id] = _copied_row(session, section, consultation_id=copy.id)
    for question in questions_of(session, consultation):
        new = _copied_row(session, question, consultation_id=copy.id,
                          section_id=sections[question.section_id])
        for option in options_of(session, question):
            _copied_row(session, option, question_id=new)
    audit.record(session, "consultation.duplicated", user, copy, source=consultation.slug)
    return copy


def _copied_row(session: Session, row: SQLModel, **changes: Any) -> int:
    """Add a copy of a draft row with `changes`; gives the copy's id."""
    data = deepcopy(row.model_dump(exclude={"id"})) | changes
    new = type(row)(**data)
    session.add(new)
    session.flush()
    return new.id


def restore_version(session: Session, consultation: Consultation, version: SurveyVersion,
                    user: User | None) -> None:
    """Make an earlier version's content the draft again (the slug stays)."""
    definition = load_definition({**version.definition, "slug": consultation.slug})
    write_draft(session, consultation, definition)
    audit.record(session, "consultation.version_restored", user, consultation,
                 version=version.number)


def status_label(status: str) -> str:
    return {Status.DRAFT: "Draft", Status.OPEN: "Open", Status.CLOSED: "Closed",
            Status.RESULTS_PUBLISHED: "Results published"}[Status(status)]


def is_accepting_answers(consultation: Consultation, live: SurveyDefinition,
                         today: date) -> bool:
    """Open, and today is within the live version's dates (closing day included).

    The dates come from the published version, not the draft, so a date changed in the
    editor takes effect only when it is published."""
    return (consultation.status == Status.OPEN
            and (live.opens is None or live.opens <= today)
            and (live.closes is None or today <= live.closes))


def _next_version_number(session: Session, consultation: Consultation) -> int:
    highest = session.exec(select(func.max(SurveyVersion.number))
                           .where(SurveyVersion.consultation_id == consultation.id)).one()
    return (highest or 0) + 1


def _free_slug(session: Session, base: str) -> str:
    base = re.sub(r"-copy(-\d+)?$", "", base)[:70] + "-copy"
    slug, n = base, 1
    while finding.slug_taken(session, slug):
        n += 1
        slug = f"{base}-{n}"
    return slug
