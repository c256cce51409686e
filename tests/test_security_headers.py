"""Headers and defaults a security reviewer checks (issue 17): no-store on staff pages,
downloads and residents' answer pages; HSTS over HTTPS; Permissions-Policy;
security.txt; no product version in Server; GET changing nothing (the letters list);
logs without journey tokens or resume codes; files readable by the service's user only.
"""

from __future__ import annotations

import http.client
import logging
import os
import re
import stat
import urllib.request

import pytest
from click.testing import CliRunner
from sqlmodel import select
from support.feedback import published_results
from support.servers import processes

from surveybuilder import create_app
from surveybuilder.cli import main
from surveybuilder.feedback import decisions
from surveybuilder.files.folder import FolderStore
from surveybuilder.models import AuditEvent
from surveybuilder.security import REDACTED, redacted

SLUG = "victoria-park-2027"


def _journey(client) -> tuple[str, str]:
    """Start a journey, answer page one and save: (first page, saved page)."""
    first = client.post(f"/c/{SLUG}/start").location
    saved = client.post(first, data={"action": "save", "visit": "weekly"}).location
    return first, saved


def test_staff_pages_and_downloads_are_not_stored(editor_client, open_park):
    for path in ("/staff/", f"/staff/consultations/{open_park.id}",
                 f"/staff/consultations/{open_park.id}/export.json", "/sign-in"):
        response = editor_client.get(path)
        assert response.status_code == 200, path
        assert response.headers["Cache-Control"] == "no-store", path


def test_residents_pages_showing_answers_are_not_stored(client, open_park):
    first, saved = _journey(client)
    code = re.search(r'id="resume-code">([A-Z0-9-]+)<',
                     client.get(saved).get_data(as_text=True)).group(1)
    check = first.rsplit("/", 1)[0] + "/check"
    for path in (first, saved, check, f"/c/{SLUG}/resume?code={code}"):
        assert client.get(path).headers.get("Cache-Control") == "no-store", path
    # A page that shows nothing of anyone's stays cacheable as before.
    assert client.get(f"/c/{SLUG}").headers.get("Cache-Control") != "no-store"


def test_hsts_only_over_https_and_behind_a_trusted_proxy(client, database_url, tmp_path):
    assert "Strict-Transport-Security" not in client.get("/get-involved").headers
    secure = client.get("/get-involved", base_url="https://localhost")
    assert secure.headers["Strict-Transport-Security"] == "max-age=31536000"
    proxied = create_app({"DATABASE_URL": database_url, "TRUSTED_PROXY_COUNT": 1,
                          "EXPORTS_DIR": str(tmp_path)})
    try:
        forwarded = proxied.test_client().get("/get-involved", headers={
            "X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"})
        assert forwarded.headers["Strict-Transport-Security"] == "max-age=31536000"
        untrusted = client.get("/get-involved", headers={"X-Forwarded-Proto": "https"})
        assert "Strict-Transport-Security" not in untrusted.headers
    finally:
        proxied.extensions["db_engine"].dispose()


