"""Every part of the question-type contract (surveybuilder/survey/types/base.py), run
for one type without a database: a list of what is missing or wrong, each naming the
part, so a new type learns exactly what it still has to give."""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from jinja2 import Environment

from surveybuilder.printing import document as printed
from surveybuilder.printing.formats import all_print_formats
from surveybuilder.survey.answers import read_answer
from surveybuilder.survey.definition import FORMAT, SectionDef, SurveyDefinition
from surveybuilder.survey.journey import from_json, to_json
from surveybuilder.survey.loading import load_definition
from surveybuilder.survey.schema import generated_schema
from surveybuilder.survey.types.base import QuestionBase

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "surveybuilder" / "jinja"
DOC = ROOT / "docs" / "survey-format.md"
FORMATS = ("standard", "easy_read", "large_print")
SEEDS = range(6)


@dataclass
class Checked:
    """What a run of the contract found."""

    problems: list[str]

    def part(self, name: str, check) -> Any:
        """Run one part; a failure is recorded under the part's name."""
        try:
            return check()
        except Exception as exc:  # noqa: BLE001 - every failure is reported, by part
            self.problems.append(f"{name}: {type(exc).__name__}: {exc}")
            return None


def survey_of(question: dict[str, Any], slug: str = "contract") -> SurveyDefinition:
    return load_definition({"format": "surveybuilder/1", "slug": slug, "title": "Contract",
                            "participation_level": "consult",
                            "sections": [{"title": "Only section", "questions": [question]}]})


def _unchecked_survey(question: QuestionBase) -> SurveyDefinition:
    """A survey around a question of a type the register does not know (yet), so its
    other parts can still be checked."""
    section = SectionDef.model_construct(title="Only section", description="", show_if=None,
                                         questions=[question])
    return SurveyDefinition.model_construct(
        **{name: field.get_default(call_default_factory=True)
           for name, field in SurveyDefinition.model_fields.items()
           if not field.is_required() and name != "sections"},
        format=FORMAT, slug="contract", title="Contract", participation_level="consult",
        sections=[section])


def as_rows(rows: list[dict[str, Any]]) -> list[SimpleNamespace]:
    """Stored rows as the database gives them back (attributes, not keys)."""
    return [SimpleNamespace(**row) for row in rows]


def json_value(value: Any) -> Any:
    """An answer as the JSON export writes it (results/exports.py)."""
    return json.loads(json.dumps(to_json({"v": value})["v"]))


def contract_problems(question_class: type[QuestionBase], environment: Environment | None
                      = None) -> list[str]:
    """Everything the type does not give or gets wrong; empty when it keeps the contract.
    `environment` is the app's Jinja environment, to draw the question's web page."""
    checked = Checked([])
    kind = question_class.kind
    example = checked.part("example question", question_class.example)
    if example is None:
        return checked.problems
    question = checked.part("definition settings (the example question)",
                            lambda: question_class.model_validate(example))
    if question is None:
        return checked.problems
    registered = checked.part("the register (a survey with the example question loads)",
                              lambda: survey_of(example))
    definition = registered or _unchecked_survey(question)
    in_schema = [d for d in generated_schema()["$defs"].values()
                 if d.get("properties", {}).get("type", {}).get("const") == kind]
    if not in_schema:
        checked.problems.append("JSON Schema: the type is not in the generated schema")
    if not re.search(rf"^\| `{kind}` \|", DOC.read_text(), re.M):
        checked.problems.append("docs/survey-format.md: no row for the type in the table")
    for medium, macro in (("questions", "draw"), ("print", "answers")):
        template = TEMPLATES / medium / f"{kind}.html"
        if not template.exists() or f"macro {macro}(" not in template.read_text():
            checked.problems.append(f"template {medium}/{kind}.html with a `{macro}` macro: "
                                    "missing")
    _check_printing(checked, definition)
    if environment is not None:
        _check_web_drawing(checked, question, environment)
    if not question.answerable:
        return checked.problems
    for seed in SEEDS:
        answer = checked.part("example answer",
                              lambda s=seed: question.example_answer(random.Random(s), s))
        if answer is None:
            continue
        _check_round_trips(checked, definition, question, answer)
        if checked.problems:
            break
    checked.part("message for a missing answer", lambda: _non_empty(question.required_message()))
    return checked.problems


