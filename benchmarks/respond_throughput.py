"""Full responses per second through the production server, against a ceiling, both
measured in the same run, in alternating rounds.

For each database (a fresh SQLite file always; PostgreSQL too when --postgres is given)
the script:

1. creates a fresh database and brings the schema to head (surveybuilder.db.upgrade_to_head),
   adds an organisation and publishes a 20-question survey over five pages, then runs
   the background jobs publishing queued (printed forms, spoken questions) to the end,
   so that neither server's rounds pay for them;
2. starts `surveybuilder serve` (gunicorn) and benchmarks/ceiling_app.py (served the same
   way: gunicorn, same processes and threads; one insert per request into its own table
   in the same database), both on free loopback ports, with the submit rate limit off
   and SURVEYBUILDER_SQL_COUNT_DIR set, so each server process counts the SQL statements
   it sends (surveybuilder.db.count_statements: the same counter in both apps);
3. warms both up, then for each number of clients (--clients, default 5, 20 and 50)
   runs --rounds short rounds of --round-seconds each *alternately*: Surveybuilder, the
   ceiling, the ceiling, Surveybuilder, … so that the machine's speed drifting during
   the run hits both alike. A Surveybuilder response is a resident's whole journey:
   start, then for every page GET it and POST its answers, GET check your answers, POST
   submit, GET the confirmation (14 requests; redirects followed by hand; it counts only
   when the confirmation page arrives). A ceiling "response" is as many requests, each
   inserting one row;
4. checks that every counted response is stored (and nothing more), stops both servers
   and removes what it created.

For every round it reads, before and after: the CPU time of the server's processes
(gunicorn and its workers, from /proc) and, on PostgreSQL, of the postgres backend
processes serving the benchmark's database (from /proc, when the server runs on this
machine), and the statement counts. It prints, per database and number of clients, for
both apps: responses per second, page latency p50/p95 (over every request), server CPU
ms per response (application + database), SQL statements per response, and each
figure's ratio to the ceiling, beside the issue's targets.

Nothing leaves the machine: servers listen on 127.0.0.1, clients use http.client.
With --postgres, the URL names a server and a database the script may connect to
(e.g. .../postgres); it creates a database of its own, `sb_bench_<random>`, and drops
only that one.

    python benchmarks/respond_throughput.py
    python benchmarks/respond_throughput.py --postgres postgresql+psycopg://postgres@127.0.0.1:54329/postgres
"""

from __future__ import annotations

import argparse
import html
import http.client
import math
import os
import random
import re
import secrets
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlencode, urlsplit

HERE = Path(__file__).resolve().parent
HOST = "127.0.0.1"
SLUG = "benchmark-park"
# The issue's targets (issue 12).
RATE_RATIO_TARGET = 0.6  # Surveybuilder's responses/s at least this share of the ceiling's
P95_TARGET_MS = 60.0  # p95 page latency at P95_CLIENTS clients …
P95_CEILING_MS = 40.0  # … judged where the ceiling's own p95 is under this
P95_CLIENTS = 20
CPU_RATIO_TARGET = 1.5  # server CPU per response within this many times the ceiling's
STATEMENTS_RATIO_TARGET = 1.3  # SQL statements per response within this many times


# --- The survey ----------------------------------------------------------------------

