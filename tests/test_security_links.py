"""Links in e-mails come only from the PUBLIC_URL setting, never from the Host header a
request arrived with (issue 17: "e-mail me the link" with `Host: evil.example` once sent
a council-branded link to evil.example), and TRUSTED_HOSTS refuses other hosts."""

from __future__ import annotations

import email
import email.policy

import pytest
from sqlmodel import select
from support.smtp import use_mail_server

from surveybuilder.config import ConfigError, load_settings
from surveybuilder.jobs import Outcome
from surveybuilder.mail import MailNotReady, plain_message, send, smtp_settings
from surveybuilder.models import BackgroundJob
from surveybuilder.responses.resume_email import RESUME_LINK, send_resume_link

PUBLIC = "https://haveyoursay.example.gov.uk"
EVIL = "http://evil.example"


def _saved_page(client, base_url: str) -> str:
    first = client.post("/c/victoria-park-2027/start", base_url=base_url).location
    saved = client.post(first, data={"action": "save", "visit": "weekly"}, base_url=base_url)
    assert saved.status_code == 302
    return saved.location


def test_the_emailed_resume_link_uses_public_url_whatever_the_host_header(
        app, client, open_park, smtp_server, run_jobs):
    inbox, port = smtp_server
    use_mail_server(app, port)
    app.config["PUBLIC_URL"] = PUBLIC + "/"
    saved = _saved_page(client, EVIL)
    sent = client.post(saved, data={"email": "victim@example.org"}, base_url=EVIL,
                       headers={"Host": "evil.example"})
    assert sent.status_code == 200
    assert run_jobs(RESUME_LINK)[Outcome.DONE] == 1
    [(_to, raw)] = inbox.messages
    text = email.message_from_bytes(raw, policy=email.policy.default).get_content()
    assert "evil.example" not in text
    assert f"{PUBLIC}/c/victoria-park-2027/resume?code=" in text


def test_without_public_url_no_email_is_offered_or_sent(
        app, client, open_park, smtp_server, run_jobs, db_session):
    inbox, port = smtp_server
    use_mail_server(app, port)
    app.config["PUBLIC_URL"] = None
    saved = _saved_page(client, "http://localhost")
    assert "Send the code and link to yourself" not in client.get(saved).get_data(as_text=True)
    client.post(saved, data={"email": "victim@example.org"})
    assert db_session.exec(select(BackgroundJob).where(BackgroundJob.kind == RESUME_LINK)
                           ).all() == []
    # A job queued earlier fails for good, saying what to set.
    job = send_resume_link(db_session, open_park, "victim@example.org", "Park", "ABCD",
                           "https://x/c/park", None)
    db_session.commit()
    assert run_jobs(RESUME_LINK)[Outcome.FAILED] == 1
    db_session.expire_all()
    assert "SURVEYBUILDER_PUBLIC_URL" in db_session.get(BackgroundJob, job.id).failure
    assert inbox.messages == []


def test_sending_any_email_without_public_url_is_refused(app, smtp_server):
    inbox, port = smtp_server
    use_mail_server(app, port)
    app.config["PUBLIC_URL"] = ""
    smtp = smtp_settings(app.config)
    with pytest.raises(MailNotReady, match="SURVEYBUILDER_PUBLIC_URL"):
        send(smtp, [plain_message(smtp.sender, "a@example.org", "Hi", "Hello")])
    assert inbox.messages == []


def test_production_with_a_mail_server_but_no_public_url_does_not_start():
    environ = {"SURVEYBUILDER_ENV": "production", "SURVEYBUILDER_SECRET_KEY": "x" * 40,
               "SURVEYBUILDER_SMTP_HOST": "mail.example.gov.uk"}
    with pytest.raises(ConfigError, match="SURVEYBUILDER_PUBLIC_URL"):
        load_settings(environ=environ)
    assert load_settings(environ={**environ, "SURVEYBUILDER_PUBLIC_URL": PUBLIC}
                         )["PUBLIC_URL"] == PUBLIC
    # Development (`make run`) has a working default: the address `serve` listens on.
    assert load_settings(environ={})["PUBLIC_URL"] == "http://127.0.0.1:5000"


def test_trusted_hosts_refuses_other_host_headers(app, client):
    app.config["TRUSTED_HOSTS"] = ["haveyoursay.example.gov.uk"]
    assert client.get("/get-involved", base_url=EVIL).status_code == 400
    assert client.get("/get-involved", base_url=PUBLIC).status_code == 200


def test_trusted_hosts_comes_from_a_comma_separated_setting():
    settings = load_settings(environ={
        "SURVEYBUILDER_TRUSTED_HOSTS": "haveyoursay.example.gov.uk, .council.gov.uk"})
    assert settings["TRUSTED_HOSTS"] == ["haveyoursay.example.gov.uk", ".council.gov.uk"]
    assert load_settings(environ={})["TRUSTED_HOSTS"] is None
