"""Running background jobs in tests: the app fixture holds jobs (JOBS=held) so that
publishing does not start drawing PDFs behind a test's back; a test that wants the
work done calls `run_jobs()` and gets the outcomes."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask

from surveybuilder.jobs import Outcome, run_waiting


@pytest.fixture
def run_jobs(app: Flask) -> Callable[[], dict[Outcome, int]]:
    """Run every job due now, in the test's thread; counts by outcome."""
    def run() -> dict[Outcome, int]:
        return run_waiting(app.extensions["db_engine"], app.config)
    return run
