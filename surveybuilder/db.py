"""The database engine, one session per request, and schema upgrades through Alembic.

Domain services take a `Session` argument; only this module and the views know that a
web request owns one.
"""

from __future__ import annotations

import mmap
import os
import struct
import threading
import time
from pathlib import Path

from alembic import command
from alembic.config import Config as AlembicConfig
from flask import Flask, current_app, g
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DisconnectionError
from sqlmodel import Session, create_engine

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def make_engine(url: str, sqlite_busy_timeout_ms: int = 5000,
                ping_after_idle_seconds: float = 10.0, pool_size: int = 5,
                max_overflow: int = 10) -> Engine:
    """Create an engine; SQLite gets WAL mode, a busy timeout, enforced foreign keys and
    secure delete (a deleted row's bytes are overwritten with zeros, so an erased
    resident's answers cannot be read back from free pages of the file).

    WAL lets residents answer while staff read results without "database is locked".
    A server database's pooled connections are checked before use once they have sat
    idle for `ping_after_idle_seconds` (see `_ping_idle_connections`); each process keeps
    `pool_size` of them, and opens up to `max_overflow` more for a moment.
    A failed statement's error leaves out the values it was sent (`hide_parameters`):
    they can be a resident's answers, journey token or resume code, and the error is
    logged with its traceback.
    """
    if url.startswith("sqlite"):
        if url.startswith("sqlite:///") and not url.startswith("sqlite:///:memory:"):
            Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False},
                               hide_parameters=True)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):  # pragma: no branch
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute(f"PRAGMA busy_timeout={int(sqlite_busy_timeout_ms)}")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA secure_delete=ON")
            cursor.close()

        return engine
    engine = create_engine(url, pool_size=pool_size, max_overflow=max_overflow,
                           hide_parameters=True)
    _ping_idle_connections(engine, ping_after_idle_seconds)
    return engine


def _ping_idle_connections(engine: Engine, idle_seconds: float) -> None:
    """Before a pooled connection that has been idle a while is used, check it still
    works, and swap it for a fresh one if not (the server may have restarted or closed
    it). SQLAlchemy's `pool_pre_ping` does this on every use: one more round trip per
    request, a fifth of a journey page's time on PostgreSQL (benchmarks/README.md),
    for connections that were in use milliseconds ago."""
    @event.listens_for(engine, "checkin")
    def _returned(_dbapi_connection, record) -> None:
        record.info["returned_at"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _check_if_idle(dbapi_connection, record, _proxy) -> None:
        returned = record.info.get("returned_at")
        if returned is None or time.monotonic() - returned < idle_seconds:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except engine.dialect.loaded_dbapi.Error as lost:
            # The pool drops this connection and checks out another.
            raise DisconnectionError("The pooled database connection was lost") from lost


def count_statements(engine: Engine, directory: str) -> Path:
    """Benchmarks only (setting SQL_COUNT_DIR): count the SQL statements this process
    sends through `engine` — every statement, not BEGIN or COMMIT, which the database
    drivers send themselves — in a file of its own in `directory`, which a benchmark
    reads while the server runs. The count is a memory-mapped 8-byte integer, so
    keeping it costs no system call per statement."""
    path = Path(directory) / f"{os.getpid()}-{id(engine)}.sql-count"
    path.write_bytes(bytes(8))
    with path.open("r+b") as file:
        counter = mmap.mmap(file.fileno(), 8)
    lock = threading.Lock()

    @event.listens_for(engine, "before_cursor_execute")
    def _count(*_args) -> None:
        with lock:
            struct.pack_into("<Q", counter, 0, struct.unpack_from("<Q", counter)[0] + 1)

    return path


def counted_statements(directory: str | Path) -> int:
    """The statements counted so far by every process counting into `directory`."""
    return sum(struct.unpack("<Q", path.read_bytes()[:8])[0]
               for path in Path(directory).glob("*.sql-count"))


def alembic_config(url: str) -> AlembicConfig:
    config = AlembicConfig()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade_to_head(engine: Engine) -> None:
    """Bring the schema up to date; safe to run on every start."""
    config = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def init_app(app: Flask) -> None:
    app.extensions["db_engine"] = make_engine(
        app.config["DATABASE_URL"], app.config["SQLITE_BUSY_TIMEOUT_MS"],
        app.config["DATABASE_PING_AFTER_IDLE_SECONDS"], app.config["DATABASE_POOL_SIZE"],
        app.config["DATABASE_MAX_OVERFLOW"],
    )
    if app.config["SQL_COUNT_DIR"]:
        count_statements(app.extensions["db_engine"], app.config["SQL_COUNT_DIR"])
    app.teardown_appcontext(_close_session)


def engine() -> Engine:
    return current_app.extensions["db_engine"]


def session() -> Session:
    """The request's session, opened on first use and closed at teardown."""
    if "db_session" not in g:
        g.db_session = Session(engine(), expire_on_commit=False)
    return g.db_session


def reading_connection() -> Connection:
    """The request's connection for a request that only reads (a journey's GET pages):
    a plain SQLAlchemy connection rather than the ORM session, whose set-up and close
    cost more than the page's one SELECT (about 0.07 ms a page; the page reads plain
    rows, docs/decisions/0009). On a server database it runs in autocommit, so the
    SELECT is not wrapped in BEGIN and ROLLBACK — two round trips fewer on PostgreSQL.
    SQLite's driver begins a transaction only before a write, so a SELECT there is
    never wrapped and its connection is left as it is. A write later in the request
    (rare: switching format by a link) goes through the session as usual; a request
    whose session is already open reads through that."""
    if "db_session" in g:
        return g.db_session.connection()
    if "db_reading" not in g:
        connection = engine().connect()
        if connection.dialect.name != "sqlite":
            connection.execution_options(isolation_level="AUTOCOMMIT")
        g.db_reading = connection
    return g.db_reading


def _close_session(_exc: BaseException | None) -> None:
    for opened in (g.pop("db_session", None), g.pop("db_reading", None)):
        if opened is not None:
            opened.close()
