"""A published consultation with one question of every counted type, and a quick way
to store responses to it, for the results tests. The grid and the ranking question come
last, so the numbers of the others stay as they were."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Session

from surveybuilder.consultations import lifecycle
from surveybuilder.models import Consultation, SurveyVersion
from surveybuilder.responses.storage import submit
from surveybuilder.survey.definition import SurveyDefinition
from surveybuilder.survey.loading import load_definition

SECTIONS = [
    {"title": "The park",
     "questions": [
         {"key": "visit", "type": "single_choice", "text": "How often do you visit?",
          "options": [{"key": "weekly", "label": "Every week"},
                      {"key": "monthly", "label": "Every month"},
                      {"key": "never", "label": "Never"}]},
         {"key": "use", "type": "multiple_choice", "text": "What do you use the park for?",
          "options": [{"key": "walk", "label": "Walking"}, {"key": "play", "label": "Play"},
                      {"key": "sport", "label": "Sport"}]},
         {"key": "safe", "type": "scale", "scale": "agree",
          "text": "I feel safe in the park after dark."},
         {"key": "cafe", "type": "yes_no", "text": "Should there be a cafe?"},
         {"key": "minutes", "type": "number", "text": "How many minutes do you walk there?"},
         {"key": "last_visit", "type": "date", "text": "When did you last visit?"},
         {"key": "ideas", "type": "long_text", "text": "What would make the park better?"},
     ]},
    {"title": "About you",
     "questions": [
         {"key": "age", "type": "single_choice", "text": "How old are you?",
          "options": [{"key": "under_25", "label": "Under 25"},
                      {"key": "middle", "label": "25 to 64"},
                      {"key": "older", "label": "65 or over"}]},
         {"key": "postcode", "type": "postcode", "text": "What is your postcode?",
          "personal_data": True},
     ]},
    {"title": "What next",
     "questions": [
         {"key": "views", "type": "grid", "scale": "agree", "dont_know": True,
          "text": "How much do you agree with each of these?",
          "optional_rows": ["toilets"],
          "options": [{"key": "safe", "label": "The park feels safe"},
                      {"key": "clean", "label": "The park is kept clean"},
                      {"key": "toilets", "label": "The toilets are easy to find"}]},
         {"key": "priorities", "type": "ranking", "max_ranked": 3,
          "text": "Which should we do first? Put your top three in order.",
          "options": [{"key": "lights", "label": "Better lighting"},
                      {"key": "toilets", "label": "Open the toilets"},
                      {"key": "benches", "label": "More benches"},
                      {"key": "paths", "label": "Mend the paths"}]},
     ]},
]


def publish_results_survey(db_session: Session, organisation, make_consultation,
                           ready_definition: dict, slug: str = "park-results"
                           ) -> tuple[Consultation, SurveyVersion, SurveyDefinition]:
    consultation = make_consultation(organisation, {**ready_definition, "slug": slug,
                                                    "sections": SECTIONS})
    version = lifecycle.publish(db_session, consultation, None)
    db_session.commit()
    return consultation, version, load_definition(version.definition)


def add_response(db_session: Session, survey: tuple, answers: dict[str, Any],
                 channel: str = "online", answer_format: str = "standard",
                 submitted_at: datetime | None = None):
    consultation, version, definition = survey
    response, _ = submit(db_session, consultation, version.id, definition, answers, channel,
                         answer_format, submitted_at=submitted_at)
    return response
