"""Running background jobs in tests: the app fixture holds jobs (JOBS=held) so that
publishing does not start drawing PDFs behind a test's back; a test that wants the
work done calls `run_jobs()` (or `run_jobs("send-resume-link")` for one kind only,
leaving, say, the printed forms publishing queued undrawn) and gets the outcomes."""

from __future__ import annotations

from typing import Protocol

import pytest
from flask import Flask

from surveybuilder.jobs import Outcome, run_waiting


class RunJobs(Protocol):
    def __call__(self, kind: str | None = None) -> dict[Outcome, int]: ...


@pytest.fixture
def run_jobs(app: Flask) -> RunJobs:
    """Run every job due now (of one kind, if given), in the test's thread; counts by
    outcome."""
    def run(kind: str | None = None) -> dict[Outcome, int]:
        return run_waiting(app.extensions["db_engine"], app.config, kind=kind)
    return run
