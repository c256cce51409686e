"""Spoken questions (issue 13 item 6, docs/decisions/0014): recorded with the real
espeak-ng by the job publishing queues, sent from the file store, offered on every
easy-read question page and on request in the other formats, written to a folder by
`surveybuilder audio`, and tidied with the paper forms.

Every WAV is checked from its own header (RIFF/WAVE, PCM) with its length worked out
from the data chunk, and compared with how long the words should take to say."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import wave
from datetime import timedelta
from html import unescape

import pytest
from click.testing import CliRunner
from sqlmodel import select

from surveybuilder.cli import main
from surveybuilder.consultations.lifecycle import publish
from surveybuilder.formats import EASY_READ, LARGE_PRINT, STANDARD
from surveybuilder.jobs import Outcome
from surveybuilder.models import BackgroundJob, JobStatus, utcnow
from surveybuilder.speaking.jobs import SPEAK_QUESTIONS, needed
from surveybuilder.speaking.scripts import every_script, format_scripts
from surveybuilder.speaking.tidying import delete_old_recordings
from surveybuilder.speaking.voice import AUDIO_FOLDER, Voice
from surveybuilder.speaking.wav import WavError, wav_info, wav_seconds
from surveybuilder.survey.loading import load_definition

SLUG = "victoria-park-2027"
# The easy-read journey through the example, page by page (every question is shown).
ANSWERS = {"visit": {"visit": "never"}, "why_not": {"why_not": "Too dark"},
           "safe": {"safe": "disagree"}, "postcode": {"postcode": "b69 3de"},
           "hear_back": {"hear_back": "no"}}


def test_espeak_ng_is_installed():
    """Recording needs the Debian package; CI and `make` install it."""
    found = shutil.which("espeak-ng")
    assert found, ("espeak-ng is not installed, so questions cannot be read aloud: run "
                   "scripts/install-system-packages (it installs espeak-ng)")
    voices = subprocess.run([found, "--voices=en"], capture_output=True, text=True,
                            check=True).stdout
    assert re.search(r"\sen-gb\s", voices), "espeak-ng has no British English voice"


def _wav(seconds: float, rate: int = 22050) -> bytes:
    out = io.BytesIO()
    with wave.open(out, "wb") as file:
        file.setnchannels(1)
        file.setsampwidth(2)
        file.setframerate(rate)
        file.writeframes(b"\x00\x01" * int(seconds * rate))
    return out.getvalue()


def test_a_wav_header_gives_its_length_and_anything_else_is_refused():
    info = wav_info(_wav(2.5))
    assert (info.channels, info.sample_rate, info.bits) == (1, 22050, 16)
    assert wav_seconds(_wav(2.5)) == pytest.approx(2.5, abs=0.001)
    for bad in (b"", b"RIFF\x00\x00\x00\x00WAVX", b"%PDF-1.7 not sound", _wav(0)):
        with pytest.raises(WavError):
            wav_seconds(bad)


def _definition(**changes):
    data = {
        "format": "surveybuilder/1", "slug": "parks-views", "title": "Parks",
        "participation_level": "consult",
        "sections": [{
            "title": "Your park",
            "description": "We want to know what you think of the park's paths and benches.",
            "easy_read": {"text": "Tell us about the park. We want to make it better."},
            "questions": [
                {"key": "views", "type": "grid", "scale": "agree", "required": True,
                 "text": "How much do you agree with each of these?",
                 "hint": "Think about the last time you went.",
                 "easy_read": {"text": "What do you think?\nTick 1 face for each."},
                 "options": [{"key": "paths", "label": "The paths are well maintained",
                              "easy_read": {"text": "The paths are good"}},
                             {"key": "benches", "label": "There are enough benches"}]},
                {"key": "wifi", "type": "yes_no", "text": "Should the park have free wifi?"},
            ]}],
        "glossary": [{"word": "wifi", "meaning": "a way to use the internet without wires"}],
        **changes}
    return load_definition(data)


def test_scripts_say_what_each_format_shows_with_the_answers_numbered():
    definition = _definition()
    easy = {s.question_key: s for s in format_scripts(definition, EASY_READ)}
    standard = {s.question_key: s for s in format_scripts(definition, STANDARD)}

    assert easy["views"].text.splitlines()[:4] == [
        "Your park.", "Tell us about the park.", "We want to make it better.",
        "What do you think?"], "the section's easy-read introduction, then one idea a line"
    assert "Number 1. The paths are good." in easy["views"].text
    assert "Number 2. There are enough benches." in easy["views"].text
    assert "Answer 1. Agree a lot." in easy["views"].text, "the scale in easy-read words"
    assert "Answer 1. Strongly agree." in standard["views"].text
    assert "Think about the last time you went." in easy["views"].text
    assert easy["wifi"].text.endswith(
        "What this word means:\nwifi means a way to use the internet without wires."), \
        "the page's word help, the consultation's own meaning first"
    assert "means" not in standard["wifi"].text

    assert standard["views"].text.startswith(
        "Your park.\nWe want to know what you think of the park's paths and benches.\n"
        "How much do you agree with each of these?")
    assert "Number 1. The paths are well maintained." in standard["views"].text
    assert "Your park" not in standard["wifi"].text, "the introduction comes once"
    assert "You do not have to answer this." in standard["wifi"].text
    assert "There are 2 answers:\nAnswer 1. Yes.\nAnswer 2. No." in standard["wifi"].text
    assert [s.position for s in format_scripts(definition, LARGE_PRINT)] == [1, 2]
    assert [s.text for s in format_scripts(definition, LARGE_PRINT)] == \
        [s.text for s in standard.values()], "large print says what standard says"


def test_a_recording_key_changes_with_the_words_and_the_voice():
    definition = _definition()
    keys = needed(7, definition, Voice(140))
    assert len(keys) == len({s.text for s in every_script(definition)}) == 4, \
        "easy read says its own words (and what wifi means); large print says standard's"
    assert all(key.startswith(f"{AUDIO_FOLDER}/7/") and key.endswith(".wav") for key in keys)
    assert not set(keys) & set(needed(7, definition, Voice(120))), "a new rate, new files"
    reworded = _definition(title="Parks again")
    assert set(needed(7, reworded, Voice(140))) == set(keys), "only question words count"


# The example published, its recordings made by the job ---------------------------------

def ran(outcomes: dict[Outcome, int]) -> dict[Outcome, int]:
    """The outcomes that happened."""
    return {outcome: count for outcome, count in outcomes.items() if count}


def _speak_jobs(db_session) -> list[BackgroundJob]:
    db_session.expire_all()
    return list(db_session.exec(select(BackgroundJob)
                                .where(BackgroundJob.kind == SPEAK_QUESTIONS)).all())


def _stored(app, consultation) -> dict[str, object]:
    """Recording key -> when it was written."""
    return {info.key: info.modified for info in
            app.extensions["file_store"].list(f"{AUDIO_FOLDER}/{consultation.id}")}


def _sources(page: str) -> list[str]:
    players = re.findall(r"<audio\b[^>]*\bcontrols\b[^>]*>(.*?)</audio>", page, re.S)
    return [unescape(src) for player in players
            for src in re.findall(r'<source src="([^"]+)" type="audio/wav">', player)]


def _walk(client, format_slug: str, query: str = "") -> list[tuple[str, str]]:
    """Answer the example page by page in a format; (page address, page) of each."""
    response = client.post(f"/c/{SLUG}/start", data={"format": format_slug})
    url, seen = response.headers["Location"] + query, []
    while "/check" not in url:
        page = client.get(url).get_data(as_text=True)
        seen.append((url, page))
        fields = {"action": "continue"}
        for key in set(re.findall(r'name="([a-z_]+)"', page)) & set(ANSWERS):
            fields.update(ANSWERS[key])
        response = client.post(url, data=fields)
        assert response.status_code == 302, response.get_data(as_text=True)[:2000]
        url = response.headers["Location"]
        assert len(seen) < 10
    return seen


def test_publishing_records_every_easy_read_page_and_each_page_plays_its_question(
        app, client, db_session, open_park, run_jobs):
    [job] = _speak_jobs(db_session)
    assert job.status == JobStatus.WAITING.value and job.title == \
        "Recording the questions read aloud, version 1"
    assert ran(run_jobs(SPEAK_QUESTIONS)) == {Outcome.DONE: 1}

    scripts = {s.question_key: s for s in format_scripts(
        load_definition(_live_definition(db_session, open_park)), EASY_READ)}
    pages = _walk(client, "easy-read")
    assert len(pages) == len(scripts) == 5, "one question a page in easy read"
    wpm = app.config["SPEECH_WORDS_PER_MINUTE"]
    for (url, page), script in zip(pages, scripts.values(), strict=True):
        [source] = _sources(page)
        assert 'id="listen-' in page and "Listen</strong> to this question" in page
        assert script.title in unescape(page), "the words stay on the page as the transcript"
        response = client.get(source)
        assert response.status_code == 200, (url, source)
        assert response.mimetype == "audio/wav"
        data = response.get_data()
        assert data[:4] == b"RIFF" and data[8:12] == b"WAVE"
        seconds = wav_seconds(data)
        words = len(script.text.split())
        expected = words * 60 / wpm
        assert seconds > 0.5 and expected / 2 < seconds < expected * 3, (
            script.question_key, words, seconds)


def _live_definition(db_session, consultation) -> dict:
    from surveybuilder.consultations.lifecycle import live_version

    db_session.expire_all()
    return live_version(db_session, consultation).definition


def test_publishing_the_same_words_again_records_nothing_new(
        app, db_session, open_park, run_jobs):
    run_jobs(SPEAK_QUESTIONS)
    before = _stored(app, open_park)
    assert len(before) == len(needed(open_park.id, load_definition(
        _live_definition(db_session, open_park)), Voice.from_settings(app.config)))

    publish(db_session, open_park, None)  # version 2, the same words
    db_session.commit()
    assert len(_speak_jobs(db_session)) == 1, "no new job for the same words"
    assert ran(run_jobs(SPEAK_QUESTIONS)) == {}
    assert _stored(app, open_park) == before, "no file written again"

    _reword(db_session, open_park, "visit", "How often do you go to Victoria Park?")
    publish(db_session, open_park, None)
    db_session.commit()
    assert len(_speak_jobs(db_session)) == 2
    assert ran(run_jobs(SPEAK_QUESTIONS)) == {Outcome.DONE: 1}
    after = _stored(app, open_park)
    assert set(before) < set(after) and len(after) == len(before) + 1, \
        "only the changed standard words are recorded (easy read had its own words)"
    assert all(after[key] == when for key, when in before.items())


def _reword(db_session, consultation, key: str, text: str) -> None:
    from surveybuilder.consultations.snapshots import draft_definition, write_draft

    definition = draft_definition(db_session, consultation).to_json()
    for section in definition["sections"]:
        for question in section["questions"]:
            if question["key"] == key:
                question["text"] = text
    write_draft(db_session, consultation, load_definition(definition))
    db_session.commit()


def test_a_recording_not_made_yet_says_so_and_nothing_is_made_in_the_request(
        app, client, db_session, open_park):
    [(_url, page)] = _walk(client, "easy-read")[:1]
    [source] = _sources(page)
    response = client.get(source)
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "30"
    assert "This recording is being prepared" in response.get_data(as_text=True)
    assert _stored(app, open_park) == {}
    assert [job.status for job in _speak_jobs(db_session)] == [JobStatus.WAITING.value]
    other = source.rsplit("/", 1)[0] + "/" + "0" * 32 + ".wav"
    assert client.get(other).status_code == 404, "words no version says"
    assert client.get(f"/c/{SLUG}/listen/not-a-digest.wav").status_code == 404
    assert client.get("/c/nowhere/listen/" + "0" * 32 + ".wav").status_code == 404


def test_a_deleted_recording_is_queued_again_by_the_address_that_finds_it_gone(
        app, client, db_session, open_park, run_jobs):
    run_jobs(SPEAK_QUESTIONS)
    [(_url, page)] = _walk(client, "easy-read")[:1]
    [source] = _sources(page)
    key = f"{AUDIO_FOLDER}/{open_park.id}/{source.rsplit('/', 1)[1]}"
    app.extensions["file_store"].delete(key)
    assert client.get(source).status_code == 503
    assert [job.status for job in _speak_jobs(db_session)] == [JobStatus.WAITING.value]
    assert ran(run_jobs(SPEAK_QUESTIONS)) == {Outcome.DONE: 1}
    assert client.get(source).status_code == 200


def test_standard_pages_offer_listening_and_the_choice_travels_through_the_journey(
        app, client, open_park, run_jobs):
    run_jobs(SPEAK_QUESTIONS)
    [(_url, first), *_rest] = _walk(client, "standard")
    assert _sources(first) == [] and "Listen to the questions" in first
    link = unescape(re.search(r'href="([^"]+)">Listen to the questions', first).group(1))
    assert link.endswith("?listen=yes")

    pages = _walk(client, "large-print", query="?listen=yes")
    assert len(pages) == 3, "large print keeps a section to a page"
    for url, page in pages:
        assert "listen=yes" in url, "each next page keeps the players"
        sources = _sources(page)
        assert sources and len(sources) == len(re.findall(r'<audio\b', page))
        for source in sources:
            assert client.get(source).status_code == 200


def test_cached_blank_pages_point_at_their_own_version_and_format(
        app, client, db_session, open_park, run_jobs):
    [(_u, easy_first), *_] = _walk(client, "easy-read")
    [(_v, easy_again), *_] = _walk(client, "easy-read")  # drawn from the cache
    assert _sources(easy_again) == _sources(easy_first)
    [(_w, standard_first), *_] = _walk(client, "standard", query="?listen=yes")
    assert _sources(standard_first)[0] != _sources(easy_first)[0], \
        "standard says the question's own words, easy read its easy words"

    _reword(db_session, open_park, "visit", "How often do you go to Victoria Park?")
    publish(db_session, open_park, None)
    db_session.commit()
    [(_x, standard_new), *_] = _walk(client, "standard", query="?listen=yes")
    assert _sources(standard_new)[0] != _sources(standard_first)[0]
    run_jobs(SPEAK_QUESTIONS)
    for source in _sources(standard_new):
        assert client.get(source).status_code == 200


def test_the_audio_command_writes_every_recording_in_order_for_a_cd(
        app, database_url, monkeypatch, tmp_path, open_park):
    monkeypatch.setenv("SURVEYBUILDER_DATABASE_URL", database_url)
    monkeypatch.setenv("SURVEYBUILDER_SECRET_KEY", "cli-test")
    monkeypatch.setenv("SURVEYBUILDER_EXPORTS_DIR", app.config["EXPORTS_DIR"])
    out = tmp_path / "usb"
    result = CliRunner().invoke(main, ["audio", SLUG, "--output-dir", str(out)])
    assert result.exit_code == 0, result.output
    assert "recordings were not ready yet, so they were made now" in result.output
    assert "Wrote 15 recordings of version 1" in result.output

    easy = sorted(p.name for p in (out / "easy-read").glob("*.wav"))
    assert easy == ["01-how-often-do-you-go-to-the-park.wav", "02-what-stops-you-visiting.wav",
                    "03-i-feel-safe-in-the-park-after-dark.wav",
                    "04-what-is-your-postcode.wav",
                    "05-would-you-like-us-to-tell-you-what-happened.wav"]
    for folder in ("easy-read", "standard", "large-print"):
        for path in (out / folder).glob("*.wav"):
            assert wav_seconds(path.read_bytes()) > 0.5
        playlist = (out / folder / "playlist.m3u").read_text().splitlines()
        assert playlist[0] == "#EXTM3U" and len(playlist) == 11
    readme = (out / "README.txt").read_text()
    assert readme.index("01-how-often-do-you-visit-victoria-park.wav") < \
        readme.index("02-what-stops-you-visiting.wav") < \
        readme.index("01-how-often-do-you-go-to-the-park.wav"), "standard first, in order"
    assert "Answer 3. Never." in readme, "the README is also the transcript"

    again = CliRunner().invoke(main, ["audio", SLUG, "--output-dir", str(tmp_path / "cd"),
                                      "--format", "easy-read"])
    assert again.exit_code == 0, again.output
    assert "not ready yet" not in again.output, "made once, kept in the file store"
    assert [p.name for p in (tmp_path / "cd").iterdir()] and \
        not (tmp_path / "cd" / "standard").exists()


def test_the_audio_command_says_plainly_when_there_is_nothing_published(
        app, database_url, monkeypatch, tmp_path, organisation, make_consultation):
    make_consultation(organisation)
    monkeypatch.setenv("SURVEYBUILDER_DATABASE_URL", database_url)
    monkeypatch.setenv("SURVEYBUILDER_SECRET_KEY", "cli-test")
    result = CliRunner().invoke(main, ["audio", SLUG, "--output-dir", str(tmp_path)])
    assert result.exit_code == 1
    assert "has no published version to read aloud yet. Publish it first." in result.output


def test_tidy_deletes_recordings_no_live_version_says_after_the_forms_keep_days(
        app, db_session, open_park, run_jobs):
    run_jobs(SPEAK_QUESTIONS)
    first = set(_stored(app, open_park))
    _reword(db_session, open_park, "visit", "How often do you go to Victoria Park?")
    publish(db_session, open_park, None)
    db_session.commit()
    run_jobs(SPEAK_QUESTIONS)
    both = set(_stored(app, open_park))
    store, voice = app.extensions["file_store"], Voice.from_settings(app.config)

    soon = delete_old_recordings(db_session, store, utcnow(), keep_days=1, voice=voice)
    assert (soon.files, soon.jobs) == (0, 0), "kept a day after the new version went live"
    later = delete_old_recordings(db_session, store, utcnow() + timedelta(days=2),
                                  keep_days=1, voice=voice)
    db_session.commit()
    assert (later.files, later.jobs) == (1, 1)
    assert len(_stored(app, open_park)) == len(both) - 1
    live = needed(open_park.id, load_definition(_live_definition(db_session, open_park)),
                  voice)
    assert set(_stored(app, open_park)) == set(live), "the live version's are all kept"

    _reword(db_session, open_park, "visit", "How often do you visit Victoria Park?")
    publish(db_session, open_park, None)  # the first words again: recorded again
    db_session.commit()
    assert ran(run_jobs(SPEAK_QUESTIONS)) == {Outcome.DONE: 1}
    assert first <= set(_stored(app, open_park))


def test_a_server_without_espeak_ng_fails_the_job_with_words_for_staff(
        app, db_session, open_park, run_jobs, monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")
    assert ran(run_jobs(SPEAK_QUESTIONS)) == {Outcome.FAILED: 1}
    [job] = _speak_jobs(db_session)
    assert "espeak-ng is not installed" in job.failure
    assert "scripts/install-system-packages" in job.failure
