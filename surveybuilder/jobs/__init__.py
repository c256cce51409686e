"""Background jobs: work that should not keep a web request waiting (e-mails, drawing
printed forms), with its state kept in our own `backgroundjob` table for staff to see.

    from surveybuilder.jobs import register, enqueue, JobContext

    @register("draw-printed-form")
    def draw(job: JobContext, *, consultation_id: int, version: int) -> None:
        job.progress(40, "Drawing page 3 of 8")
        job.result_file = "print/12/v3/easy-read.pdf"

    enqueue(session, "draw-printed-form", key="print:12:v3:easy-read", title="Drawing the
            easy-read form", organisation_id=1, consultation_id=12, args={...})

Handlers must be idempotent: a retried or recovered job runs again from the start.
See docs/decisions/0010-background-jobs.md for how jobs run on SQLite and PostgreSQL.
"""

from surveybuilder.jobs.context import JobContext, JobFailed
from surveybuilder.jobs.enqueueing import enqueue
from surveybuilder.jobs.kinds import register
from surveybuilder.jobs.running import Outcome, run_job
from surveybuilder.jobs.runtime import Mode, Runtime, attach, runtime_for
from surveybuilder.jobs.waiting import run_waiting

__all__ = ["JobContext", "JobFailed", "Mode", "Outcome", "Runtime", "attach", "enqueue",
           "register", "run_job", "run_waiting", "runtime_for"]
