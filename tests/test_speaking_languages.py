"""Spoken questions in every language a consultation is offered in (issue 15 item 7):
the script says the survey's translated texts and the application's own words from
that language's catalogue, the real espeak-ng says it in that language's voice, the job
publishing queues records every language (and `surveybuilder audio` writes each one's
folder), and a language this server has no voice for says so on the page instead of an
English voice reading another script.

"No voice" is made real, not pretended: espeak-ng is pointed (ESPEAK_DATA_PATH) at a
copy of its data with the Punjabi voice taken out, so `espeak-ng --voices` no longer
lists it, as on a server whose espeak-ng lacks that voice."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from datetime import date, timedelta
from html import unescape
from pathlib import Path
from types import SimpleNamespace

import pytest
from flask import render_template
from sqlmodel import select
from support.languages import BY_LANGUAGE, offered_in

from surveybuilder import wording
from surveybuilder.consultations.lifecycle import publish
from surveybuilder.formats import EASY_READ, FORMATS, STANDARD
from surveybuilder.jobs import Outcome
from surveybuilder.models import BackgroundJob
from surveybuilder.speaking.folder import write_folder
from surveybuilder.speaking.jobs import SPEAK_QUESTIONS, needed
from surveybuilder.speaking.scripts import every_script, format_scripts
from surveybuilder.speaking.voice import (
    AUDIO_FOLDER,
    ESPEAK_VOICES,
    Voice,
    has_voice,
    installed_voices,
    speak,
)
from surveybuilder.speaking.wav import wav_seconds
from surveybuilder.survey.loading import load_definition

ESPEAK = shutil.which("espeak-ng")
OFFERED = ("cy", "pa", "ur", "bn")


@pytest.fixture
def five_language_definition(ready_definition):
    return load_definition(offered_in(ready_definition, *OFFERED))


def test_every_offered_language_and_arabic_and_kurdish_has_a_voice_on_this_server():
    """The voices named for each language exist in Debian's espeak-ng (cy, pl, pa, ur,
    bn, ro, ar, ku): `espeak-ng --voices` lists each one."""
    assert ESPEAK, "espeak-ng is not installed (scripts/install-system-packages)"
    listed = subprocess.run([ESPEAK, "--voices"], capture_output=True, text=True,
                            check=True).stdout.split()
    for code in wording.LANGUAGES:
        assert ESPEAK_VOICES[code] in listed, code
        assert has_voice(code), code


def test_a_script_in_a_language_says_its_translated_texts_and_its_catalogues_words(
        five_language_definition):
    punjabi = BY_LANGUAGE["pa"]
    standard = {s.question_key: s for s in format_scripts(five_language_definition,
                                                          STANDARD, "pa")}
    visit = standard["visit"]
    assert visit.language == "pa"
    assert punjabi["questions.visit.text"] in visit.text
    assert punjabi["questions.visit.options.weekly.label"] in visit.text
    with wording.in_locale("pa"):
        answer_one = wording.gettext("Answer %(number)s. %(answer)s", number=1,
                                     answer=punjabi["questions.visit.options.weekly.label"])
    assert answer_one in visit.text, "the numbering comes from the Punjabi catalogue"
    assert "Answer 1." not in visit.text, "no English numbering in a Punjabi script"
    with wording.in_locale("pa"):
        optional = wording.gettext("You do not have to answer this.")
    assert optional in standard["why_not"].text and optional not in visit.text
    easy = {s.question_key: s for s in format_scripts(five_language_definition, EASY_READ,
                                                      "pa")}
    assert punjabi["questions.visit.easy_read"] in easy["visit"].text

    english = format_scripts(five_language_definition, STANDARD)
    assert all(s.language == "en" for s in english)
    assert "How often" in english[0].text and punjabi["questions.visit.text"] not in \
        english[0].text
    languages = {s.language for s in every_script(five_language_definition)}
    assert languages == {"en", *OFFERED}


@pytest.mark.parametrize("code", ["pa", "ur", "bn", "cy"])
def test_each_language_is_said_in_its_own_voice(code, five_language_definition):
    """The recording is what espeak-ng makes with that language's voice, byte for byte
    (espeak-ng is deterministic), not what the English voice makes of the same words."""
    script = format_scripts(five_language_definition, STANDARD, code)[0]
    data = speak(script.text, Voice(140, code))
    seconds = wav_seconds(data)
    assert seconds > 2, (code, seconds)
    assert data == _espeak(ESPEAK_VOICES[code], script.text)
    assert data != _espeak("en-gb", script.text), f"{code} was read by the English voice"


def test_the_english_voice_would_spell_out_urdu_letter_by_letter():
    """Why each language needs its own voice: en-gb names each Arabic-script letter
    ("Arabic letter alif…"), so its recording of an Urdu question is far longer."""
    question = BY_LANGUAGE["ur"]["questions.visit.text"]
    urdu = wav_seconds(speak(question, Voice(140, "ur")))
    english = wav_seconds(_espeak("en-gb", question))
    assert english > 3 * urdu, (urdu, english)


def _espeak(voice: str, text: str) -> bytes:
    """espeak-ng run directly, with the options voice.py uses."""
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "said.wav"
        subprocess.run([ESPEAK, "-v", voice, "-s", "140", "-g", "2", "-b", "1", "-w",
                        str(target), "--stdin"], input=text.encode(), check=True,
                       capture_output=True)
        return target.read_bytes()


def test_publishing_records_every_offered_language_and_a_page_plays_its_own(
        app, client, db_session, make_consultation, organisation, ready_definition,
        run_jobs, tmp_path):
    consultation = _published(make_consultation, organisation, ready_definition, db_session)
    assert ran(run_jobs(SPEAK_QUESTIONS)) == {Outcome.DONE: 1}, "one job, every language"

    definition = load_definition(offered_in(ready_definition, *OFFERED))
    wanted = needed(consultation.id, definition, Voice.from_settings(app.config))
    store = app.extensions["file_store"]
    stored = {info.key for info in store.list(f"{AUDIO_FOLDER}/{consultation.id}")}
    assert set(wanted) <= stored
    by_language = {voice.language for _text, voice in wanted.values()}
    assert by_language == {"en", *OFFERED}
    for key, (text, voice) in wanted.items():
        seconds = wav_seconds(store.get(key))
        assert seconds > 0.5, (voice.language, text, seconds)

    page = _listen_block(app, consultation, definition, "ur", EASY_READ)
    [source] = _sources(page)
    response = client.get(source)
    assert response.status_code == 200 and response.mimetype == "audio/wav"
    urdu = format_scripts(definition, EASY_READ, "ur")[0]
    voice = Voice.from_settings(app.config).speaking("ur")
    assert response.get_data() == store.get(
        f"{AUDIO_FOLDER}/{consultation.id}/{voice.digest(urdu.text)}.wav")
    english = _listen_block(app, consultation, definition, "en", EASY_READ)
    assert _sources(english) != [source], "English pages play the English recording"

    written = write_folder(store, consultation.id, definition, 1,
                           Voice.from_settings(app.config), FORMATS, tmp_path / "usb")
    assert len(written) == len(FORMATS) * 5 * (1 + len(OFFERED))
    first = tmp_path / "usb" / "ur" / "easy-read" / "01-how-often-do-you-go-to-the-park.wav"
    assert first.read_bytes() == response.get_data(), "named from the English words"
    readme = (tmp_path / "usb" / "README.txt").read_text(encoding="utf-8")
    assert "Easy read, اردو (Urdu): folder ur/easy-read" in readme
    assert urdu.text.splitlines()[0] in readme, "the README is the Urdu transcript too"


def test_a_language_with_no_voice_says_so_and_records_nothing(
        app, db_session, make_consultation, organisation, ready_definition, run_jobs,
        espeak_without_punjabi, tmp_path):
    assert not has_voice("pa") and has_voice("ur")
    consultation = _published(make_consultation, organisation, ready_definition, db_session)
    assert ran(run_jobs(SPEAK_QUESTIONS)) == {Outcome.DONE: 1}
    definition = load_definition(offered_in(ready_definition, *OFFERED))
    wanted = needed(consultation.id, definition, Voice.from_settings(app.config))
    assert "pa" not in {voice.language for _text, voice in wanted.values()}
    assert "ur" in {voice.language for _text, voice in wanted.values()}

    for answer_format in (EASY_READ, STANDARD):
        page = _listen_block(app, consultation, definition, "pa", answer_format)
        assert "<audio" not in page and "?listen=yes" not in page
        with wording.in_locale("pa"):
            said = wording.gettext("Listening is not available in %(language)s yet.",
                                   language="ਪੰਜਾਬੀ")
        assert said in page and "ਪੰਜਾਬੀ" in page
    assert "<audio" in _listen_block(app, consultation, definition, "ur", EASY_READ)

    store, folder = app.extensions["file_store"], tmp_path / "cd"
    write_folder(store, consultation.id, definition, 1, Voice.from_settings(app.config),
                 FORMATS, folder)
    assert not (folder / "pa").exists() and (folder / "ur" / "standard").is_dir()
    assert ("ਪੰਜਾਬੀ (Punjabi (Gurmukhi)): no recordings, as this server has no voice for "
            "this language yet.") in (folder / "README.txt").read_text(encoding="utf-8")


@pytest.fixture
def espeak_without_punjabi(tmp_path, monkeypatch):
    """espeak-ng reading a copy of its data without the Punjabi voice."""
    listed = subprocess.run([ESPEAK, "--version"], capture_output=True, text=True,
                            check=True).stdout
    source = Path(listed.split("Data at:")[1].strip())
    copy = tmp_path / "espeak-ng-data"
    copy.mkdir()
    for entry in source.iterdir():
        if entry.name != "lang":
            (copy / entry.name).symlink_to(entry)
    shutil.copytree(source / "lang", copy / "lang")
    (copy / "lang" / "inc" / "pa").unlink()
    monkeypatch.setenv("ESPEAK_DATA_PATH", str(tmp_path))
    installed_voices.cache_clear()
    yield
    monkeypatch.delenv("ESPEAK_DATA_PATH")
    installed_voices.cache_clear()


def _published(make_consultation, organisation, ready_definition, db_session,
               codes=OFFERED):
    """The example offered in `codes`, published and open (as conftest's open_park)."""
    today = date.today()
    consultation = make_consultation(organisation, offered_in(ready_definition, *codes),
                                     opens=(today - timedelta(days=3)).isoformat(),
                                     closes=(today + timedelta(days=30)).isoformat(),
                                     feedback_by=(today + timedelta(days=60)).isoformat())
    publish(db_session, consultation, None)
    db_session.commit()
    jobs = db_session.exec(select(BackgroundJob)
                           .where(BackgroundJob.kind == SPEAK_QUESTIONS)).all()
    assert len(jobs) == 1
    return consultation


def _listen_block(app, consultation, definition, language: str, answer_format) -> str:
    """respond/_listen.html as a question page in `language` includes it (the journey
    carries the language; the page's words are in its locale)."""
    questions = [definition.sections[0].questions[0]]
    with app.test_request_context(f"/c/{consultation.slug}/r/token/1"), \
            wording.in_locale(wording.locale_for(answer_format == EASY_READ, language)):
        return render_template("respond/_listen.html", consultation=consultation,
                               definition=definition, questions=questions,
                               answer_format=answer_format,
                               journey=SimpleNamespace(language=language))


def _sources(page: str) -> list[str]:
    return [unescape(src) for src in re.findall(r'<source src="([^"]+)" type="audio/wav">',
                                                page)]


def ran(outcomes: dict[Outcome, int]) -> dict[Outcome, int]:
    return {outcome: count for outcome, count in outcomes.items() if count}
