"""`surveybuilder worker`: a process of its own that runs jobs, on any machine that
can reach the database.

On PostgreSQL it is a procrastinate worker: jobs arrive through the queue (LISTEN/NOTIFY,
with polling as a fallback), it sends heartbeats, and a side task every few seconds
queues rows the queue may have lost and retries queue entries whose worker stopped
sending heartbeats. On SQLite it runs the in-process loop in the foreground. Either way
SIGTERM or Ctrl-C stops it taking new jobs and lets running ones finish.
"""

from __future__ import annotations

import asyncio
import logging
import signal
import threading
from collections.abc import Mapping
from typing import Any

from sqlalchemy import make_url
from sqlalchemy.engine import Engine

from surveybuilder.jobs.in_process import InProcessRunner
from surveybuilder.jobs.queue import QUEUE, TASK, redefer_lost, requeue
from surveybuilder.jobs.running import JobSettings, Outcome, run_job

log = logging.getLogger(__name__)

SHUTDOWN_GRACE_SECONDS = 60.0
"""How long a stopping worker lets running jobs finish; any still running after it are
run again elsewhere once their lease lapses."""


def run_worker(engine: Engine, config: Mapping[str, Any], concurrency: int) -> None:
    """Run jobs until SIGTERM or SIGINT."""
    settings = JobSettings.from_config(config)
    if engine.dialect.name == "postgresql":
        asyncio.run(_run_procrastinate(engine, config, settings, concurrency))
    else:
        _run_polling(engine, config, settings, concurrency)


def procrastinate_app(engine: Engine, config: Mapping[str, Any],
                      settings: JobSettings) -> Any:
    """A procrastinate App on the same database, with our one task."""
    import procrastinate

    url = make_url(engine.url.render_as_string(hide_password=False)).set(
        drivername="postgresql")
    app = procrastinate.App(connector=procrastinate.PsycopgConnector(
        conninfo=url.render_as_string(hide_password=False)))

    @app.task(name=TASK, queue=QUEUE,
              retry=procrastinate.RetryStrategy(max_attempts=10, exponential_wait=2))
    def run(job_id: int) -> None:
        if run_job(engine, job_id, config, settings) is Outcome.RETRY:
            requeue(engine, job_id)

    return app


async def _run_procrastinate(engine: Engine, config: Mapping[str, Any],
                             settings: JobSettings, concurrency: int) -> None:
    app = procrastinate_app(engine, config, settings)
    async with app.open_async():
        upkeep = asyncio.create_task(_keep_queue_whole(app, engine, settings))
        try:
            await app.run_worker_async(queues=[QUEUE], concurrency=concurrency,
                                       install_signal_handlers=True,
                                       shutdown_graceful_timeout=SHUTDOWN_GRACE_SECONDS)
        finally:
            upkeep.cancel()


async def _keep_queue_whole(app: Any, engine: Engine, settings: JobSettings) -> None:
    """At start and then every third of a lease: retry entries left 'doing' by workers
    that stopped sending heartbeats, then queue what the queue lost (rows waiting but
    never queued, and rows whose runner's lease lapsed)."""
    while True:
        try:
            await _retry_stalled(app)
            queued = await asyncio.to_thread(redefer_lost, engine)
            if queued:
                log.info("Queued %s job(s) the queue did not have", queued)
        except Exception:  # the database may be briefly away; try again next time
            log.warning("Could not check the queue", exc_info=True)
        await asyncio.sleep(max(1.0, settings.lease_seconds / 3))


async def _retry_stalled(app: Any) -> None:
    """An entry whose worker died is retried; if the job was queued again meanwhile
    (its queueing lock is taken), the dead entry is closed instead: the row's claim
    decides who runs it, so nothing is lost either way."""
    from procrastinate import exceptions
    from procrastinate.jobs import Status

    for stalled in await app.job_manager.get_stalled_jobs(queue=QUEUE):
        try:
            await app.job_manager.retry_job(stalled)
            log.info("Retrying queue entry %s: its worker stopped", stalled.id)
        except exceptions.ConnectorException:
            await app.job_manager.finish_job(stalled, Status.FAILED, delete_job=False)
            log.info("Closed queue entry %s: its worker stopped and the job is queued "
                     "again", stalled.id)


def _run_polling(engine: Engine, config: Mapping[str, Any], settings: JobSettings,
                 concurrency: int) -> None:
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    runner = InProcessRunner(engine, config, settings, concurrency,
                             float(config["JOBS_POLL_SECONDS"]))
    runner.start()
    log.info("Running background jobs from %s", engine.url.render_as_string())
    stop.wait()
    log.info("Stopping: letting running jobs finish")
    runner.stop(wait=True)