def survey_definition() -> dict:
    """20 questions of ten types in four sections; `parking` is routed on `drive`, on
    the same page, so it starts a page of its own: five pages in all."""
    today = date.today()
    choices = lambda *labels: [{"key": f"o{i}", "label": label}  # noqa: E731
                               for i, label in enumerate(labels, start=1)]
    return {
        "format": "surveybuilder/1", "slug": SLUG, "title": "Benchmark: the park",
        "summary": "A survey used to measure how fast responses are stored.",
        "participation_level": "consult",
        "can_change": ["Where new benches go"], "cannot_change": ["The budget"],
        "audience": ["adults"], "contact": "parks@example.gov.uk",
        "privacy_notice": "Benchmark data only. It is deleted when the run ends.",
        "plan": {"success_measures": "None: this is a benchmark."},
        "opens": (today - timedelta(days=1)).isoformat(),
        "closes": (today + timedelta(days=60)).isoformat(),
        "feedback_by": (today + timedelta(days=90)).isoformat(),
        "sections": [
            {"title": "Using the park", "questions": [
                {"key": "visit", "type": "single_choice", "required": True,
                 "text": "How often do you visit?",
                 "options": choices("Every day", "Every week", "Every month", "Less often")},
                {"key": "uses", "type": "multiple_choice", "max_choices": 3,
                 "text": "What do you do there?",
                 "options": choices("Walk", "Play", "Sport", "Picnic", "Events")},
                {"key": "safe", "type": "scale", "scale": "agree",
                 "text": "I feel safe in the park."},
                {"key": "rating", "type": "scale", "scale": "satisfied",
                 "text": "How satisfied are you with the park?"},
                {"key": "hear", "type": "yes_no", "required": True,
                 "text": "Have you heard about the plans?"},
            ]},
            {"title": "Your ideas", "questions": [
                {"key": "ideas", "type": "long_text", "max_length": 2000,
                 "text": "What would make the park better?"},
                {"key": "first", "type": "single_choice", "text": "What should we do first?",
                 "options": choices("Lighting", "Benches", "Toilets", "Play area")},
                {"key": "share", "type": "number", "min": 0, "max": 100, "whole_number": True,
                 "text": "What share of the budget should go on lighting (per cent)?"},
                {"key": "bench", "type": "short_text", "max_length": 200,
                 "text": "Where should a new bench go?"},
                {"key": "last_visit", "type": "date", "text": "When did you last visit?"},
            ]},
            {"title": "Getting there", "questions": [
                {"key": "transport", "type": "multiple_choice", "text": "How do you get there?",
                 "options": choices("Walking", "Bus", "Bicycle", "Car")},
                {"key": "drive", "type": "yes_no", "required": True,
                 "text": "Do you ever drive there?"},
                {"key": "parking", "type": "short_text", "text": "Where do you park?",
                 "show_if": {"question": "drive", "in": ["yes"]}},
                {"key": "distance", "type": "number", "min": 0, "max": 50,
                 "text": "How far do you live from the park (miles)?"},
                {"key": "access", "type": "yes_no", "dont_know": True,
                 "text": "Are the paths easy to use?"},
            ]},
            {"title": "About you", "questions": [
                {"key": "email", "type": "email", "personal_data": True,
                 "text": "What is your email address?"},
                {"key": "phone", "type": "phone", "personal_data": True,
                 "text": "What is your phone number?"},
                {"key": "postcode", "type": "postcode", "required": True, "personal_data": True,
                 "text": "What is your postcode?"},
                {"key": "age", "type": "single_choice", "text": "How old are you?",
                 "options": choices("Under 25", "25 to 64", "65 or over", "Prefer not to say")},
                {"key": "agree", "type": "consent",
                 "text": "I agree that you can contact me about this consultation."},
            ]},
        ],
    }


Form = list[tuple[str, str]]


def page_forms(rng: random.Random) -> dict[int, Form]:
    """One resident's answers as the form fields of each page (page number -> fields)."""
    from surveybuilder.survey.journey import pages
    from surveybuilder.survey.loading import load_definition

    definition = load_definition(survey_definition())
    forms: dict[int, Form] = {}
    for page in pages(definition, definition.one_question_per_page):
        fields: Form = []
        for q in page.questions:
            fields += _fields(q, rng)
        forms[page.number] = [*fields, ("action", "continue")]
    return forms


def _fields(q, rng: random.Random) -> Form:
    keys = [c.key for c in q.choices()]
    if q.kind in ("single_choice", "yes_no", "scale"):
        return [(q.key, rng.choice(keys))]
    if q.kind == "multiple_choice":
        count = rng.randint(1, q.max_choices or len(keys))
        return [(q.key, key) for key in rng.sample(keys, count)]
    if q.kind == "number":
        return [(q.key, str(rng.randint(int(q.min or 0), int(q.max or 100))))]
    if q.kind == "date":
        day = date.today() - timedelta(days=rng.randint(1, 300))
        return [(f"{q.key}-day", str(day.day)), (f"{q.key}-month", str(day.month)),
                (f"{q.key}-year", str(day.year))]
    text = {
        "short_text": "By the pond, facing the playground",
        "long_text": "More lighting on the main path.\nA second gate on the north side. "
                     "Toilets that are open in the evening.",
        "email": f"resident{rng.randint(1, 99999)}@example.com",
        "phone": "07700 900 982", "postcode": "B69 3DE", "consent": "yes",
    }
    return [(q.key, text[q.kind])] if q.kind in text else []


