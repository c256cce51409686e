"""Running the jobs that are due, one after another, in the caller's thread.

For `surveybuilder jobs run-waiting` (the `held` mode, or catching up by hand) and for
tests, which hold jobs so that publishing in a test does not start drawing PDFs behind
its back.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy.engine import Engine

from surveybuilder.jobs.running import JobSettings, Outcome, due_job_ids, run_job


def run_waiting(engine: Engine, config: Mapping[str, Any], limit: int = 1000,
                kind: str | None = None) -> dict[Outcome, int]:
    """Run every job due now (of one kind, if given; not those waiting to retry later);
    counts by outcome."""
    settings = JobSettings.from_config(config)
    counts = {outcome: 0 for outcome in Outcome}
    tried: set[int] = set()
    while len(tried) < limit:
        due = [job_id for job_id in due_job_ids(engine, limit=50, kind=kind) if job_id not in tried]
        if not due:
            break
        for job_id in due:
            tried.add(job_id)
            counts[run_job(engine, job_id, config, settings)] += 1
    return counts
