"""Recording a published version's questions, as a background job queued when it is
published (never when a resident asks).

The job's key is made from what the version's questions say, so publishing an
unchanged version again finds the job already there and queues nothing (decision 10:
the same key is the same job). Each recording's file key is made from its words and
the voice, so the job only records what the store lacks: standard and large print
share their files, and a job run again after a crash records only what is missing.
Every language the version is offered in is recorded by the same job, each in its own
espeak-ng voice; a language with no voice on this server is left out (its pages say
so).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, select

from surveybuilder.files import FileStore, store_from_settings
from surveybuilder.jobs import JobContext, JobFailed, enqueue, register
from surveybuilder.models import BackgroundJob, Consultation, SurveyVersion
from surveybuilder.speaking.scripts import Script, every_script
from surveybuilder.speaking.voice import (
    CONTENT_TYPE,
    ENGLISH,
    SCRIPT_VERSION,
    EspeakMissing,
    Voice,
    audio_key,
    has_voice,
    speak_all,
)
from surveybuilder.survey.definition import SurveyDefinition
from surveybuilder.survey.loading import load_definition

SPEAK_QUESTIONS = "speak-questions"
JOB_KEY_PREFIX = "speak:"


def job_key(consultation_id: int, definition: SurveyDefinition) -> str:
    """The same for every version that says the same words."""
    texts = sorted({_said(script) for script in every_script(definition)})
    said = hashlib.sha256("\n\0".join([f"script{SCRIPT_VERSION}", *texts]).encode())
    return f"{JOB_KEY_PREFIX}{consultation_id}:{said.hexdigest()[:32]}"


def queue_recordings(session: Session, consultation: Consultation, version: int,
                     definition: SurveyDefinition, *, files_missing: bool = False
                     ) -> BackgroundJob:
    """The job that records this version's questions, added in the caller's
    transaction, or the one already there for the same words (`files_missing` sets a
    done one waiting again: some of its files have gone from the store)."""
    return enqueue(session, SPEAK_QUESTIONS, key=job_key(consultation.id, definition),
                   title=f"Recording the questions read aloud, version {version}",
                   organisation_id=consultation.organisation_id,
                   consultation_id=consultation.id,
                   args={"consultation_id": consultation.id, "version": version},
                   rerun_done=files_missing)


def _said(script: Script) -> str:
    """A script's words and language (English's alone, so an English-only version
    keeps the job key it had before languages)."""
    return script.text if script.language == ENGLISH else f"{script.language}\n{script.text}"


def needed(consultation_id: int, definition: SurveyDefinition, voice: Voice
           ) -> dict[str, tuple[str, Voice]]:
    """Every recording the version's pages offer, in each language that has a voice:
    file key → (what it says, in which voice)."""
    wanted = {}
    for script in every_script(definition):
        if has_voice(script.language):
            said = voice.speaking(script.language)
            wanted[audio_key(consultation_id, said.digest(script.text))] = (script.text, said)
    return wanted


@dataclass(frozen=True)
class Recorded:
    made: int
    already_there: int


def record_missing(store: FileStore, consultation_id: int, definition: SurveyDefinition,
                   voice: Voice, processes: int,
                   progress: Callable[[int, int], None] = lambda done, total: None
                   ) -> Recorded:
    """Record what the store lacks of the version's recordings, `processes` at a time,
    putting each in the store as soon as it is made (a job cut off half-way keeps what
    it made)."""
    wanted = needed(consultation_id, definition, voice)
    missing = [(key, said) for key, said in wanted.items() if not store.exists(key)]
    done = [0]

    def keep(index: int, data: bytes) -> None:
        store.put(missing[index][0], data, CONTENT_TYPE)
        done[0] += 1
        progress(done[0], len(missing))

    speak_all([said for _key, said in missing], processes, keep)
    return Recorded(len(missing), len(wanted) - len(missing))


def version_definition(session: Session, consultation_id: int, version: int
                       ) -> SurveyDefinition | None:
    found = session.exec(select(SurveyVersion)
                         .where(SurveyVersion.consultation_id == consultation_id,
                                SurveyVersion.number == version)).first()
    return load_definition(found.definition) if found else None


def processes_setting(config: Mapping[str, Any]) -> int:
    return max(1, int(config["SPEECH_PROCESSES"]))


@register(SPEAK_QUESTIONS)
def speak_questions(job: JobContext, *, consultation_id: int, version: int) -> None:
    with job.session() as session:
        definition = version_definition(session, consultation_id, version)
    if definition is None:
        raise JobFailed("This version of the consultation no longer exists, so its "
                        "questions cannot be read aloud.", retry=False)
    store = store_from_settings(job.config, job.engine)
    job.progress(5, "Recording the questions")
    told = [5]

    def progress(done: int, total: int) -> None:
        percent = 5 + 95 * done // max(total, 1)
        if percent >= told[0] + 5:  # a database write every 5 %, not every file
            told[0] = percent
            job.progress(percent, f"Recorded {done} of {total}")

    try:
        record_missing(store, consultation_id, definition, Voice.from_settings(job.config),
                       processes_setting(job.config), progress)
    except EspeakMissing as exc:
        raise JobFailed(f"The questions could not be read aloud: {exc} Then publish "
                        f"again to try once more.", retry=False) from exc
