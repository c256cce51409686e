"""Database tables. Storage only: behaviour lives in the domain services.

A consultation's *draft* is held in editable rows (Section, Question, Option). Publishing
freezes the draft into a SurveyVersion whose `definition` is the JSON survey definition
format; residents, print and results read only those frozen versions, and every
Response points at the version it answered.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Column, Index, LargeBinary, Text, UniqueConstraint, func
from sqlalchemy.engine import Engine
from sqlmodel import Field, Session, SQLModel, select


def utcnow() -> datetime:
    return datetime.now(UTC)


def as_utc(moment: datetime) -> datetime:
    """SQLite gives back naive times; every time we store is UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@contextmanager
def unit_of_work(engine: Engine) -> Iterator[Session]:
    """A session for work outside a web request (a command, a background job): committed
    when the block ends without error, rolled back when it raises, so the work is
    stored whole or not at all."""
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


class Role(StrEnum):
    """Staff roles within one organisation, from most to least powerful."""

    ADMIN = "admin"
    EDITOR = "editor"
    ANALYST = "analyst"
    VIEWER = "viewer"


class Status(StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"
    RESULTS_PUBLISHED = "results_published"


class Organisation(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(unique=True, index=True, max_length=80)
    name: str = Field(max_length=200)
    created_at: datetime = Field(default_factory=utcnow)
    suppression_threshold: int | None = None
    """Counts under this are hidden in anything published; None = the SUPPRESSION_THRESHOLD
    setting."""
    # Its own look on residents' pages, forms and published results (surveybuilder/
    # branding.py; docs/decisions/0020). Empty means "not set": the site's own look.
    public_name: str = Field(default="", max_length=200)
    logo_key: str | None = Field(default=None, max_length=500)
    logo_alt: str = Field(default="", max_length=300)
    brand_colour: str = Field(default="", max_length=7)
    contact_email: str = Field(default="", max_length=254)
    contact_phone: str = Field(default="", max_length=40)
    contact_other: str = Field(default="", max_length=300)
    privacy_url: str = Field(default="", max_length=500)
    accessibility_url: str = Field(default="", max_length=500)
    brand_version: int = 0
    """Counted up on every change, so the addresses of its logo and stylesheet change and
    browsers and caches may keep each one for a long time."""


class User(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(unique=True, index=True, max_length=254)
    name: str = Field(max_length=200)
    password_hash: str = Field(max_length=255)
    active: bool = True
    created_at: datetime = Field(default_factory=utcnow)


class Membership(SQLModel, table=True):
    """A user's role in one organisation (a person may belong to several partners)."""

    __table_args__ = (UniqueConstraint("user_id", "organisation_id"),)
    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    role: Role = Field(max_length=20)


class SignInAttempt(SQLModel, table=True):
    """Kept in the database so throttling survives restarts and works across workers.
    Neither the e-mail typed nor the address is kept: `account_key` is a keyed hash of
    the e-mail, `address_key` a salted hash of the address (surveybuilder/addresses.py),
    emptied once the throttle window has passed (surveybuilder/staff/signin.py)."""

    __table_args__ = (Index("ix_signin_account_key_at", "account_key", "at"),
                      Index("ix_signin_address_key_at", "address_key", "at"))
    id: int | None = Field(default=None, primary_key=True)
    account_key: str = Field(max_length=64)
    address_key: str | None = Field(default=None, max_length=64)
    succeeded: bool = False
    at: datetime = Field(default_factory=utcnow)


class ThrottleSalt(SQLModel, table=True):
    """A random salt that addresses are hashed with for one kind of limit, for one
    window; deleted after two windows, so the hashes made with it can no longer be
    linked to any address (surveybuilder/addresses.py)."""

    __table_args__ = (Index("ix_throttlesalt_kind_made_at", "kind", "made_at"),)
    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=32)
    salt: str = Field(max_length=64)
    made_at: datetime = Field(default_factory=utcnow)


class StaffSession(SQLModel, table=True):
    """A member of staff's sign-in, kept on the server so that signing out,
    deactivation, a password change and the time-outs end it at once. The cookie
    carries only a random id; this table keeps its SHA-256, so a copy of the database
    signs nobody in."""

    id: int | None = Field(default=None, primary_key=True)
    id_hash: str = Field(unique=True, index=True, max_length=64)
    user_id: int = Field(foreign_key="user.id", index=True)
    created_at: datetime = Field(default_factory=utcnow)
    last_seen_at: datetime = Field(default_factory=utcnow)
    ended_at: datetime | None = None
    ended_reason: str | None = Field(default=None, max_length=32)


class PasswordReset(SQLModel, table=True):
    """A one-use link an admin issued for setting a new password; the link's token is
    kept only as its SHA-256."""

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(unique=True, index=True, max_length=64)
    user_id: int = Field(foreign_key="user.id", index=True)
    issued_by: int | None = Field(default=None, foreign_key="user.id")
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime
    used_at: datetime | None = None


class Consultation(SQLModel, table=True):
    """The consultation and its *draft* metadata; the live copy is its newest SurveyVersion."""

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    slug: str = Field(unique=True, index=True, max_length=80)
    title: str = Field(max_length=200)
    summary: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    # The summary in easy read, one sentence a line (staff's own, or a suggestion they
    # accepted); published with the version and shown instead of `summary` in easy read.
    easy_read_summary: str = Field(default="", sa_column=Column(Text, nullable=False,
                                                                default=""))
    participation_level: str = Field(default="consult", max_length=20)
    can_change: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    cannot_change: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    audience: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    opens: date | None = None
    closes: date | None = None
    feedback_by: date | None = None
    # How to reach the team: each kind in its own field, so each is shown as what it is
    # (a mailto: link, a tel: link, words). `contact` holds the other kinds.
    contact_email: str = Field(default="", max_length=254)
    contact_phone: str = Field(default="", max_length=40)
    contact: str = Field(default="", max_length=254)
    return_address: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    drop_off: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    privacy_notice: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    # Months answers are kept after they are sent; None is RESPONSE_RETENTION_MONTHS.
    retention_months: int | None = None
    one_question_per_page: bool = False
    statutory: bool = False
    topics: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    areas: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    formats: list[str] = Field(default_factory=lambda: ["easy_read", "large_print", "paper"],
                               sa_column=Column(JSON, nullable=False))
    plan: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    events: list[dict[str, Any]] = Field(default_factory=list,
                                         sa_column=Column(JSON, nullable=False))
    # What hard words mean in this consultation ({"word", "meaning"} each), published
    # with the version as the definition's `glossary`.
    glossary: list[dict[str, str]] = Field(default_factory=list,
                                           sa_column=Column(JSON, nullable=False))
    # The languages offered besides English, and each text in them by its stable id with
    # the fingerprint of the English it was made from (decision 16), as in the definition.
    languages: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    translations: dict[str, Any] = Field(default_factory=dict,
                                         sa_column=Column(JSON, nullable=False))
    status: Status = Field(default=Status.DRAFT, max_length=20)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class Section(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    consultation_id: int = Field(foreign_key="consultation.id", index=True)
    position: int = 0
    title: str = Field(max_length=200)
    description: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    easy_read_text: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    easy_read_picture: str = Field(default="", max_length=64)
    show_if: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))


class Question(SQLModel, table=True):
    """One draft question. Type-specific settings are kept in `settings` and checked by
    the question type's own model in `survey.definition` whenever the draft is read."""

    __table_args__ = (UniqueConstraint("consultation_id", "key"),)
    id: int | None = Field(default=None, primary_key=True)
    consultation_id: int = Field(foreign_key="consultation.id", index=True)
    section_id: int = Field(foreign_key="section.id", index=True)
    position: int = 0
    key: str = Field(max_length=64)
    type: str = Field(max_length=32)
    text: str = Field(sa_column=Column(Text, nullable=False))
    hint: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    required: bool = False
    personal_data: bool = False
    easy_read_text: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    easy_read_picture: str = Field(default="", max_length=64)
    show_if: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    settings: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    # The key was made from the wording (not typed), so until the first publication it
    # follows new wording; after that it is frozen, because answers are stored by key.
    key_follows_text: bool = False


class Option(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("question_id", "key"),)
    id: int | None = Field(default=None, primary_key=True)
    question_id: int = Field(foreign_key="question.id", index=True)
    position: int = 0
    key: str = Field(max_length=64)
    label: str = Field(max_length=500)
    easy_read_text: str = Field(default="", max_length=500)
    easy_read_picture: str = Field(default="", max_length=64)
    key_follows_text: bool = False  # as Question.key_follows_text, following the label


class ConsultationDocument(SQLModel, table=True):
    """A document people need to read to take part (a proposal, a map, a plan), shown on
    the start page (consultations/documents.py). `file`, and `easy_read` when there is
    an easy-read version, describe a file in the file store: {"key", "name", "type",
    "size", "pages"}. Not part of the survey definition: shown as soon as attached."""

    id: int | None = Field(default=None, primary_key=True)
    consultation_id: int = Field(foreign_key="consultation.id", index=True)
    position: int = 0
    title: str = Field(max_length=200)
    file: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    easy_read: dict[str, Any] | None = Field(default=None,
                                             sa_column=Column(JSON, nullable=True))
    created_at: datetime = Field(default_factory=utcnow)


class SurveyVersion(SQLModel, table=True):
    """An immutable snapshot made at publish. Never updated after insert."""

    __table_args__ = (UniqueConstraint("consultation_id", "number"),)
    id: int | None = Field(default=None, primary_key=True)
    consultation_id: int = Field(foreign_key="consultation.id", index=True)
    number: int
    definition: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    published_at: datetime = Field(default_factory=utcnow)
    published_by_id: int | None = Field(default=None, foreign_key="user.id")



def newest_versions(session: Session) -> list[SurveyVersion]:
    """Each consultation's newest version (its live one), in one query."""
    newest = (select(SurveyVersion.consultation_id,
                     func.max(SurveyVersion.number).label("number"))
              .group_by(SurveyVersion.consultation_id).subquery())
    return list(session.exec(
        select(SurveyVersion)
        .join(newest, (SurveyVersion.consultation_id == newest.c.consultation_id)
              & (SurveyVersion.number == newest.c.number))).all())


class Response(SQLModel, table=True):
    """One resident's whole set of answers, stored in one transaction."""

    __table_args__ = (Index("ix_response_counting", "consultation_id", "submitted_at",
                            "channel", "format"),)
    id: int | None = Field(default=None, primary_key=True)
    consultation_id: int = Field(foreign_key="consultation.id", index=True)
    version_id: int = Field(foreign_key="surveyversion.id", index=True)
    reference: str = Field(unique=True, max_length=16)
    channel: str = Field(default="online", max_length=16)
    format: str = Field(default="standard", max_length=16)
    language: str = Field(default="en", max_length=16)  # a BCP 47 code (survey/languages.py)
    submitted_at: datetime = Field(default_factory=utcnow, index=True)
    submission_key: str | None = Field(default=None, unique=True, max_length=64)


class Answer(SQLModel, table=True):
    """One value of one answer: a multiple-choice answer is one row per ticked option,
    so counting stays a GROUP BY in the database. `consultation_id` repeats the
    response's, so a consultation's answers are counted from one index without a join
    (results/counting.py; benchmarks/results_summary.py)."""

    __table_args__ = (Index("ix_answer_question_option", "question_key", "option_key"),
                      Index("ix_answer_counting", "consultation_id", "question_key",
                            "option_key", "response_id"),
                      Index("ix_answer_values", "consultation_id", "question_key",
                            "number_value", "date_value", "response_id", "option_key"))
    id: int | None = Field(default=None, primary_key=True)
    response_id: int = Field(foreign_key="response.id", index=True)
    consultation_id: int | None = Field(default=None, foreign_key="consultation.id")
    question_key: str = Field(max_length=64)
    option_key: str | None = Field(default=None, max_length=64)
    text_value: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    number_value: float | None = None
    date_value: date | None = None


class AuditEvent(SQLModel, table=True):
    """Who did what to what, and when. Append-only."""

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, index=True)
    user_id: int | None = Field(default=None, foreign_key="user.id")
    organisation_id: int | None = Field(default=None, foreign_key="organisation.id", index=True)
    consultation_id: int | None = Field(default=None, foreign_key="consultation.id", index=True)
    action: str = Field(max_length=64)
    detail: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class Journey(SQLModel, table=True):
    """A resident's answers between pages, before they submit.

    Found by an unguessable token in the page address, not a cookie, so answering works
    with cookies off and on any device; a short resume code can be added to carry on
    later. Deleted when the consultation closes or once submitted and old."""

    id: int | None = Field(default=None, primary_key=True)
    token: str = Field(unique=True, index=True, max_length=64)
    consultation_id: int = Field(foreign_key="consultation.id", index=True)
    version_id: int = Field(foreign_key="surveyversion.id")
    answers: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    format: str = Field(default="standard", max_length=16)
    language: str = Field(default="en", max_length=16)
    page: int = 0
    resume_code: str | None = Field(default=None, unique=True, max_length=64)
    response_id: int | None = Field(default=None, foreign_key="response.id")
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class RateEvent(SQLModel, table=True):
    """One counted action for rate limiting. `key` is a salted hash of the address
    (surveybuilder/addresses.py), never the address itself, and rows older than their
    limit's window are deleted."""

    __table_args__ = (Index("ix_rateevent_kind_key_at", "kind", "key", "at"),)
    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=32)
    key: str = Field(max_length=64)
    at: datetime = Field(default_factory=utcnow, index=True)