def prepare_database(url: str) -> None:
    """Schema at head, an organisation, and the survey published."""
    from sqlmodel import Session

    from surveybuilder.consultations import lifecycle
    from surveybuilder.consultations.snapshots import import_definition
    from surveybuilder.db import make_engine, upgrade_to_head
    from surveybuilder.staff.accounts import create_organisation
    from surveybuilder.survey.loading import load_definition

    engine = make_engine(url)
    try:
        upgrade_to_head(engine)
        with Session(engine, expire_on_commit=False) as session:
            organisation = create_organisation(session, "benchmark-council", "Benchmark Council")
            consultation = import_definition(session, organisation, None,
                                             load_definition(survey_definition()))
            session.commit()
            lifecycle.publish(session, consultation, None,
                              override_reason="Benchmark data, not a real consultation")
            session.commit()
    finally:
        engine.dispose()


# --- Servers ---------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def surveybuilder_command() -> list[str]:
    script = Path(sys.executable).with_name("surveybuilder")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from surveybuilder.cli import main; main()"]


def cpu_seconds(pid: int) -> float | None:
    """CPU time (user + system) a server and its worker processes have used so far;
    None where /proc is missing. Less sensitive than wall-clock rates to other work on
    a shared machine."""
    try:
        own = _stat(pid)
    except OSError:
        return None
    total = int(own[11]) + int(own[12])
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = _stat(int(entry.name))
        except OSError:
            continue
        if int(fields[1]) == pid:  # a worker: its parent is the server
            total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def _stat(pid: int) -> list[str]:
    """/proc/<pid>/stat after the command name: state, ppid, … (utime is [11])."""
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


def postgres_backends_cpu(database: str) -> dict[int, float] | None:
    """CPU seconds used so far by each postgres backend process serving `database` on
    this machine (its process title is "postgres: <user> <database> <client> …"); None
    when there are none, e.g. the server runs elsewhere."""
    found: dict[int, float] = {}
    marker = f" {database} ".encode()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            title = (entry / "cmdline").read_bytes()
            if not title.startswith(b"postgres: ") or marker not in title:
                continue
            fields = _stat(int(entry.name))
        except OSError:
            continue
        found[int(entry.name)] = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return found or None


@contextmanager
def server(name: str, command: list[str], env: dict[str, str], workdir: Path, port: int
           ) -> Iterator[subprocess.Popen]:
    """Run a server process until the block ends; it must answer GET / within 30 s."""
    log = workdir / f"{name}.log"
    with log.open("wb") as out:
        process = subprocess.Popen(command, env=env, cwd=workdir, stdout=out,
                                   stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"{name} stopped at start:\n{log.read_text()[-2000:]}")
            try:
                connection = http.client.HTTPConnection(HOST, port, timeout=2)
                connection.request("GET", "/")
                connection.getresponse().read()
                connection.close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"{name} did not start:\n{log.read_text()[-2000:]}"
                                       ) from None
                time.sleep(0.1)
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


# --- Clients ---------------------------------------------------------------------------

