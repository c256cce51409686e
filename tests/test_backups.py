"""Backup and restore (issue 17 item 6): a database holding a published consultation
and its responses is backed up, restored into a fresh database, and every table is
compared row by row. Runs on SQLite, and on PostgreSQL when
SURVEYBUILDER_TEST_DATABASE_URL names a server (the fresh database is made on it)."""

from __future__ import annotations

import os
import stat
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import _drop_postgres_database, _fresh_postgres_database
from sqlalchemy import make_url, select
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel
from support.feedback import published_results

from surveybuilder.backups import (
    BackupError,
    backup,
    check_client_version,
    client_tool,
    libpq_conninfo,
    restore,
)
from surveybuilder.db import make_engine, upgrade_to_head


@pytest.fixture
def filled(app, db_session, organisation, make_consultation, ready_definition,
           editor) -> Engine:
    """The test database holding a closed consultation with responses, contact details
    to hear back, and published feedback."""
    published_results(db_session, organisation, make_consultation, ready_definition, editor)
    return app.extensions["db_engine"]


@pytest.fixture
def fresh_engine(database_url: str, tmp_path: Path) -> Iterator[Engine]:
    """A new, initialised and empty database of the same kind as the test database."""
    if database_url.startswith("sqlite"):
        url, name = f"sqlite:///{tmp_path / 'fresh.sqlite3'}", None
    else:
        name = f"surveybuilder_restore_{uuid.uuid4().hex[:12]}"
        url = _fresh_postgres_database(database_url, name)
    engine = make_engine(url)
    upgrade_to_head(engine)
    yield engine
    engine.dispose()
    if name:
        _drop_postgres_database(database_url, name)


def every_row(engine: Engine) -> dict[str, list[tuple]]:
    """Every row of every table the application defines, in primary-key order."""
    with engine.connect() as connection:
        return {table.name: [tuple(row) for row in connection.execute(
                    select(table).order_by(*table.primary_key.columns))]
                for table in SQLModel.metadata.sorted_tables}


def test_restore_into_a_fresh_database_gives_back_every_row(filled, fresh_engine, tmp_path):
    kept = every_row(filled)
    assert len(kept["response"]) >= 5 and kept["feedback"], "the fixture filled too little"
    written = backup(filled, tmp_path / "backup.bin")
    assert stat.S_IMODE(written.path.stat().st_mode) == 0o600
    assert written.rows == sum(len(rows) for rows in kept.values())
    assert written.tables == len(SQLModel.metadata.sorted_tables)
    assert written.size == written.path.stat().st_size > 0

    restored = restore(fresh_engine, written.path)

    assert restored.rows == written.rows
    assert every_row(fresh_engine) == kept


def test_a_database_holding_data_is_overwritten_only_when_asked(filled, fresh_engine,
                                                                tmp_path):
    empty = backup(fresh_engine, tmp_path / "empty.bin")
    kept = every_row(filled)
    with pytest.raises(BackupError, match="already holds data .* --replace"):
        restore(filled, empty.path)
    assert every_row(filled) == kept
    restore(filled, empty.path, replace=True)
    assert all(rows == [] for rows in every_row(filled).values())


def test_an_existing_file_is_never_overwritten_by_a_backup(filled, tmp_path):
    existing = tmp_path / "precious.txt"
    existing.write_text("not a backup")
    with pytest.raises(BackupError, match="already exists"):
        backup(filled, existing)
    assert existing.read_text() == "not a backup"
    with pytest.raises(BackupError, match="not a Surveybuilder backup"):
        restore(filled, existing)
    assert not [name for name in os.listdir(tmp_path) if name.startswith(".precious")]


def test_the_commands_print_what_they_wrote_and_refuse_plainly(filled, database_url,
                                                               tmp_path, monkeypatch):
    from click.testing import CliRunner

    from surveybuilder.cli import main

    monkeypatch.setenv("SURVEYBUILDER_DATABASE_URL", database_url)
    monkeypatch.setenv("SURVEYBUILDER_SECRET_KEY", "cli-test")
    output = tmp_path / "nightly.bin"
    rows = sum(len(rows) for rows in every_row(filled).values())

    made = CliRunner().invoke(main, ["backup", "--output", str(output)])
    assert made.exit_code == 0, made.output
    assert f"Backed up {rows} rows in {len(SQLModel.metadata.sorted_tables)} tables" \
        in made.output
    assert str(output) in made.output and f"{output.stat().st_size:,} bytes" in made.output

    refused = CliRunner().invoke(main, ["restore", str(output)])
    assert refused.exit_code == 1
    assert "already holds data" in refused.output and "--replace" in refused.output
    assert "Traceback" not in refused.output

    replaced = CliRunner().invoke(main, ["restore", "--replace", str(output)])
    assert replaced.exit_code == 0, replaced.output
    assert f"Restored {rows} rows" in replaced.output

    helped = CliRunner().invoke(main, ["backup", "--help"])
    assert "uploaded scans of paper forms" in " ".join(helped.output.split())


def test_the_password_is_kept_off_the_command_line():
    url = make_url("postgresql+psycopg://council:s3cret'pw@db.internal:6543/surveys"
                   "?sslmode=verify-full")
    conninfo = libpq_conninfo(url)
    assert "s3cret" not in conninfo
    assert conninfo == ("host='db.internal' port='6543' user='council' dbname='surveys' "
                        "sslmode='verify-full'")


def test_missing_or_older_pg_dump_is_a_one_line_reason(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(BackupError, match="pg_dump was not found. Install"):
        client_tool("pg_dump")
    real = "/usr/bin/pg_dump"
    if not Path(real).exists():
        pytest.skip("the PostgreSQL client tools are not installed")
    with pytest.raises(BackupError, match=r"pg_dump is version \d+ but the database server "
                                          r"is version 99\. Install the PostgreSQL 99"):
        check_client_version(real, 99)
    check_client_version(real, 9)
