"""A published survey for the paper keying and import tests: every kind of entry a
paper form has (option numbers, several ticks, a date, a number, text, a consent box),
a statement that is not numbered, and a question routed on the first answer.

Numbers as printed: visit 1, why_not 2, uses 3, safe 4, visited_on 5, age 6,
postcode 7, hear_back 8, agree 9.
"""

from __future__ import annotations

from datetime import date, timedelta

from surveybuilder.consultations import lifecycle

SLUG = "park-paper"

SECTIONS = [
    {"title": "Using the park",
     "questions": [
         {"key": "visit", "type": "single_choice", "required": True,
          "text": "How often do you visit Victoria Park?",
          "options": [{"key": "weekly", "label": "Every week"},
                      {"key": "monthly", "label": "Every month"},
                      {"key": "never", "label": "Never"}]},
         {"key": "why_not", "type": "long_text", "text": "What stops you visiting?",
          "show_if": {"question": "visit", "in": ["never"]}},
         {"key": "uses", "type": "multiple_choice", "text": "What do you go there for?",
          "options": [{"key": "walk", "label": "Walking"},
                      {"key": "play", "label": "Play area"},
                      {"key": "sport", "label": "Sport"}]},
         {"key": "safe", "type": "scale", "scale": "agree",
          "text": "I feel safe in the park after dark."},
     ]},
    {"title": "About you",
     "questions": [
         {"key": "intro", "type": "statement", "text": "These questions are optional."},
         {"key": "visited_on", "type": "date", "text": "When did you last visit?"},
         {"key": "age", "type": "number", "whole_number": True, "min": 0, "max": 120,
          "text": "How old are you?"},
         {"key": "postcode", "type": "postcode", "text": "What is your postcode?",
          "personal_data": True},
         {"key": "hear_back", "type": "yes_no", "text": "Shall we tell you what happened?"},
         {"key": "agree", "type": "consent", "text": "You may contact me about this."},
     ]},
]


def publish_paper_survey(make_consultation, organisation, ready_definition, db_session,
                         slug: str = SLUG):
    """The survey, published (version 1) and open from yesterday for a month."""
    today = date.today()
    consultation = make_consultation(organisation, {
        **ready_definition, "slug": slug, "title": "Victoria Park on paper",
        "sections": SECTIONS, "opens": (today - timedelta(days=1)).isoformat(),
        "closes": (today + timedelta(days=30)).isoformat(),
        "feedback_by": (today + timedelta(days=60)).isoformat()})
    lifecycle.publish(db_session, consultation, None)
    db_session.commit()
    return consultation
