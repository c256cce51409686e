"""A resident's journey through a published version, kept between pages without cookies.

The journey's token travels in the page address; a resume code (short, with no
characters that are easy to confuse) lets the resident carry on later on any device.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import date
from email.message import EmailMessage
from typing import Any, NamedTuple

from sqlalchemy import JSON, Text, bindparam, cast, delete, func, insert, update
from sqlalchemy import select as core_select
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.engine import Connection
from sqlmodel import Session, select

from surveybuilder.consultations.lifecycle import VersionStamp
from surveybuilder.mail import plain_message
from surveybuilder.models import Consultation, Journey, Response, SurveyVersion, utcnow
from surveybuilder.survey import journey as survey_journey
from surveybuilder.survey.definition import SurveyDefinition
from surveybuilder.survey.loading import load_definition
from surveybuilder.wording import gettext, long_date

# No 0/O, 1/I/L, 5/S, 2/Z or 8/B: codes are read aloud, written down and typed on phones.
CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
RESUME_CODE_LENGTH = 12  # 25^12 ≈ 6 × 10^16 codes; look-ups are rate limited
REFERENCE_LENGTH = 8

# Journey pages read and write plain rows through these tables (SQLAlchemy Core), not
# ORM objects: a page is one read and at most one write, and the ORM's identity map,
# change tracking and flush cost more than the statements (docs/decisions/0009).
_JOURNEY = Journey.__table__
_CONSULTATION = Consultation.__table__
_VERSION = SurveyVersion.__table__
_RESPONSE = Response.__table__


def random_code(length: int) -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def normalise_code(text: str) -> str:
    """What the resident typed, as stored: capitals, no spaces or dashes."""
    return "".join(ch for ch in text.upper() if ch.isalnum())


def format_code(code: str) -> str:
    """Groups of four, easier to read out and copy."""
    return "-".join(code[i:i + 4] for i in range(0, len(code), 4))


class ShownConsultation(NamedTuple):
    """What journey pages use of a consultation: its address, title and status."""

    id: int
    slug: str
    title: str
    status: str
    organisation_id: int


@dataclass(slots=True)
class JourneyState:
    """A journey as its pages read it: a plain row, changed only through the functions
    below, each of which writes what it changes in one statement."""

    id: int
    token: str
    consultation_id: int
    version_id: int
    format: str
    answers: dict[str, Any] = field(default_factory=dict)
    page: int = 0
    resume_code: str | None = None
    response_id: int | None = None
    reference: str | None = None  # the response's, once sent
    language: str = "en"  # a BCP 47 code: the language its pages are drawn in (issue 15)


class Published(NamedTuple):
    consultation: ShownConsultation
    version: VersionStamp | None  # the live version; None before anything is published


def published(session: Session, slug: str) -> Published | None:
    """The consultation with this address and its live version's stamp, in one query
    (Start asks for both)."""
    row = session.connection().execute(_PUBLISHED, {"slug": slug}).first()
    if row is None:
        return None
    consultation = ShownConsultation(*row[:5])
    return Published(consultation, (row.version_id, row.published_at)
                     if row.version_id is not None else None)


_CONSULTATION_SHOWN = (_CONSULTATION.c.id, _CONSULTATION.c.slug, _CONSULTATION.c.title,
                       _CONSULTATION.c.status, _CONSULTATION.c.organisation_id)
_PUBLISHED = (core_select(*_CONSULTATION_SHOWN, _VERSION.c.id.label("version_id"),
                          _VERSION.c.published_at)
              .select_from(_CONSULTATION.outerjoin(
                  _VERSION, _VERSION.c.consultation_id == _CONSULTATION.c.id))
              .where(_CONSULTATION.c.slug == bindparam("slug"))
              .order_by(_VERSION.c.number.desc()).limit(1))


def start(session: Session, consultation: Consultation | ShownConsultation, version_id: int,
          answer_format: str, language: str = "en") -> JourneyState:
    """A new journey, inserted in the session's transaction (the caller commits)."""
    now = utcnow()
    values = {"token": secrets.token_urlsafe(24), "consultation_id": consultation.id,
              "version_id": version_id, "format": answer_format, "answers": {}, "page": 0,
              "language": language, "created_at": now, "updated_at": now}
    inserted = session.connection().execute(insert(_JOURNEY), values)
    return JourneyState(inserted.inserted_primary_key[0], values["token"], consultation.id,
                        version_id, answer_format, language=language)


