"""The question-type contract, run over every registered type: each round-trips web
input → stored rows → answer in words → export cell → import cell → stored rows, keys
on paper, prints in all three formats, draws in all three formats with its error, and
is in the JSON Schema and docs/survey-format.md (tests/support/type_contract.py). A type
that misses a part fails with a message naming the part; so does a deliberately
incomplete type. Storing and counting with a real database are checked below for
every type too.

Only this module, the type modules and their templates may name a type."""

from __future__ import annotations

import random
import re
import subprocess
from pathlib import Path
from typing import Any, ClassVar, Literal

import pytest
from support.results import add_response
from support.type_contract import contract_problems

from surveybuilder.consultations import lifecycle
from surveybuilder.results.counting import summarise
from surveybuilder.results.exports import responses_json
from surveybuilder.survey.loading import load_definition
from surveybuilder.survey.types import QUESTION_TYPES
from surveybuilder.survey.types.base import QuestionBase

ROOT = Path(__file__).resolve().parents[1]
EVERYDAY_WORDS = frozenset({"email", "number", "date"})


@pytest.mark.parametrize("kind", sorted(QUESTION_TYPES))
def test_every_type_keeps_the_contract(app, kind):
    with app.test_request_context("/"):
        assert contract_problems(QUESTION_TYPES[kind], app.jinja_env) == []


class HalfDoneQuestion(QuestionBase):
    """A type somebody has only started: a definition and an example, nothing else."""

    kind: ClassVar[str] = "half_done"
    label: ClassVar[str] = "Half done"
    type: Literal["half_done"]

    @classmethod
    def example(cls) -> dict[str, Any]:
        return {"key": "half", "type": "half_done", "text": "Is this finished?"}

    def example_answer(self, pick: Any, number: int) -> str:
        return "no"


def test_an_incomplete_type_fails_naming_each_part_it_lacks(app):
    with app.test_request_context("/"):
        problems = "\n".join(contract_problems(HalfDoneQuestion, app.jinja_env))
    for part in ("the register", "JSON Schema", "docs/survey-format.md",
                 "template questions/half_done.html", "template print/half_done.html",
                 "reading of web input", "stored rows", "answer in words", "export cell",
                 "keyed form of an answer", "printed boxes", "message for a missing answer"):
        assert part in problems, f"{part!r} not named in:\n{problems}"


def test_no_code_outside_the_types_names_a_type():
    """Code decides by asking the type; names of types appear only in the type modules,
    their templates (named after them) and tests. "email", "number" and "date" are also
    everyday names (a sign-in field, a column), so for them only a comparison with a
    question's kind or type counts."""
    names = "|".join(sorted(QUESTION_TYPES))
    found = subprocess.run(
        ["grep", "-rnE", rf"[\"']({names})[\"']", "surveybuilder", "--include=*.py",
         "--include=*.html"], cwd=ROOT, capture_output=True, text=True).stdout.splitlines()
    allowed = ("surveybuilder/survey/types/", "surveybuilder/migrations/",
               *(f"surveybuilder/jinja/{medium}/{kind}.html:"
                 for medium in ("questions", "print") for kind in QUESTION_TYPES))
    only_types = "|".join(sorted(set(QUESTION_TYPES) - EVERYDAY_WORDS))
    decided = re.compile(rf"[\"']({only_types})[\"']|\.(kind|type)\s*(==|!=|in\b)[^\n]*"
                         rf"[\"']({'|'.join(sorted(EVERYDAY_WORDS))})[\"']")
    offending = [line for line in found
                 if not line.startswith(allowed) and decided.search(line.split(":", 2)[2])]
    assert offending == []


# With a real database: stored, counted, exported and imported -------------------------

@pytest.fixture
def every_type_survey(db_session, organisation, make_consultation, ready_definition):
    questions = [QUESTION_TYPES[kind].example() for kind in sorted(QUESTION_TYPES)]
    consultation = make_consultation(organisation, {
        **ready_definition, "slug": "every-type-contract",
        "sections": [{"title": "Every type", "questions": questions}]})
    version = lifecycle.publish(db_session, consultation, None)
    db_session.commit()
    return consultation, version, load_definition(version.definition)


def test_every_type_is_stored_counted_and_exported(db_session, every_type_survey):
    consultation, version, definition = every_type_survey
    given = []
    for seed in range(4):
        answers = {q.key: q.example_answer(random.Random(seed), seed)
                   for q in definition.questions() if q.answerable}
        given.append(answers)
        add_response(db_session, every_type_survey, answers)
    summary = summarise(db_session, consultation)
    assert summary.respondents == 4
    for question in summary.questions:
        assert question.answered == 4, question.key
        counted = sum(o.count or 0 for o in question.options)
        assert question.numbers or question.counting == "text" or counted >= 4, question.key
    exported = "".join(responses_json(db_session, consultation))
    for question in definition.questions():
        if question.answerable:
            assert f'"{question.key}"' in exported, question.key

