"""kill -9 in the middle of a busy run: nothing acknowledged is lost, nothing is half-stored.

Twenty residents answer at once through a real `surveybuilder serve` (gunicorn, two
worker processes). Part-way through, the server's whole process group — the master and
every worker, with requests in flight and transactions open — is killed with SIGKILL, as
a power cut or the out-of-memory killer would. It is started again on the same port and
the residents carry on: a journey cut short is reloaded, as a person would, until its
confirmation arrives. Then the database must hold every confirmed response exactly once
with every answer that was sent, and no response without its answers.

An editor publishes a new version just before the kill, which queues a background job
per paper form; the kill comes while one is running (in `surveybuilder worker`, killed
too, on PostgreSQL; in the server's own processes on SQLite). After the restart every
job must end done — none left running or failed — and every form must be a whole PDF.
The job lease is cut to a few seconds (JOBS_LEASE_SECONDS) so that a job whose runner
died is taken up again within the test's time, not after the default minute.
"""

from __future__ import annotations

import io
import time
from pathlib import Path

import pikepdf
import pytest
from support.residents import Crowd, Editor, download_printed_form, printed_form_links
from support.servers import processes
from support.shared_database import (
    publish_consultation,
    query,
    stored_answers,
    wait_for_jobs,
)

pytestmark = [pytest.mark.servers, pytest.mark.pdf]  # the jobs draw the paper forms

SLUG = "canal-lights"
RESIDENTS = 20


def test_kill_9_mid_run_keeps_every_acknowledged_response(shared_database: str,
                                                          tmp_path: Path):
    published = publish_consultation(shared_database, SLUG)
    on_postgres = not shared_database.startswith("sqlite")
    with processes(shared_database, tmp_path, JOBS_LEASE_SECONDS="5",
                   JOBS_POLL_SECONDS="0.5") as started:
        server = started.server("server", workers=2)
        worker = started.worker() if on_postgres else None
        crowd = Crowd(SLUG, clients=RESIDENTS, port_for=lambda _n, _round: server.port)
        crowd.start()
        crowd.wait_for(RESIDENTS // 2)
        editor = Editor(server.port)
        editor.sign_in(published.editor_email, published.password)
        editor.publish(published.consultation_id, reason="Version 2 for the crash test")
        editor.close()
        wait_for_jobs(shared_database, lambda found: any(
            status == "running" and "v2" in key for _kind, key, status, *_ in found),
            timeout=60, what="no job of version 2 started")

        server.kill()
        if worker is not None:
            worker.kill()
        confirmed_before = len(crowd.confirmed)
        time.sleep(0.5)  # residents meet a server that is not there
        server.restart()
        if worker is not None:
            worker.restart()
        crowd.wait_for(confirmed_before + RESIDENTS)
        crowd.finish()
        assert not crowd.failures, crowd.failures

        after = wait_for_jobs(shared_database, lambda found: all(
            status in ("done", "failed") for _kind, _key, status, *_ in found),
            timeout=120, what="jobs were left unfinished after the restart")
        assert [job for job in after if job[2] != "done"] == [], "a job failed"
        links = printed_form_links(crowd.confirmed[-1].pages[0])
        assert len(links) >= 3, links
        for link in links:
            with pikepdf.open(io.BytesIO(download_printed_form(server.port, link))) as pdf:
                assert len(pdf.pages) >= 1, link

    assert crowd.interruptions, "the kill interrupted no journey: the test proved nothing"
    assert all(journey.reference for journey in crowd.journeys), "a journey was never confirmed"
    stored = stored_answers(shared_database, published.consultation_id)
    confirmed = crowd.confirmed
    assert sorted(stored) == sorted(j.reference for j in confirmed)
    for journey in confirmed:
        assert stored[journey.reference] == journey.answers, journey.reference
    assert query(shared_database, """
        SELECT r.reference FROM response r
        WHERE NOT EXISTS (SELECT 1 FROM answer a WHERE a.response_id = r.id)
    """) == [], "a response was stored without its answers"
    # Each journey's token is its submission key: one response per journey, and the
    # journey knows it was sent.
    sent = dict(query(shared_database, "SELECT token, response_id FROM journey"))
    for journey in confirmed:
        assert sent.get(journey.token) is not None, f"journey {journey.token} not marked sent"
