"""Rough edges found trying the editor as a new officer (issue 16 item 6): a hint
saying "Choose all that apply." twice, counts like "1 warnings", and the README's
number of charter checks drifting from the code's."""

from __future__ import annotations

import re
from pathlib import Path

from flask import render_template_string

from surveybuilder.charter import checks
from surveybuilder.survey.definition import QUESTION_TYPES
from surveybuilder.survey.loading import load_definition

ROOT = Path(__file__).resolve().parent.parent
STAFF_TEMPLATES = ROOT / "surveybuilder" / "jinja" / "editor"
# "{{ rows | length }} warnings": a count printed straight before a plural word, with
# no "1 warning" case. Counts written "{{ n }} thing{{ '' if n == 1 else 's' }}" pass.
BARE_PLURAL = re.compile(
    r"\{\{[^{}]*\b(length|count|total|[a-z_]+_total|[a-z_]+_count)\s*\}\}\s+([a-z-]+[^s]s)\b")
# ...unless the line shows it only for more than one (the else of a "1" case).
ONLY_MANY = re.compile(r"length > 1 %\}|\{%-? else %\}")


def draw(app, data: dict) -> str:
    q = QUESTION_TYPES[data["type"]].model_validate(data)
    with app.test_request_context():
        return render_template_string(
            '{% from "questions/macros.html" import question %}{{ question(q) }}', q=q)


def test_a_hint_that_already_says_choose_all_that_apply_is_not_repeated(app):
    data = {"key": "rooms", "type": "multiple_choice", "text": "Which rooms do you use?",
            "options": [{"key": "study", "label": "Study room"}]}
    assert draw(app, data).count("Choose all that apply.") == 1
    said = draw(app, {**data, "hint": "Choose all that apply."})
    assert said.count("Choose all that apply.") == 1
    limited = draw(app, {**data, "hint": "Think about the last year.", "max_choices": 1})
    assert "Think about the last year. Choose up to 1." in limited


def test_no_shipped_template_or_demo_hint_repeats_the_added_words():
    for path in [*sorted((ROOT / "templates").glob("*.yaml")),
                 ROOT / "surveybuilder" / "demo_consultation.json"]:
        assert "Choose all that apply." not in path.read_text(encoding="utf-8"), path.name


def test_staff_pages_print_no_count_before_a_plural_without_its_singular():
    found = [f"{path.relative_to(STAFF_TEMPLATES)}: {match.group(0)}"
             for path in sorted(STAFF_TEMPLATES.rglob("*.html"))
             for line in path.read_text(encoding="utf-8").splitlines()
             if not ONLY_MANY.search(line) for match in BARE_PLURAL.finditer(line)]
    assert found == []


def test_one_plain_language_finding_is_said_in_the_singular(ready_definition):
    one = {**ready_definition, "summary": "We will utilise the park."}
    row = next(r for r in checks.check(load_definition(one)) if r.id == "plain_language")
    assert row.detail.startswith("1 plain-language finding, for example"), row.detail


def test_the_charter_page_says_1_warning(editor_client, make_consultation, organisation,
                                         ready_definition):
    consultation = make_consultation(organisation)
    page = editor_client.get(f"/staff/consultations/{consultation.id}/charter")
    text = page.get_data(as_text=True)
    warnings = re.search(r"(\d+) pass, (\d+) (warnings?), (\d+) fail", text)
    assert warnings, text
    assert warnings.group(3) == ("warning" if warnings.group(2) == "1" else "warnings")


def test_the_readme_gives_the_number_of_charter_checks_the_code_has():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    said = re.findall(r"\*\*Charter check\*\* \((\d+) checks", readme)
    assert said, "the README no longer says how many charter checks there are"
    assert {int(n) for n in said} == {len(checks.RULES)} == {len(checks.CHECK_IDS)}
