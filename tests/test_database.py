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
