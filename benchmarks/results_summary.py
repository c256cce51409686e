"""How fast results are counted: the full summary and one cross-tab of 100,000 responses,
against pandas computing the same counts from the CSV export (the analyst's route).

For each database (a fresh SQLite file always; PostgreSQL too when
SURVEYBUILDER_BENCH_POSTGRES_URL or --postgres names a server) the script:

1. brings the schema to head and publishes the 20-question survey of
   `respond_throughput.py` (ten question types);
2. loads --responses (100,000) made-up responses straight into the tables, in batches
   (executemany on SQLite, COPY on PostgreSQL), with the same row encoding as
   `responses.storage` (a multiple choice is one row per ticked option), spread over 60
   days, both channels and all three formats;
3. times `results.counting.summarise` (every question, the channel, format and per-day
   breakdowns) and one `results.crosstab.crosstab` (what to do first × age), best and
   median of --repeat (3) runs each, after one warm-up;
4. writes the CSV export (`results.exports.responses_csv`) to a temporary file, then
   times pandas reading it and computing the same counts (every choice, the multiple
   choice columns, scale points, number min/median/mean/max, dates by month, channel,
   format, per day, and the cross-tab with `pandas.crosstab`), and checks that pandas
   and the database agree on every count;
5. removes what it created (with PostgreSQL, only its own `sb_bench_<random>` database).

    .venv/bin/pip install -e '.[bench]'
    .venv/bin/python benchmarks/results_summary.py
    .venv/bin/python benchmarks/results_summary.py --postgres postgresql+psycopg://postgres@127.0.0.1:54329/postgres

The issue's target: the full summary within 1 second on SQLite on a 2-core machine,
and faster than the pandas route.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from respond_throughput import (  # noqa: E402
    SLUG,
    postgres_database,
    prepare_database,
    survey_definition,
)

SUMMARY_TARGET_S = 1.0
BATCH = 5000
START = datetime(2026, 9, 1, 8, tzinfo=UTC)
TEXTS = ["More lighting on the main path", "A second gate on the north side",
         "=HYPERLINK(\"http://example.com\")", "Toilets open in the evening", ""]
ANSWER_COLUMNS = ("response_id", "consultation_id", "question_key", "option_key",
                  "text_value", "number_value", "date_value")


def made_up_rows(definition, count: int, rng: random.Random
                 ) -> Iterator[tuple[list[dict], list[tuple]]]:
    """Batches of (response rows, answer rows). Answers are encoded as
    responses.storage encodes them; about one in ten questions is skipped."""
    questions = [q for q in definition.questions() if q.answerable]
    channels = ["online"] * 4 + ["paper"]
    formats = ["standard"] * 6 + ["easy_read", "large_print"]
    responses: list[dict] = []
    answers: list[tuple] = []
    for number in range(1, count + 1):
        responses.append({
            "id": number, "consultation_id": 1, "version_id": 1,
            "reference": f"B{number:07d}", "channel": rng.choice(channels),
            "format": rng.choice(formats), "submission_key": None,
            "submitted_at": START + timedelta(minutes=rng.randint(0, 60 * 24 * 60))})
        for q in questions:
            if rng.random() < 0.1:
                continue
            answers += _answer(number, q, rng)
        if number % BATCH == 0 or number == count:
            yield responses, answers
            responses, answers = [], []


def _answer(response_id: int, q, rng: random.Random) -> list[tuple]:
    keys = [c.key for c in q.choices()]
    row = lambda option=None, text=None, number=None, day=None: (  # noqa: E731
        response_id, 1, q.key, option, text, number, day)
    if q.kind in ("single_choice", "yes_no", "scale"):
        return [row(option=rng.choice(keys))]
    if q.kind == "multiple_choice":
        return [row(option=k) for k in rng.sample(keys, rng.randint(1, q.max_choices
                                                                     or len(keys)))]
    if q.kind == "consent":
        return [row(option="yes")]
    if q.kind == "number":
        return [row(number=float(rng.randint(int(q.min or 0), int(q.max or 100))))]
    if q.kind == "date":
        return [row(day=date(2026, 1, 1) + timedelta(days=rng.randint(0, 300)))]
    return [row(text=rng.choice(TEXTS) or "ok")]


def load(url: str, count: int, seed: int) -> float:
    """Insert the responses; returns the seconds it took."""
    from sqlalchemy import insert

    from surveybuilder.db import make_engine
    from surveybuilder.models import Answer, Response
    from surveybuilder.survey.loading import load_definition

    definition = load_definition(survey_definition())
    engine = make_engine(url)
    started = time.perf_counter()
    try:
        with engine.begin() as connection:
            for responses, answers in made_up_rows(definition, count, random.Random(seed)):
                connection.execute(insert(Response.__table__), responses)
                if engine.dialect.name == "postgresql":
                    _copy(connection, answers)
                else:
                    connection.execute(insert(Answer.__table__),
                                       [dict(zip(ANSWER_COLUMNS, a, strict=True))
                                        for a in answers])
        with engine.connect() as connection:
            connection = connection.execution_options(isolation_level="AUTOCOMMIT")
            connection.exec_driver_sql("VACUUM ANALYZE" if engine.dialect.name == "postgresql"
                                       else "ANALYZE")
    finally:
        engine.dispose()
    return time.perf_counter() - started


def _copy(connection, answers: list[tuple]) -> None:
    cursor = connection.connection.cursor()
    columns = ", ".join(ANSWER_COLUMNS)
    with cursor.copy(f"COPY answer ({columns}) FROM STDIN") as copy:
        for row in answers:
            copy.write_row(row)


def timed(function: Callable[[], object], repeat: int) -> tuple[float, float, object]:
    """(best, median) seconds over `repeat` runs after one warm-up, and the last result."""
    result = function()
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        runs.append(time.perf_counter() - started)
    return min(runs), statistics.median(runs), result


def database_figures(url: str, repeat: int, csv_path: Path) -> dict:
    from sqlmodel import Session, select

    from surveybuilder.db import make_engine
    from surveybuilder.models import Consultation
    from surveybuilder.results import counting, crosstab, exports

    engine = make_engine(url)
    try:
        with Session(engine, expire_on_commit=False) as session:
            consultation = session.exec(select(Consultation).where(
                Consultation.slug == SLUG)).one()
            summary_best, summary_median, summary = timed(
                lambda: counting.summarise(session, consultation), repeat)
            cross_best, cross_median, table = timed(
                lambda: crosstab.crosstab(session, consultation, "first", "age"), repeat)
            started = time.perf_counter()
            with csv_path.open("w", encoding="utf-8", newline="") as target:
                for piece in exports.responses_csv(session, consultation):
                    target.write(piece)
            export_s = time.perf_counter() - started
    finally:
        engine.dispose()
    return {"summary": (summary_best, summary_median), "crosstab": (cross_best, cross_median),
            "export": export_s, "result": summary, "table": table}


def pandas_figures(csv_path: Path, definition, repeat: int) -> dict:
    """pandas reading the CSV export and counting the same things, timed as a whole."""
    import pandas as pd

    choice = [q for q in definition.questions()
              if q.kind in ("single_choice", "yes_no", "scale", "consent")]
    multiple = [q for q in definition.questions() if q.kind == "multiple_choice"]
    numbers = [q for q in definition.questions() if q.kind == "number"]
    dates = [q for q in definition.questions() if q.kind == "date"]

    def route() -> dict:
        frame = pd.read_csv(csv_path, encoding="utf-8-sig", dtype=str, keep_default_na=False)
        counts: dict = {"respondents": len(frame)}
        for q in choice:
            counts[q.key] = frame[q.key][frame[q.key] != ""].value_counts().to_dict()
        for q in multiple:
            answered = frame[[f"{q.key}.{c.key}" for c in q.choices()]]
            counts[q.key] = {c.key: int((answered[f"{q.key}.{c.key}"] == "1").sum())
                             for c in q.choices()}
        for q in numbers:
            values = pd.to_numeric(frame[q.key][frame[q.key] != ""])
            counts[q.key] = (values.min(), values.median(), values.mean(), values.max())
        for q in dates:
            months = frame[q.key][frame[q.key] != ""].str.slice(0, 7)
            counts[q.key] = months.value_counts().to_dict()
        counts["channel"] = frame["channel"].value_counts().to_dict()
        counts["format"] = frame["format"].value_counts().to_dict()
        counts["day"] = pd.to_datetime(frame["submitted_at"], utc=True).dt.date \
            .value_counts().to_dict()
        both = frame[(frame["first"] != "") & (frame["age"] != "")]
        counts["crosstab"] = pd.crosstab(both["first"], both["age"])
        return counts

    best, median, counts = timed(route, repeat)
    return {"route": (best, median), "counts": counts}


def agree(summary, table, counts: dict) -> list[str]:
    """Every count the two routes both computed, compared; returns the differences."""
    problems = []
    if summary.respondents != counts["respondents"]:
        problems.append("respondents")
    for question in summary.questions:
        expected = counts.get(question.key)
        if expected is None:
            continue
        if question.numbers is not None:
            low, middle, mean, high = expected
            got = question.numbers
            if (low, high) != (got.minimum, got.maximum) or abs(middle - got.median) > 1e-9 \
                    or abs(mean - got.mean) > 1e-9:
                problems.append(question.key)
        elif any(o.count != expected.get(o.key, 0) for o in question.options):
            problems.append(question.key)
    for name, options in (("channel", summary.by_channel), ("format", summary.by_format)):
        if any(o.count != counts[name].get(o.key, 0) for o in options):
            problems.append(name)
    if {o.key: o.count for o in summary.per_day} != {
            d.isoformat(): n for d, n in counts["day"].items()}:
        problems.append("per day")
    frame = counts["crosstab"]
    for i, (row, _) in enumerate(table.row_labels):
        for j, (column, _) in enumerate(table.column_labels):
            expected = int(frame.loc[row, column]) if row in frame.index and \
                column in frame.columns else 0
            if table.counts[i][j] != expected:
                problems.append(f"crosstab {row}×{column}")
    return problems


def stored_bytes(url: str) -> int:
    """Bytes the responses take in the database, indexes included: what capacity
    planning (docs/capacity.md) multiplies by the responses expected. On SQLite, the
    whole file after VACUUM (the survey and its small tables are a few kilobytes)."""
    from sqlalchemy import text

    from surveybuilder.db import make_engine

    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            if engine.dialect.name == "postgresql":
                return int(connection.execute(text(
                    "SELECT pg_total_relation_size('response') "
                    "+ pg_total_relation_size('answer')")).scalar_one())
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM"))
        return Path(url.removeprefix("sqlite:///")).stat().st_size
    finally:
        engine.dispose()


@contextmanager
def sqlite_database(folder: Path) -> Iterator[str]:
    yield f"sqlite:///{folder / 'bench.sqlite3'}"


def run(label: str, url: str, args: argparse.Namespace, folder: Path) -> dict:
    from surveybuilder.survey.loading import load_definition

    print(f"{label}: preparing and loading {args.responses:,} responses…", flush=True)
    prepare_database(url)
    load_s = load(url, args.responses, args.seed)
    csv_path = folder / f"{label.lower()}.csv"
    figures = database_figures(url, args.repeat, csv_path)
    pandas = pandas_figures(csv_path, load_definition(survey_definition()), args.repeat)
    figures.update(label=label, load=load_s, pandas=pandas["route"],
                   csv_mb=csv_path.stat().st_size / 1e6, stored_bytes=stored_bytes(url),
                   problems=agree(figures["result"], figures["table"], pandas["counts"]))
    return figures


def report(results: list[dict], responses: int) -> bool:
    out = io.StringIO()
    out.write(f"\n{responses:,} responses to a 20-question survey "
              f"({sum(len(r['result'].questions) for r in results[:1])} answerable questions)\n\n")
    out.write("| Database | Load s | Full summary s (best / median) | Cross-tab s "
              "(best / median) | CSV export s | pandas from CSV s (best / median) | "
              "Stored bytes per response | Counts agree |\n|---|--:|--:|--:|--:|--:|--:|---|\n")
    ok = True
    for r in results:
        agree_text = "yes" if not r["problems"] else "NO: " + ", ".join(r["problems"])
        out.write(f"| {r['label']} | {r['load']:.1f} | {r['summary'][0]:.3f} / "
                  f"{r['summary'][1]:.3f} | {r['crosstab'][0]:.3f} / {r['crosstab'][1]:.3f} | "
                  f"{r['export']:.1f} | {r['pandas'][0]:.3f} / {r['pandas'][1]:.3f} | "
                  f"{r['stored_bytes'] / responses:,.0f} | {agree_text} |\n")
        ok = ok and not r["problems"]
    for r in results:
        faster = r["summary"][1] < r["pandas"][1]
        within = r["summary"][1] <= SUMMARY_TARGET_S
        out.write(f"\n{r['label']}: full summary median {r['summary'][1]:.3f} s — "
                  f"{'within' if within else 'OVER'} the {SUMMARY_TARGET_S:g} s target"
                  f"{'' if r['label'] == 'SQLite' else ' (the target is for SQLite)'}; "
                  f"{r['pandas'][1] / r['summary'][1]:.1f}× "
                  f"{'faster' if faster else 'SLOWER'} than pandas from the "
                  f"{r['csv_mb']:.0f} MB CSV.")
    print(out.getvalue())
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--responses", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--postgres", metavar="URL",
                        default=os.environ.get("SURVEYBUILDER_BENCH_POSTGRES_URL"),
                        help="a PostgreSQL server URL; a database of our own is created "
                             "there and dropped afterwards")
    args = parser.parse_args(argv)
    results = []
    with tempfile.TemporaryDirectory(prefix="sb-results-bench-") as temp:
        folder = Path(temp)
        with sqlite_database(folder) as url:
            results.append(run("SQLite", url, args, folder))
        if args.postgres:
            with postgres_database(args.postgres) as url:
                results.append(run("PostgreSQL", url, args, folder))
    return 0 if report(results, args.responses) else 1


if __name__ == "__main__":
    sys.exit(main())
