"""The database every process of a multi-process test shares: what is put in it first,
and what the test reads back from it at the end.

Setting up (an organisation, an editor, a published consultation) goes through the same
services the CLI uses, in the test's own process; everything after that — answering,
publishing again, drawing forms — goes through the real servers. Reading back is plain
SQL over the tables, so a count cannot be flattered by the app's own reading code.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel

from surveybuilder.db import make_engine

PASSWORD = "correct horse battery staple"
EDITOR_EMAIL = "publisher@example.gov.uk"


def survey_definition(slug: str) -> dict:
    """Three pages of choice and text questions: a short journey (11 requests) whose
    every answer a resident can give from the page alone."""
    today = date.today()
    options = lambda *labels: [{"key": f"o{i}", "label": label}  # noqa: E731
                               for i, label in enumerate(labels, start=1)]
    return {
        "format": "surveybuilder/1", "slug": slug, "title": "Lighting the canal path",
        "summary": "Where should new lights go along the canal path?",
        "participation_level": "consult",
        "can_change": ["Where the lights go"], "cannot_change": ["The budget"],
        "audience": ["adults"], "contact": "canals@example.gov.uk",
        "privacy_notice": "Test data only. It is deleted when the test ends.",
        "plan": {"success_measures": "None: this is a test."},
        "return_address": "FREEPOST Canals Team\nCouncil House\nOldbury B69 3DE",
        "opens": (today - timedelta(days=1)).isoformat(),
        "closes": (today + timedelta(days=60)).isoformat(),
        "feedback_by": (today + timedelta(days=90)).isoformat(),
        "sections": [
            {"title": "Using the path", "questions": [
                {"key": "often", "type": "single_choice", "required": True,
                 "text": "How often do you use the path?",
                 "options": options("Every day", "Every week", "Less often")},
                {"key": "dark", "type": "yes_no", "required": True,
                 "text": "Do you use it after dark?"},
            ]},
            {"title": "Lights", "questions": [
                {"key": "where", "type": "multiple_choice",
                 "text": "Where are lights needed most?",
                 "options": options("Bridges", "Locks", "Steps", "Towpath")},
                {"key": "idea", "type": "short_text", "max_length": 200,
                 "text": "Where exactly is darkest?"},
            ]},
            {"title": "Anything else", "questions": [
                {"key": "more", "type": "long_text", "max_length": 2000,
                 "text": "Is there anything else we should know?"},
            ]},
        ],
    }


@dataclass(frozen=True)
class Published:
    consultation_id: int
    slug: str
    editor_email: str
    password: str


def publish_consultation(url: str, slug: str) -> Published:
    """An organisation, an admin who can publish, and the survey published as version 1."""
    from surveybuilder.consultations import lifecycle
    from surveybuilder.consultations.snapshots import import_definition
    from surveybuilder.models import Role
    from surveybuilder.staff.accounts import create_organisation, create_user
    from surveybuilder.survey.loading import load_definition

    engine = make_engine(url)
    try:
        with Session(engine, expire_on_commit=False) as session:
            organisation = create_organisation(session, "canal-trust", "Canal Trust")
            create_user(session, organisation, EDITOR_EMAIL, "Pat Publisher", PASSWORD,
                        Role.ADMIN)
            consultation = import_definition(session, organisation, None,
                                             load_definition(survey_definition(slug)))
            session.commit()
            lifecycle.publish(session, consultation, None)
            session.commit()
            return Published(consultation.id, slug, EDITOR_EMAIL, PASSWORD)
    finally:
        engine.dispose()


def query(url: str, sql: str, **parameters) -> list[tuple]:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return [tuple(row) for row in connection.execute(text(sql), parameters)]
    finally:
        engine.dispose()


def stored_answers(url: str, consultation_id: int) -> dict[str, dict[str, list[str]]]:
    """Every stored response of the consultation: reference -> question key -> values
    (option keys, or the text), sorted; a response with no answer rows maps to {}."""
    rows = query(url, """
        SELECT r.reference, a.question_key, COALESCE(a.option_key, a.text_value)
        FROM response r LEFT JOIN answer a ON a.response_id = r.id
        WHERE r.consultation_id = :consultation
    """, consultation=consultation_id)
    stored: dict[str, dict[str, list[str]]] = {}
    for reference, key, value in rows:
        answers = stored.setdefault(reference, {})
        if key is not None:
            answers.setdefault(key, []).append(value)
    return {ref: {k: sorted(v) for k, v in answers.items()} for ref, answers in stored.items()}


def versions_answered(url: str, consultation_id: int) -> dict[str, int]:
    """reference -> the version number each stored response answered."""
    return dict(query(url, """
        SELECT r.reference, v.number FROM response r JOIN surveyversion v ON v.id = r.version_id
        WHERE r.consultation_id = :consultation
    """, consultation=consultation_id))


def respondents_counted(url: str, consultation_id: int) -> int:
    """How many responses the Results tab and `surveybuilder results` count."""
    from surveybuilder.models import Consultation
    from surveybuilder.results import counting, exports

    engine = make_engine(url)
    try:
        with Session(engine) as session:
            summary = counting.summarise(session, session.get(Consultation, consultation_id))
            return exports.summary_json(summary)["respondents"]
    finally:
        engine.dispose()


def jobs(url: str) -> list[tuple]:
    """Every background job: (kind, key, status, attempts, failure)."""
    return query(url, "SELECT kind, key, status, attempts, failure FROM backgroundjob "
                      "ORDER BY id")


def wait_for_jobs(url: str, finished: Callable[[list[tuple]], bool], timeout: float,
                  what: str) -> list[tuple]:
    """Poll the jobs table until `finished(jobs)`; the jobs then."""
    deadline = time.monotonic() + timeout
    while True:
        found = jobs(url)
        if finished(found):
            return found
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} within {timeout:g} s; jobs: {found}")
        time.sleep(0.2)


def empty_tables(url: str, engine: Engine | None = None) -> None:
    """Leave the worker's database as the other tests expect it: every table empty.

    Through `engine` when given (the caller closes it), else through one made here."""
    own = engine is None
    if own:
        engine = make_engine(url)
    tables = [t.name for t in reversed(SQLModel.metadata.sorted_tables)]
    try:
        with engine.begin() as connection:
            if engine.dialect.name == "postgresql":
                quoted = ", ".join(f'"{name}"' for name in tables)
                connection.execute(text(f"TRUNCATE {quoted} RESTART IDENTITY CASCADE"))
            else:
                for name in tables:
                    connection.execute(text(f'DELETE FROM "{name}"'))
    finally:
        if own:
            engine.dispose()
