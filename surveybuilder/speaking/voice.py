"""The voice: espeak-ng (Debian package `espeak-ng`, offline), at a calm rate for
people who find reading hard, writing WAV files (every browser plays them; no
converter needed). English is said in British English; every other language a
consultation is offered in has its own espeak-ng voice (`ESPEAK_VOICES`), so Punjabi
is never read out by an English voice spelling letters it does not know.

`Voice.fingerprint` names everything that changes the sound (the language's voice, the
rate), so a recording's key changes with it and a new rate is recorded afresh rather
than mixed with the old.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from surveybuilder.speaking.wav import WavError, wav_seconds

ENGLISH = "en"
LANGUAGE = "en-gb"  # English's voice
# The espeak-ng voice of each language a consultation can be offered in (BCP 47 code,
# survey/languages.py), as `espeak-ng --voices` names it on Debian 12/13. A language
# left out here, or whose voice this server's espeak-ng lacks, has no recordings: its
# pages say listening is not available in it yet.
ESPEAK_VOICES = {ENGLISH: LANGUAGE, "cy": "cy", "pl": "pl", "pa": "pa", "ur": "ur",
                 "bn": "bn", "ro": "ro", "ar": "ar", "ku": "ku"}
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
    language: str = ENGLISH
    """The BCP 47 code of the language said (its espeak-ng voice is ESPEAK_VOICES')."""

    @classmethod
    def from_settings(cls, config: Mapping[str, Any]) -> Voice:
        return cls(int(config["SPEECH_WORDS_PER_MINUTE"]))

    def speaking(self, language: str) -> Voice:
        """The same rate in `language`'s voice."""
        return replace(self, language=language)

    @property
    def espeak_voice(self) -> str:
        return ESPEAK_VOICES[self.language]

    @property
    def fingerprint(self) -> str:
        # English's reads as it did before other languages, so its recordings are kept.
        return (f"espeak-ng {self.espeak_voice} {self.words_per_minute}wpm gap{WORD_GAP} "
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


def has_voice(language: str) -> bool:
    """Whether `language` can be read aloud here: we name a voice for it and espeak-ng
    has that voice (when espeak-ng is missing altogether, the voices we name are taken
    as there: recording then fails with words for staff saying to install it)."""
    name = ESPEAK_VOICES.get(language)
    installed = installed_voices()
    return name is not None and (installed is None or name in installed)


@lru_cache(maxsize=1)
def installed_voices() -> frozenset[str] | None:
    """The voices this server's espeak-ng has (`espeak-ng --voices`: the second column
    of each row), or None when espeak-ng is not installed."""
    found = shutil.which("espeak-ng")
    if found is None:
        return None
    listed = subprocess.run([found, "--voices"], capture_output=True, text=True,
                            timeout=TIMEOUT_SECONDS, check=True).stdout
    return frozenset(re.split(r"\s+", line.strip())[1]
                     for line in listed.splitlines()[1:] if line.strip())


def speak(text: str, voice: Voice) -> bytes:
    """The WAV file of `text` said in `voice`, checked to be one."""
    with tempfile.TemporaryDirectory(prefix="surveybuilder-speech-") as folder:
        target = Path(folder) / "spoken.wav"
        try:
            subprocess.run(
                [espeak_path(), "-v", voice.espeak_voice, "-s", str(voice.words_per_minute),
                 "-g", str(WORD_GAP), "-b", "1", "-w", str(target), "--stdin"],
                input=text.encode(), capture_output=True, timeout=TIMEOUT_SECONDS,
                check=True)
            data = target.read_bytes()
            wav_seconds(data)
        except (subprocess.SubprocessError, OSError, WavError) as exc:
            raise SpeechError(f"espeak-ng did not make a recording ({exc}).") from exc
    return data


def speak_all(said: Sequence[tuple[str, Voice]], processes: int,
              made: Callable[[int, bytes], None]) -> None:
    """Say every (text, voice), `processes` espeak-ng processes at a time, handing each
    recording to `made(index, data)` in the caller's thread as soon as it is done."""
    if not said:
        return
    with ThreadPoolExecutor(max_workers=max(1, processes),
                            thread_name_prefix="speaking") as pool:
        running = {pool.submit(speak, text, voice): index
                   for index, (text, voice) in enumerate(said)}
        for future in as_completed(running):
            made(running[future], future.result())
