"""Everything a published results page shows, gathered once for every format and
every way it is delivered (web page, PDF, static folder, e-mail).

The numbers come from `results.counting.summarise` and always pass through
`results.suppression` first: small groups are hidden in everything published here,
and questions marked as personal data are never shown at all.

A document is in one language (issue 15): the numbers count every language together,
the question texts and options are the survey's own translations, and the words staff
wrote for "You said, we did" (summary, items, what happens next) are in English, since
there is no place to store translations of them yet: pages mark them `lang="en"` and
say so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from surveybuilder import wording
from surveybuilder.branding import SITE_BRAND, Brand, brand_for, logo_data_uri
from surveybuilder.feedback import decisions
from surveybuilder.feedback.decisions import ItemView
from surveybuilder.feedback.jobs import offered_languages
from surveybuilder.files import FileStore
from surveybuilder.models import (
    Consultation,
    Feedback,
    FeedbackItem,
    FeedbackStatusChange,
    Organisation,
)
from surveybuilder.results import counting, suppression, themes
from surveybuilder.results.counting import ConsultationSummary, QuestionSummary
from surveybuilder.survey.contact import ContactDetails, contact_of
from surveybuilder.survey.languages import ENGLISH, Language, language


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
    brand: Brand = SITE_BRAND
    """The organisation's look (branding.py): stand-alone files show its name, its
    logo (`logo`, a data: address, since they fetch nothing) and its colour."""
    logo: str | None = None

    @property
    def contact_details(self) -> ContactDetails:
        """How to reach the team, each kind apart (shown as links where they are)."""
        c = self.consultation
        return contact_of(c.contact_email, c.contact_phone, c.contact)

    @property
    def published_at(self) -> datetime:
        return self.feedback.published_at

    @property
    def respondents(self) -> int:
        return self.summary.respondents

    @property
    def title(self) -> str:
        """The consultation's title in the document's language."""
        return self.summary.title

    @property
    def language(self) -> Language:
        """The language the page is drawn in (English when the one asked for is not
        offered)."""
        return language(self.summary.language)

    @property
    def staff_words_in_english(self) -> bool:
        """True on a page in another language: the staff's words are in English."""
        return self.summary.language != ENGLISH


def published_summary(session: Session, consultation: Consultation,
                      default_threshold: int, code: str = ENGLISH) -> ConsultationSummary:
    """The whole consultation's figures as the public may see them, hidden below the
    organisation's own threshold if its admin set one, else the site's; the questions
    in the language `code` where the survey offers it."""
    organisation = session.get(Organisation, consultation.organisation_id)
    threshold = suppression.threshold_for(organisation, default_threshold)
    return suppression.publishable(
        counting.summarise(session, consultation, language=code), threshold)


def shareable(question: QuestionSummary | None) -> bool:
    """Personal data (names, contact details, postcodes) is never published."""
    return question is not None and not question.personal_data


def build(session: Session, consultation: Consultation, feedback: Feedback,
          default_threshold: int, code: str = ENGLISH,
          store: FileStore | None = None) -> ResultsDocument:
    """`default_threshold` is the SUPPRESSION_THRESHOLD setting; `code` the language
    the document is in (English when the survey does not offer it). Build it inside
    `wording.in_locale` of that language: the status words come from the catalogue.
    With the file `store`, the organisation's logo is embedded (files and PDFs)."""
    summary = published_summary(session, consultation, default_threshold, code)
    organisation = session.get(Organisation, consultation.organisation_id)

    def questions(keys: list[str]) -> list[QuestionSummary]:
        return [q for q in (summary.question(k) for k in keys) if shareable(q)]

    mentions = theme_mentions(session, consultation, summary.threshold)
    linked = [LinkedItem(view, questions(view.item.question_keys),
                         [(t, mentions.get(t.casefold(), "")) for t in view.item.themes])
              for view in decisions.item_views(session, feedback)]
    brand = brand_for(organisation)
    return ResultsDocument(consultation, brand.name, feedback,
                           summary, linked, questions(feedback.figures),
                           decisions.status_log(session, feedback), brand,
                           logo_data_uri(brand, store) if store else None)


def theme_mentions(session: Session, consultation: Consultation, threshold: int
                   ) -> dict[str, str]:
    """Comments per codebook theme as they may be published, keyed by the theme's name
    without case. Theme counts add up to nothing shown, so only small ones are hidden."""
    counts, _coded = themes.theme_counts(session, consultation)
    marks = suppression.suppress_line([c.count or 0 for c in counts], threshold,
                                      additive=False)
    return {c.label.casefold(): suppression.shown(c.count, mark, threshold)
            for c, mark in zip(counts, marks, strict=True)}


def build_in_languages(session: Session, consultation: Consultation, feedback: Feedback,
                       default_threshold: int, store: FileStore | None = None
                       ) -> list[ResultsDocument]:
    """The document in English, then in each language the survey is offered in, each
    built with that language's words (the status words come from its catalogue)."""
    documents = [build(session, consultation, feedback, default_threshold, store=store)]
    for code in offered_languages(session, consultation)[1:]:
        with wording.in_locale(wording.locale_for(False, code)):
            documents.append(build(session, consultation, feedback, default_threshold, code,
                                   store))
    return documents
