"""Made-up responses for the demo, so the results pages, exports and feedback editor
have something to show. Seeded, so every demo database holds the same answers; stored
through the same code as real answers (`responses.storage.submit`)."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlmodel import Session

from surveybuilder.formats import EASY_READ, LARGE_PRINT, ONLINE, PAPER, STANDARD
from surveybuilder.models import Consultation, SurveyVersion
from surveybuilder.responses.storage import submit
from surveybuilder.survey.definition import QuestionBase, SurveyDefinition
from surveybuilder.survey.journey import prune

# Where answers come from: mostly online and standard, some paper and other formats.
CHANNELS = ((ONLINE.value, 8), (PAPER.value, 2))
FORMATS = ((STANDARD.value, 14), (EASY_READ.value, 3), (LARGE_PRINT.value, 3))


def add_demo_responses(session: Session, consultation: Consultation, version: SurveyVersion,
                       definition: SurveyDefinition, count: int, first_day: date) -> int:
    """Store `count` varied responses spread from `first_day` to today; returns count."""
    rng = random.Random(2027)
    days = max(1, (date.today() - first_day).days)
    for number in range(count):
        answers = prune(definition, {
            q.key: value for q in definition.questions()
            if (value := _value(q, rng, number)) is not None})
        moment = datetime.combine(first_day, datetime.min.time(), UTC) + timedelta(
            days=rng.randrange(days), hours=rng.randint(8, 20), minutes=rng.randrange(60))
        submit(session, consultation, version.id, definition, answers, _pick(rng, CHANNELS),
               _pick(rng, FORMATS), submitted_at=moment)
    return count


def _pick(rng: random.Random, weighted: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([v for v, _ in weighted], weights=[w for _, w in weighted])[0]


def _value(question: QuestionBase, rng: random.Random, number: int) -> Any:
    """A plausible answer, or None for a question left out (optional ones, sometimes)."""
    if not question.answerable or (not question.required and rng.random() < 0.15):
        return None
    return question.example_answer(rng, number)