# --- feedback ---

class FeedbackStatus(StrEnum):
    """Where a "We did" decision has got to, in the words residents read."""

    DONE = "done"
    IN_PROGRESS = "in_progress"
    PLANNED = "planned"
    NOT_POSSIBLE = "not_possible"


class Feedback(SQLModel, table=True):
    """A consultation's "You said, we did": the summary, what happens next, and the
    figures to show. One per consultation; published once, then kept up to date."""

    id: int | None = Field(default=None, primary_key=True)
    consultation_id: int = Field(foreign_key="consultation.id", unique=True, index=True)
    summary: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    easy_read_summary: str = Field(default="", sa_column=Column(Text, nullable=False,
                                                                default=""))
    what_next: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    figures: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    published_at: datetime | None = None
    contacts_used_at: datetime | None = None
    updated_at: datetime = Field(default_factory=utcnow)


class FeedbackItem(SQLModel, table=True):
    """One "You said" and its "We did": the decision, its status, owner and date."""

    id: int | None = Field(default=None, primary_key=True)
    feedback_id: int = Field(foreign_key="feedback.id", index=True)
    position: int = 0
    you_said: str = Field(sa_column=Column(Text, nullable=False))
    question_keys: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    themes: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    we_did: str = Field(sa_column=Column(Text, nullable=False))
    status: str = Field(default=FeedbackStatus.PLANNED.value, max_length=20)
    reason: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    owner: str = Field(default="", max_length=200)
    due: date | None = None
    easy_read_text: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    easy_read_picture: str = Field(default="", max_length=64)


