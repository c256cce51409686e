"""Reading a survey definition from JSON-like data, with errors that name the place.

All problems are collected and reported together, each as `path: what is wrong`, e.g.
`sections[0].questions[1].show_if: question 'visit' has no option 'sometimes'`. Nothing
is returned unless the whole definition is sound, so a caller never half-imports.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from surveybuilder.survey.definition import (
    FORMAT,
    QUESTION_TYPES,
    QuestionBase,
    SurveyDefinition,
)
from surveybuilder.survey.reading import FileProblem, decode, parse_json
from surveybuilder.survey.routing import routing_problems
from surveybuilder.survey.translations import problems as translation_problems


@dataclass(frozen=True)
class Problem:
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class DefinitionError(ValueError):
    """The definition cannot be used; `problems` lists every reason."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def load_definition(data: Any) -> SurveyDefinition:
    """Check structure, then meaning (keys, routing, dates); raise with every problem."""
    if not isinstance(data, dict):
        raise DefinitionError([Problem("", "a survey definition must be a JSON object")])
    if data.get("format") != FORMAT:
        raise DefinitionError([Problem(
            "format", f"must be \"{FORMAT}\" (found {json.dumps(data.get('format'))})")])
    try:
        definition = SurveyDefinition.model_validate(data)
    except ValidationError as exc:
        raise DefinitionError(_structure_problems(exc, data)) from None
    problems = meaning_problems(definition)
    if problems:
        raise DefinitionError(problems)
    return definition


def load_definition_text(text: str) -> SurveyDefinition:
    """From JSON text; repeated keys, NaN, absurd numbers and deep nesting are refused
    (survey.reading) rather than half-read."""
    try:
        data = parse_json(text)
    except FileProblem as exc:
        raise DefinitionError([Problem("", p) for p in exc.problems]) from None
    return load_definition(data)


def load_definition_bytes(data: bytes, max_bytes: int | None = None) -> SurveyDefinition:
    """From a file's bytes: anything but UTF-8 is refused, naming the encoding found."""
    try:
        text = decode(data, max_bytes)
    except FileProblem as exc:
        raise DefinitionError([Problem("", p) for p in exc.problems]) from None
    return load_definition_text(text)


def meaning_problems(definition: SurveyDefinition) -> list[Problem]:
    """Problems a schema cannot see: repeated keys, routing, dates, type settings."""
    problems: list[Problem] = []
    problems += _date_problems(definition)
    problems += _key_problems(definition)
    for path, question in _question_paths(definition):
        problems += [Problem(f"{path}.{field}", msg) for field, msg in question.problems()]
    problems += [Problem(path, message) for path, message in routing_problems(definition)]
    problems += [Problem(path, message) for path, message in translation_problems(definition)]
    return problems


def _date_problems(d: SurveyDefinition) -> list[Problem]:
    problems = []
    if d.opens and d.closes and d.closes <= d.opens:
        problems.append(Problem("closes", f"the closing date {d.closes} must be after the "
                                          f"opening date {d.opens}"))
    if d.closes and d.feedback_by and d.feedback_by < d.closes:
        problems.append(Problem("feedback_by", f"the feedback date {d.feedback_by} must not "
                                               f"be before the closing date {d.closes}"))
    return problems


def _key_problems(d: SurveyDefinition) -> list[Problem]:
    first_seen: dict[str, str] = {}
    problems = []
    for path, question in _question_paths(d):
        if question.key in first_seen:
            problems.append(Problem(f"{path}.key", f"the key '{question.key}' is already "
                                                   f"used by {first_seen[question.key]}"))
        else:
            first_seen[question.key] = path
    return problems


def _question_paths(d: SurveyDefinition) -> list[tuple[str, QuestionBase]]:
    return [(f"sections[{si}].questions[{qi}]", q)
            for si, s in enumerate(d.sections) for qi, q in enumerate(s.questions)]


def _structure_problems(exc: ValidationError, data: dict[str, Any]) -> list[Problem]:
    problems = []
    for error in exc.errors():
        loc = _strip_union_tags(error["loc"])
        path = _path(loc)
        problems.append(Problem(path, _plain_message(error, loc, data)))
    return _dedupe(problems)


def _strip_union_tags(loc: tuple[Any, ...]) -> tuple[Any, ...]:
    """Pydantic puts the question type's name into the path, right after the question's
    index (`questions, 1, long_text, options`); readers do not need it."""
    return tuple(part for i, part in enumerate(loc)
                 if not (i >= 2 and loc[i - 2] == "questions" and isinstance(loc[i - 1], int)
                         and part in QUESTION_TYPES))


def _step(node: Any, part: Any) -> Any:
    if isinstance(node, dict):
        return node.get(part)
    if isinstance(node, list) and isinstance(part, int) and part < len(node):
        return node[part]
    return None


def _path(loc: tuple[Any, ...]) -> str:
    text = ""
    for part in loc:
        if part == "[key]":  # pydantic's mark for a map's key: the path already names it
            continue
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def _plain_message(error: dict[str, Any], loc: tuple[Any, ...], data: Any) -> str:
    kind = error["type"]
    field = loc[-1] if loc else ""
    parent = data
    for part in loc[:-1]:
        parent = _step(parent, part)
    if kind == "extra_forbidden":
        qtype = parent.get("type") if isinstance(parent, dict) else None
        if qtype in QUESTION_TYPES:
            return f"'{field}' is not allowed on a {qtype} question"
        return f"unknown key '{field}'"
    if kind == "missing":
        return "this is required"
    if kind in {"union_tag_invalid", "union_tag_not_found"}:
        found = error.get("ctx", {}).get("tag")
        return (f"'{found}' is not a question type; use one of: "
                f"{', '.join(QUESTION_TYPES)}") if found else "each question needs a 'type'"
    if kind == "string_pattern_mismatch":
        return ("use lower-case letters, digits and underscores, starting with a letter"
                if field != "slug" else "use lower-case letters, digits and single hyphens")
    if kind == "literal_error":
        return f"must be one of {error['ctx']['expected']}"
    return error["msg"][0].lower() + error["msg"][1:]


def _dedupe(problems: list[Problem]) -> list[Problem]:
    seen: set[Problem] = set()
    return [p for p in problems if not (p in seen or seen.add(p))]
