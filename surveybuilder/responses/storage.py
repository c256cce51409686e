"""Storing a response: all its answers in one transaction, or nothing.

Each response records the version it answered, the channel (online, paper), the format
(standard, easy read, large print) and when it was submitted — nothing else about the
person. A submission key makes sending the same answers twice (a double click, a
reloaded page, two tabs) give back the first response instead of a second one.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import insert
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from surveybuilder.formats import CHANNEL_VALUES, FORMAT_VALUES
from surveybuilder.models import Answer, Consultation, Response, utcnow
from surveybuilder.responses.journeys import REFERENCE_LENGTH, random_code
from surveybuilder.survey.definition import SurveyDefinition

CHANNELS = CHANNEL_VALUES  # the register's (surveybuilder/formats.py), as stored
FORMATS = FORMAT_VALUES
# 25^8 references: a clash is one in millions even with many thousands stored, and a
# clash only means drawing again.
REFERENCE_TRIES = 5


class SubmissionError(ValueError):
    """The response cannot be stored; the message says why in plain words."""


def answer_rows(definition: SurveyDefinition, answers: Mapping[str, Any]
                ) -> list[dict[str, Any]]:
    """The answer rows' values for a set of checked answers (a multiple choice is one
    row per option): plain values, not Answer objects, as they go straight into one
    INSERT."""
    rows: list[dict[str, Any]] = []
    for question in definition.questions():
        if question.key in answers and question.answerable:
            rows += question.rows(answers[question.key])
    return rows


def submit(session: Session, consultation: Consultation, version_id: int,
           definition: SurveyDefinition, answers: Mapping[str, Any], channel: str,
           answer_format: str, submission_key: str | None = None,
           submitted_at: datetime | None = None,
           also: Callable[[Response], None] | None = None,
           look_first: bool = True, language: str = "en") -> tuple[Response, bool]:
    """Store the response and its answers and commit; returns (response, created).

    If a response with the same submission key exists, it is returned and nothing new
    is stored, even when two identical submissions race each other. `submitted_at` is
    for answers given earlier elsewhere (an import); by default it is now. `also` is
    work that must be committed with the response or not at all (marking the journey
    that sent it as sent). A caller that already knows the key is unused (a journey
    not yet marked sent) passes `look_first=False` to skip the look-up: the unique index
    still catches a racing twin. `language` is the BCP 47 code it was answered in
    (issue 15: results count every language together, and filter by it)."""
    if channel not in CHANNELS or answer_format not in FORMATS:
        raise SubmissionError(f"Unknown channel or format: {channel}, {answer_format}")
    if submission_key and look_first:
        existing = _by_key(session, submission_key)
        if existing:
            return existing, False
    rows = answer_rows(definition, answers)
    for _ in range(REFERENCE_TRIES):
        values = {"consultation_id": consultation.id, "version_id": version_id,
                  "reference": random_code(REFERENCE_LENGTH), "channel": channel,
                  "format": answer_format, "language": language,
                  "submission_key": submission_key,
                  "submitted_at": submitted_at or utcnow()}
        try:
            response = _insert_response(session, values)
            _insert_answers(session, response, rows)
            if also is not None:
                also(response)
            session.commit()
            return response, True
        except IntegrityError:
            # The same submission stored meanwhile by a racing request, or (very rarely)
            # a reference already taken: the unique indexes decide, not a look-up first.
            session.rollback()
            existing = _by_key(session, submission_key) if submission_key else None
            if existing is not None:
                return existing, False
    raise SubmissionError("Could not store the response: try again")


def _insert_response(session: Session, values: dict[str, Any]) -> Response:
    """One INSERT of plain values; the Response returned is not tracked by the session
    (nothing changes it after this)."""
    inserted = session.connection().execute(insert(Response.__table__), values)
    return Response(id=inserted.inserted_primary_key[0], **values)


def _insert_answers(session: Session, response: Response, rows: list[dict[str, Any]]
                    ) -> None:
    """One multi-row INSERT rather than the ORM's one per row: a response has dozens of
    answer rows and nothing reads them back in this transaction."""
    if rows:
        session.connection().execute(insert(Answer.__table__), [
            {"response_id": response.id, "consultation_id": response.consultation_id, **row}
            for row in rows])


def _by_key(session: Session, key: str) -> Response | None:
    return session.exec(select(Response).where(Response.submission_key == key)).first()


def format_reference(reference: str) -> str:
    return f"{reference[:4]}-{reference[4:]}"


def answers_from_rows(definition: SurveyDefinition, rows: list[Answer]) -> dict[str, Any]:
    """The answers as the journey held them, rebuilt from stored rows: the inverse of
    `answer_rows`."""
    by_question: dict[str, list[Answer]] = {}
    for row in rows:
        by_question.setdefault(row.question_key, []).append(row)
    values: dict[str, Any] = {}
    for question in definition.questions():
        if question.key in by_question:
            value = question.from_rows(by_question[question.key])
            if value is not None:
                values[question.key] = value
    return values
