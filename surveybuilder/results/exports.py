"""Exports of responses, streamed so memory stays flat however many there are.

Answers are decoded by `responses.storage`, the module that encoded them, so an export
shows exactly what was kept (a skipped question has no answer at all).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from typing import Any

from sqlmodel import Session, select

from surveybuilder.models import Answer, Consultation, Response, SurveyVersion
from surveybuilder.responses.storage import answers_from_rows
from surveybuilder.survey.definition import SurveyDefinition
from surveybuilder.survey.loading import load_definition

BATCH = 500


def iter_responses(session: Session, consultation: Consultation
                   ) -> Iterator[tuple[Response, SurveyVersion, dict[str, Any]]]:
    """Every response in submission order with its answers, read in batches."""
    definitions: dict[int, tuple[SurveyVersion, SurveyDefinition]] = {}
    last_id = 0
    while True:
        batch = session.exec(select(Response).where(
            Response.consultation_id == consultation.id, Response.id > last_id)
            .order_by(Response.id).limit(BATCH)).all()
        if not batch:
            return
        answers = _answers_for(session, [r.id for r in batch])
        for response in batch:
            if response.version_id not in definitions:
                version = session.get(SurveyVersion, response.version_id)
                definitions[response.version_id] = (version, load_definition(version.definition))
            version, definition = definitions[response.version_id]
            yield response, version, answers_from_rows(definition, answers.get(response.id, []))
        last_id = batch[-1].id


def _answers_for(session: Session, response_ids: list[int]) -> dict[int, list[Answer]]:
    rows = session.exec(select(Answer).where(Answer.response_id.in_(response_ids))
                        .order_by(Answer.id)).all()
    grouped: dict[int, list[Answer]] = {}
    for row in rows:
        grouped.setdefault(row.response_id, []).append(row)
    return grouped


def responses_json(session: Session, consultation: Consultation,
                   leave_out: frozenset[str] = frozenset()) -> Iterator[str]:
    """The responses as one JSON document, produced a piece at a time; keys in
    `leave_out` (personal data, for an anonymised export) are not written."""
    yield json.dumps({"consultation": consultation.slug})[:-1] + ', "responses": ['
    for index, (response, version, values) in enumerate(iter_responses(session, consultation)):
        record = {
            "reference": response.reference,
            "submitted_at": response.submitted_at.isoformat(),
            "channel": response.channel,
            "format": response.format,
            "version": version.number,
            "answers": {k: _json_value(v) for k, v in values.items() if k not in leave_out},
        }
        yield ("," if index else "") + "\n" + json.dumps(record, ensure_ascii=False)
    yield "\n]}\n"


def _json_value(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value
