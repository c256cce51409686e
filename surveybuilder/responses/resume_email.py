"""E-mailing a resident the link to carry on a saved journey, as a background job.

The page answers at once ("we are sending it") and a mail server that is down is tried
again. The address, code and link are kept only in the job's arguments until the
e-mail is sent (or has failed for good), then blanked; nothing else stores them.
"""

from __future__ import annotations

import smtplib
import uuid
from datetime import date

from sqlmodel import Session

from surveybuilder import jobs
from surveybuilder.mail import send, smtp_settings
from surveybuilder.models import BackgroundJob, Consultation
from surveybuilder.responses.journeys import resume_link_message
from surveybuilder.wording import current, in_locale

RESUME_LINK = "send-resume-link"


def send_resume_link(session: Session, consultation: Consultation, to: str, title: str,
                     code: str, link: str, closes: date | None) -> BackgroundJob:
    """Queue the e-mail in the caller's transaction; it is sent after the commit, in
    the words of the page that asked for it (easy read for an easy-read journey)."""
    return jobs.enqueue(
        session, RESUME_LINK, key=f"resume-link:{uuid.uuid4().hex}",
        title="E-mailing a resident the link to carry on",
        organisation_id=consultation.organisation_id, consultation_id=consultation.id,
        args={"to": to, "title": title, "code": code, "link": link,
              "closes": closes.isoformat() if closes else None, "locale": current()})


@jobs.register(RESUME_LINK, private_args=("to", "code", "link"))
def _send(job: jobs.JobContext, *, to: str, title: str, code: str, link: str,
          closes: str | None, locale: str = "en") -> None:
    smtp = smtp_settings(job.config)
    if not smtp.configured:
        raise jobs.JobFailed(f"The e-mail could not be sent. {smtp.not_ready_words()}",
                             retry=False)
    with in_locale(locale):
        message = resume_link_message(smtp.sender, to, title, code, link,
                                      date.fromisoformat(closes) if closes else None)
    try:
        send(smtp, [message])
    except (OSError, smtplib.SMTPException) as problem:
        raise jobs.JobFailed("The e-mail could not be sent: the mail server could not be "
                             "reached. If this goes on, ask your administrator to check "
                             "the mail server.") from problem