class FeedbackStatusChange(SQLModel, table=True):
    """The public, dated log of a "We did" item's progress. Append-only; only changes
    made after the results were published are logged, since those are news."""

    id: int | None = Field(default=None, primary_key=True)
    item_id: int = Field(foreign_key="feedbackitem.id", index=True)
    at: datetime = Field(default_factory=utcnow)
    old_status: str = Field(max_length=20)
    new_status: str = Field(max_length=20)
    note: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))


# --- paper ---

class PaperBatch(SQLModel, table=True):
    """Paper forms that came back together ("Day centre, 12 March"), keyed as a group.
    With double keying, each form counts only once two people's keyings agree or a
    person has decided every difference."""

    __table_args__ = (UniqueConstraint("consultation_id", "label"),)
    id: int | None = Field(default=None, primary_key=True)
    consultation_id: int = Field(foreign_key="consultation.id", index=True)
    label: str = Field(max_length=200)
    double_keying: bool = False
    created_by_id: int | None = Field(default=None, foreign_key="user.id")
    created_at: datetime = Field(default_factory=utcnow)


class PaperCopy(SQLModel, table=True):
    """One returned paper form, known by the copy number printed on it. `response_id` is
    set once its answers are stored; `marks` are the final "unclear" / "left blank"
    marks, and `decisions` which keying a person chose for each difference."""

    __table_args__ = (UniqueConstraint("batch_id", "copy_number"),)
    id: int | None = Field(default=None, primary_key=True)
    batch_id: int = Field(foreign_key="paperbatch.id", index=True)
    copy_number: int
    format: str = Field(default="standard", max_length=16)
    language: str = Field(default="en", max_length=16)
    version_id: int = Field(foreign_key="surveyversion.id")
    response_id: int | None = Field(default=None, foreign_key="response.id")
    marks: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    decisions: dict[str, Any] = Field(default_factory=dict,
                                      sa_column=Column(JSON, nullable=False))
    decided_by_id: int | None = Field(default=None, foreign_key="user.id")
    created_at: datetime = Field(default_factory=utcnow)


