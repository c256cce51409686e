"""Two `surveybuilder serve` processes on one database, as a deployment behind a load
balancer runs them: whatever one server does, the other must see at once.

Residents answer on both servers at the same time while an editor on server A edits the
draft and publishes a new version; journeys started on server B after that must answer
the new version (so no server keeps the old one cached), and every confirmation page
received must be exactly one stored response holding exactly the answers sent. The new
version's paper forms, drawn by a background job (by `surveybuilder worker` on
PostgreSQL; on SQLite in the servers' own processes, with files in the shared folder),
must be the same bytes from either server.
"""

from __future__ import annotations

import io
import time
from pathlib import Path

import pdfplumber
import pikepdf
import pytest
from support.residents import Crowd, Editor, download_printed_form, printed_form_links
from support.servers import processes
from support.shared_database import (
    publish_consultation,
    query,
    respondents_counted,
    stored_answers,
    versions_answered,
)

pytestmark = [pytest.mark.servers, pytest.mark.pdf]  # the jobs draw the paper forms

SLUG = "canal-lights"
NEW_WORDING = "How often do you walk or cycle along the canal path?"


def test_two_servers_share_answers_and_new_versions(shared_database: str, tmp_path: Path):
    published = publish_consultation(shared_database, SLUG)
    with processes(shared_database, tmp_path) as started:
        server_a, server_b = started.servers("server-a", "server-b", workers=1)
        if not shared_database.startswith("sqlite"):
            started.worker()
        # Residents 0-3 answer on B, 4-5 on A; each journey on one server throughout.
        crowd = Crowd(SLUG, clients=6,
                      port_for=lambda n, _round: server_b.port if n < 4 else server_a.port)
        crowd.start()
        crowd.wait_for(4)

        editor = Editor(server_a.port)
        editor.sign_in(published.editor_email, published.password)
        (question_id,) = query(shared_database, "SELECT id FROM question WHERE key = 'often' "
                                                "AND consultation_id = :c",
                               c=published.consultation_id)[0]
        edit = f"/staff/consultations/{published.consultation_id}/questions/{question_id}/edit"
        assert editor.fill_in(edit, {"text": NEW_WORDING}).status == 302
        editor.publish(published.consultation_id,  # its easy read is not written yet
                       reason="Easy read wording follows next week")
        publishing_done = time.monotonic()
        crowd.wait_for(3, counted=lambda j: j.server_port == server_b.port
                       and j.started_at > publishing_done)
        crowd.finish()
        editor.close()
        assert not crowd.failures, crowd.failures

        links = printed_form_links(crowd.confirmed[-1].pages[0])
        assert any("standard" in link for link in links), links
        for link in links:
            from_b = download_printed_form(server_b.port, link)
            from_a = download_printed_form(server_a.port, link)
            assert from_a == from_b, f"{link} differs between the servers"
            with pikepdf.open(io.BytesIO(from_a)) as pdf:
                assert len(pdf.pages) >= 1
            if "/standard.pdf" in link:  # the live version's form: the new wording
                with pdfplumber.open(io.BytesIO(from_a)) as pdf:
                    words = " ".join((page.extract_text() or "") for page in pdf.pages)
                assert "walk or cycle" in " ".join(words.split()), "not version 2's form"

    confirmed = crowd.confirmed
    stored = stored_answers(shared_database, published.consultation_id)
    # Every confirmation is one stored response with exactly the answers sent; nothing
    # else was stored, and the results count all of them once.
    assert sorted(stored) == sorted(j.reference for j in confirmed)
    for journey in confirmed:
        assert stored[journey.reference] == journey.answers, journey.reference
    assert respondents_counted(shared_database, published.consultation_id) == len(confirmed)

    # Journeys started on B after A published answer version 2 and were asked in its
    # words; some did (the crowd kept going after publishing).
    versions = versions_answered(shared_database, published.consultation_id)
    after = [j for j in confirmed if j.server_port == server_b.port
             and j.started_at > publishing_done]
    assert after, "no journey on server B started after publishing"
    for journey in after:
        assert versions[journey.reference] == 2
        assert NEW_WORDING in journey.pages[1], "server B asked in version 1's words"
    assert {versions[j.reference] for j in confirmed} == {1, 2}
