"""The results page as residents will see it, before it is published: staff check the
summary, items and figures in each format first (issue 16).

The document is built as publishing would build it, from the draft feedback with
today's date as its publication date; that copy is never added to the session, so
nothing is stored and nothing public changes.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from surveybuilder.feedback.document import ResultsDocument, build
from surveybuilder.models import Consultation, Feedback


def preview_document(session: Session, consultation: Consultation, feedback: Feedback,
                     default_threshold: int, now: datetime) -> ResultsDocument:
    """The results document as if `feedback` were published at `now` (in English)."""
    unsaved = Feedback(**feedback.model_dump(exclude={"published_at"}), published_at=now)
    return build(session, consultation, unsaved, default_threshold)
