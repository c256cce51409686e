"""Yes or no, with "I don't know" if the editor offers it; it can decide what comes
next. Easy read shows a tick and a cross."""

from __future__ import annotations

from typing import Any, ClassVar, Literal

from pydantic import Field

from surveybuilder.survey.types.base import Choice, dont_know
from surveybuilder.survey.types.choosing import OneChoiceQuestion
from surveybuilder.wording import gettext

# A tick and a cross; "I don't know" a shrug.
PICTURES = {"yes": ("tick", "tick"), "no": ("cross", "cross"),
            "dont_know": ("don't know", "person shrugging")}


class YesNoQuestion(OneChoiceQuestion):
    kind: ClassVar[str] = "yes_no"
    label: ClassVar[str] = "Yes or no"
    type: Literal["yes_no"]
    dont_know: bool = Field(default=False, title="Offer “I don't know” as an answer")

    @classmethod
    def example(cls) -> dict[str, Any]:
        return {"key": "use_bus", "type": "yes_no", "text": "Do you come by bus?",
                "dont_know": True}

    def choices(self) -> list[Choice]:
        """In the words of the locale being drawn, as the scales' points are."""
        choices = [Choice(key="yes", label=gettext("Yes")),
                   Choice(key="no", label=gettext("No"))]
        if self.dont_know:
            choices.append(dont_know())
        return choices

    def choice_picture(self, index: int, key: str) -> tuple[str, str] | None:
        return PICTURES.get(key)

    def required_message(self) -> str:
        return gettext("Select yes or no for “%(question)s”", question=self.text)
