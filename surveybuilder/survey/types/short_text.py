"""A short answer in people's own words, on one line."""

from __future__ import annotations

from typing import Any, ClassVar, Literal

from pydantic import Field

from surveybuilder.survey.types.base import DEFAULT_SHORT_TEXT_MAX, Limits
from surveybuilder.survey.types.written import CHARACTER_LIMIT, WrittenQuestion
from surveybuilder.wording import gettext

SHORT_ANSWERS = ("By the bandstand", "Near the cafe", "The north gate", "By the lake")


class ShortTextQuestion(WrittenQuestion):
    kind: ClassVar[str] = "short_text"
    label: ClassVar[str] = "Short text"
    free_text: ClassVar[bool] = True
    type: Literal["short_text"]
    max_length: int | None = Field(default=None, ge=1, le=500, title=CHARACTER_LIMIT[0],
                                   description=CHARACTER_LIMIT[1])

    @classmethod
    def example(cls) -> dict[str, Any]:
        return {"key": "bus_route", "type": "short_text", "text": "Which bus do you take?",
                "max_length": 80}

    def example_answer(self, pick: Any, number: int) -> str:
        return pick.choice(SHORT_ANSWERS)

    def text_limit(self, limits: Limits) -> int:
        return self.max_length or DEFAULT_SHORT_TEXT_MAX

    def required_message(self) -> str:
        return gettext("Enter your answer to “%(question)s”", question=self.text)
