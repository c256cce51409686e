"""The `surveybuilder` command, run as a user would run it, on the test database."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlmodel import select

from surveybuilder.cli import main
from surveybuilder.easy_read_view import with_pictures_used
from surveybuilder.models import AuditEvent, Consultation, Response, Status, SurveyVersion
from surveybuilder.survey.loading import load_definition

EXAMPLE = Path(__file__).parent / "data" / "victoria-park.json"


@pytest.fixture
def run(app, database_url, monkeypatch):
    monkeypatch.setenv("SURVEYBUILDER_DATABASE_URL", database_url)
    monkeypatch.setenv("SURVEYBUILDER_SECRET_KEY", "cli-test")

    def invoke(*args: str, input: str | None = None, ok: bool = True):
        result = CliRunner().invoke(main, list(args), input=input)
        if ok:
            assert result.exit_code == 0, result.output
        return result

    return invoke


def test_example_imports_exports_and_reimports_identically(run, tmp_path):
    run("init")
    run("create-org", "parks", "Parks Team")
    run("import-survey", str(EXAMPLE), "--org", "parks")
    first = tmp_path / "first.json"
    run("export-survey", "victoria-park-2027", "--output", str(first))
    assert json.loads(first.read_text()) == json.loads(EXAMPLE.read_text())

    changed = json.loads(first.read_text())
    changed["slug"] = "victoria-park-2027-again"
    again = tmp_path / "again.json"
    again.write_text(json.dumps(changed))
    run("import-survey", str(again), "--org", "parks")
    second = run("export-survey", "victoria-park-2027-again").output
    assert {**json.loads(second), "slug": "x"} == {**json.loads(EXAMPLE.read_text()), "slug": "x"}


def test_malformed_file_is_refused_whole_with_the_place_named(run, tmp_path, db_session):
    run("create-org", "parks", "Parks Team")
    data = json.loads(EXAMPLE.read_text())
    data["sections"][0]["questions"][1]["show_if"]["in"] = ["sometimes"]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data))
    result = run("import-survey", str(bad), "--org", "parks", ok=False)
    assert result.exit_code == 1
    assert "sections[0].questions[1].show_if: question 'visit' has no option 'sometimes'" \
        in result.output
    assert db_session.exec(select(Consultation)).all() == []


def test_create_user_reads_the_password_from_stdin(run, client):
    run("create-org", "parks", "Parks Team")
    run("create-user", "--org", "parks", "--email", "pat@example.gov.uk", "--name", "Pat",
        "--role", "admin", input="a very long password\n")
    response = client.post("/sign-in", data={"email": "pat@example.gov.uk",
                                             "password": "a very long password"})
    assert response.status_code == 302


def test_create_user_has_no_password_option(run):
    result = run("create-user", "--help")
    assert "--password" not in result.output


def test_publish_needs_a_reason_when_the_charter_fails_and_audits_it(run, db_session):
    run("create-org", "parks", "Parks Team")
    data = json.loads(EXAMPLE.read_text())
    run("import-survey", str(EXAMPLE), "--org", "parks")
    refused = run("publish", data["slug"], ok=False)
    assert "the charter check fails" in refused.output
    assert "Privacy notice: No privacy notice." in refused.output
    assert db_session.exec(select(SurveyVersion)).all() == []

    result = run("publish", data["slug"], "--override-reason", "Council meeting next week")
    assert "version 1" in result.output
    consultation = db_session.exec(select(Consultation)).one()
    assert consultation.status == Status.OPEN
    version = db_session.exec(select(SurveyVersion)).one()
    # The version is the file, with the picture easy read shows recorded where the file
    # chose none (decision 13).
    assert version.definition == with_pictures_used(load_definition(data)).to_json()
    override = db_session.exec(select(AuditEvent).where(
        AuditEvent.action == "consultation.published_with_override")).one()
    assert override.detail["reason"] == "Council meeting next week"
    assert "privacy_notice_present" in override.detail["failing_checks"]
    run("close", data["slug"])
    db_session.refresh(consultation)
    assert consultation.status == Status.CLOSED
    actions = [e.action for e in db_session.exec(select(AuditEvent)).all()]
    assert actions == ["consultation.imported", "consultation.published",
                       "consultation.published_with_override", "consultation.closed"]


def test_charter_check_prints_rows_and_fails_on_any_fail(run, tmp_path):
    run("create-org", "parks", "Parks Team")
    run("import-survey", str(EXAMPLE), "--org", "parks")
    result = run("charter-check", "victoria-park-2027", ok=False)
    assert result.exit_code == 1
    assert "FAIL  Privacy notice: No privacy notice." in result.output
    assert "PASS  Say what can and cannot change" in result.output
    assert "Fix: Say in plain words how answers are used" in result.output

    ready = json.loads(EXAMPLE.read_text())
    ready.update(slug="ready", audience=["adults"], privacy_notice="Kept for a year.",
                 plan={"success_measures": "More evening visits"})
    path = tmp_path / "ready.json"
    path.write_text(json.dumps(ready))
    run("import-survey", str(path), "--org", "parks")
    passed = run("charter-check", "ready")
    assert "FAIL" not in passed.output and "0 fail" in passed.output


def test_publish_refuses_with_reasons(run, tmp_path):
    run("create-org", "parks", "Parks Team")
    data = json.loads(EXAMPLE.read_text())
    data.pop("opens")
    data["sections"] = [{"title": "Empty"}]
    path = tmp_path / "empty.json"
    path.write_text(json.dumps(data))
    run("import-survey", str(path), "--org", "parks")
    result = run("publish", data["slug"], ok=False)
    assert "Add at least one question that people can answer" in result.output
    assert "Set the opening and closing dates" in result.output


def test_demo_prints_working_sign_in_details(run, client, db_session):
    output = run("demo").output
    password = output.split("with the password ")[1].split()[0]
    response = client.post("/sign-in", data={"email": "admin@example.gov.uk",
                                             "password": password})
    assert response.status_code == 302
    assert "victoria-park-2027" in output
    run("demo")  # a second run keeps the data and still works
    # The demo comes with answers in, online and on paper, in every format.
    from surveybuilder.demo import DEMO_RESPONSES
    from surveybuilder.results.counting import summarise

    consultation = db_session.exec(select(Consultation)).one()
    summary = summarise(db_session, consultation)
    assert summary.respondents == DEMO_RESPONSES
    stored = db_session.exec(select(Response)).all()
    assert {r.channel for r in stored} == {"online", "paper"}
    assert {r.format for r in stored} == {"standard", "easy_read", "large_print"}
    results = client.get(f"/staff/consultations/{consultation.id}/results")
    assert results.status_code == 200


def test_settings_table_lists_every_setting(run):
    from surveybuilder.config import SETTINGS

    output = run("settings").output
    for setting in SETTINGS:
        assert f"`{setting.env_var}`" in output


def test_readme_documents_every_setting_and_command():
    readme = (Path(__file__).parents[1] / "README.md").read_text()
    from surveybuilder.config import SETTINGS

    for setting in SETTINGS:
        assert setting.env_var in readme, setting.env_var
    for command in main.commands:
        assert f"surveybuilder {command}" in readme, command


def test_tidy_deletes_what_is_no_longer_needed(run, db_session):
    from datetime import timedelta

    from surveybuilder.models import RateEvent, SignInAttempt, utcnow

    db_session.add(RateEvent(kind="submit", key="k", at=utcnow() - timedelta(days=2)))
    db_session.add(RateEvent(kind="submit", key="k"))
    db_session.add(SignInAttempt(account_key="a", address_key="x",
                                 at=utcnow() - timedelta(days=40)))
    db_session.commit()
    output = run("tidy").output
    assert "1 rate-limit records and 1 sign-in records" in output
    db_session.expire_all()
    assert len(db_session.exec(select(RateEvent)).all()) == 1
    assert db_session.exec(select(SignInAttempt)).all() == []


@pytest.mark.servers
def test_serve_runs_several_processes_that_answer(database_url, tmp_path):
    """The production server really starts, forks its workers and serves pages."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "SURVEYBUILDER_DATABASE_URL": database_url,
           "SURVEYBUILDER_SECRET_KEY": "serve-test", "SURVEYBUILDER_ENV": "production",
           # Serving is under test, not jobs: jobs other tests left waiting in this
           # database must not be run (and draw PDFs) by this server.
           "SURVEYBUILDER_JOBS": "held"}
    command = [sys.executable, "-c", "from surveybuilder.cli import main; main()", "serve",
               "--port", str(port), "--workers", "2", "--threads", "2"]
    server = subprocess.Popen(command, env=env, cwd=tmp_path, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT)
    try:
        page = _get_when_up(f"http://127.0.0.1:{port}/", server)
        assert "<title>Have your say – Surveybuilder</title>" in page
        workers = [p for p in Path("/proc").iterdir() if p.name.isdigit()
                   and _parent_of(p) == server.pid]
        assert len(workers) == 2
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0].decode()
    assert server.returncode == 0, output


