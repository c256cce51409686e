"""Pooled PostgreSQL connections survive the server closing them while idle (a restart,
an idle timeout), without a check on every request: only connections idle longer than
DATABASE_PING_AFTER_IDLE_SECONDS are checked before use."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from surveybuilder.db import make_engine


@pytest.fixture
def postgres_url(database_url: str) -> str:
    if not database_url.startswith("postgresql"):
        pytest.skip("closing a connection from the server's side needs PostgreSQL "
                    "(the CI runs the suite on both)")
    return database_url


def backend_pid(engine) -> int:
    with engine.connect() as connection:
        return connection.execute(text("SELECT pg_backend_pid()")).scalar_one()


def close_from_the_server(url: str, pid: int) -> None:
    other = make_engine(url)
    try:
        with other.connect() as connection:
            assert connection.execute(text("SELECT pg_terminate_backend(:pid)"),
                                      {"pid": pid}).scalar_one()
    finally:
        other.dispose()


def test_an_idle_connection_closed_by_the_server_is_replaced_before_use(postgres_url):
    engine = make_engine(postgres_url, ping_after_idle_seconds=0)
    try:
        first = backend_pid(engine)
        close_from_the_server(postgres_url, first)
        second = backend_pid(engine)  # would raise if the dead connection were used
        assert second != first
    finally:
        engine.dispose()


def test_a_connection_used_moments_ago_is_not_checked(postgres_url):
    """The other side of the trade: within the idle time there is no check (no extra
    round trip), so a connection closed in that moment fails once and is dropped."""
    engine = make_engine(postgres_url, ping_after_idle_seconds=3600)
    try:
        first = backend_pid(engine)
        close_from_the_server(postgres_url, first)
        with pytest.raises(OperationalError):
            backend_pid(engine)
        assert backend_pid(engine) != first  # the pool dropped it; the next one works
    finally:
        engine.dispose()


def test_each_process_keeps_the_pool_the_settings_give(postgres_url, tmp_path):
    """DATABASE_POOL_SIZE connections stay open between requests; DATABASE_MAX_OVERFLOW
    more are opened for a busy moment and closed again (docs/capacity.md counts them)."""
    from contextlib import ExitStack

    from surveybuilder import create_app

    app = create_app({"DATABASE_URL": postgres_url, "SECRET_KEY": "x",
                      "EXPORTS_DIR": str(tmp_path), "DATABASE_POOL_SIZE": 2,
                      "DATABASE_MAX_OVERFLOW": 1})
    engine = app.extensions["db_engine"]
    try:
        with ExitStack() as held:
            pids = {held.enter_context(engine.connect()).execute(
                text("SELECT pg_backend_pid()")).scalar_one() for _ in range(3)}
            assert len(pids) == 3  # two from the pool, one overflow
        assert engine.pool.checkedin() == 2  # the overflow one was closed
    finally:
        engine.dispose()
