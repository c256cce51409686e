"""Telling the residents who asked to hear back, and forgetting them afterwards.

A resident asks to hear back by answering a question marked `hear_back` (an e-mail
address, or a postal address for a letter; docs/survey-format.md). Routing never stores
a question that was not shown, so the people found here are exactly those who said
yes. Their details are used once — e-mailed, or exported for letters — and deleted
CONTACT_KEEP_DAYS days later by `surveybuilder tidy`.

Each e-mail is a background job of its own, keyed by the resident's reference, so a
mail server that is down is tried again later, and asking twice sends nobody two
e-mails. The job holds the reference, not the address: it looks the address up when
it sends.

A resident who answered in another language (issue 15) is written to in that
language's words, with links to the results in it; the letters file says each one's
language and gives the links in it.
"""

from __future__ import annotations

import io
import smtplib
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage

from sqlalchemy import delete
from sqlmodel import Session, select

from surveybuilder import jobs
from surveybuilder.consultations import audit
from surveybuilder.formats import EASY_READ, LARGE_PRINT, STANDARD
from surveybuilder.mail import SmtpSettings, plain_message, send, smtp_settings
from surveybuilder.models import (
    Answer,
    Consultation,
    Feedback,
    Response,
    SurveyVersion,
    User,
    utcnow,
)
from surveybuilder.survey.cells import csv_writer
from surveybuilder.survey.definition import SurveyDefinition
from surveybuilder.survey.languages import ENGLISH
from surveybuilder.survey.loading import load_definition
from surveybuilder.wording import gettext, in_locale, locale_for


class HearBackError(ValueError):
    """Residents cannot be told yet; the message says what to do first."""


@dataclass(frozen=True)
class Contact:
    """One resident who asked to hear back: their reference, how to reach them and the
    format they answered in (told in easy read if they answered in easy read)."""

    reference: str
    email: str
    postal_address: str
    format: str = STANDARD.value
    language: str = ENGLISH


@dataclass(frozen=True)
class ResultLinks:
    """The public addresses of the results in each format, for messages and letters."""

    standard: str
    easy_read: str
    large_print: str

    def in_language(self, code: str) -> ResultLinks:
        """The same addresses asking for the results in the language `code` (the
        results page offers each language the survey is offered in)."""
        if code == ENGLISH:
            return self
        return ResultLinks(*(f"{link}{'&' if '?' in link else '?'}language={code}"
                             for link in (self.standard, self.easy_read, self.large_print)))


def hear_back_keys(session: Session, consultation: Consultation) -> tuple[set[str], set[str]]:
    """The keys of e-mail and postal-address hear-back questions in any version."""
    emails: set[str] = set()
    postal: set[str] = set()
    for data in session.exec(select(SurveyVersion.definition).where(
            SurveyVersion.consultation_id == consultation.id)).all():
        definition: SurveyDefinition = load_definition(data)
        for question in definition.questions():
            if getattr(question, "hear_back", False):
                (emails if question.contact_by_email else postal).add(question.key)
    return emails, postal


def contacts(session: Session, consultation: Consultation) -> list[Contact]:
    """Everyone who left contact details to hear back, in the order they answered."""
    emails, postal = hear_back_keys(session, consultation)
    if not emails and not postal:
        return []
    rows = session.exec(
        select(Response.id, Response.reference, Response.format, Response.language,
               Answer.question_key, Answer.text_value)
        .join(Answer, Answer.response_id == Response.id)
        .where(Response.consultation_id == consultation.id,
               Answer.question_key.in_(emails | postal))
        .order_by(Response.submitted_at, Response.id)).all()
    found: dict[int, dict[str, str]] = {}
    for response_id, reference, answered_in, language, key, value in rows:
        entry = found.setdefault(response_id, {"reference": reference, "email": "",
                                               "postal_address": "", "format": answered_in,
                                               "language": language})
        entry["email" if key in emails else "postal_address"] = (value or "").strip()
    return [Contact(**entry) for entry in found.values()
            if entry["email"] or entry["postal_address"]]


def message_for(consultation: Consultation, contact: Contact, links: ResultLinks,
                sender: str) -> EmailMessage:
    """A plain-text e-mail: short sentences, the three formats each on its own line; in
    easy read (easy-read words, its own results first) when they answered in easy read;
    in the words of the language they answered in, linking to the results in it."""
    easy = contact.format == EASY_READ.value
    links = links.in_language(contact.language)
    with in_locale(locale_for(easy, contact.language)):
        first, others = ((links.easy_read, ((STANDARD.label, links.standard),
                                            (LARGE_PRINT.label, links.large_print)))
                         if easy else
                         (links.standard, ((EASY_READ.label, links.easy_read),
                                           (LARGE_PRINT.label, links.large_print))))
        title = consultation.title
        return plain_message(
            sender, contact.email, gettext("What happened after “%(title)s”", title=title),
            "\n\n".join((
                gettext("Thank you for taking part in “%(title)s”.", title=title),
                gettext("You asked us to tell you what happened. We have now published what "
                        "people said and what we are doing about it."),
                gettext("Read it here:") + f"\n{first}",
                *(f"{gettext(label)}:\n{link}" for label, link in others),
                gettext("Your reference number was %(reference)s.",
                        reference=contact.reference),
                gettext("We will not use your e-mail address again. We will delete it soon."),
            )) + "\n")


