"""Full responses per second through the production server, against a ceiling.

For each database (a fresh SQLite file always; PostgreSQL too when --postgres is given)
the script:

1. creates a fresh database and brings the schema to head (surveybuilder.db.upgrade_to_head),
   adds an organisation and publishes a 20-question survey over five pages;
2. starts `surveybuilder serve` (gunicorn) on a free loopback port, with the submit
   rate limit off, and sends --responses full responses from --clients concurrent
   clients: start, then for every page GET it and POST its answers, GET check your
   answers, POST submit, GET the confirmation. Redirects are followed by hand; a
   response counts only when the confirmation page ("Response sent") arrives;
3. starts benchmarks/ceiling_app.py, served the same way (gunicorn, same processes and
   threads), which inserts one row per request into the same database, and sends it
   --ceiling-responses "responses" from the same number of clients, each as many
   requests as a Surveybuilder response took (14), so both count the same HTTP work;
4. stops both servers and removes what it created.

It prints one table: responses per second, requests per second and page latency
(p50/p95/max over every request of a journey) for both, and the ratio of Surveybuilder's
full responses per second to the ceiling's. The issue's targets: a ratio of at least 0.3
and p95 page latency under 100 ms at 20 concurrent clients.

Nothing leaves the machine: servers listen on 127.0.0.1, clients use http.client.
With --postgres, the URL names a server and a database the script may connect to
(e.g. .../postgres); it creates a database of its own, `sb_bench_<random>`, and drops
only that one.

    python benchmarks/respond_throughput.py
    python benchmarks/respond_throughput.py --postgres postgresql+psycopg://postgres@127.0.0.1:54329/postgres
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlencode, urlsplit

HERE = Path(__file__).resolve().parent
HOST = "127.0.0.1"
SLUG = "benchmark-park"
RATIO_TARGET = 0.3
P95_TARGET_MS = 100.0


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
    server_cpu: float | None = None  # seconds of CPU the server used in the phase
    client_cpu: float | None = None  # seconds of CPU the clients (this process) used

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
        status, following, body = client.send("page POST", "POST", location, forms[number])
        expect(status == 302, f"POST page {number} gave {status}: {body[:300]!r}")
        location = following
    expect(location.endswith("/check"), f"never reached check answers: {location}")
    status, location, _ = client.send("submit", "POST", location.removesuffix("check")
                                      + "submit", [])
    expect(status == 302 and location.endswith("/done"), f"submit gave {status}")
    status, _, body = client.send("page GET", "GET", location)
    expect(status == 200 and b"Response sent" in body, f"done page gave {status}")


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
class Result:
    database: str
    surveybuilder: Run
    ceiling: Run
    paced: Run | None = None  # Surveybuilder with clients pausing to read (--think-ms)


def benchmark(label: str, url: str, args: argparse.Namespace, workdir: Path) -> Result:
    print(f"[{label}] preparing the database …", flush=True)
    prepare_database(url)
    rng = random.Random(2027)
    variants = [page_forms(rng) for _ in range(50)]
    env = {**os.environ, "SURVEYBUILDER_DATABASE_URL": url,
           "SURVEYBUILDER_SECRET_KEY": secrets.token_hex(32),
           "SURVEYBUILDER_ENV": "production", "SURVEYBUILDER_SUBMIT_RATE_LIMIT": "0"}

    def journey(client: Client, n: int) -> None:
        one_response(client, variants[n % len(variants)])

    port = free_port()
    print(f"[{label}] surveybuilder serve on port {port}, {args.responses} responses "
          f"from {args.clients} clients …", flush=True)
    with server("surveybuilder", [*surveybuilder_command(), "serve", "--host", HOST,
                                  "--port", str(port), "--workers", str(args.workers),
                                  "--threads", str(args.threads)],
                env, workdir, port) as process:
        warmup = measure(port, args.warmup, args.clients, args.time_limit, journey)
        surveybuilder = measured(process, port, args.responses, args, journey)
        paced = None
        if args.think_ms:
            print(f"[{label}] again, each client pausing {args.think_ms} ms before each "
                  f"answer …", flush=True)
            paced = measured(process, port, args.responses, args, journey,
                             think=args.think_ms / 1000)
    done = warmup.completed + surveybuilder.completed + (paced.completed if paced else 0)
    check_stored(url, "response", done, surveybuilder)

    each = round(surveybuilder.requests / max(1, surveybuilder.completed + surveybuilder.failed))
    port = free_port()
    print(f"[{label}] ceiling app on port {port}, {args.ceiling_responses} responses of "
          f"{each} inserts …", flush=True)
    with server("ceiling", [sys.executable, str(HERE / "ceiling_app.py"), "--database-url",
                            url, "--host", HOST, "--port", str(port), "--workers",
                            str(args.workers), "--threads", str(args.threads)],
                env, workdir, port) as process:
        warmup = measure(port, args.warmup, args.clients, args.time_limit,
                         ceiling_response(each))
        ceiling = measured(process, port, args.ceiling_responses, args,
                           ceiling_response(each))
    check_stored(url, "benchmark_ceiling", (warmup.completed + ceiling.completed) * each,
                 ceiling)
    return Result(label, surveybuilder, ceiling, paced)


def check_stored(url: str, table: str, expected: int, run: Run) -> None:
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
        run.failed += 1
        run.errors.append(f"{stored} rows in {table}, but {expected} were counted as done")


def measured(process: subprocess.Popen, port: int, total: int, args: argparse.Namespace,
             work: Callable[[Client, int], None], think: float = 0.0) -> Run:
    """`measure`, also counting the CPU time the server process and the clients used."""
    before, clients_before = cpu_seconds(process.pid), time.process_time()
    run = measure(port, total, args.clients, args.time_limit, work, think)
    after = cpu_seconds(process.pid)
    run.client_cpu = time.process_time() - clients_before
    if before is not None and after is not None:
        run.server_cpu = after - before
    return run


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


def cpu_per(run: Run, seconds: float | None = None) -> float:
    """CPU milliseconds for each completed response: the server's, or `seconds`."""
    used = run.server_cpu if seconds is None else seconds
    if used is None or not run.completed:
        return float("nan")
    return used / run.completed * 1000


