"""Stage 5: a copy's marks turned into answers, by each question type's own rules.

The ticked boxes of a question become the raw fields they stand for through the type's
`ticked` (one tick where one answer is asked, one a statement in a grid), and then the
type's own `read` checks them as it checks every other channel (at most N for
multiple choice). A box filled in is a changed mind: not chosen. Routing is checked
with the rules the layout printed: a question answered although the form said to skip
it is a doubt. Whatever cannot be settled (a doubtful box, a conflict, a page that could
not be read) is a doubt for a person, with the reason in words; nothing is guessed.

Writing is not read by machine: a writing box with ink in it is cropped for a person
to type; a clearly empty one is blank. A question left to a person keeps the crops of
its boxes with any mark in them (both boxes of a conflict, a doubtful one, writing).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from surveybuilder.scanning.copies import Copy
from surveybuilder.scanning.marks import BoxReading, Mark
from surveybuilder.survey.definition import SurveyDefinition
from surveybuilder.survey.types.base import SITE_DEFAULTS, AnswerError, AnswerValue


class Status:
    ANSWERED = "answered"  # read with confidence
    BLANK = "blank"  # no box ticked, nothing written
    SKIPPED = "skipped"  # blank, as the routing said
    DOUBT = "doubt"  # a person must decide (see `doubts`)
    TO_TYPE = "to-type"  # handwriting for a person to type from the crops
    MISSING = "missing-page"  # its page is not in the batch


@dataclass
class QuestionAnswer:
    key: str
    number: int | None
    type: str
    status: str
    value: AnswerValue | None = None
    confidence: float = 1.0
    doubts: list[str] = field(default_factory=list)
    marks: dict[str, str] = field(default_factory=dict)  # option or part → mark
    crops: dict[str, bytes] = field(default_factory=dict)  # box id → PNG
    pages: list[int] = field(default_factory=list)


def read_copy(copy: Copy, definition: SurveyDefinition) -> list[QuestionAnswer]:
    """Every question with boxes, in printed order, for one copy."""
    described = copy.layout.get("questions", {})
    boxes_of: dict[str, list[dict]] = {}
    for box in copy.layout["boxes"]:
        boxes_of.setdefault(box["question"], []).append(box)
    results: list[QuestionAnswer] = []
    values: dict[str, QuestionAnswer] = {}
    for key, boxes in boxes_of.items():
        question = definition.question(key)
        kind = described.get(key, {}).get("type", question.kind if question else "")
        answer = QuestionAnswer(key, boxes[0]["number"], kind, Status.BLANK,
                                pages=sorted({b["page"] for b in boxes}))
        if question is None or question.kind != kind:
            answer.status = Status.DOUBT
            answer.doubts.append("this question is not in the survey version printed")
        else:
            _answer(answer, question, boxes, copy)
        _route(answer, described.get(key, {}).get("show_if", []), values)
        if answer.status not in (Status.DOUBT, Status.TO_TYPE):
            answer.crops = {}  # only what a person must look at is cut out and kept
        values[key] = answer
        results.append(answer)
    return results


def _answer(answer: QuestionAnswer, question: Any, boxes: list[dict], copy: Copy) -> None:
    readings: dict[str, BoxReading] = {}
    for box in boxes:
        page = copy.pages.get(box["page"])
        if page is None:
            answer.status = Status.MISSING
            return
        if not page.aligned:
            answer.status = Status.DOUBT
            answer.doubts.append(f"page {box['page']} could not be lined up to be read")
            return
        readings[box["id"]] = page.readings[box["id"]]
        if box["id"] in page.crops:
            answer.crops[box["id"]] = page.crops[box["id"]]
    ticks = [b for b in boxes if b["kind"] == "tick"]
    writes = [b for b in boxes if b["kind"] == "write"]
    for box in boxes:  # a character box by its id: a date's eight share three parts
        name = box["id"] if box.get("character") else box["option"] or box["part"] or box["id"]
        answer.marks[name] = readings[box["id"]].mark.value
    answer.confidence = min((r.confidence for r in readings.values()), default=1.0)
    doubtful = [readings[b["id"]] for b in ticks if readings[b["id"]].mark == Mark.DOUBTFUL]
    if doubtful:
        answer.status = Status.DOUBT
        answer.doubts += [f"box {b['option']}: {readings[b['id']].reason}" for b in ticks
                          if readings[b["id"]].mark == Mark.DOUBTFUL]
        return
    written = [b for b in writes if readings[b["id"]].mark != Mark.EMPTY]
    if written:
        answer.status = Status.TO_TYPE
        return
    ticked = [b["option"] for b in ticks if readings[b["id"]].mark == Mark.TICKED]
    if not ticked:
        return
    try:
        answer.value = question.read(question.ticked(ticked), SITE_DEFAULTS)
        answer.status = Status.ANSWERED
    except AnswerError as exc:
        answer.status = Status.DOUBT
        answer.doubts.append(str(exc))


def _route(answer: QuestionAnswer, rules: list[dict], values: dict[str, QuestionAnswer]
           ) -> None:
    """Check the answer against the routing printed on the form."""
    for rule in rules:
        earlier = values.get(rule["question"])
        if earlier is None or earlier.status in (Status.DOUBT, Status.MISSING):
            continue  # a person settles the earlier answer first
        asked = earlier.value in rule["in"]
        if asked:
            continue
        if answer.status == Status.BLANK:
            answer.status = Status.SKIPPED
        elif answer.status in (Status.ANSWERED, Status.TO_TYPE):
            answer.doubts.append(
                f"answered, but the answer to question {earlier.number} says to skip it")
            answer.status = Status.DOUBT