def _non_empty(text: str) -> str:
    assert text and text.strip(), "it is empty"
    return text


def _check_round_trips(checked: Checked, definition: SurveyDefinition,
                       question: QuestionBase, answer: Any) -> None:
    def same(part: str, got: Any) -> None:
        if got != answer:
            checked.problems.append(f"{part}: gave {got!r} back for {answer!r}")

    fields = checked.part("form fields of an answer", lambda: question.form_fields(answer))
    if fields is not None:
        unknown = set(fields) - set(question.field_names())
        if unknown:
            checked.problems.append(f"form fields: {sorted(unknown)} are not field names")
        same("reading of web input", checked.part(
            "reading of web input", lambda: read_answer(question, fields, require=False)))
        checked.part("redrawing an answer", lambda: question.drawn_value(fields))
    rows = checked.part("stored rows", lambda: question.rows(answer))
    if rows is not None:
        same("reading of stored rows", checked.part(
            "reading of stored rows", lambda: question.from_rows(as_rows(rows))))
    same("journey JSON", checked.part(
        "journey JSON", lambda: from_json(definition, json.loads(json.dumps(
            to_json({question.key: answer}))))[question.key]))
    shown = checked.part("answer in words", lambda: question.shown(answer))
    if shown is not None and (not shown or not all(isinstance(s, str) and s for s in shown)):
        checked.problems.append(f"answer in words: {shown!r} is not a list of words")
    checked.part("answer in words, numbered for keying",
                 lambda: _non_empty(", ".join(question.shown(answer, numbered=True))))
    columns = checked.part("export columns", question.export_columns)
    if columns is not None:
        if not columns:
            checked.problems.append("export columns: none")
        for header, part in columns:
            cell = checked.part("export cell", lambda p=part: question.export_cell(answer, p))
            if not isinstance(cell, (str, int, float)) or isinstance(cell, bool):
                checked.problems.append(f"export cell {header}: {cell!r} is not text or a "
                                        "number")
    same("import cell (the JSON export's value)", checked.part(
        "import cell", lambda: read_answer(question, question.import_cell(json_value(answer)),
                                           require=False)))
    same("keying a paper form", checked.part(
        "keying a paper form", lambda: read_answer(
            question, question.key_entry(question.keyed(answer)), require=False)))


def _check_printing(checked: Checked, definition: SurveyDefinition) -> None:
    question = definition.questions()[0]
    for print_format in all_print_formats():
        html = checked.part(f"printing ({print_format.slug})", lambda f=print_format: (
            printed.to_html(printed.build(definition, 1, f, "Contract council"))))
        if html is None:
            continue
        document = printed.build(definition, 1, print_format, "Contract council")
        boxes = document.boxes
        if question.answerable and not boxes:
            checked.problems.append(f"printed boxes ({print_format.slug}): none to tick or "
                                    "write in")
        missing = [box.id for box in boxes if f'id="{box.id}"' not in html]
        if missing:
            checked.problems.append(f"print/{question.kind}.html ({print_format.slug}): boxes "
                                    f"not drawn: {missing}")


def _check_web_drawing(checked: Checked, question: QuestionBase,
                       environment: Environment) -> None:
    draw = environment.get_template("questions/macros.html").module.question
    for answer_format in FORMATS:
        html = checked.part(f"questions/{question.kind}.html ({answer_format})",
                            lambda f=answer_format: str(draw(question, None, "Fix this",
                                                             True, f)))
        if html is None:
            continue
        missing = [n for n in question.field_names() if f'name="{n}"' not in html]
        if missing:
            checked.problems.append(f"questions/{question.kind}.html ({answer_format}): no "
                                    f"input named {missing}")
        if question.answerable and "Fix this" not in html:
            checked.problems.append(f"questions/{question.kind}.html ({answer_format}): the "
                                    "error message is not shown")


