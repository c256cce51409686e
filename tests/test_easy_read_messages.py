"""The e-mails residents get are in easy read when they answered in easy read: the
link to carry on (asked for on an easy-read page) and word that results are published
(for a resident whose response was in easy read). Sent by the real jobs through a real
SMTP server on loopback, read back from the inbox, and every line of the body run
through the project's easy-read checker (default options, at most 15 words).

The codes, links, references and titles in them are data, not words: they are swapped
for plain words before checking (a resume code is in capitals on purpose)."""

from __future__ import annotations

from datetime import date
from email import message_from_bytes, policy

from sqlalchemy import update
from support.easy_read_text import text_problems
from support.feedback import HEARD_BACK, published_results
from support.smtp import use_mail_server

from surveybuilder import wording
from surveybuilder.feedback import hear_back
from surveybuilder.jobs import Outcome
from surveybuilder.mail import smtp_settings
from surveybuilder.models import Response
from surveybuilder.responses.resume_email import RESUME_LINK, send_resume_link

CODE = "ABCD-EFGH-JKMN"
LINK = "https://example.gov.uk/c/park/resume?code=x"
LINKS = hear_back.ResultLinks("https://x.gov.uk/r", "https://x.gov.uk/r?format=easy-read",
                              "https://x.gov.uk/r?format=large-print")


def _read(raw: bytes) -> tuple[str, str]:
    message = message_from_bytes(raw, policy=policy.default)
    return str(message["Subject"]), message.get_content()


def test_the_resume_link_asked_for_in_easy_read_comes_in_easy_read(
        app, db_session, organisation, make_consultation, smtp_server, run_jobs):
    inbox, port = smtp_server
    use_mail_server(app, port)
    consultation = make_consultation(organisation)
    with wording.in_locale(wording.EASY_READ):  # as the easy-read saved page does
        send_resume_link(db_session, consultation, "ada@example.org", "Park survey", CODE,
                         LINK, date(2027, 3, 7))
    send_resume_link(db_session, consultation, "bea@example.org", "Park survey", CODE,
                     LINK, date(2027, 3, 7))
    db_session.commit()
    assert run_jobs(RESUME_LINK)[Outcome.DONE] == 2
    sent = {tos[0]: _read(raw) for tos, raw in inbox.messages}
    subject, body = sent["ada@example.org"]
    assert subject == "Go back to your answers for “Park survey”"
    assert "To go on, open this link:" in body and CODE in body and LINK in body
    assert "until Sunday 7 March 2027." in body
    data = {CODE: "the code", LINK: "the link", "Park survey": "the park"}
    found = text_problems(f"{subject}\n{body}", data)
    assert not found, found
    standard_subject, standard = sent["bea@example.org"]
    assert standard_subject == "Carry on with “Park survey”"
    assert "To carry on, open this link:" in standard
    assert "so keep them safe" in standard


def test_results_are_told_in_easy_read_to_those_who_answered_in_easy_read(
        app, db_session, organisation, make_consultation, ready_definition, editor,
        smtp_server, run_jobs):
    inbox, port = smtp_server
    use_mail_server(app, port)
    consultation, feedback = published_results(db_session, organisation, make_consultation,
                                               ready_definition, editor)
    easy_reader = hear_back.contacts(db_session, consultation)[0]
    db_session.exec(update(Response).where(Response.reference == easy_reader.reference)
                    .values(format="easy_read"))
    hear_back.send_emails(db_session, consultation, feedback, LINKS, smtp_settings(app.config))
    db_session.commit()
    assert run_jobs(hear_back.RESULTS_EMAIL)[Outcome.DONE] == len(HEARD_BACK)
    sent = {tos[0]: _read(raw) for tos, raw in inbox.messages}
    subject, body = sent[easy_reader.email]
    assert subject == f"What we did after “{consultation.title}”"
    lines = body.splitlines()
    assert lines.index(LINKS.easy_read) < lines.index(LINKS.standard)  # their own first
    assert "We will delete it soon." in body.splitlines()
    data = {consultation.title: "the park", easy_reader.reference: "123",
            **{link: "the link" for link in (LINKS.standard, LINKS.easy_read,
                                              LINKS.large_print)}}
    found = text_problems(f"{subject}\n{body}", data)
    assert not found, found
    [other] = [message for to, message in sent.items() if to != easy_reader.email]
    assert other[0] == f"What happened after “{consultation.title}”"
    others = other[1].splitlines()
    assert others.index(LINKS.standard) < others.index(LINKS.easy_read)


def test_the_message_check_can_fail():
    assert text_problems("You can use them until the consultation closes.", {})
    assert text_problems(CODE, {})
