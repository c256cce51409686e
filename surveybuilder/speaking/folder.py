"""Every recording of a version as plain files, for a CD or a USB stick (some day
centres still use them): `surveybuilder audio SLUG --output-dir DIR`.

One folder per format (`easy-read/`, `standard/`, `large-print/`), the files named in
the order of the form (`01-how-often-do-you-go-to-the-park.wav`), an M3U playlist in
each (car and CD players read them), and a README.txt listing every file with the
words it says, which is also the transcript. Each other language the consultation is
offered in has the same folders under its code (`pa/easy-read/`), its files named from
the English words (every CD player can show them); a language with no voice on this
server has none, and the README says so.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from surveybuilder.files import FileStore
from surveybuilder.formats import AnswerFormat
from surveybuilder.speaking.scripts import Script, format_scripts, languages_of
from surveybuilder.speaking.voice import ENGLISH, Voice, audio_key, has_voice
from surveybuilder.speaking.wav import wav_seconds
from surveybuilder.survey.definition import SurveyDefinition
from surveybuilder.survey.languages import language as named

LONGEST_NAME = 60


class RecordingMissing(LookupError):
    """A recording the folder needs is not in the file store."""


@dataclass(frozen=True)
class WrittenFile:
    path: Path
    script: Script
    seconds: float


def write_folder(store: FileStore, consultation_id: int, definition: SurveyDefinition,
                 version: int, voice: Voice, formats: Sequence[AnswerFormat],
                 output_dir: Path) -> list[WrittenFile]:
    """Write each format's recordings, playlist and the README; every recording must
    be in the store already (RecordingMissing names the first that is not)."""
    written: list[WrittenFile] = []
    readme = [definition.title, f"The questions read aloud, version {version}.", "",
              "Play the files in each folder in order: the playlist in each folder does "
              "this. Under each file are the words it says.", ""]
    for language in languages_of(definition):
        if not has_voice(language):
            readme += [f"{named(language).both_names}: no recordings, as this server has "
                       f"no voice for this language yet.", ""]
            continue
        for answer_format in formats:
            place = (answer_format.slug if language == ENGLISH
                     else f"{language}/{answer_format.slug}")
            files = _write_format(store, consultation_id, definition, voice.speaking(language),
                                  answer_format, output_dir / place)
            readme += [f"{answer_format.label}"
                       f"{'' if language == ENGLISH else ', ' + named(language).both_names}"
                       f": folder {place}", ""]
            for file in files:
                readme += [f"  {file.path.name} ({round(file.seconds)} seconds)",
                           *(f"      {line}" for line in file.script.text.splitlines()), ""]
            written += files
    (output_dir / "README.txt").write_text("\n".join(readme), encoding="utf-8")
    return written


def _write_format(store: FileStore, consultation_id: int, definition: SurveyDefinition,
                  voice: Voice, answer_format: AnswerFormat, folder: Path
                  ) -> list[WrittenFile]:
    """One language's recordings in one format, with their playlist; files are named
    from the English words, in plain letters whatever the language."""
    folder.mkdir(parents=True, exist_ok=True)
    names = [file_name(script) for script in format_scripts(definition, answer_format)]
    files = [_write(store, consultation_id, voice, script, folder / name)
             for script, name in zip(format_scripts(definition, answer_format, voice.language),
                                     names, strict=True)]
    _playlist(folder, files)
    return files


def _write(store: FileStore, consultation_id: int, voice: Voice, script: Script,
           path: Path) -> WrittenFile:
    data = store.get(audio_key(consultation_id, voice.digest(script.text)))
    if data is None:
        raise RecordingMissing(f"The recording of question {script.position} "
                               f"(“{script.title}”) is not ready yet.")
    path.write_bytes(data)
    return WrittenFile(path, script, wav_seconds(data))


def file_name(script: Script) -> str:
    """`07-how-often-do-you-go-to-the-park.wav`: its place in the form, then its words
    in plain letters (every file system and CD player copes)."""
    plain = unicodedata.normalize("NFKD", script.title).encode("ascii", "ignore").decode()
    words = re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")
    words = words[:LONGEST_NAME].rstrip("-") or "question"
    return f"{script.position:02d}-{words}.wav"


def _playlist(folder: Path, files: list[WrittenFile]) -> None:
    lines = ["#EXTM3U"]
    for file in files:
        lines += [f"#EXTINF:{round(file.seconds)},{file.script.title}", file.path.name]
    (folder / "playlist.m3u").write_text("\n".join(lines) + "\n", encoding="utf-8")
