"""Drawing questions for residents: the cost of each type's own template.

Since question types became one module each (docs/decisions/0008), the question macro
imports the type's template (`questions/<type>.html`) each time it draws a question,
where before one template held every type's macro. This times drawing every question
of the every-type survey (tests/data/before-types/every-type.json: 13 types) in the
three formats, blank and with an error, and prints the figures beside the same script
run on the code of a baseline commit (default: the last commit before the change),
checked out in a temporary git worktree.

    .venv/bin/python benchmarks/draw_questions.py [--rounds 200] [--baseline REV]

The blank pages residents see first are cached (respond.blank_pages), so this is the
cost of a page drawn with answers or errors, the part the cache cannot hold.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SURVEY = ROOT / "tests" / "data" / "before-types" / "every-type.json"
BEFORE_TYPES = "d86f8e5"
FORMATS = ("standard", "easy_read", "large_print")


def measure(rounds: int, survey: Path) -> dict[str, float]:
    """Best and median milliseconds to draw every question once in every format."""
    from surveybuilder import create_app
    from surveybuilder.survey.loading import load_definition

    definition = load_definition(json.loads(survey.read_text()))
    app = create_app({"TESTING": True, "DATABASE_URL": "sqlite://", "SECRET_KEY": "bench"})
    timings = []
    with app.test_request_context("/"):
        draw = app.jinja_env.get_template("questions/macros.html").module.question
        for _ in range(rounds + 5):
            start = time.perf_counter()
            for question in definition.questions():
                for answer_format in FORMATS:
                    draw(question, None, None, True, answer_format)
                    draw(question, None, "Fix this", False, answer_format)
            timings.append((time.perf_counter() - start) * 1000)
    timings = sorted(timings[5:])
    drawn = len(definition.questions()) * len(FORMATS) * 2
    return {"best_ms": timings[0], "median_ms": timings[len(timings) // 2],
            "per_question_ms": timings[len(timings) // 2] / drawn, "drawn": drawn}


def baseline(rev: str, rounds: int) -> dict[str, float]:
    """The same measurement on the code of `rev`, in a throwaway worktree."""
    with tempfile.TemporaryDirectory(prefix="sb-bench-") as folder:
        tree = Path(folder) / "tree"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "-q", str(tree),
                        rev], check=True)
        try:
            env = {**os.environ, "PYTHONPATH": str(tree)}
            done = subprocess.run(
                [sys.executable, str(Path(__file__).resolve()), "--rounds", str(rounds),
                 "--json", "--survey", str(SURVEY)], cwd=tree, env=env, check=True,
                capture_output=True, text=True)
            return json.loads(done.stdout.strip().splitlines()[-1])
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force",
                            str(tree)], check=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--baseline", default=BEFORE_TYPES,
                        help="commit to compare with (default: before types were modules)")
    parser.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--survey", type=Path, default=SURVEY, help=argparse.SUPPRESS)
    args = parser.parse_args()
    now = measure(args.rounds, args.survey)
    if args.json:
        print(json.dumps(now))
        return
    before = baseline(args.baseline, args.rounds)
    print(f"Drawing {now['drawn']} questions (13 types x 3 formats, blank and with an error),"
          f" {args.rounds} rounds")
    print(f"{'':28}{'baseline ' + args.baseline:>20}{'now':>12}{'change':>10}")
    for name, label in (("best_ms", "all questions, best (ms)"),
                        ("median_ms", "all questions, median (ms)"),
                        ("per_question_ms", "one question, median (ms)")):
        print(f"{label:28}{before[name]:>20.3f}{now[name]:>12.3f}"
              f"{(now[name] / before[name] - 1) * 100:>+9.0f}%")


if __name__ == "__main__":
    main()