class PaperKeying(SQLModel, table=True):
    """What one person typed from one copy: the text of each entry box as typed, the
    marks, and the page reached, saved page by page so an interrupted keyer loses
    nothing. `finished_at` is set when they press the final button."""

    id: int | None = Field(default=None, primary_key=True)
    copy_id: int = Field(foreign_key="papercopy.id", index=True)
    keyed_by_id: int = Field(foreign_key="user.id")
    entries: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    marks: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    page: int = 1
    finished_at: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class ScanBatch(SQLModel, table=True):
    """Scanned pages uploaded together, read by a background job into copies for a
    person to check (docs/scanning.md). Its copies are stored into `paper_batch_id`,
    like keyed ones. The uploaded files, page images and crops are personal data kept
    in the file store under `scans/<consultation id>/<id>/`, never in the database."""

    id: int | None = Field(default=None, primary_key=True)
    consultation_id: int = Field(foreign_key="consultation.id", index=True)
    paper_batch_id: int = Field(foreign_key="paperbatch.id", index=True)
    status: str = Field(default="reading", max_length=16)  # reading, then read
    pages_total: int = 0
    uploads: list[Any] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    files_not_read: list[Any] = Field(default_factory=list,
                                      sa_column=Column(JSON, nullable=False))
    uploaded_by_id: int | None = Field(default=None, foreign_key="user.id")
    uploaded_at: datetime = Field(default_factory=utcnow)


