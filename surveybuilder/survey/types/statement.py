"""Information only: words residents read, with nothing to answer."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar, Literal

from surveybuilder.survey.types.base import (
    AnswerValue,
    Limits,
    PrintedAnswers,
    QuestionBase,
    RawInput,
    Row,
)


class StatementQuestion(QuestionBase):
    kind: ClassVar[str] = "statement"
    label: ClassVar[str] = "Information only (no answer)"
    answerable: ClassVar[bool] = False
    type: Literal["statement"]

    @classmethod
    def example(cls) -> dict[str, Any]:
        return {"key": "about", "type": "statement",
                "text": "These questions are about the park."}

    def example_answer(self, pick: Any, number: int) -> None:
        return None

    def field_names(self) -> list[str]:
        return []

    def error_target(self) -> str:
        return self.key

    def read(self, raw: RawInput, limits: Limits) -> None:
        return None

    def required_message(self) -> str:
        return ""

    def rows(self, value: AnswerValue) -> list[Row]:
        return []

    def from_rows(self, rows: Sequence[Any]) -> None:
        return None

    def shown(self, value: AnswerValue | None, words: Mapping[str, str] | None = None,
              numbered: bool = False) -> list[str]:
        return []

    def export_columns(self) -> list[tuple[str, str | None]]:
        return []

    def export_cell(self, value: AnswerValue, part: str | None) -> Any:
        return ""

    def printed(self, easy: bool) -> PrintedAnswers:
        return PrintedAnswers("", ())
