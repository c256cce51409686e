"""Everything a published results page shows, gathered once for every format and
every way it is delivered (web page, PDF, static folder, e-mail).

The numbers come from `results.counting.summarise` and always pass through
`results.suppression` first: small groups are hidden in everything published here,
and questions marked as personal data are never shown at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from surveybuilder.feedback import decisions
from surveybuilder.feedback.decisions import ItemView
from surveybuilder.models import (
    Consultation,
    Feedback,
    FeedbackItem,
    FeedbackStatusChange,
    Organisation,
)
from surveybuilder.results import counting, suppression, themes
from surveybuilder.results.counting import ConsultationSummary, QuestionSummary


@dataclass(frozen=True)
class LinkedItem:
    """A "You said, we did" item with the published figures of the questions it cites."""

    view: ItemView
    questions: list[QuestionSummary]
    themes: list[tuple[str, str]]
    """(theme, how many comments raised it, as published: "12", "fewer than 5")."""


@dataclass(frozen=True)
class ResultsDocument:
    consultation: Consultation
    organisation: str
    feedback: Feedback
    summary: ConsultationSummary
    items: list[LinkedItem]
    figures: list[QuestionSummary]
    log: list[tuple[FeedbackStatusChange, FeedbackItem]]

    @property
    def published_at(self) -> datetime:
        return self.feedback.published_at

    @property
    def respondents(self) -> int:
        return self.summary.respondents


def published_summary(session: Session, consultation: Consultation,
                      default_threshold: int) -> ConsultationSummary:
    """The whole consultation's figures as the public may see them, hidden below the
    organisation's own threshold if its admin set one, else the site's."""
    organisation = session.get(Organisation, consultation.organisation_id)
    threshold = suppression.threshold_for(organisation, default_threshold)
    return suppression.publishable(counting.summarise(session, consultation), threshold)


def shareable(question: QuestionSummary | None) -> bool:
    """Personal data (names, contact details, postcodes) is never published."""
    return question is not None and not question.personal_data


def build(session: Session, consultation: Consultation, feedback: Feedback,
          default_threshold: int) -> ResultsDocument:
    """`default_threshold` is the SUPPRESSION_THRESHOLD setting."""
    summary = published_summary(session, consultation, default_threshold)
    organisation = session.get(Organisation, consultation.organisation_id)

    def questions(keys: list[str]) -> list[QuestionSummary]:
        return [q for q in (summary.question(k) for k in keys) if shareable(q)]

    mentions = theme_mentions(session, consultation, summary.threshold)
    linked = [LinkedItem(view, questions(view.item.question_keys),
                         [(t, mentions.get(t.casefold(), "")) for t in view.item.themes])
              for view in decisions.item_views(session, feedback)]
    return ResultsDocument(consultation, organisation.name if organisation else "", feedback,
                           summary, linked, questions(feedback.figures),
                           decisions.status_log(session, feedback))


def theme_mentions(session: Session, consultation: Consultation, threshold: int
                   ) -> dict[str, str]:
    """Comments per codebook theme as they may be published, keyed by the theme's name
    without case. Theme counts add up to nothing shown, so only small ones are hidden."""
    counts, _coded = themes.theme_counts(session, consultation)
    marks = suppression.suppress_line([c.count or 0 for c in counts], threshold,
                                      additive=False)
    return {c.label.casefold(): suppression.shown(c.count, mark, threshold)
            for c, mark in zip(counts, marks, strict=True)}
