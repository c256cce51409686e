"""One answer from options the editor writes out; it can decide what comes next."""

from __future__ import annotations

from typing import Any, ClassVar, Literal

from pydantic import Field

from surveybuilder.survey.types.base import Choice, OptionDef
from surveybuilder.survey.types.choosing import OneChoiceQuestion
from surveybuilder.survey.types.options import duplicate_option_problems, written_choices
from surveybuilder.wording import gettext


class SingleChoiceQuestion(OneChoiceQuestion):
    kind: ClassVar[str] = "single_choice"
    label: ClassVar[str] = "Choose one option"
    written_options: ClassVar[bool] = True
    type: Literal["single_choice"]
    options: list[OptionDef] = Field(min_length=1)

    @classmethod
    def example(cls) -> dict[str, Any]:
        return {"key": "visit", "type": "single_choice",
                "text": "How often do you visit the park?",
                "options": [{"key": "weekly", "label": "Every week"},
                            {"key": "monthly", "label": "Every month"},
                            {"key": "never", "label": "Never"}]}

    def choices(self) -> list[Choice]:
        return written_choices(self.options)

    def problems(self) -> list[tuple[str, str]]:
        return duplicate_option_problems(self.options)

    def required_message(self) -> str:
        return gettext("Select an answer to “%(question)s”", question=self.text)
