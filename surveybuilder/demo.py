"""Demo data: one organisation, an admin, and a realistic open consultation with
answers already in (online and on paper, in every format).

Running it again keeps the data and gives the admin a fresh password, so the printed
sign-in details always work.
"""

from __future__ import annotations

import json
import secrets
from datetime import date, timedelta
from pathlib import Path

from sqlmodel import Session

from surveybuilder.consultations import finding
from surveybuilder.consultations.lifecycle import publish
from surveybuilder.consultations.snapshots import import_definition
from surveybuilder.demo_responses import add_demo_responses
from surveybuilder.models import Role
from surveybuilder.staff.accounts import (
    create_organisation,
    create_user,
    hash_password,
    organisation_by_slug,
    user_by_email,
)
from surveybuilder.survey.loading import load_definition

DEMO_ORG = ("sandwell-council", "Sandwell Council")
DEMO_ADMIN = "admin@example.gov.uk"
DEMO_FILE = Path(__file__).with_name("demo_consultation.json")
DEMO_RESPONSES = 120  # enough for charts and cross-tabs above the suppression threshold


def load_demo(session: Session, today: date | None = None) -> str:
    """Create what is missing and return the sign-in details to print."""
    today = today or date.today()
    organisation = organisation_by_slug(session, DEMO_ORG[0]) or create_organisation(
        session, *DEMO_ORG)
    password = secrets.token_urlsafe(12)
    admin = user_by_email(session, DEMO_ADMIN)
    if admin is None:
        create_user(session, organisation, DEMO_ADMIN, "Demo Admin", password, Role.ADMIN)
    else:
        admin.password_hash = hash_password(password)
        session.add(admin)
    data = json.loads(DEMO_FILE.read_text(encoding="utf-8"))
    if not finding.slug_taken(session, data["slug"]):
        data.update(opens=(today - timedelta(days=7)).isoformat(),
                    closes=(today + timedelta(days=60)).isoformat(),
                    feedback_by=(today + timedelta(days=120)).isoformat())
        consultation = import_definition(session, organisation, None, load_definition(data))
        version = publish(session, consultation, None)
        add_demo_responses(session, consultation, version, load_definition(version.definition),
                           DEMO_RESPONSES, today - timedelta(days=7))
    return (f"Demo ready. Sign in at /sign-in as {DEMO_ADMIN} with the password {password}\n"
            f"The example consultation is at /c/{data['slug']}")
