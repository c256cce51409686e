"""The voice: espeak-ng (Debian package `espeak-ng`, offline), British English, at a
calm rate for people who find reading hard, writing WAV files (every browser plays
them; no converter needed).

`Voice.fingerprint` names everything that changes the sound, so a recording's key
changes with it and a new rate is recorded afresh rather than mixed with the old.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from surveybuilder.speaking.wav import WavError, wav_seconds

LANGUAGE = "en-gb"
WORD_GAP = 2  # a little more space between words than espeak-ng's 0 (units of 10 ms)
# Bump when what a script says changes shape (scripts.py), so old recordings are not
# served for new words.
SCRIPT_VERSION = 1
AUDIO_FOLDER = "audio"
CONTENT_TYPE = "audio/wav"
# One question's script takes well under a second; a stuck process is given up on.
TIMEOUT_SECONDS = 60


class SpeechError(RuntimeError):
    """espeak-ng did not make a recording; the message says why."""


class EspeakMissing(SpeechError):
    """espeak-ng is not installed; the message says how to install it."""


@dataclass(frozen=True)
class Voice:
    words_per_minute: int

    @classmethod
    def from_settings(cls, config: Mapping[str, Any]) -> Voice:
        return cls(int(config["SPEECH_WORDS_PER_MINUTE"]))

    @property
    def fingerprint(self) -> str:
        return (f"espeak-ng {LANGUAGE} {self.words_per_minute}wpm gap{WORD_GAP} "
                f"script{SCRIPT_VERSION}")

    def digest(self, text: str) -> str:
        """What names a recording of `text` in this voice."""
        return hashlib.sha256(f"{self.fingerprint}\n{text}".encode()).hexdigest()[:32]


def audio_key(consultation_id: int, digest: str) -> str:
    """The file store key of a consultation's recording."""
    return f"{AUDIO_FOLDER}/{consultation_id}/{digest}.wav"


def espeak_path() -> str:
    """Where espeak-ng is, or EspeakMissing saying how to install it."""
    found = shutil.which("espeak-ng")
    if found is None:
        raise EspeakMissing(
            "espeak-ng is not installed on this server. Run "
            "scripts/install-system-packages (or apt-get install espeak-ng).")
    return found


def speak(text: str, voice: Voice) -> bytes:
    """The WAV file of `text` said in `voice`, checked to be one."""
    with tempfile.TemporaryDirectory(prefix="surveybuilder-speech-") as folder:
        target = Path(folder) / "spoken.wav"
        try:
            subprocess.run(
                [espeak_path(), "-v", LANGUAGE, "-s", str(voice.words_per_minute),
                 "-g", str(WORD_GAP), "-b", "1", "-w", str(target), "--stdin"],
                input=text.encode(), capture_output=True, timeout=TIMEOUT_SECONDS,
                check=True)
            data = target.read_bytes()
            wav_seconds(data)
        except (subprocess.SubprocessError, OSError, WavError) as exc:
            raise SpeechError(f"espeak-ng did not make a recording ({exc}).") from exc
    return data


def speak_all(texts: Sequence[str], voice: Voice, processes: int,
              made: Callable[[int, bytes], None]) -> None:
    """Say every text, `processes` espeak-ng processes at a time, handing each
    recording to `made(index, data)` in the caller's thread as soon as it is done."""
    if not texts:
        return
    with ThreadPoolExecutor(max_workers=max(1, processes),
                            thread_name_prefix="speaking") as pool:
        running = {pool.submit(speak, text, voice): index for index, text in enumerate(texts)}
        for future in as_completed(running):
            made(running[future], future.result())