@dataclass
class Run:
    """What one measured phase did."""

    completed: int = 0
    failed: int = 0
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)  # every request, in seconds
    by_kind: dict[str, list[float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    capped: bool = False

    @property
    def requests(self) -> int:
        return len(self.latencies)


class Client:
    """One keep-alive connection, as a browser tab would use."""

    def __init__(self, port: int, record: Callable[[str, float], None], think: float = 0.0):
        self.port = port
        self.record = record
        self.think = think  # seconds spent reading before each page is asked for
        self.connection = http.client.HTTPConnection(HOST, port, timeout=60)

    def send(self, kind: str, method: str, path: str, form: Form | None = None
             ) -> tuple[int, str, bytes]:
        body = urlencode(form).encode() if form is not None else None
        headers = {"Content-Type": "application/x-www-form-urlencoded"} if method == "POST" \
            else {}
        if self.think and method == "POST":  # a person reads the page, then answers
            time.sleep(self.think)
        started = time.perf_counter()
        try:
            self.connection.request(method, path, body=body if method == "POST" else None,
                                    headers=headers)
            response = self.connection.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException):
            self.connection.close()
            self.connection = http.client.HTTPConnection(HOST, self.port, timeout=60)
            raise
        self.record(kind, time.perf_counter() - started)
        location = response.getheader("Location") or ""
        if location:
            parts = urlsplit(location)
            location = parts.path + (f"?{parts.query}" if parts.query else "")
        return response.status, location, data

    def close(self) -> None:
        self.connection.close()


class Failed(Exception):
    pass


def expect(condition: bool, message: str) -> None:
    if not condition:
        raise Failed(message)


def one_response(client: Client, forms: dict[int, Form]) -> None:
    """A resident's whole journey; returns only when the confirmation page arrived."""
    status, location, _ = client.send("start", "POST", f"/c/{SLUG}/start", [])
    expect(status == 302, f"start gave {status}")
    for _ in range(len(forms) + 1):
        status, _, body = client.send("page GET", "GET", location)
        expect(status == 200, f"GET {location} gave {status}")
        if location.endswith("/check"):
            break
        number = int(location.rsplit("/", 1)[1])
        status, following, body = client.send("page POST", "POST", location,
                                              forms[number] + hidden_fields(body))
        expect(status == 302, f"POST page {number} gave {status}: {body[:300]!r}")
        location = following
    expect(location.endswith("/check"), f"never reached check answers: {location}")
    status, location, _ = client.send("submit", "POST", location.removesuffix("check")
                                      + "submit", [])
    expect(status == 302 and location.endswith("/done"), f"submit gave {status}")
    status, _, body = client.send("page GET", "GET", location)
    expect(status == 200 and b"Response sent" in body, f"done page gave {status}")


def hidden_fields(page: bytes) -> Form:
    """The page's hidden fields, sent back with the answers as a browser would (a
    question page says what it was drawn for: see decision 9)."""
    return [(html.unescape(name.decode()), html.unescape(value.decode()))
            for name, value in HIDDEN.findall(page)]


HIDDEN = re.compile(rb'<input type="hidden" name="([^"]*)" value="([^"]*)"')


def ceiling_response(requests: int) -> Callable[[Client, int], None]:
    """The ceiling's "response": `requests` inserts, one a request, as many requests as
    a Surveybuilder response takes."""
    def respond(client: Client, n: int) -> None:
        for part in range(requests):
            status, _, _ = client.send("insert", "POST", "/submit",
                                       [("answer", f"answer {n}.{part}")])
            expect(status == 201, f"ceiling gave {status}")
    return respond


def measure(port: int, total: int, clients: int, time_limit: float,
            work: Callable[[Client, int], None], think: float = 0.0) -> Run:
    """Run `work` `total` times from `clients` threads, or until `time_limit` seconds;
    with `think`, each client pauses that long before each POST, as a person would."""
    run = Run()
    lock = threading.Lock()
    taken = 0

    def record(kind: str, seconds: float) -> None:
        with lock:
            run.latencies.append(seconds)
            run.by_kind.setdefault(kind, []).append(seconds)

    def take() -> int | None:
        nonlocal taken
        with lock:
            if taken >= total:
                return None
            if time.perf_counter() > deadline:
                run.capped = True
                return None
            taken += 1
            return taken

    def worker() -> None:
        client = Client(port, record, think)
        try:
            while (n := take()) is not None:
                try:
                    work(client, n)
                except (Failed, OSError, http.client.HTTPException) as exc:
                    with lock:
                        run.failed += 1
                        if len(run.errors) < 5:
                            run.errors.append(f"{type(exc).__name__}: {exc}")
                else:
                    with lock:
                        run.completed += 1
        finally:
            client.close()

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(clients)]
    started = time.perf_counter()
    deadline = started + time_limit
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    run.seconds = time.perf_counter() - started
    return run


# --- One database ---------------------------------------------------------------------

@dataclass
class Served:
    """One running server and how to load it."""

    name: str
    process: subprocess.Popen
    port: int
    counts: Path  # the folder its processes count SQL statements in
    work: Callable[[Client, int], None]
    done: int = 0  # responses completed, warm-up included (to check what is stored)