class ScanPage(SQLModel, table=True):
    """One page of a scan batch as read: what it is and its status (read,
    needs-person, not-ours, other-consultation, duplicate, missing-pages).
    `image_key` is its picture in the file store until tidy deletes it."""

    id: int | None = Field(default=None, primary_key=True)
    scan_batch_id: int = Field(foreign_key="scanbatch.id", index=True)
    position: int  # its place in the batch, from 1
    source: str = Field(max_length=300)
    number: int  # page within its file, from 1
    status: str = Field(max_length=24)
    reason: str = Field(default="", max_length=500)
    copy_ordinal: int | None = None
    form_page: int | None = None
    image_key: str | None = Field(default=None, max_length=500)


class ScannedCopy(SQLModel, table=True):
    """One form read from a scan batch, waiting for a person to confirm it. `questions`
    is the reader's per-question, per-box result (docs/scanning.md's report, with each
    crop's file-store key instead of the picture). `paper_copy_id` is set once it is
    stored as a response; `images_deleted_at` once tidy deleted its crops."""

    __table_args__ = (UniqueConstraint("scan_batch_id", "ordinal"),)
    id: int | None = Field(default=None, primary_key=True)
    scan_batch_id: int = Field(foreign_key="scanbatch.id", index=True)
    ordinal: int
    copy_number: int  # printed on it; 0 for an unnumbered form
    version_id: int = Field(foreign_key="surveyversion.id")
    print_format: str = Field(max_length=16)
    layout_id: str = Field(default="", max_length=64)
    pages: list[Any] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    missing_pages: list[Any] = Field(default_factory=list,
                                     sa_column=Column(JSON, nullable=False))
    questions: list[Any] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    paper_copy_id: int | None = Field(default=None, foreign_key="papercopy.id")
    confirmed_by_id: int | None = Field(default=None, foreign_key="user.id")
    confirmed_at: datetime | None = None
    images_deleted_at: datetime | None = None


# --- results ---

class Theme(SQLModel, table=True):
    """One theme of a consultation's codebook, for tagging free-text comments. `number`
    is what a coder types to apply it; it never changes once given."""

    __table_args__ = (UniqueConstraint("consultation_id", "number"),)
    id: int | None = Field(default=None, primary_key=True)
    consultation_id: int = Field(foreign_key="consultation.id", index=True)
    number: int
    name: str = Field(max_length=120)
    description: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    created_at: datetime = Field(default_factory=utcnow)


class CommentCoding(SQLModel, table=True):
    """One coder's reading of one comment (a free-text answer): the themes are its
    CommentTheme rows, and none at all is a decision too. `second` marks the blind
    second coding of a sample, kept apart so agreement can be measured."""

    __table_args__ = (UniqueConstraint("response_id", "question_key", "second"),)
    id: int | None = Field(default=None, primary_key=True)
    response_id: int = Field(foreign_key="response.id", index=True)
    question_key: str = Field(max_length=64)
    second: bool = False
    coder_id: int | None = Field(default=None, foreign_key="user.id")
    updated_at: datetime = Field(default_factory=utcnow)


class CommentTheme(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("coding_id", "theme_id"),)
    id: int | None = Field(default=None, primary_key=True)
    coding_id: int = Field(foreign_key="commentcoding.id", index=True)
    theme_id: int = Field(foreign_key="theme.id", index=True)


