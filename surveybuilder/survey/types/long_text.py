"""A longer answer in people's own words: a box of several lines, themed in results.
With `hear_back` it holds a postal address for a results letter."""

from __future__ import annotations

from typing import Any, ClassVar, Literal

from pydantic import Field

from surveybuilder.survey.types.base import Limits
from surveybuilder.survey.types.written import CHARACTER_LIMIT, WrittenQuestion
from surveybuilder.wording import gettext

HEAR_BACK = ("Use this answer to tell the person about the results",
             "For an e-mail address (we e-mail them) or a postal address (for a letter) "
             "from people who asked to hear back. The question must be marked as personal "
             "data; the details are deleted once used.")
COMMENTS = (
    "More lighting on the main path, it is too dark after 5pm in winter.",
    "The toilets by the cafe are often closed. Please keep them open.",
    "Benches near the playground so grandparents can sit down.",
    "The paths flood by the lake after rain.",
    "More bins, and emptied more often at weekends.",
    "A second gate on the north side would help people from the estate.",
    "Keep the wild flower meadow, my children love it.",
    "Better lighting and CCTV near the car park.",
    "Dog owners should have a separate area away from the play area.",
    "Accessible paths for wheelchairs and pushchairs around the lake.",
)


class LongTextQuestion(WrittenQuestion):
    kind: ClassVar[str] = "long_text"
    label: ClassVar[str] = "Long text"
    free_text: ClassVar[bool] = True
    keying_lines: ClassVar[int] = 3
    type: Literal["long_text"]
    max_length: int | None = Field(default=None, ge=1, le=50_000, title=CHARACTER_LIMIT[0],
                                   description=CHARACTER_LIMIT[1])
    hear_back: bool = Field(default=False, title=HEAR_BACK[0], description=HEAR_BACK[1])

    @classmethod
    def example(cls) -> dict[str, Any]:
        return {"key": "why_not", "type": "long_text", "text": "What stops you visiting?",
                "max_length": 2000}

    def example_answer(self, pick: Any, number: int) -> str:
        return pick.choice(COMMENTS)

    def problems(self) -> list[tuple[str, str]]:
        return hear_back_problems(self)

    def text_limit(self, limits: Limits) -> int:
        return min(self.max_length or limits.long_text_max, limits.long_text_max)

    def for_display(self, limits: Limits) -> LongTextQuestion:
        return self.model_copy(update={"max_length": self.text_limit(limits)})

    def required_message(self) -> str:
        return gettext("Enter your answer to “%(question)s”", question=self.text)


def hear_back_problems(question: Any) -> list[tuple[str, str]]:
    """An answer kept to tell someone the results (an e-mail address, or a postal address
    for a letter) is contact detail: it must be marked as personal data, so it is never
    published and is deleted once used."""
    if question.hear_back and not question.personal_data:
        return [("personal_data", "a question with hear_back is contact detail and must "
                                  "set personal_data")]
    return []
