"""The production web server: gunicorn, several worker processes each with threads.

One Python process runs one thread at a time, so a single process leaves all but one
core idle however many threads it has (benchmarks/README.md measured this). gunicorn
forks worker processes, restarts any that die and shuts down gracefully; each worker
builds its own app (and database connections) after the fork, so nothing is shared
between processes but the listening socket. Linux and macOS only, like gunicorn.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask
from gunicorn.app.base import BaseApplication


class _Gunicorn(BaseApplication):
    def __init__(self, make_app: Callable[[], Flask], options: dict[str, Any]):
        self._make_app = make_app
        self._options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self._options.items():
            self.cfg.set(key, value)

    def load(self) -> Flask:
        return self._make_app()


def run(make_app: Callable[[], Flask], host: str, port: int, workers: int, threads: int,
        name: str = "surveybuilder") -> None:
    """Serve the app made by `make_app` (called once in each worker) until stopped."""
    _Gunicorn(make_app, {
        "bind": f"{host}:{port}",
        "workers": workers,
        "threads": threads,
        "worker_class": "gthread",
        "proc_name": name,
        "accesslog": None,
        "errorlog": "-",
        "loglevel": "warning",
        "graceful_timeout": 20,
    }).run()
