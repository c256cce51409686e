"""A resident answering in Urdu (the journey's language, issue 15 items 4 and 7) hears
each question in Urdu: the easy-read page's player plays the Urdu recording the publish
job made, and a standard page's "Listen" link (in Urdu) leads to the Urdu players."""

from __future__ import annotations

import re
from html import unescape

from support.languages import BY_LANGUAGE, offered_in
from test_speaking_languages import _published

from surveybuilder.formats import EASY_READ, STANDARD
from surveybuilder.speaking.jobs import SPEAK_QUESTIONS
from surveybuilder.speaking.scripts import format_scripts
from surveybuilder.speaking.voice import AUDIO_FOLDER, Voice
from surveybuilder.survey.loading import load_definition

SLUG = "victoria-park-2027"


def _published_in_urdu(make_consultation, organisation, ready_definition, db_session,
                       run_jobs):
    """The example offered in Urdu, published, its recordings made; (row, definition)."""
    consultation = _published(make_consultation, organisation, ready_definition, db_session,
                              ("ur",))
    run_jobs(SPEAK_QUESTIONS)
    return consultation, load_definition(offered_in(ready_definition, "ur"))


def _first_page(client, format_slug: str) -> str:
    started = client.post(f"/c/{SLUG}/start", data={"format": format_slug, "language": "ur"})
    assert started.status_code == 302, started.get_data(as_text=True)[:500]
    return client.get(started.headers["Location"]).get_data(as_text=True)


def _sources(page: str) -> list[str]:
    return [unescape(s) for s in re.findall(r'<source src="([^"]+)" type="audio/wav">', page)]


def test_an_urdu_easy_read_page_plays_the_urdu_recording(
        app, client, db_session, make_consultation, organisation, ready_definition, run_jobs):
    consultation, definition = _published_in_urdu(make_consultation, organisation,
                                                   ready_definition, db_session, run_jobs)
    page = _first_page(client, "easy-read")
    assert BY_LANGUAGE["ur"]["questions.visit.easy_read"] in unescape(page)
    [source] = _sources(page)
    urdu = format_scripts(definition, EASY_READ, "ur")[0]
    digest = Voice.from_settings(app.config).speaking("ur").digest(urdu.text)
    assert source.endswith(f"/{digest}.wav"), "the Urdu recording, not the English one"
    sent = client.get(source)
    assert sent.status_code == 200
    assert sent.get_data() == app.extensions["file_store"].get(
        f"{AUDIO_FOLDER}/{consultation.id}/{digest}.wav")


def test_a_standard_urdu_page_offers_listening_in_urdu(
        app, client, db_session, make_consultation, organisation, ready_definition, run_jobs):
    _consultation, definition = _published_in_urdu(make_consultation, organisation,
                                                   ready_definition, db_session, run_jobs)
    page = _first_page(client, "standard")
    [ask] = re.findall(r'<a class="govuk-link" href="([^"]+)">سوالات سنیں</a>', page)
    sources = _sources(client.get(unescape(ask)).get_data(as_text=True))
    voice = Voice.from_settings(app.config).speaking("ur")
    urdu = {voice.digest(s.text) for s in format_scripts(definition, STANDARD, "ur")}
    assert sources and {s.rsplit("/", 1)[1].removesuffix(".wav") for s in sources} <= urdu
    assert all(client.get(s).status_code == 200 for s in sources)
