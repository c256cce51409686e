"""A UK or international phone number: contact detail by nature."""

from __future__ import annotations

import re
from typing import Any, ClassVar, Literal

from surveybuilder.survey.types.base import AnswerError
from surveybuilder.survey.types.written import WrittenQuestion
from surveybuilder.wording import N_, gettext

PHONE_CHARS = re.compile(r"^\+?[0-9 ()\-.]+$")


class PhoneQuestion(WrittenQuestion):
    kind: ClassVar[str] = "phone"
    label: ClassVar[str] = "Phone number"
    personal_by_nature: ClassVar[bool] = True
    figures: ClassVar[bool] = True
    print_instruction: ClassVar[str] = N_("Write your phone number in the box.")
    type: Literal["phone"]

    @classmethod
    def example(cls) -> dict[str, Any]:
        return {"key": "phone", "type": "phone", "text": "What is your phone number?",
                "personal_data": True}

    def example_answer(self, pick: Any, number: int) -> str:
        return f"07700 900{number % 1000:03d}"

    def check(self, text: str) -> str:
        digits = re.sub(r"\D", "", text)
        if not PHONE_CHARS.match(text) or not 10 <= len(digits) <= 15:
            raise AnswerError(gettext("Enter a phone number, like 01632 960 001 or 07700 900 982"))
        return text

    def required_message(self) -> str:
        return gettext("Enter your phone number")
