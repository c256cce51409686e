"""How jobs run for one database: the JOBS setting turned into a runner.

`auto` runs jobs in-process (background threads in each serving process) on SQLite,
and through procrastinate's queue and separate `surveybuilder worker` processes on
PostgreSQL. `held` runs nothing by itself: jobs wait for `surveybuilder jobs
run-waiting` or a test's helper. The app wires one Runtime per database engine; code
that enqueues finds it through the session's engine, never through Flask.
"""

from __future__ import annotations

import weakref
from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from sqlalchemy.engine import Engine

from surveybuilder.jobs.running import JobSettings


class Mode(StrEnum):
    IN_PROCESS = "in-process"
    WORKER = "worker"
    HELD = "held"


AUTO = "auto"
MODES = (AUTO, *(mode.value for mode in Mode))


def chosen_mode(setting: str, engine: Engine) -> Mode:
    """The mode the JOBS setting asks for on this database."""
    if setting == AUTO:
        return Mode.WORKER if engine.dialect.name == "postgresql" else Mode.IN_PROCESS
    if setting not in MODES:
        raise ValueError(f"JOBS must be one of {', '.join(MODES)}, not {setting!r}")
    return Mode(setting)


class Runtime:
    """One database's job settings and, once started, its in-process runner."""

    def __init__(self, engine: Engine, config: Mapping[str, Any]) -> None:
        self.engine = engine
        self.config = config
        self.mode = chosen_mode(str(config["JOBS"]), engine)
        self.settings = JobSettings.from_config(config)
        self.in_process: Any = None  # an InProcessRunner once started in this process

    @property
    def queued(self) -> bool:
        """Jobs go through procrastinate's queue (PostgreSQL with separate workers)."""
        return self.mode is Mode.WORKER and self.engine.dialect.name == "postgresql"

    def start_in_process(self) -> None:
        """Start this process's background threads, if the mode runs jobs in-process."""
        if self.mode is not Mode.IN_PROCESS or self.in_process is not None:
            return
        from surveybuilder.jobs.in_process import InProcessRunner

        self.in_process = InProcessRunner(self.engine, self.config, self.settings,
                                          int(self.config["JOBS_THREADS"]),
                                          float(self.config["JOBS_POLL_SECONDS"]))
        self.in_process.start()

    def jobs_committed(self) -> None:
        """New jobs were committed: wake this process's runner so they start now."""
        if self.in_process is not None:
            self.in_process.wake()

    def stop(self) -> None:
        if self.in_process is not None:
            self.in_process.stop()
            self.in_process = None


_RUNTIMES: weakref.WeakKeyDictionary[Engine, Runtime] = weakref.WeakKeyDictionary()


def attach(engine: Engine, config: Mapping[str, Any]) -> Runtime:
    """Give this database engine its job runtime (the app does this at start)."""
    runtime = Runtime(engine, config)
    _RUNTIMES[engine] = runtime
    return runtime


def runtime_for(engine: Engine) -> Runtime | None:
    return _RUNTIMES.get(engine)
