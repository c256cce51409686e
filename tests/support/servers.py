"""Real `surveybuilder serve` (and `surveybuilder worker`) processes for tests.

The two-server and crash tests (tests/test_multi_server.py, tests/test_crash.py) need the
production server as it is deployed — gunicorn, several processes, production settings,
its own database connections — not the app in the test's process. Each process is
started in a process group of its own, so a test can stop it gracefully (SIGTERM, as a
service manager would) or kill -9 the whole group at once (the master and every worker
it forked, as a power cut or the OOM killer would), then start it again on the same port.

`Processes` remembers everything it started and kills what is left when the test ends,
whatever happened, so no server outlives its test.
"""

from __future__ import annotations

import http.client
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

HOST = "127.0.0.1"
START_SECONDS = 60  # a 2-core CI machine running other tests beside these can be slow


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def surveybuilder_command() -> list[str]:
    """The installed `surveybuilder` command of this venv (what a deployment runs)."""
    script = Path(sys.executable).with_name("surveybuilder")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from surveybuilder.cli import main; main()"]


def production_environment(database_url: str, folder: Path) -> dict[str, str]:
    """Settings as a deployment has them: production, a random secret key, the shared
    database, files under `folder`, and no submit rate limit (every client here comes
    from 127.0.0.1, like a day centre's kiosk)."""
    (folder / "exports").mkdir(parents=True, exist_ok=True)
    environment = {key: value for key, value in os.environ.items()
                   if not key.startswith("SURVEYBUILDER_")}
    environment.update({
        "SURVEYBUILDER_ENV": "production",
        "SURVEYBUILDER_SECRET_KEY": secrets.token_hex(32),
        "SURVEYBUILDER_DATABASE_URL": database_url,
        "SURVEYBUILDER_EXPORTS_DIR": str(folder / "exports"),
        "SURVEYBUILDER_SUBMIT_RATE_LIMIT": "0",
    })
    return environment


class Process:
    """One long-running command in its own process group, its output in a log file."""

    def __init__(self, name: str, arguments: list[str], environment: dict[str, str],
                 folder: Path, port: int | None = None):
        self.name = name
        self.arguments = arguments
        self.environment = environment
        self.folder = folder
        self.port = port
        self.log = folder / f"{name}.log"
        self.popen: subprocess.Popen | None = None
        self.starts = 0

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def start(self, wait: bool = True) -> Process:
        """Start the command; unless told not to wait, a server must answer GET / before
        this returns."""
        with self.log.open("ab") as out:
            out.write(f"--- start {self.starts + 1}\n".encode())
            out.flush()
            self.popen = subprocess.Popen(
                [*surveybuilder_command(), *self.arguments], env=self.environment,
                cwd=self.folder, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                start_new_session=True)  # a process group of its own, for kill -9
        self.starts += 1
        if wait and self.port is not None:
            self.wait_until_answering()
        return self

    def wait_until_answering(self) -> None:
        deadline = time.monotonic() + START_SECONDS
        while True:
            if self.popen.poll() is not None:
                raise RuntimeError(f"{self.name} stopped at start:\n{self.output()}")
            try:
                connection = http.client.HTTPConnection(HOST, self.port, timeout=5)
                connection.request("GET", "/")
                status = connection.getresponse().status
                connection.close()
                if status < 500:
                    return
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"{self.name} did not answer within {START_SECONDS} s:\n"
                                   f"{self.output()}")
            time.sleep(0.1)

    def running(self) -> bool:
        return self.popen is not None and self.popen.poll() is None

    def stop(self, timeout: float = 30) -> None:
        """Stop gracefully (SIGTERM to the group: gunicorn finishes requests in flight)."""
        if not self.running():
            return
        os.killpg(self.popen.pid, signal.SIGTERM)
        try:
            self.popen.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()
        self._reap_group()

    def kill(self) -> None:
        """kill -9 the whole group: the master and every process it forked, at once."""
        if self.popen is None:
            return
        with suppress(ProcessLookupError):
            os.killpg(self.popen.pid, signal.SIGKILL)
        self.popen.wait(timeout=30)
        self._reap_group()

    def _reap_group(self) -> None:
        """Wait until no process of the group is left (forked workers die a moment after
        their master is reaped), so a restart can bind the same port."""
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                os.killpg(self.popen.pid, 0)
            except ProcessLookupError:
                return
            time.sleep(0.05)
        raise RuntimeError(f"{self.name}: processes of its group outlived it")

    def restart(self) -> Process:
        return self.start()

    def output(self) -> str:
        return self.log.read_text(errors="replace")[-4000:] if self.log.exists() else ""


class Processes:
    """Starts servers and workers on one database and files folder; stops them all."""

    def __init__(self, database_url: str, folder: Path, settings: dict[str, str] | None = None):
        self.folder = folder
        self.environment = production_environment(database_url, folder)
        self.environment.update({f"SURVEYBUILDER_{name}": value
                                 for name, value in (settings or {}).items()})
        self.started: list[Process] = []

    def server(self, name: str, workers: int = 2, threads: int = 4,
               wait: bool = True) -> Process:
        port = free_port()
        process = Process(name, ["serve", "--host", HOST, "--port", str(port), "--workers",
                                 str(workers), "--threads", str(threads)],
                          self.environment, self.folder, port)
        self.started.append(process)
        return process.start(wait)

    def servers(self, *names: str, workers: int = 2, threads: int = 4) -> list[Process]:
        """Several servers, started side by side (each takes seconds to import the app)."""
        started = [self.server(name, workers, threads, wait=False) for name in names]
        for server in started:
            server.wait_until_answering()
        return started

    def worker(self, name: str = "worker", concurrency: int = 2) -> Process:
        """`surveybuilder worker` (there is no port to wait for: it starts at once)."""
        process = Process(name, ["worker", "--concurrency", str(concurrency)],
                          self.environment, self.folder)
        self.started.append(process)
        return process.start()

    def stop_all(self) -> None:
        for process in self.started:
            process.kill()


@contextmanager
def processes(database_url: str, folder: Path, **settings: str) -> Iterator[Processes]:
    """Servers and workers with the production environment and these settings (names
    without the SURVEYBUILDER_ prefix); all killed when the block ends."""
    started = Processes(database_url, folder, settings)
    try:
        yield started
    finally:
        started.stop_all()
