"""A closed consultation with real responses, for the "You said, we did" tests.

Residents answer through the real storage code; some ask to hear back by e-mail (a
`hear_back` e-mail question shown only after "yes"), one by letter, the rest do not.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from surveybuilder.consultations import lifecycle
from surveybuilder.feedback import decisions
from surveybuilder.models import Consultation, Organisation
from surveybuilder.responses import storage
from surveybuilder.survey.loading import load_definition

HEARD_BACK = ("ada@example.org", "bea@example.org")
POSTAL = "1 High Street, West Bromwich, B70 6AA"
VISITS = ["weekly"] * 12 + ["monthly"] * 7 + ["never"] * 2  # "never" is a small group


def hear_back_definition(base: dict) -> dict:
    """The example survey with a hear-back e-mail and a postal address for letters."""
    sections = [dict(s) for s in base["sections"]]
    sections[-1] = {**sections[-1], "questions": [
        *sections[-1]["questions"],
        {"key": "hear_back_email", "type": "email", "text": "Your email address",
         "hear_back": True, "personal_data": True,
         "show_if": {"question": "hear_back", "in": ["yes"]}},
        {"key": "hear_back_post", "type": "long_text", "text": "Your postal address",
         "hear_back": True, "personal_data": True,
         "show_if": {"question": "hear_back", "in": ["yes"]}},
    ]}
    return {**base, "sections": sections}


@dataclass
class ClosedConsultation:
    consultation: Consultation
    respondents: int


def answers_for(index: int, visit: str) -> dict:
    answers = {"visit": visit, "safe": "agree" if index % 3 else "disagree",
               "postcode": f"B70 {index % 9}AA", "hear_back": "no"}
    if index < len(HEARD_BACK):
        answers.update(hear_back="yes", hear_back_email=HEARD_BACK[index])
    elif index == len(HEARD_BACK):
        answers.update(hear_back="yes", hear_back_post=POSTAL)
    if visit == "never":
        answers["why_not"] = "It is too dark in winter."
    return answers


def closed_consultation(session: Session, organisation: Organisation, make_consultation,
                        base: dict) -> ClosedConsultation:
    consultation = make_consultation(organisation, hear_back_definition(base))
    version = lifecycle.publish(session, consultation, None)
    session.commit()
    definition = load_definition(version.definition)
    for index, visit in enumerate(VISITS):
        storage.submit(session, consultation, version.id, definition, answers_for(index, visit),
                       "online", "standard")
    lifecycle.close(session, consultation, None)
    session.commit()
    return ClosedConsultation(consultation, len(VISITS))


def published_results(session: Session, organisation: Organisation, make_consultation,
                      base: dict, editor) -> tuple[Consultation, object]:
    """A closed consultation whose "You said, we did" is published: a summary and one
    planned item. Gives the consultation and the published feedback."""
    consultation = closed_consultation(session, organisation, make_consultation,
                                       base).consultation
    decisions.update_summary(session, consultation, editor, "Summary.", "", "Next.", [])
    decisions.add_item(session, consultation, editor, {
        "you_said": "More lights.", "we_did": "New lights.", "status": "planned"})
    feedback = decisions.publish(session, consultation, editor)
    session.commit()
    return consultation, feedback