class FoundJourney(NamedTuple):
    consultation: ShownConsultation
    journey: JourneyState
    version: VersionStamp  # the version the journey answers


def with_consultation(connection: Connection, slug: str, token: str) -> FoundJourney | None:
    """The consultation with this address and its journey with this token, if both exist.

    One statement, as every journey page asks for both: the journey's whole state, the
    version's publishing time (the cache key of its parsed definition, which is not
    read) and, once sent, the response's reference for the confirmation. It takes a
    connection, not a session: a journey's GET pages read it without one."""
    row = connection.execute(_WITH_CONSULTATION, {"slug": slug, "token": token}).first()
    if row is None:
        return None
    consultation = ShownConsultation(*row[:5])
    journey = JourneyState(*row[5:15], language=row.language)
    return FoundJourney(consultation, journey, (journey.version_id, row.published_at))


# Built once: every journey page runs it, and building a statement costs more than
# running this one.
_WITH_CONSULTATION = (
    core_select(*_CONSULTATION_SHOWN, _JOURNEY.c.id, _JOURNEY.c.token,
                _JOURNEY.c.consultation_id, _JOURNEY.c.version_id, _JOURNEY.c.format,
                _JOURNEY.c.answers, _JOURNEY.c.page, _JOURNEY.c.resume_code,
                _JOURNEY.c.response_id, _RESPONSE.c.reference, _VERSION.c.published_at,
                _JOURNEY.c.language)
    .select_from(_CONSULTATION
                 .join(_JOURNEY, _JOURNEY.c.consultation_id == _CONSULTATION.c.id)
                 .join(_VERSION, _VERSION.c.id == _JOURNEY.c.version_id)
                 .outerjoin(_RESPONSE, _RESPONSE.c.id == _JOURNEY.c.response_id))
    .where(_CONSULTATION.c.slug == bindparam("slug"), _JOURNEY.c.token == bindparam("token")))


def by_resume_code(session: Session, consultation: Consultation | ShownConsultation, code: str
                   ) -> Journey | None:
    code = normalise_code(code)
    if len(code) != RESUME_CODE_LENGTH:
        return None
    return session.exec(select(Journey).where(
        Journey.resume_code == code, Journey.consultation_id == consultation.id,
        Journey.response_id.is_(None))).first()


def answers_of(definition: SurveyDefinition, journey: JourneyState | Journey) -> dict[str, Any]:
    return survey_journey.from_json(definition, journey.answers)


def _write(session: Session, journey: JourneyState | Journey, **values: Any) -> None:
    """Change these columns of the journey's row (one UPDATE) and of `journey` (which
    holds no `updated_at`: nothing shown depends on it)."""
    for name, value in values.items():
        if name != "updated_at":
            setattr(journey, name, value)
    session.connection().execute(_UPDATE, {"journey_id": journey.id, **values})


# Built once, as `_WITH_CONSULTATION`; the columns to set come with the values.
_UPDATE = update(_JOURNEY).where(_JOURNEY.c.id == bindparam("journey_id"))


def save_answers(session: Session, journey: JourneyState | Journey, answers: dict[str, Any]
                 ) -> None:
    """Keep the answers so far: one UPDATE."""
    _write(session, journey, answers=survey_journey.to_json(answers), updated_at=utcnow())


def save_page(session: Session, slug: str, token: str, version_id: int, answer_format: str,
              values: dict[str, Any], cleared: tuple[str, ...]) -> dict[str, Any] | None:
    """A page's checked answers merged into the journey's in one UPDATE, without reading
    the journey first; returns the answers as stored after it, or None when nothing was
    written: no such journey on an open consultation with this address, already sent,
    or no longer in this version and format. The caller checks the page against the
    answers returned and rolls back if it should not have been saved.

    On SQLite the merge is a JSON merge patch, which would merge an answer that is itself
    an object into the old one rather than replace it: such pages are not saved here
    (None), nor are values SQLite cannot merge."""
    dialect = session.connection().dialect.name
    saved = survey_journey.to_json(values)
    params: dict[str, Any] = {"j_slug": slug, "j_token": token, "j_version": version_id,
                              "j_format": answer_format, "j_now": utcnow()}
    if dialect == "postgresql":
        params |= {"j_values": saved, "j_cleared": list(cleared)}
        statement = _SAVE_PAGE_POSTGRESQL
    else:
        if any(isinstance(value, dict) for value in saved.values()):
            return None
        params["j_patch"] = {**dict.fromkeys(cleared), **saved}
        statement = _SAVE_PAGE_SQLITE
    row = session.connection().execute(statement, params).first()
    return None if row is None else row.answers