@dataclass
class Tally:
    """One app at one number of clients, over all its rounds."""

    completed: int = 0
    failed: int = 0
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    by_kind: dict[str, list[float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    app_cpu: float | None = 0.0  # seconds: the server's processes
    db_cpu: float | None = 0.0  # seconds: postgres backends (None: not measurable)
    statements: int | None = 0  # None: not counted

    def add(self, run: Run, app_cpu: float | None, db_cpu: float | None,
            statements: int | None) -> None:
        self.completed += run.completed
        self.failed += run.failed
        self.seconds += run.seconds
        self.latencies += run.latencies
        for kind, values in run.by_kind.items():
            self.by_kind.setdefault(kind, []).extend(values)
        self.errors += run.errors[:max(0, 5 - len(self.errors))]
        self.app_cpu = None if app_cpu is None or self.app_cpu is None \
            else self.app_cpu + app_cpu
        self.db_cpu = None if db_cpu is None or self.db_cpu is None else self.db_cpu + db_cpu
        self.statements = (None if statements is None or self.statements is None
                           else self.statements + statements)

    def per_response(self, amount: float | None) -> float:
        if amount is None or not self.completed:
            return float("nan")
        return amount / self.completed

    @property
    def rate(self) -> float:
        return self.completed / self.seconds if self.seconds else 0.0

    @property
    def cpu_ms(self) -> float:
        """Server CPU milliseconds per response: application and database processes."""
        total = None if self.app_cpu is None else self.app_cpu + (self.db_cpu or 0.0)
        return self.per_response(total) * 1000


@dataclass
class Result:
    database: str
    requests_each: int  # requests in a Surveybuilder response, and so in a ceiling one
    db_cpu_measured: bool
    levels: dict[int, tuple[Tally, Tally]]  # clients -> (Surveybuilder, ceiling)


def benchmark(label: str, url: str, args: argparse.Namespace, workdir: Path) -> Result:
    print(f"[{label}] preparing the database …", flush=True)
    prepare_database(url)
    rng = random.Random(2027)
    variants = [page_forms(rng) for _ in range(50)]
    database = url.rsplit("/", 1)[1] if url.startswith("postgresql") else None

    def journey(client: Client, n: int) -> None:
        one_response(client, variants[n % len(variants)])

    finish_publishing_jobs(label, url, workdir)
    with ExitStack() as stack:
        sb = stack.enter_context(_serve(
            "surveybuilder", [*surveybuilder_command(), "serve", "--host", HOST],
            url, args, workdir, journey))
        ceiling = stack.enter_context(_serve(
            "ceiling", [sys.executable, str(HERE / "ceiling_app.py"), "--database-url", url,
                        "--host", HOST], url, args, workdir, None))
        warmup = measure(sb.port, args.warmup, P95_CLIENTS, args.round_seconds * 4,
                         sb.work, args.think_ms / 1000)
        sb.done += warmup.completed
        each = round(warmup.requests / max(1, warmup.completed + warmup.failed))
        ceiling.work = ceiling_response(each)
        ceiling.done += measure(ceiling.port, args.warmup, P95_CLIENTS,
                                args.round_seconds * 4, ceiling.work,
                                args.think_ms / 1000).completed
        levels: dict[int, tuple[Tally, Tally]] = {}
        for clients in args.clients:
            print(f"[{label}] {clients} clients: {args.rounds} rounds of "
                  f"{args.round_seconds:g} s each, alternating …", flush=True)
            tallies = {sb.name: Tally(), ceiling.name: Tally()}
            for number in range(args.rounds):
                for served in ((sb, ceiling) if number % 2 == 0 else (ceiling, sb)):
                    one_round(served, clients, args, database, tallies[served.name])
            levels[clients] = (tallies[sb.name], tallies[ceiling.name])
    failures = Tally()
    check_stored(url, "response", sb.done, failures)
    check_stored(url, "benchmark_ceiling", ceiling.done * each, failures)
    if failures.errors:
        worst = levels[args.clients[-1]][0]
        worst.failed += failures.failed
        worst.errors += failures.errors
    measured_db = database is not None and all(
        t.db_cpu is not None for pair in levels.values() for t in pair)
    return Result(label, each, measured_db, levels)


def server_env(url: str, counts: Path | None = None) -> dict[str, str]:
    """The settings both the servers and the job run below are given."""
    env = {**os.environ, "SURVEYBUILDER_DATABASE_URL": url,
           "SURVEYBUILDER_SECRET_KEY": secrets.token_hex(32),
           "SURVEYBUILDER_ENV": "production", "SURVEYBUILDER_SUBMIT_RATE_LIMIT": "0"}
    if counts is not None:
        env["SURVEYBUILDER_SQL_COUNT_DIR"] = str(counts)
    return env


def finish_publishing_jobs(label: str, url: str, workdir: Path) -> None:
    """Run the background work publishing queued (printed forms in three formats, the
    spoken questions) to the end before any server starts, and say how long it took.

    Without this the two databases measured unlike things: on SQLite the jobs ran in
    the server's own processes during the first rounds, so drawing PDFs was counted as
    answering CPU, while on PostgreSQL they waited for a `surveybuilder worker` that
    the benchmark does not start. Publishing's work is timed by render_pdfs.py and
    audio_forty_questions.py; this script measures residents answering."""
    started = time.monotonic()
    done = subprocess.run([*surveybuilder_command(), "jobs", "run-waiting"],
                          env=server_env(url), cwd=workdir, capture_output=True, text=True,
                          check=True)
    print(f"[{label}] publishing's background jobs ({done.stdout.strip()}) finished in "
          f"{time.monotonic() - started:.0f} s, before the servers started", flush=True)


@contextmanager
def _serve(name: str, command: list[str], url: str, args: argparse.Namespace,
           workdir: Path, work: Callable[[Client, int], None] | None) -> Iterator[Served]:
    counts = workdir / f"sql-{name}-{secrets.token_hex(3)}"
    counts.mkdir()
    env = server_env(url, counts)
    if name == "surveybuilder" and args.surveybuilder_path:
        env["PYTHONPATH"] = os.pathsep.join(
            [str(args.surveybuilder_path), *filter(None, [os.environ.get("PYTHONPATH")])])
    port = free_port()
    with server(name, [*command, "--port", str(port), "--workers", str(args.workers),
                       "--threads", str(args.threads)], env, workdir, port) as process:
        yield Served(name, process, port, counts, work or (lambda _client, _n: None))


def counted_statements(folder: Path) -> int | None:
    """The statements the server's processes have counted so far (each keeps its count
    in a file of 8 bytes: surveybuilder.db.count_statements); None when none counts,
    e.g. code from before the setting SQL_COUNT_DIR (--surveybuilder-path)."""
    files = list(folder.glob("*.sql-count"))
    if not files:
        return None
    return sum(struct.unpack("<Q", path.read_bytes()[:8])[0] for path in files)


def one_round(served: Served, clients: int, args: argparse.Namespace, database: str | None,
              tally: Tally) -> None:
    """Load one server for a round; add what it did and used to `tally`."""
    app_before = cpu_seconds(served.process.pid)
    db_before = postgres_backends_cpu(database) if database else None
    statements_before = counted_statements(served.counts)
    run = measure(served.port, sys.maxsize, clients, args.round_seconds, served.work,
                  args.think_ms / 1000)
    app_after = cpu_seconds(served.process.pid)
    db_after = postgres_backends_cpu(database) if database else None
    statements_after = counted_statements(served.counts)
    statements = (None if statements_before is None or statements_after is None
                  else statements_after - statements_before)
    served.done += run.completed
    app_cpu = None if app_before is None or app_after is None else app_after - app_before
    db_cpu: float | None = 0.0
    if database:
        db_cpu = None if db_after is None else sum(
            used - (db_before or {}).get(pid, 0.0) for pid, used in db_after.items())
    tally.add(run, app_cpu, db_cpu, statements)


def check_stored(url: str, table: str, expected: int, tally: Tally) -> None:
    """Every counted response really is in the database, and nothing more."""
    from sqlalchemy import text

    from surveybuilder.db import make_engine

    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            stored = connection.execute(text(f'SELECT count(*) FROM "{table}"')).scalar_one()
    finally:
        engine.dispose()
    if stored != expected:
        tally.failed += 1
        tally.errors.append(f"{stored} rows in {table}, but {expected} were counted as done")


@contextmanager
def postgres_database(server_url: str) -> Iterator[str]:
    """A database of our own on the given server, dropped afterwards (only it)."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"sb_bench_{secrets.token_hex(4)}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
        finally:
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
    finally:
        admin.dispose()


# --- Report ----------------------------------------------------------------------------

def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile, in milliseconds."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(p / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1] * 1000


def figures(tally: Tally) -> dict[str, float]:
    return {"rate": tally.rate, "p50": percentile(tally.latencies, 50),
            "p95": percentile(tally.latencies, 95), "cpu": tally.cpu_ms,
            "statements": tally.per_response(tally.statements)}


def _ratio(ours: float, ceiling: float) -> float:
    return ours / ceiling if ceiling else float("nan")


def _verdict(met: bool, measured: float = 0.0) -> str:
    if math.isnan(measured):
        return "not measured"
    return "met" if met else "NOT met"


def report(results: list[Result], args: argparse.Namespace) -> bool:
    """Print the tables and the targets; True if no request failed."""
    print()
    print(f"gunicorn with {args.workers} processes of {args.threads} threads for both apps; "
          f"{os.cpu_count()} CPU cores shared with the clients; Python "
          f"{sys.version.split()[0]}; {args.rounds} alternating rounds of "
          f"{args.round_seconds:g} s per app and number of clients"
          + (f"; clients pause {args.think_ms} ms before each answer" if args.think_ms else ""))
    print("CPU = server CPU ms per response: the app's processes"
          + (" + the postgres backends" if any(r.db_cpu_measured for r in results) else "")
          + "; SQL = statements per response, counted in both apps the same way")
    header = (f"{'Database':<11}{'Clients':>7}  {'Server':<15}{'Done':>6}{'Fail':>5}"
              f"{'Resp/s':>8}{'p50 ms':>8}{'p95 ms':>8}{'CPU ms':>8}{'SQL':>7}")
    print(header)
    print("-" * len(header))
    clean = True
    for result in results:
        for clients, (sb, ceiling) in result.levels.items():
            ours, theirs = figures(sb), figures(ceiling)
            for name, tally, values in (("Surveybuilder", sb, ours),
                                        (f"Ceiling ×{result.requests_each}", ceiling, theirs)):
                print(f"{result.database:<11}{clients:>7}  {name:<15}{tally.completed:>6}"
                      f"{tally.failed:>5}{values['rate']:>8.1f}{values['p50']:>8.1f}"
                      f"{values['p95']:>8.1f}{values['cpu']:>8.1f}{values['statements']:>7.1f}")
                clean = clean and not tally.failed
                for error in tally.errors:
                    print(f"    error: {error}")
            ratios = {k: _ratio(ours[k], theirs[k]) for k in ours}
            print(f"{'':<11}{'':>7}  {'ratio':<15}{'':>6}{'':>5}{ratios['rate']:>8.2f}"
                  f"{ratios['p50']:>8.2f}{ratios['p95']:>8.2f}{ratios['cpu']:>8.2f}"
                  f"{ratios['statements']:>7.2f}")
    print()
    for result in results:
        print(f"{result.database} — the issue's targets:")
        for clients, (sb, ceiling) in result.levels.items():
            ours, theirs = figures(sb), figures(ceiling)
            rate, cpu, statements = (_ratio(ours[k], theirs[k])
                                     for k in ("rate", "cpu", "statements"))
            line = (f"  {clients:>3} clients: responses/s ratio {rate:.2f} (≥ "
                    f"{RATE_RATIO_TARGET}: {_verdict(rate >= RATE_RATIO_TARGET)}); CPU "
                    f"{cpu:.2f}× (≤ {CPU_RATIO_TARGET}: "
                    f"{_verdict(cpu <= CPU_RATIO_TARGET, cpu)}); "
                    f"statements {statements:.2f}× (≤ {STATEMENTS_RATIO_TARGET}: "
                    f"{_verdict(statements <= STATEMENTS_RATIO_TARGET, statements)})")
            if clients == P95_CLIENTS:
                if theirs["p95"] < P95_CEILING_MS:
                    line += (f"; p95 {ours['p95']:.0f} ms (< {P95_TARGET_MS:g} ms: "
                             f"{_verdict(ours['p95'] < P95_TARGET_MS)})")
                else:
                    line += (f"; p95 {ours['p95']:.0f} ms, not judged: the ceiling's own p95 "
                             f"was {theirs['p95']:.0f} ms (target applies below "
                             f"{P95_CEILING_MS:g} ms)")
            print(line)
        sb20 = result.levels.get(P95_CLIENTS, next(iter(result.levels.values())))[0]
        kinds = ", ".join(f"{kind} {percentile(v, 50):.0f}/{percentile(v, 95):.0f}"
                          for kind, v in sorted(sb20.by_kind.items()))
        print(f"  Surveybuilder p50/p95 ms by request: {kinds}")
        if result.db_cpu_measured:
            split = ", ".join(
                f"{clients} clients {sb.per_response(sb.app_cpu) * 1000:.0f} + "
                f"{sb.per_response(sb.db_cpu) * 1000:.0f}"
                for clients, (sb, _ceiling) in result.levels.items())
            print(f"  Surveybuilder CPU ms per response, app + database (docs/capacity.md "
                  f"sizes each side from these): {split}")
        if result.database == "PostgreSQL" and not result.db_cpu_measured:
            print("  (the postgres backends' CPU could not be read: is the server on "
                  "another machine? CPU is the app's only)")
    return clean


def _levels(text: str) -> list[int]:
    return [int(part) for part in text.split(",") if part.strip()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Full responses per second for a 20-question survey through "
                    "`surveybuilder serve`, beside a one-insert-per-request Flask app (the "
                    "ceiling) run in alternating rounds, on SQLite and optionally "
                    "PostgreSQL.")
    parser.add_argument("--clients", type=_levels, default=[5, P95_CLIENTS, 50],
                        help="numbers of concurrent clients, comma-separated "
                             "(default 5,20,50)")
    parser.add_argument("--rounds", type=int, default=4,
                        help="rounds per app and number of clients, alternating between "
                             "the apps (default 4)")
    parser.add_argument("--round-seconds", type=float, default=5.0,
                        help="length of a round (default 5); responses under way at the "
                             "end are finished and counted")
    parser.add_argument("--workers", type=int, default=2,
                        help="server processes for both servers (default 2, as "
                             "`surveybuilder serve`)")
    parser.add_argument("--threads", type=int, default=4,
                        help="threads per process for both servers (default 4, as "
                             "`surveybuilder serve`)")
    parser.add_argument("--think-ms", type=int, default=0,
                        help="each client pauses this long before each POST, as a person "
                             "reading the page would, for both apps (default 0: back to back)")
    parser.add_argument("--warmup", type=int, default=20,
                        help="responses sent to each app first and not measured (default 20)")
    parser.add_argument("--postgres", metavar="URL",
                        help="also run on PostgreSQL: a SQLAlchemy URL of a server and a "
                             "database to connect to for CREATE DATABASE, e.g. "
                             "postgresql+psycopg://postgres@127.0.0.1:54329/postgres")
    parser.add_argument("--surveybuilder-path", type=Path, metavar="DIR",
                        help="serve Surveybuilder from this checkout (put first on its "
                             "PYTHONPATH), e.g. a `git worktree` of an earlier commit for "
                             "before/after figures; the ceiling and this script run as they "
                             "are")
    parser.add_argument("--no-sqlite", action="store_true",
                        help="skip the SQLite run (with --postgres)")
    args = parser.parse_args(argv)
    if args.no_sqlite and not args.postgres:
        parser.error("--no-sqlite needs --postgres")

    results = []
    workdir = Path(tempfile.mkdtemp(prefix="sb-bench-"))
    try:
        if not args.no_sqlite:
            url = f"sqlite:///{workdir / 'bench.sqlite3'}"
            results.append(benchmark("SQLite", url, args, workdir))
        if args.postgres:
            with postgres_database(args.postgres) as url:
                results.append(benchmark("PostgreSQL", url, args, workdir))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0 if report(results, args) else 1


if __name__ == "__main__":
    sys.exit(main())
