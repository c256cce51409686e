"""The ceiling for the throughput benchmark: the least a Flask app can do per response.

POST /submit inserts one row into a table of its own (`benchmark_ceiling`) in the same
database as Surveybuilder, through an engine made the same way (`surveybuilder.db.
make_engine`: on SQLite the same WAL mode and busy timeout), and is served the same
way as `surveybuilder serve` (gunicorn, same processes and threads). Nothing else: no
templates, no sessions, no checks. Surveybuilder's full responses per second divided by
this app's inserts per second says how much of what the database and server allow the
real journey achieves. With SURVEYBUILDER_SQL_COUNT_DIR set, each process counts its
SQL statements there, with the counter Surveybuilder uses.

    python benchmarks/ceiling_app.py --database-url sqlite:////tmp/x.sqlite3 --port 8091

GET / answers "ok" (so a caller can tell when the server is up).
"""

from __future__ import annotations

import argparse
import os
from datetime import UTC, datetime

from flask import Flask, request
from sqlalchemy import Column, DateTime, Integer, MetaData, String, Table, insert

from surveybuilder.config import SETTINGS_BY_NAME
from surveybuilder.db import count_statements, make_engine

metadata = MetaData()
rows = Table(
    "benchmark_ceiling", metadata,
    Column("id", Integer, primary_key=True),
    Column("submitted_at", DateTime, nullable=False),
    Column("payload", String(200), nullable=False),
)


def create_app(database_url: str) -> Flask:
    engine = make_engine(database_url)
    counts = os.environ.get(SETTINGS_BY_NAME["SQL_COUNT_DIR"].env_var)
    if counts:  # counted as Surveybuilder counts its own (surveybuilder.db.init_app)
        count_statements(engine, counts)
    app = Flask(__name__)

    @app.get("/")
    def ready() -> str:
        return "ok"

    @app.post("/submit")
    def submit() -> tuple[str, int]:
        with engine.begin() as connection:
            connection.execute(insert(rows).values(
                submitted_at=datetime.now(UTC).replace(tzinfo=None),
                payload=request.form.get("answer", "")[:200]))
        return "stored", 201

    return app


def make_table(database_url: str) -> None:
    """Made once before the workers start, so they never race to create it."""
    engine = make_engine(database_url)
    metadata.create_all(engine)
    engine.dispose()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True, help="SQLAlchemy URL")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--workers", type=int, default=2,
                        help="server processes (as `surveybuilder serve --workers`)")
    parser.add_argument("--threads", type=int, default=4,
                        help="threads per process (as `surveybuilder serve --threads`)")
    args = parser.parse_args(argv)

    from surveybuilder.server import run

    make_table(args.database_url)
    run(lambda: create_app(args.database_url), host=args.host, port=args.port,
        workers=args.workers, threads=args.threads, name="ceiling")


if __name__ == "__main__":
    main()
