"""What a test survey says about itself besides its questions: enough for the charter
check and the printed forms (can change, cannot change, dates, contact, privacy notice,
plan). Surveys made for the printing and scanning tests start from these and add their
own slug, title, summary and sections."""

from __future__ import annotations

DETAILS = {
    "format": "surveybuilder/1",
    "participation_level": "consult",
    "can_change": ["Where the benches go"],
    "cannot_change": ["The budget"],
    "audience": ["adults"],
    "opens": "2027-01-10", "closes": "2027-03-07", "feedback_by": "2027-05-01",
    "contact": "parks@example.gov.uk",
    "privacy_notice": "We keep your answers for two years.",
    "plan": {"success_measures": "More people use the park."},
}
