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

import gunicorn.http.wsgi
from flask import Flask
from gunicorn.app.base import BaseApplication

from surveybuilder.security import redact_logs

SERVER_HEADER = "surveybuilder"
"""What the Server header says: no product or version for an attacker to look up."""
ACCESS_LOG_FORMAT = '%(t)s "%(r)s" %(s)s %(b)s %(M)sms'
"""A line per request without the client's address or browser (personal data); journey
tokens and resume codes in the request line are replaced by `security.redact_logs`."""


class _Gunicorn(BaseApplication):
    def __init__(self, make_app: Callable[[], Flask], options: dict[str, Any]):
        self._make_app = make_app
        self._options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self._options.items():
            self.cfg.set(key, value)

    def load(self) -> Flask:
        app = self._make_app()
        redact_logs()  # gunicorn's loggers exist by now, in each worker
        return app


def run(make_app: Callable[[], Flask], host: str, port: int, workers: int, threads: int,
        name: str = "surveybuilder", access_log: bool = False) -> None:
    """Serve the app made by `make_app` (called once in each worker) until stopped."""
    gunicorn.http.wsgi.SERVER = SERVER_HEADER  # gunicorn has no setting for it
    _Gunicorn(make_app, {
        "bind": f"{host}:{port}",
        "workers": workers,
        "threads": threads,
        "worker_class": "gthread",
        "proc_name": name,
        "accesslog": "-" if access_log else None,
        "access_log_format": ACCESS_LOG_FORMAT,
        "errorlog": "-",
        "loglevel": "warning",
        "graceful_timeout": 20,
    }).run()