def _save_page_statement(merged: Any) -> Any:
    """The UPDATE of `save_page`, guarded by everything a saved page requires of the
    journey (a version's row never changes once published, so its id names its
    definition)."""
    open_here = (core_select(_CONSULTATION.c.id)
                 .where(_CONSULTATION.c.slug == bindparam("j_slug"),
                        _CONSULTATION.c.status == "open").scalar_subquery())
    return (update(_JOURNEY)
            .where(_JOURNEY.c.token == bindparam("j_token"), _JOURNEY.c.response_id.is_(None),
                   _JOURNEY.c.version_id == bindparam("j_version"),
                   _JOURNEY.c.format == bindparam("j_format"),
                   _JOURNEY.c.consultation_id == open_here)
            .values(answers=merged, updated_at=bindparam("j_now"))
            .returning(_JOURNEY.c.answers))


# One prebuilt statement per dialect: a JSON merge patch on SQLite (a null removes a
# key); on PostgreSQL, cleared keys removed and the page's values added as jsonb.
_SAVE_PAGE_SQLITE = _save_page_statement(
    func.json_patch(_JOURNEY.c.answers, bindparam("j_patch", type_=JSON)))
_SAVE_PAGE_POSTGRESQL = _save_page_statement(cast(
    cast(_JOURNEY.c.answers, JSONB).op("-")(bindparam("j_cleared", type_=ARRAY(Text)))
    .op("||")(bindparam("j_values", type_=JSONB)), JSON))


def give_resume_code(session: Session, journey: JourneyState | Journey, page: int) -> str:
    """The journey's resume code, made on first request and kept after that; `page` is
    where the resident will carry on."""
    code = journey.resume_code
    while code is None:
        code = random_code(RESUME_CODE_LENGTH)
        taken = session.connection().execute(
            core_select(_JOURNEY.c.id).where(_JOURNEY.c.resume_code == code)).first()
        code = None if taken else code
    _write(session, journey, page=page, resume_code=code)
    return code


def mark_sent(session: Session, journey: JourneyState | Journey, response: Response) -> None:
    """The journey has become this response: its answers and resume code are no longer
    kept here, and its address now leads to the confirmation."""
    _write(session, journey, response_id=response.id, answers={}, resume_code=None)


def set_format(session: Session, journey: JourneyState | Journey, answer_format: str,
               page: int | None = None) -> None:
    """Answer the rest in this format; with `page`, carry on from that page."""
    values: dict[str, Any] = {}
    if journey.format != answer_format:
        values["format"] = answer_format
    if page is not None and page != journey.page:
        values["page"] = page
    if values:
        _write(session, journey, **values)


def set_language(session: Session, journey: JourneyState | Journey, language: str) -> None:
    """Draw the rest of the journey in `language` (a code the consultation offers)."""
    if journey.language != language:
        _write(session, journey, language=language)


def forget(session: Session, journey: JourneyState | Journey) -> None:
    """Delete the journey and what it holds."""
    session.connection().execute(delete(_JOURNEY).where(_JOURNEY.c.id == journey.id))


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
    nothing of their answers (anyone who reads the mail could open them anyway). In
    the words of the current locale: the job sending it sets the journey's."""
    day = long_date(closes, weekday=True) if closes else ""
    until = (gettext("You can use them until the consultation closes on %(date)s. Anyone "
                     "with the code or the link can see your answers so far, so keep them "
                     "safe.", date=day) if closes
             else gettext("You can use them. Anyone with the code or the link can see your "
                          "answers so far, so keep them safe."))
    return plain_message(
        sender, to, gettext("Carry on with “%(title)s”", title=title), "\n\n".join((
            gettext("You saved your answers to “%(title)s”.", title=title),
            gettext("To carry on, open this link:") + f"\n{link}",
            gettext("Or enter this code on the consultation's page: %(code)s", code=code),
            until,
            gettext("We have not kept your e-mail address."))) + "\n")
