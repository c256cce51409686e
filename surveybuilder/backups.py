"""Backing up the database to one file and restoring it, on SQLite and PostgreSQL.

What is in a backup: every table of the database — consultations, their versions,
responses (residents' answers and any contact details they gave), staff accounts,
the audit log, background jobs, and generated files when they are kept in the
database (STORAGE_URL `database`, the default on PostgreSQL). What is not: files kept
in a folder or an S3 bucket (EXPORTS_DIR or STORAGE_URL), which are backed up with that
store. Most of them are generated (printed forms, published results, downloads, spoken
questions) and are made again from the database when asked for; the uploaded scans of
paper forms are not, so a folder or bucket holding them needs its own backup.

A backup holds residents' personal data, so its file is created readable by the
service's user only (0600), and is written under a temporary name first so that a
failed backup never leaves a half-written file under the name asked for.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import inspect, text
from sqlalchemy.engine import URL, Connection, Engine
from sqlmodel import SQLModel

import surveybuilder.models  # noqa: F401  (every table registered in SQLModel.metadata)

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_DUMP_MAGIC = b"PGDMP"
WHAT_IS_KEPT = (
    "The backup holds the whole database: consultations, responses with any contact "
    "details residents gave, staff accounts, the audit log, and generated files when "
    "they are kept in the database. Files kept in a folder or S3 bucket (EXPORTS_DIR, "
    "STORAGE_URL) are not included: generated files are made again when asked for, but "
    "uploaded scans of paper forms there need a backup of their own."
)


class BackupError(Exception):
    """A backup or restore that cannot go ahead, with a plain reason for the person."""


@dataclass(frozen=True)
class BackupSummary:
    """What a backup holds, or what a restore put back, for the command to print."""

    path: Path
    size: int
    tables: int
    rows: int


def backup(engine: Engine, output: Path) -> BackupSummary:
    """Copy the database behind `engine` into `output`, consistently even while the
    server is answering residents."""
    if output.exists():
        raise BackupError(f"{output} already exists. Choose another file name, or delete "
                          "the old file first.")
    if not output.parent.is_dir():
        raise BackupError(f"The folder {output.parent} does not exist.")
    with _private_temporary(output) as temporary:
        if engine.dialect.name == "sqlite":
            tables, rows = _backup_sqlite(_sqlite_path(engine), temporary)
        else:
            tables, rows = _backup_postgres(engine, temporary)
        temporary.replace(output)
    return BackupSummary(output, output.stat().st_size, tables, rows)


def restore(engine: Engine, source: Path, replace: bool = False) -> BackupSummary:
    """Put the backup in `source` into the database behind `engine`. A database that
    already holds data is only overwritten when `replace` is given. The caller brings
    the schema up to date afterwards (a backup may come from an older version)."""
    if not source.is_file():
        raise BackupError(f"There is no file {source}.")
    kind = _backup_kind(source)
    if kind != engine.dialect.name:
        raise BackupError(f"{source} is a {_KIND_NAMES[kind]} backup, but the configured "
                          f"database is {_KIND_NAMES[engine.dialect.name]}.")
    if not replace:
        _refuse_if_holding_data(engine)
    engine.dispose()
    if kind == "sqlite":
        _restore_sqlite(source, _sqlite_path(engine))
    else:
        _restore_postgres(engine, source)
    with engine.connect() as connection:
        tables, rows = count_rows(connection)
    engine.dispose()
    return BackupSummary(source, source.stat().st_size, tables, rows)


def count_rows(connection: Connection) -> tuple[int, int]:
    """How many of the application's tables the database has, and their rows in all."""
    return _counted(set(inspect(connection).get_table_names()),
                    lambda sql: connection.execute(text(sql)).scalar_one())


def _counted(present: set[str], count: Callable[[str], int]) -> tuple[int, int]:
    """The application's tables among `present`, and their rows, `count` running SQL."""
    names = [table.name for table in SQLModel.metadata.sorted_tables if table.name in present]
    return len(names), sum(count(f'SELECT COUNT(*) FROM "{name}"') for name in names)


_KIND_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL", None: "an unknown kind of"}


def _backup_kind(source: Path) -> str | None:
    with source.open("rb") as file:
        start = file.read(len(SQLITE_MAGIC))
    if start.startswith(SQLITE_MAGIC):
        return "sqlite"
    if start.startswith(PG_DUMP_MAGIC):
        return "postgresql"
    raise BackupError(f"{source} is not a Surveybuilder backup (neither a SQLite database "
                      "nor a pg_dump custom-format file).")


def _refuse_if_holding_data(engine: Engine) -> None:
    with engine.connect() as connection:
        _tables, rows = count_rows(connection)
    if rows:
        raise BackupError(f"The configured database already holds data ({rows} rows). "
                          "Restoring would overwrite all of it. If that is what you want, "
                          "run the command again with --replace.")


@contextmanager
def _private_temporary(output: Path) -> Iterator[Path]:
    """A new empty file next to `output`, readable by this user only, removed unless it
    was moved into place."""
    handle, name = tempfile.mkstemp(prefix=f".{output.name}.", dir=output.parent)
    os.close(handle)  # mkstemp creates it 0600 whatever the umask
    temporary = Path(name)
    try:
        yield temporary
    finally:
        temporary.unlink(missing_ok=True)