RESULTS_EMAIL = "send-results-email"
MAIL_SERVER_AWAY = ("The e-mail could not be sent: the mail server could not be reached. "
                    "If this goes on, ask your administrator to check the mail server.")


def send_emails(session: Session, consultation: Consultation, feedback: Feedback,
                links: ResultLinks, smtp: SmtpSettings, user: User | None = None) -> int:
    """Queue an e-mail to everyone who asked to hear back by e-mail, in the caller's
    transaction; returns how many. They are sent by background jobs after the commit.

    The contact details count as used from now, which starts the CONTACT_KEEP_DAYS
    clock."""
    if feedback.published_at is None:
        raise HearBackError("Publish the results before telling people about them")
    if not smtp.configured:
        raise HearBackError(smtp.not_ready_words())
    to_tell = [c for c in contacts(session, consultation) if c.email]
    for contact in to_tell:
        jobs.enqueue(session, RESULTS_EMAIL,
                     key=f"results-email:{consultation.id}:{contact.reference}",
                     title="E-mailing a resident that the results are published",
                     organisation_id=consultation.organisation_id,
                     consultation_id=consultation.id,
                     args={"reference": contact.reference, "links": asdict(links)})
    _used(session, feedback)
    audit.record(session, "feedback.emails_sent", user, consultation, count=len(to_tell))
    return len(to_tell)


@jobs.register(RESULTS_EMAIL)
def _send_results_email(job: jobs.JobContext, *, reference: str,
                        links: dict[str, str]) -> None:
    """Send one resident their e-mail; nothing if their details have since been deleted."""
    smtp = smtp_settings(job.config)
    if not smtp.configured:
        raise jobs.JobFailed(f"The e-mail could not be sent. {smtp.not_ready_words()} "
                             "Then send the e-mails again.", retry=False)
    with job.session() as session:
        consultation = session.get(Consultation, job.consultation_id)
        contact = next((c for c in contacts(session, consultation)
                        if c.reference == reference and c.email), None)
        if contact is None:
            return
        message = message_for(consultation, contact, ResultLinks(**links), smtp.sender)
    try:
        send(smtp, [message])
    except (OSError, smtplib.SMTPException) as problem:
        raise jobs.JobFailed(MAIL_SERVER_AWAY) from problem


def letters_csv(session: Session, consultation: Consultation, feedback: Feedback,
                links: ResultLinks, user: User | None = None) -> str:
    """The people to post a letter to (those who left a postal address), with the
    addresses of the results to print in it. Exporting counts as using the details."""
    out = io.StringIO()
    writer = csv_writer(out)
    writer.writerow(["reference", "postal_address", "results_standard", "results_easy_read",
                     "results_large_print", "language"])
    listed = [c for c in contacts(session, consultation) if c.postal_address]
    for contact in listed:
        theirs = links.in_language(contact.language)
        writer.writerow([contact.reference, contact.postal_address, theirs.standard,
                         theirs.easy_read, theirs.large_print, contact.language])
    _used(session, feedback)
    audit.record(session, "feedback.letters_exported", user, consultation, count=len(listed))
    return out.getvalue()


def forget_used(session: Session, now: datetime, keep_days: int) -> int:
    """Delete hear-back answers whose details were used more than `keep_days` ago;
    returns how many answers were deleted."""
    cutoff = now - timedelta(days=keep_days)
    deleted = 0
    for feedback in session.exec(select(Feedback).where(
            Feedback.contacts_used_at.is_not(None))).all():
        if _aware(feedback.contacts_used_at) > cutoff:
            continue
        consultation = session.get(Consultation, feedback.consultation_id)
        emails, postal = hear_back_keys(session, consultation)
        deleted += _delete_answers(session, consultation, emails | postal)
    return deleted


def _delete_answers(session: Session, consultation: Consultation, keys: Iterable[str]) -> int:
    keys = list(keys)
    if not keys:
        return 0
    responses = select(Response.id).where(Response.consultation_id == consultation.id)
    return session.exec(delete(Answer).where(Answer.question_key.in_(keys),
                                             Answer.response_id.in_(responses))).rowcount


def _used(session: Session, feedback: Feedback) -> None:
    if feedback.contacts_used_at is None:
        feedback.contacts_used_at = utcnow()
        session.add(feedback)


def _aware(moment: datetime) -> datetime:
    """SQLite hands back stored UTC times without their zone."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
