"""Made-up responses for the demo, so the results pages, exports and feedback editor
have something to show. Seeded, so every demo database holds the same answers; stored
through the same code as real answers (`responses.storage.submit`)."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlmodel import Session

from surveybuilder.models import Consultation, SurveyVersion
from surveybuilder.responses.storage import submit
from surveybuilder.survey.definition import QuestionBase, SurveyDefinition
from surveybuilder.survey.journey import prune

COMMENTS = (
    "More lighting on the main path, it is too dark after 5pm in winter.",
    "The toilets by the cafe are often closed. Please keep them open.",
    "Benches near the playground so grandparents can sit down.",
    "The paths flood by the lake after rain.",
    "More bins, and emptied more often at weekends.",
    "A second gate on the north side would help people from the estate.",
    "Keep the wild flower meadow, my children love it.",
    "Better lighting and CCTV near the car park.",
    "Dog owners should have a separate area away from the play area.",
    "Accessible paths for wheelchairs and pushchairs around the lake.",
)
SHORT = ("By the bandstand", "Near the cafe", "The north gate", "By the lake")
POSTCODES = ("B69 3DE", "B69 4RJ", "B70 9LD", "DY4 8QT", "B66 1AA", "B71 4HY")
# Where answers come from: mostly online and standard, some paper and other formats.
CHANNELS = (("online", 8), ("paper", 2))
FORMATS = (("standard", 14), ("easy_read", 3), ("large_print", 3))


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
    keys = [c.key for c in question.choices()]
    kind = question.kind
    if kind in ("single_choice", "yes_no", "scale"):
        return rng.choice(keys)
    if kind == "multiple_choice":
        most = min(len(keys), getattr(question, "max_choices", None) or 3)
        return rng.sample(keys, rng.randint(1, most))
    if kind == "number":
        low = int(getattr(question, "min", None) or 0)
        high = int(getattr(question, "max", None) or 30)
        return rng.randint(low, high)
    if kind == "date":
        return date.today() - timedelta(days=rng.randint(1, 200))
    if kind == "consent":
        return True
    return {"long_text": lambda: rng.choice(COMMENTS), "short_text": lambda: rng.choice(SHORT),
            "postcode": lambda: rng.choice(POSTCODES),
            "email": lambda: f"resident{number}@example.com",
            "phone": lambda: f"07700 900{number % 1000:03d}"}[kind]()