def _sqlite_path(engine: Engine) -> Path:
    database = engine.url.database
    if not database or database == ":memory:":
        raise BackupError("The configured database is in memory; there is nothing to back "
                          "up or restore into.")
    return Path(database)


# SQLite -----------------------------------------------------------------------------

def _backup_sqlite(database: Path, destination: Path) -> tuple[int, int]:
    """SQLite's online backup API copies the pages while writers carry on; the copy is
    then switched out of WAL mode so the backup is one self-contained file."""
    if not database.is_file():
        raise BackupError(f"There is no database file at {database}.")
    source = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    target = sqlite3.connect(destination)
    try:
        source.backup(target)
        target.execute("PRAGMA journal_mode=DELETE")
        return _sqlite_counts(target)
    finally:
        target.close()
        source.close()


def _restore_sqlite(source: Path, database: Path) -> None:
    """Copy the backup over the database page by page, through the same online backup
    API, after checking that the backup file is whole."""
    backup_file = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        if backup_file.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise BackupError(f"{source} is damaged: SQLite's check of it failed.")
        if not database.exists():
            database.parent.mkdir(parents=True, exist_ok=True)
            os.close(os.open(database, os.O_CREAT | os.O_WRONLY, 0o600))
        target = sqlite3.connect(database)
        try:
            backup_file.backup(target)
        finally:
            target.close()
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{source} could not be read as a SQLite database: {exc}") from None
    finally:
        backup_file.close()


def _sqlite_counts(connection: sqlite3.Connection) -> tuple[int, int]:
    present = {row[0] for row in connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table'")}
    return _counted(present, lambda sql: connection.execute(sql).fetchone()[0])


# PostgreSQL -------------------------------------------------------------------------

def _backup_postgres(engine: Engine, destination: Path) -> tuple[int, int]:
    """pg_dump in its custom format, reading the same snapshot as a transaction of ours
    that counts the rows, so the counts printed are the counts in the file."""
    pg_dump = client_tool("pg_dump")
    with engine.connect() as connection:
        check_client_version(pg_dump, _server_major(connection))
        connection.execute(text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ"))
        snapshot = connection.execute(text("SELECT pg_export_snapshot()")).scalar_one()
        _run([pg_dump, "--format=custom", f"--snapshot={snapshot}", "--no-owner",
              f"--file={destination}", f"--dbname={libpq_conninfo(engine.url)}"],
             engine.url, "pg_dump")
        counts = count_rows(connection)
        connection.rollback()
    return counts


def _restore_postgres(engine: Engine, source: Path) -> None:
    """pg_restore in one transaction: either the whole backup goes in or nothing
    changes. Owners and privileges are left to the database being restored into, whose
    roles may differ from the one backed up."""
    pg_restore = client_tool("pg_restore")
    with engine.connect() as connection:
        check_client_version(pg_restore, _server_major(connection))
    _run([pg_restore, "--clean", "--if-exists", "--no-owner", "--no-privileges",
          "--single-transaction", "--exit-on-error",
          f"--dbname={libpq_conninfo(engine.url)}", str(source)], engine.url, "pg_restore")


def client_tool(name: str) -> str:
    """The path of a PostgreSQL client program, or a plain error saying how to get it."""
    found = shutil.which(name)
    if found is None:
        raise BackupError(f"{name} was not found. Install the PostgreSQL client tools of "
                          "the same version as the server (Debian and Ubuntu: "
                          "apt install postgresql-client).")
    return found


def check_client_version(tool: str, server_major: int) -> None:
    """pg_dump refuses, or worse half-works, against a newer server: say so first."""
    reply = subprocess.run([tool, "--version"], capture_output=True, text=True, check=False)
    name = Path(tool).name
    found = re.search(r"\(PostgreSQL\)\s+(\d+)", reply.stdout)
    if found is None:
        raise BackupError(f"Could not tell the version of {tool}: {reply.stdout.strip()!r}.")
    major = int(found.group(1))
    if major < server_major:
        raise BackupError(f"{name} is version {major} but the database server is version "
                          f"{server_major}. Install the PostgreSQL {server_major} client "
                          "tools (or newer) and try again.")


def libpq_conninfo(url: URL) -> str:
    """The SQLAlchemy URL as a libpq connection string without the password, which goes
    in PGPASSWORD so that it is never on a command line other users can see."""
    fields = {"host": url.host, "port": url.port, "user": url.username,
              "dbname": url.database}
    for key, value in url.query.items():
        fields[key] = value if isinstance(value, str) else value[-1]
    return " ".join(f"{key}={_conninfo_value(str(value))}"
                    for key, value in fields.items() if value not in (None, ""))


def _conninfo_value(value: str) -> str:
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _server_major(connection: Connection) -> int:
    return int(connection.execute(text("SHOW server_version_num")).scalar_one()) // 10000


def _run(command: list[str], url: URL, name: str) -> None:
    environment = dict(os.environ)
    if url.password:
        environment["PGPASSWORD"] = str(url.password)
    reply = subprocess.run(command, capture_output=True, text=True, env=environment,
                           check=False)
    if reply.returncode != 0:
        reason = reply.stderr.strip().splitlines()
        raise BackupError(f"{name} failed: {reason[0] if reason else 'no reason given'}")
