"""The benchmark's statement counter (setting SQL_COUNT_DIR): every statement a process
sends is counted once, transaction control is not, and processes add up."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from surveybuilder import create_app
from surveybuilder.db import count_statements, counted_statements, make_engine


def test_statements_are_counted_and_transaction_control_is_not(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'counted.sqlite3'}")
    try:
        count_statements(engine, str(tmp_path))
        with engine.begin() as connection:
            connection.execute(text("CREATE TABLE t (x INTEGER)"))
            connection.execute(text("INSERT INTO t VALUES (1), (2)"))
        with engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM t")).scalar_one() == 2
        assert counted_statements(tmp_path) == 3
    finally:
        engine.dispose()


def test_an_app_counts_only_when_the_setting_names_a_folder(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'app.sqlite3'}"
    counting = tmp_path / "counts"
    counting.mkdir()
    silent = create_app({"DATABASE_URL": url, "SECRET_KEY": "x" * 32})
    counted = create_app({"DATABASE_URL": url, "SECRET_KEY": "x" * 32,
                          "SQL_COUNT_DIR": str(counting)})
    for app in (silent, counted):
        with app.extensions["db_engine"].connect() as connection:
            connection.execute(text("SELECT 1"))
        app.extensions["db_engine"].dispose()
    assert counted_statements(counting) == 1
    assert len(list(counting.iterdir())) == 1
