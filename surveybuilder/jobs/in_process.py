"""Running jobs inside the serving process: a few background threads claiming rows.

The default on SQLite, so `make run` needs nothing else. Each serving process (gunicorn
forks several) has its own threads; the claim in `running` keeps two processes from
running the same job. A job whose process was killed is claimed again once its lease
runs out, by whichever process looks next. `surveybuilder worker` on SQLite uses the
same loop, in a process of its own.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from sqlalchemy.engine import Engine

from surveybuilder.jobs.running import JobSettings, due_job_ids, run_job

log = logging.getLogger(__name__)


class InProcessRunner:
    """A poller thread that hands due jobs to a small pool of threads."""

    def __init__(self, engine: Engine, config: Mapping[str, Any], settings: JobSettings,
                 threads: int, poll_seconds: float) -> None:
        self._engine, self._config, self._settings = engine, config, settings
        self._threads = max(1, threads)
        self._poll_seconds = poll_seconds
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._running: set[int] = set()
        self._lock = threading.Lock()
        self._pool = ThreadPoolExecutor(self._threads, thread_name_prefix="job")
        self._poller = threading.Thread(target=self._poll, daemon=True, name="job-poller")

    def start(self) -> None:
        self._poller.start()

    def wake(self) -> None:
        self._wake.set()

    def stop(self, wait: bool = True) -> None:
        """Stop taking jobs; with `wait`, let the ones running finish."""
        self._stopping.set()
        self._wake.set()
        self._poller.join()
        self._pool.shutdown(wait=wait)

    def _poll(self) -> None:
        while not self._stopping.is_set():
            try:
                self._hand_out()
            except Exception:  # the database may be away; try again at the next poll
                log.warning("Could not look for background jobs", exc_info=True)
            self._wake.wait(self._poll_seconds)
            self._wake.clear()

    def _hand_out(self) -> None:
        with self._lock:
            free = self._threads - len(self._running)
        if free <= 0:
            return
        for job_id in due_job_ids(self._engine, limit=free + len(self._running)):
            with self._lock:
                if job_id in self._running or len(self._running) >= self._threads:
                    continue
                self._running.add(job_id)
            self._pool.submit(self._run, job_id)

    def _run(self, job_id: int) -> None:
        try:
            run_job(self._engine, job_id, self._config, self._settings)
        except Exception:
            log.exception("Background job %s could not be run", job_id)
        finally:
            with self._lock:
                self._running.discard(job_id)
            self._wake.set()  # a thread is free: look for more work now
