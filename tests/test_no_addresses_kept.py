"""No internet address reaches the database, and no journey token, resume code or answer
reaches the logs (issue 17 item 3): checked in the SQLite file's own bytes and in the
log records of a resident's journey, an error included."""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
import socket
import sqlite3
import sys
from pathlib import Path

import pytest
from conftest import PASSWORD
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select
from test_respond import answer, body, finish, start

from surveybuilder.models import Journey

ADDRESSES = ("203.0.113.41", "198.51.100.152", "2001:db8:4a7f:9c::17")
SLUG = "victoria-park-2027"


def as_if_from(client, address: str) -> None:
    client.environ_base["REMOTE_ADDR"] = address


def forms_of(address: str) -> list[bytes]:
    """Every way an address could sit in a file: as text, packed, and under the old
    reversible hash (HMAC with the secret key alone)."""
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    forms = [address.encode(), socket.inet_pton(family, address)]
    if family == socket.AF_INET6:
        forms.append(b"2001:db8:4a7f:9c::/64")
    return forms


def old_hash(secret: str, address: str) -> bytes:
    return hmac.new(secret.encode(), address.encode(), hashlib.sha256).hexdigest()[:32].encode()


def a_day_of_requests(client, app, editor) -> None:
    """Sign-ins (wrong, right, out), answers sent, refused by the rate limit, a resume
    code looked up and one refused, from each address."""
    app.config.update(SUBMIT_RATE_LIMIT=1, RESUME_LOOKUP_LIMIT=1)
    for address in ADDRESSES:
        as_if_from(client, address)
        assert client.post("/sign-in", data={"email": editor.email,
                                             "password": "wrong"}).status_code == 200
        assert client.post("/sign-in", data={"email": editor.email,
                                             "password": PASSWORD}).status_code == 302
        client.post("/sign-out")
        for expected in (302, 429):
            check = finish(client, start(client))
            assert client.post(check.replace("/check", "/submit")).status_code == expected
        for expected in (200, 429):
            looked_up = client.post(f"/c/{SLUG}/resume", data={"code": "AAAA-AAAA-AAAA"})
            assert looked_up.status_code == expected


def database_bytes(database_url: str) -> bytes:
    """The database file and its write-ahead log, read as they are on disk, then again
    after the log is copied into the file."""
    path = Path(database_url.removeprefix("sqlite:///"))
    wal = path.with_name(path.name + "-wal")
    before = path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA wal_checkpoint(FULL)")
    return before + path.read_bytes()


def test_no_address_is_in_the_database_file(client, app, open_park, editor, database_url):
    if not database_url.startswith("sqlite:///"):
        pytest.skip("reads the SQLite file itself")
    a_day_of_requests(client, app, editor)
    stored = database_bytes(database_url)
    assert b"Too dark" in stored  # the answers are there: the file is the right one
    for address in ADDRESSES:
        for form in forms_of(address):
            assert form not in stored, (address, form)
        assert old_hash(app.config["SECRET_KEY"], address) not in stored, address


def test_a_journey_logs_no_token_resume_code_or_answer(client, app, open_park, caplog):
    secret_answer = "My neighbour at number 12 is never in"
    with caplog.at_level(logging.DEBUG):
        first = start(client)
        token = first.split("/r/")[1].split("/")[0]
        url = answer(client, first, visit="never")
        saved = client.post(url, data={"action": "save", "why_not": secret_answer})
        code = re.search(r'id="resume-code">([A-Z0-9-]+)<',
                         body(client.get(saved.headers["Location"]))).group(1)
        refused = client.post(url, data={"action": "continue", "safe": "not an option"})
        assert refused.status_code == 200  # the error path: the answer is asked again
        client.get(f"/c/{SLUG}/resume?code={code}")
        failed_save_is_logged(app, url, token, secret_answer)
    logged = caplog.text + "".join(record.getMessage() for record in caplog.records)
    assert "Exception on" in logged and "IntegrityError" in logged
    for secret in (token, code, code.replace("-", ""), secret_answer):
        assert secret not in logged, secret


def failed_save_is_logged(app, url: str, token: str, secret_answer: str) -> None:
    """A real database error while saving a journey, logged the way Flask logs an
    unhandled error in a request: message, address and traceback."""
    with app.test_request_context(url, method="POST", data={"why_not": secret_answer}), \
            Session(app.extensions["db_engine"]) as session:
        kept = session.exec(select(Journey).where(Journey.token == token)).one()
        session.add(Journey(token=token, consultation_id=kept.consultation_id,
                            version_id=kept.version_id, answers={"why_not": secret_answer}))
        try:
            session.commit()
        except IntegrityError:
            app.log_exception(sys.exc_info())


def test_values_a_database_error_quotes_are_redacted():
    """PostgreSQL's error words quote the refused row: a token or the whole answers."""
    from surveybuilder.security import REDACTED, redacted

    assert redacted('DETAIL:  Key (token)=(FYVHqElBGuS86) already exists.') == \
        f"DETAIL:  Key (token)=({REDACTED}) already exists."
    assert redacted('DETAIL:  Failing row contains (7, {"why_not": "my (own) words"}).') == \
        f"DETAIL:  Failing row contains ({REDACTED})."
    assert redacted("ordinary words (kept) here") == "ordinary words (kept) here"
