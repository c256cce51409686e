"""Telling residents who asked to hear back: e-mail through a real SMTP server on
loopback (aiosmtpd), the letters list, and forgetting the details after use."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from email import message_from_bytes, policy

import pytest
from click.testing import CliRunner
from sqlmodel import select
from support.feedback import HEARD_BACK, POSTAL, closed_consultation

from surveybuilder.cli import main
from surveybuilder.feedback import decisions, hear_back
from surveybuilder.mail import SmtpSettings
from surveybuilder.models import Answer, utcnow


@pytest.fixture
def published(db_session, organisation, make_consultation, ready_definition, editor):
    closed = closed_consultation(db_session, organisation, make_consultation, ready_definition)
    consultation = closed.consultation
    decisions.update_summary(db_session, consultation, editor, "Summary.", "", "Next.", [])
    decisions.add_item(db_session, consultation, editor, {
        "you_said": "More lights.", "we_did": "New lights.", "status": "planned"})
    decisions.publish(db_session, consultation, editor)
    db_session.commit()
    return consultation


@pytest.fixture
def cli_env(app, database_url, monkeypatch, smtp_server):
    _inbox, port = smtp_server
    for name, value in {"DATABASE_URL": database_url, "SECRET_KEY": "cli-test",
                        "SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(port),
                        "SMTP_STARTTLS": "false", "SMTP_FROM": "consult@example.gov.uk",
                        "PUBLIC_URL": "https://haveyoursay.example.gov.uk"}.items():
        monkeypatch.setenv(f"SURVEYBUILDER_{name}", value)


def test_only_residents_who_opted_in_are_emailed_with_the_three_links(
        cli_env, smtp_server, published, db_session):
    inbox, _port = smtp_server
    result = CliRunner().invoke(main, ["send-results-emails", published.slug])
    assert result.exit_code == 0, result.output
    assert "Sent 2 e-mails" in result.output
    assert sorted(to for tos, _ in inbox.messages for to in tos) == sorted(HEARD_BACK)
    base = f"https://haveyoursay.example.gov.uk/c/{published.slug}/results"
    for _tos, raw in inbox.messages:
        message = message_from_bytes(raw, policy=policy.default)
        assert message["From"] == "consult@example.gov.uk"
        body = message.get_body(("plain",)).get_content()
        links = [line for line in body.splitlines() if line.startswith("https://")]
        assert links == [base, f"{base}?format=easy-read", f"{base}?format=large-print"]
    db_session.expire_all()
    assert decisions.feedback_of(db_session, published).contacts_used_at is not None


def test_nobody_is_emailed_before_publication(db_session, organisation, make_consultation,
                                              ready_definition, smtp_server, editor):
    inbox, port = smtp_server
    closed = closed_consultation(db_session, organisation, make_consultation, ready_definition)
    feedback = decisions.update_summary(db_session, closed.consultation, editor, "S", "",
                                        "N", [])
    smtp = SmtpSettings("127.0.0.1", port, "", "", False, "consult@example.gov.uk")
    links = hear_back.ResultLinks("a", "b", "c")
    with pytest.raises(hear_back.HearBackError):
        hear_back.send_emails(db_session, closed.consultation, feedback, links, smtp)
    assert inbox.messages == []


def test_letters_list_has_postal_addresses_only(cli_env, published):
    result = CliRunner().invoke(main, ["hear-back-letters", published.slug])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert [r["postal_address"] for r in rows] == [POSTAL]
    assert rows[0]["results_easy_read"].endswith("/results?format=easy-read")


def test_used_contact_details_are_deleted_after_the_keep_period(cli_env, published,
                                                                db_session, app):
    feedback = decisions.feedback_of(db_session, published)
    keys = {"hear_back_email", "hear_back_post"}

    def kept() -> int:
        db_session.expire_all()
        return len(db_session.exec(select(Answer).where(Answer.question_key.in_(keys))).all())

    assert kept() == 3
    assert hear_back.forget_used(db_session, utcnow(), 30) == 0  # not used yet
    feedback.contacts_used_at = utcnow() - timedelta(days=29)
    db_session.add(feedback)
    db_session.commit()
    assert "0 contact details" in CliRunner().invoke(main, ["tidy"]).output
    assert kept() == 3
    feedback.contacts_used_at = utcnow() - timedelta(days=31)
    db_session.add(feedback)
    db_session.commit()
    assert "3 contact details" in CliRunner().invoke(main, ["tidy"]).output
    assert kept() == 0
    # The rest of each response stays, for the results.
    assert db_session.exec(select(Answer).where(Answer.question_key == "visit")).all()


def test_editor_emails_from_the_feedback_page(app, editor_client, smtp_server, published,
                                              run_jobs):
    inbox, port = smtp_server
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=port, SMTP_STARTTLS=False,
                      SMTP_FROM="consult@example.gov.uk")
    base = f"/staff/consultations/{published.id}/feedback"
    page = editor_client.get(base).get_data(as_text=True)
    assert "2 people left an e-mail address and 1 left a postal address" in page
    response = editor_client.post(f"{base}/email")
    assert response.status_code == 302
    assert inbox.messages == []  # sent by background jobs, after the page
    run_jobs("send-results-email")
    assert sorted(to for tos, _ in inbox.messages for to in tos) == sorted(HEARD_BACK)
    body = message_from_bytes(inbox.messages[0][1], policy=policy.default) \
        .get_body(("plain",)).get_content()
    assert f"http://localhost/c/{published.slug}/results?format=easy-read" in body
    letters = editor_client.post(f"{base}/letters.csv").get_data(as_text=True)
    assert POSTAL in letters and "ada@example.org" not in letters