def report(results: list[Result], args: argparse.Namespace) -> bool:
    """Print the table; True if no request failed."""
    print()
    print(f"{args.clients} concurrent clients, gunicorn with {args.workers} processes of "
          f"{args.threads} threads, "
          f"{os.cpu_count()} CPU cores, Python {sys.version.split()[0]}")
    header = (f"{'Database':<11}{'Server':<28}{'Done':>6}{'Fail':>5}{'Secs':>7}"
              f"{'Resp/s':>9}{'Req/s':>8}{'p50 ms':>8}{'p95 ms':>8}{'max ms':>8}"
              f"{'CPU ms/resp':>12}{'Clients CPU':>12}")
    print(header)
    print("-" * len(header))
    clean = True
    for result in results:
        each = round(result.ceiling.requests / max(1, result.ceiling.completed))
        rows = [("Surveybuilder (full resp.)", result.surveybuilder),
                (f"Ceiling ({each} inserts/resp.)", result.ceiling)]
        if result.paced:
            rows.append((f"Surveybuilder, {args.think_ms} ms reading", result.paced))
        for name, run in rows:
            rate = run.completed / run.seconds if run.seconds else 0.0
            print(f"{result.database:<11}{name:<28}{run.completed:>6}{run.failed:>5}"
                  f"{run.seconds:>7.1f}{rate:>9.1f}{run.requests / run.seconds:>8.0f}"
                  f"{percentile(run.latencies, 50):>8.1f}{percentile(run.latencies, 95):>8.1f}"
                  f"{max(run.latencies, default=0) * 1000:>8.1f}"
                  f"{cpu_per(run):>12.1f}{cpu_per(run, run.client_cpu):>12.1f}"
                  + ("  (time cap reached)" if run.capped else ""))
            clean = clean and not run.failed
            for error in run.errors:
                print(f"    error: {error}")
    print()
    for result in results:
        sb, ceiling = result.surveybuilder, result.ceiling
        sb_rate = sb.completed / sb.seconds if sb.seconds else 0.0
        ceiling_rate = ceiling.completed / ceiling.seconds if ceiling.seconds else 0.0
        ratio = sb_rate / ceiling_rate if ceiling_rate else float("nan")
        p95 = percentile(sb.latencies, 95)
        print(f"{result.database}: ratio {ratio:.3f} of the ceiling (target ≥ {RATIO_TARGET}: "
              f"{'met' if ratio >= RATIO_TARGET else 'NOT met'}); p95 page latency "
              f"{p95:.1f} ms (target < {P95_TARGET_MS:g} ms: "
              f"{'met' if p95 < P95_TARGET_MS else 'NOT met'})")
        print(f"    by server CPU time, a Surveybuilder response costs "
              f"{cpu_per(sb) / cpu_per(ceiling):.1f} ceiling responses; the ceiling's own "
              f"p95 request latency: {percentile(ceiling.latencies, 95):.1f} ms")
        kinds = ", ".join(f"{kind} p50 {percentile(v, 50):.0f} / p95 {percentile(v, 95):.0f}"
                          for kind, v in sorted(sb.by_kind.items()))
        print(f"    latency in ms by request: {kinds}")
        if result.paced:
            paced_p95 = percentile(result.paced.latencies, 95)
            print(f"    with each of the {args.clients} clients pausing {args.think_ms} ms "
                  f"before each answer: p95 page latency {paced_p95:.1f} ms (target < "
                  f"{P95_TARGET_MS:g} ms: {'met' if paced_p95 < P95_TARGET_MS else 'NOT met'})")
    return clean


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Full responses per second for a 20-question survey through "
                    "`surveybuilder serve`, beside a one-insert Flask app (the ceiling), "
                    "on SQLite and optionally PostgreSQL.")
    parser.add_argument("--responses", type=int, default=200,
                        help="full responses to send per database (default 200)")
    parser.add_argument("--ceiling-responses", type=int, default=200,
                        help="responses to send to the ceiling app, each as many inserts "
                             "as a Surveybuilder response has requests (default 200)")
    parser.add_argument("--clients", type=int, default=20,
                        help="concurrent clients (default 20)")
    parser.add_argument("--workers", type=int, default=2,
                        help="server processes for both servers (default 2, as "
                             "`surveybuilder serve`)")
    parser.add_argument("--threads", type=int, default=4,
                        help="threads per process for both servers (default 4, as "
                             "`surveybuilder serve`)")
    parser.add_argument("--think-ms", type=int, default=0,
                        help="also measure with each client pausing this long before each "
                             "answer, as a person reading the page would (default 0: off)")
    parser.add_argument("--warmup", type=int, default=20,
                        help="responses sent first and not measured (default 20)")
    parser.add_argument("--time-limit", type=float, default=40.0,
                        help="stop a measured phase after this many seconds (default 40)")
    parser.add_argument("--postgres", metavar="URL",
                        help="also run on PostgreSQL: a SQLAlchemy URL of a server and a "
                             "database to connect to for CREATE DATABASE, e.g. "
                             "postgresql+psycopg://postgres@127.0.0.1:54329/postgres")
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
