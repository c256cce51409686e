"""Every recording of a version as plain files, for a CD or a USB stick (some day
centres still use them): `surveybuilder audio SLUG --output-dir DIR`.

One folder per format (`easy-read/`, `standard/`, `large-print/`), the files named in
the order of the form (`01-how-often-do-you-go-to-the-park.wav`), an M3U playlist in
each (car and CD players read them), and a README.txt listing every file with the
words it says, which is also the transcript.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from surveybuilder.files import FileStore
from surveybuilder.formats import AnswerFormat
from surveybuilder.speaking.scripts import Script, format_scripts
from surveybuilder.speaking.voice import Voice, audio_key
from surveybuilder.speaking.wav import wav_seconds
from surveybuilder.survey.definition import SurveyDefinition

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
    for answer_format in formats:
        folder = output_dir / answer_format.slug
        folder.mkdir(parents=True, exist_ok=True)
        files = [_write(store, consultation_id, voice, script, folder)
                 for script in format_scripts(definition, answer_format)]
        _playlist(folder, files)
        readme += [f"{answer_format.label}: folder {answer_format.slug}", ""]
        for file in files:
            readme += [f"  {file.path.name} ({round(file.seconds)} seconds)",
                       *(f"      {line}" for line in file.script.text.splitlines()), ""]
        written += files
    (output_dir / "README.txt").write_text("\n".join(readme), encoding="utf-8")
    return written


def _write(store: FileStore, consultation_id: int, voice: Voice, script: Script,
           folder: Path) -> WrittenFile:
    data = store.get(audio_key(consultation_id, voice.digest(script.text)))
    if data is None:
        raise RecordingMissing(f"The recording of question {script.position} "
                               f"(“{script.title}”) is not ready yet.")
    path = folder / file_name(script)
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
