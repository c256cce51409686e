"""A box the resident must tick to go on ("I agree"); required by nature, stored as a
tick, keyed as 1, counted as one answer."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar, Literal

from surveybuilder.survey.types.base import (
    AnswerError,
    AnswerValue,
    Choice,
    Counting,
    Limits,
    PrintedAnswers,
    PrintedBox,
    RawInput,
    Row,
    first,
    row,
)
from surveybuilder.survey.types.choosing import ChoosingQuestion
from surveybuilder.wording import gettext

TICKED = {"yes", "y", "true", "1", "ticked", "x"}
NOT_TICKED = {"no", "n", "false", "0", ""}
AGREED = "I agree"


class ConsentQuestion(ChoosingQuestion):
    kind: ClassVar[str] = "consent"
    label: ClassVar[str] = "Consent (must be ticked)"
    records_consent: ClassVar[bool] = True
    counting: ClassVar[Counting] = Counting.OPTIONS
    additive: ClassVar[bool] = True
    type: Literal["consent"]
    required: bool = True

    @classmethod
    def example(cls) -> dict[str, Any]:
        return {"key": "agree", "type": "consent",
                "text": "I agree that you can use my answers."}

    def example_answer(self, pick: Any, number: int) -> bool:
        return True

    def problems(self) -> list[tuple[str, str]]:
        if not self.required:
            return [("required", "a consent question is always required")]
        return []

    def read(self, raw: RawInput, limits: Limits) -> bool | None:
        return True if first(raw.get(self.key, [])) else None

    def required_message(self) -> str:
        return gettext("Tick the box to say you agree. You cannot go on without it")

    def keying_choices(self) -> list[tuple[int, Choice]]:
        """One box, number 1."""
        return [(1, Choice(key="yes", label="Ticked"))]

    def keyed(self, value: AnswerValue) -> str:
        return "1" if value else ""

    def import_cell(self, cell: Any) -> dict[str, list[str]]:
        text = str(cell).strip().casefold()
        if cell is True or text in TICKED:
            return {self.key: ["yes"]}
        if cell is False or text in NOT_TICKED:
            return {}
        raise AnswerError("write yes if the box was ticked, or leave it empty")

    def form_fields(self, value: AnswerValue | None) -> dict[str, list[str]]:
        return {self.key: ["yes"]} if value else {}

    def drawn_value(self, raw: RawInput) -> list[str]:
        return list(raw.get(self.key, []))

    def rows(self, value: AnswerValue) -> list[Row]:
        return [row(self.key, option_key="yes")]

    def from_rows(self, rows: Sequence[Any]) -> bool | None:
        return True if rows else None

    def shown(self, value: AnswerValue | None, words: Mapping[str, str] | None = None,
              numbered: bool = False) -> list[str]:
        if not value:
            return []
        return ["1 Ticked"] if numbered else [AGREED]

    def export_cell(self, value: AnswerValue, part: str | None) -> Any:
        return "yes" if value else ""

    def export_words(self, value: AnswerValue, part: str | None) -> Any:
        return "Yes" if value else ""

    def counted_choices(self) -> list[tuple[str, str]]:
        return [("yes", "Ticked")]

    def printed(self, easy: bool) -> PrintedAnswers:
        return PrintedAnswers(gettext("Tick the box to say you agree."),
                              (PrintedBox("tick", option="yes", words=AGREED, number=1),))
