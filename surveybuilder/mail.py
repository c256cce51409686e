"""Sending e-mail through the council's mail server (the SMTP_* settings).

Used for the few messages residents ask for: the link to carry on a saved journey, and
word that results they asked to hear about are published. Addresses are used to send
and are not kept by this module.

Every e-mail we send carries a link to the site, so none is sent until PUBLIC_URL says
the site's address: a link built from the address a request arrived on would follow a
forged Host header (council-branded phishing).
"""

from __future__ import annotations

import smtplib
from collections.abc import Iterable
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import make_msgid
from typing import Any


class MailNotReady(RuntimeError):
    """Sending was asked for while a setting e-mail needs is unset; says which."""


@dataclass(frozen=True)
class SmtpSettings:
    """How to reach the mail server."""

    host: str
    port: int
    user: str
    password: str
    starttls: bool
    sender: str
    public_url: str = ""
    timeout: float = 30.0

    @property
    def configured(self) -> bool:
        """Everything sending needs is set: a server, a sender and the site's address."""
        return not self.missing

    @property
    def missing(self) -> list[str]:
        """The environment variables still to set before e-mail can be sent."""
        needed = {"SMTP_HOST": self.host, "SMTP_FROM": self.sender,
                  "PUBLIC_URL": self.public_url}
        return [f"SURVEYBUILDER_{name}" for name, value in needed.items() if not value]

    def not_ready_words(self) -> str:
        """For staff: what to ask the administrator to set."""
        return ("E-mail is not set up. Ask your administrator to set "
                + " and ".join(self.missing) + ".")


def smtp_settings(config: Any) -> SmtpSettings:
    """The settings from an app's config (or any mapping with the SMTP_* keys)."""
    return SmtpSettings(config["SMTP_HOST"] or "", config["SMTP_PORT"],
                        config["SMTP_USER"] or "", config["SMTP_PASSWORD"] or "",
                        config["SMTP_STARTTLS"], config["SMTP_FROM"] or "",
                        (config.get("PUBLIC_URL") or "").rstrip("/"))


def plain_message(sender: str, to: str, subject: str, text: str) -> EmailMessage:
    """A plain-text e-mail (read well by every mail program and screen reader)."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
    message.set_content(text)
    return message


def send(smtp: SmtpSettings, messages: Iterable[EmailMessage]) -> int:
    """Send the messages over one connection; returns how many were sent. Refused
    (MailNotReady) unless every setting e-mail needs is set, PUBLIC_URL included."""
    if not smtp.configured:
        raise MailNotReady(smtp.not_ready_words())
    pending = list(messages)
    if not pending:
        return 0
    with smtplib.SMTP(smtp.host, smtp.port, timeout=smtp.timeout) as connection:
        if smtp.starttls:
            connection.starttls()
        if smtp.user:
            connection.login(smtp.user, smtp.password)
        for message in pending:
            connection.send_message(message)
    return len(pending)
