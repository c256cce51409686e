"""How long the recordings of a 40-question survey take, from publishing to every
recording in the store (target: within a minute on the 2-core project machine).

It builds a 40-question survey (the printed-form benchmark's twenty questions twice
over, every question with easy-read words of its own, so nothing is shared between
formats but large print with standard: 80 recordings), then for each --processes value,
in a fresh SQLite database and a fresh folder store each time:

1. brings the schema to head, adds an organisation, imports and publishes the survey
   (publishing queues the recording job, as it does for staff);
2. runs the waiting recording job in this process, as a worker would, timing it with
   the wall clock and the CPU seconds of this process and its espeak-ng children;
3. checks every recording the pages offer is in the store and is a WAV file, and
   prints the count, the total length of speech and the time.

    .venv/bin/python benchmarks/audio_forty_questions.py [--processes 1,2] [--rate 140]

Wall-clock time is what the target is about; it moves with whatever else shares the
machine, so the runs of different --processes values go one after another in the same
call to be compared side by side.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from render_pdfs import twenty_questions  # noqa: E402

from surveybuilder.survey.definition import SurveyDefinition  # noqa: E402
from surveybuilder.survey.loading import load_definition  # noqa: E402

TARGET_SECONDS = 60


def forty_questions() -> SurveyDefinition:
    """The twenty questions twice (keys and words made different), each with its own
    easy-read words."""
    data = twenty_questions().to_json()
    sections = []
    for round_number in (1, 2):
        for section in data["sections"]:
            questions = []
            for question in section["questions"]:
                changed = {**question, "key": f"{question['key']}_{round_number}",
                           "text": f"{question['text']} (part {round_number})",
                           "easy_read": {"text": f"{question['text']}\nPart {round_number}. "
                                                 f"Pick the answer that is right for you."}}
                if "show_if" in question:
                    changed["show_if"] = {**question["show_if"],
                                          "question": f"{question['show_if']['question']}"
                                                      f"_{round_number}"}
                questions.append(changed)
            sections.append({**section, "title": f"{section['title']} ({round_number})",
                             "questions": questions})
    return load_definition({**data, "opens": "2027-01-10", "sections": sections})


def run_once(processes: int, rate: int) -> dict[str, float]:
    from sqlmodel import Session

    from surveybuilder import create_app
    from surveybuilder.consultations import lifecycle
    from surveybuilder.consultations.snapshots import import_definition
    from surveybuilder.db import upgrade_to_head
    from surveybuilder.jobs import Outcome, run_waiting
    from surveybuilder.speaking.jobs import SPEAK_QUESTIONS, needed
    from surveybuilder.speaking.voice import Voice
    from surveybuilder.speaking.wav import wav_seconds
    from surveybuilder.staff.accounts import create_organisation

    with tempfile.TemporaryDirectory(prefix="sb-audio-bench-") as folder:
        app = create_app({"DATABASE_URL": f"sqlite:///{folder}/bench.sqlite3",
                          "EXPORTS_DIR": f"{folder}/files", "JOBS": "held",
                          "SECRET_KEY": "benchmark", "SPEECH_PROCESSES": processes,
                          "SPEECH_WORDS_PER_MINUTE": rate})
        engine = app.extensions["db_engine"]
        upgrade_to_head(engine)
        definition = forty_questions()
        with Session(engine, expire_on_commit=False) as session:
            organisation = create_organisation(session, "bench", "Benchmark Council")
            consultation = import_definition(session, organisation, None, definition)
            session.commit()
            lifecycle.publish(session, consultation, None,
                              override_reason="Benchmark data, not a real consultation")
            session.commit()
            consultation_id = consultation.id

        before_cpu = _cpu_seconds()
        start = time.perf_counter()
        outcomes = run_waiting(engine, app.config, kind=SPEAK_QUESTIONS)
        wall = time.perf_counter() - start
        cpu = _cpu_seconds() - before_cpu
        if outcomes[Outcome.DONE] != 1:
            raise SystemExit(f"The recording job did not finish: {outcomes}")

        store = app.extensions["file_store"]
        keys = needed(consultation_id, definition, Voice.from_settings(app.config))
        speech = sum(wav_seconds(store.get(key)) for key in keys)
        engine.dispose()
        return {"questions": len(definition.questions()), "recordings": len(keys),
                "wall": wall, "cpu": cpu, "speech": speech}


def _cpu_seconds() -> float:
    """CPU seconds of this process and of its children that have finished."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--processes", default="1,2",
                        help="espeak-ng processes at once, comma-separated (SPEECH_PROCESSES)")
    parser.add_argument("--rate", type=int, default=140, help="words a minute")
    args = parser.parse_args()
    print(f"{'processes':>9} {'questions':>9} {'recordings':>10} {'speech (min)':>12} "
          f"{'wall (s)':>9} {'CPU (s)':>8}  target {TARGET_SECONDS} s")
    worst = 0.0
    for processes in (int(p) for p in args.processes.split(",")):
        result = run_once(processes, args.rate)
        worst = max(worst, result["wall"])
        print(f"{processes:>9} {result['questions']:>9} {result['recordings']:>10} "
              f"{result['speech'] / 60:>12.1f} {result['wall']:>9.1f} {result['cpu']:>8.1f}")
    print(f"\nEvery run within the {TARGET_SECONDS} s target: "
          f"{'yes' if worst <= TARGET_SECONDS else 'NO'} (slowest {worst:.1f} s)")
    return 0 if worst <= TARGET_SECONDS else 1


if __name__ == "__main__":
    raise SystemExit(main())