def _get_when_up(url: str, server: subprocess.Popen) -> str:
    deadline = time.monotonic() + 30
    while True:
        assert server.poll() is None, server.communicate()[0].decode()
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read().decode()
        except OSError:
            assert time.monotonic() < deadline, "the server did not answer within 30 s"
            time.sleep(0.2)


def _parent_of(process: Path) -> int | None:
    try:
        return int((process / "stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return None


def _open_connections(database_url: str) -> int:
    """Connections this test process holds to the database: PostgreSQL's own count of
    its clients on that database, or for SQLite the file handles open on its file."""
    if database_url.startswith("sqlite:///"):
        path = os.path.realpath(database_url.removeprefix("sqlite:///"))
        handles = Path("/proc/self/fd").iterdir()
        return sum(1 for fd in handles if os.path.realpath(fd) == path)
    from support.shared_database import query
    return query(database_url, "SELECT count(*) - 1 FROM pg_stat_activity "
                               "WHERE datname = current_database()")[0][0]


def test_commands_close_their_database_connections(run, database_url):
    """Each command makes its own application; a process that runs many (this test
    run, a script) must not keep each one's pool open: on PostgreSQL that reached
    max_connections in CI."""
    run("create-org", "parks", "Parks Team")
    before = _open_connections(database_url)
    for number in range(6):
        run("create-org", f"parks-{number}", f"Parks Team {number}")
    assert _open_connections(database_url) <= before