class CommentTranslation(SQLModel, table=True):
    """Staff's English translation of a comment written in another language, kept
    beside it for theming (issue 15 item 6): the answer itself is never changed, and
    the theme finder reads this instead of the original where there is one."""

    __table_args__ = (UniqueConstraint("response_id", "question_key"),)
    id: int | None = Field(default=None, primary_key=True)
    response_id: int = Field(foreign_key="response.id", index=True)
    question_key: str = Field(max_length=64)
    text: str = Field(sa_column=Column(Text, nullable=False))
    translator_id: int | None = Field(default=None, foreign_key="user.id")
    updated_at: datetime = Field(default_factory=utcnow)


# --- background jobs ---

class JobStatus(StrEnum):
    """Where a background job has got to, as staff see it."""

    WAITING = "waiting"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class BackgroundJob(SQLModel, table=True):
    """Work done away from a web request (e-mails, drawing printed forms), and what staff
    see of it. The runner (procrastinate on PostgreSQL, a thread pool on SQLite) only
    moves this row along; `key` is unique so enqueueing the same work twice gives the
    same job. `lease_until` is pushed on while a runner works, so a job whose runner died
    is noticed and run again. See docs/decisions/0010-background-jobs.md."""

    __table_args__ = (Index("ix_backgroundjob_status_run_after", "status", "run_after"),)
    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=80)
    key: str = Field(unique=True, index=True, max_length=255)
    title: str = Field(max_length=200)
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    consultation_id: int | None = Field(default=None, foreign_key="consultation.id",
                                        index=True)
    args: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    status: str = Field(default=JobStatus.WAITING.value, max_length=20)
    progress_percent: int = 0
    progress_words: str = Field(default="", max_length=300)
    failure: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    """Plain words for staff: what went wrong and what to do. Never a traceback."""
    attempts: int = 0
    run_after: datetime = Field(default_factory=utcnow)
    """Not run before this time: retries wait a little longer each time."""
    queued_at: datetime | None = None
    """PostgreSQL: when the row was handed to the queue; None means it still must be."""
    runner: str = Field(default="", max_length=120)
    lease_until: datetime | None = None
    result_file: str | None = Field(default=None, max_length=500)
    created_at: datetime = Field(default_factory=utcnow, index=True)
    started_at: datetime | None = None
    finished_at: datetime | None = None
    updated_at: datetime = Field(default_factory=utcnow)


# --- files ---

class StoredFile(SQLModel, table=True):
    """A generated or uploaded file kept in the database by surveybuilder/files, so every
    server sharing the database can send it. Replaced whole, never edited in place."""

    __tablename__ = "stored_file"
    key: str = Field(primary_key=True, max_length=500)
    content: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    size: int
    content_type: str = Field(max_length=100)
    created_at: datetime = Field(default_factory=utcnow)


# --- second factor (docs/security.md, decision on staff sign-in) ---

class SecondFactor(SQLModel, table=True):
    """A staff member's authenticator app (TOTP, RFC 6238). The secret must be kept,
    since each code is worked out from it; `last_step` is the newest 30-second step a
    code was accepted for, so a code seen over someone's shoulder cannot be used again."""

    __tablename__ = "second_factor"
    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", unique=True)
    secret: str = Field(max_length=255)
    """Sealed (Fernet) under a key derived from SECRET_KEY: staff/second_factor.py."""
    confirmed_at: datetime | None = None
    """None while being set up: it counts only once a code from the app has been typed."""
    last_step: int | None = None
    failures: int = 0
    """Wrong codes in a row; too many and codes are refused for a while (brute force)."""
    last_failure_at: datetime | None = None


class RecoveryCode(SQLModel, table=True):
    """One-use codes for when the app is lost: only a SHA-256 hash is kept (each code is
    80 random bits, so a hash cannot be reversed by trying them)."""

    __tablename__ = "recovery_code"
    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    code_hash: str = Field(max_length=64)
    used_at: datetime | None = None


class SecondFactorRequirement(SQLModel, table=True):
    """An organisation whose members must use a second factor, who asked and when."""

    __tablename__ = "second_factor_requirement"
    organisation_id: int = Field(foreign_key="organisation.id", primary_key=True)
    required_by: int | None = Field(default=None, foreign_key="user.id")
    required_at: datetime = Field(default_factory=utcnow)
