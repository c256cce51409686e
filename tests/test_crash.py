"""kill -9 in the middle of a busy run: nothing acknowledged is lost, nothing is half-stored.

Twenty residents answer at once through a real `surveybuilder serve` (gunicorn, two
worker processes). Part-way through, the server's whole process group — the master and
every worker, with requests in flight and transactions open — is killed with SIGKILL, as
a power cut or the out-of-memory killer would. It is started again on the same port and
the residents carry on: a journey cut short is reloaded, as a person would, until its
confirmation arrives. Then the database must hold every confirmed response exactly once
with every answer that was sent, and no response without its answers.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from support.residents import Crowd
from support.servers import processes
from support.shared_database import (
    empty_tables,
    publish_consultation,
    query,
    stored_answers,
)

pytestmark = pytest.mark.servers

SLUG = "canal-lights"
RESIDENTS = 20


@pytest.fixture
def shared_database(database_url: str) -> str:
    yield database_url
    empty_tables(database_url)


def test_kill_9_mid_run_keeps_every_acknowledged_response(shared_database: str,
                                                          tmp_path: Path):
    published = publish_consultation(shared_database, SLUG)
    with processes(shared_database, tmp_path) as started:
        server = started.server("server", workers=2)
        crowd = Crowd(SLUG, clients=RESIDENTS, port_for=lambda _n, _round: server.port)
        crowd.start()
        crowd.wait_for(RESIDENTS // 2)
        server.kill()
        confirmed_before = len(crowd.confirmed)
        time.sleep(0.5)  # residents meet a server that is not there
        server.restart()
        crowd.wait_for(confirmed_before + RESIDENTS)
        crowd.finish()
        assert not crowd.failures, crowd.failures

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