def test_permissions_policy_refuses_powerful_features(client):
    policy = client.get("/get-involved").headers["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
        assert feature in policy


def test_security_txt_names_the_contact_from_the_setting(app, client):
    assert client.get("/.well-known/security.txt").status_code == 404
    app.config["SECURITY_CONTACT"] = "security@example.gov.uk"
    response = client.get("/.well-known/security.txt")
    assert response.status_code == 200 and response.mimetype == "text/plain"
    text = response.get_data(as_text=True)
    assert "Contact: mailto:security@example.gov.uk\n" in text
    assert re.search(r"^Expires: \d{4}-\d\d-\d\dT00:00:00Z$", text, re.M)
    assert "Canonical: http://localhost/.well-known/security.txt" in text


@pytest.fixture
def letters(db_session, organisation, make_consultation, ready_definition, editor):
    consultation, _feedback = published_results(db_session, organisation, make_consultation,
                                                 ready_definition, editor)
    return consultation


def _letters_used(db_session, consultation) -> tuple[object, int]:
    db_session.expire_all()
    used = decisions.feedback_of(db_session, consultation).contacts_used_at
    events = db_session.exec(select(AuditEvent).where(
        AuditEvent.action == "feedback.letters_exported")).all()
    return used, len(events)


def test_a_get_of_the_letters_list_changes_nothing(editor_client, letters, db_session):
    response = editor_client.get(f"/staff/consultations/{letters.id}/feedback/letters.csv")
    assert response.status_code == 405
    assert _letters_used(db_session, letters) == (None, 0)


def test_the_letters_list_is_a_post_with_a_csrf_token(app, editor_client, letters,
                                                      db_session):
    app.config["WTF_CSRF_ENABLED"] = True
    base = f"/staff/consultations/{letters.id}/feedback"
    assert editor_client.post(f"{base}/letters.csv").status_code == 400
    assert _letters_used(db_session, letters) == (None, 0)
    page = editor_client.get(base).get_data(as_text=True)
    form = re.search(r'<form method="post" action="([^"]+/letters.csv)".*?name="csrf_token"'
                     r'[^>]*value="([^"]+)"', page, re.S)
    response = editor_client.post(form.group(1), data={"csrf_token": form.group(2)})
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "postal_address" in response.get_data(as_text=True)
    used, events = _letters_used(db_session, letters)
    assert used is not None and events == 1


def test_access_and_error_logs_carry_no_journey_token_or_resume_code(
        live_app, open_park, caplog):
    from conftest import LiveServer

    with caplog.at_level(logging.INFO), LiveServer(live_app) as server:
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
        request = urllib.request.Request(f"{server.url}/c/{SLUG}/start", method="POST",
                                         data=b"")
        first = opener.open(request).geturl()
        token = first.split("/r/")[1].split("/")[0]
        opener.open(first).read()
        opener.open(f"{server.url}/c/{SLUG}/resume?code=SECRETCODE12").read()
    with live_app.test_request_context(first):
        live_app.logger.error("Exception on %s [GET]", first.split(server.url)[1])
    messages = [record.getMessage() for record in caplog.records]
    access = [m for m in messages if "/r/" in m]
    assert access and all(f"/r/{REDACTED}/" in m for m in access)
    assert not any(token in m for m in messages)
    assert not any("SECRETCODE12" in m for m in messages)
    assert any(f"resume?code={REDACTED}" in m for m in messages)


def test_redaction_keeps_the_rest_of_the_line():
    line = '"GET /c/park/r/abcDEF_123-x/3?format=easy-read HTTP/1.1" 200 -'
    assert redacted(line) == f'"GET /c/park/r/{REDACTED}/3?format=easy-read HTTP/1.1" 200 -'
    assert redacted("/c/park/resume?format=large-print&code=ABCD-EFGH") == \
        f"/c/park/resume?format=large-print&code={REDACTED}"


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_files_the_app_creates_are_for_its_own_user_only(tmp_path, monkeypatch):
    database = tmp_path / "instance" / "new.sqlite3"
    monkeypatch.setenv("SURVEYBUILDER_DATABASE_URL", f"sqlite:///{database}")
    monkeypatch.setenv("SURVEYBUILDER_EXPORTS_DIR", str(tmp_path / "exports"))
    for command in ("init", "demo"):
        result = CliRunner().invoke(main, [command])
        assert result.exit_code == 0, result.output
    assert _mode(database) == 0o600
    output = tmp_path / "responses.csv"
    result = CliRunner().invoke(main, ["export", "victoria-park-2027", "--format", "csv",
                                       "--output", str(output)])
    assert result.exit_code == 0, result.output
    assert _mode(output) == 0o600
    store = FolderStore(tmp_path / "store")
    store.put("forms/1/standard.pdf", b"%PDF-1.7", "application/pdf")
    assert _mode(tmp_path / "store" / "forms" / "1" / "standard.pdf") == 0o600
    assert _mode(tmp_path / "store" / "forms" / "1") == 0o700
    assert _mode(tmp_path / "store" / "forms") == 0o700


@pytest.mark.servers
def test_gunicorn_names_no_product_and_logs_no_token(shared_database, tmp_path):
    with processes(shared_database, tmp_path, ACCESS_LOG="true") as started:
        server = started.server("web", workers=1, threads=2)
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
        connection.request("GET", "/c/some-survey/r/SECRETTOKEN42/1?code=CODE1234")
        response = connection.getresponse()
        response.read()
        connection.close()
        assert response.getheader("Server") == "surveybuilder"
        assert len(response.headers.get_all("Server")) == 1
        server.stop()
        log = server.output()
    assert f"/r/{REDACTED}/1?code={REDACTED}" in log
    assert "SECRETTOKEN42" not in log and "CODE1234" not in log
    assert "127.0.0.1 -" not in log  # no client address in the access log
