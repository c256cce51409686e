"""An e-mail address: contact detail by nature. With `hear_back` the results are
e-mailed to it."""

from __future__ import annotations

import re
from typing import Any, ClassVar, Literal

from pydantic import Field

from surveybuilder.survey.types.base import AnswerError
from surveybuilder.survey.types.long_text import HEAR_BACK, hear_back_problems
from surveybuilder.survey.types.written import WrittenQuestion
from surveybuilder.wording import N_, gettext

# A plain address (RFC 5322's dot-atom addr-spec, letters of any language allowed) and
# nothing else: no display name, angle brackets, quotes, comments or second address.
# `<root>victim@example.org` once passed, and a mail server delivered it to `root`.
_ATOM = r"[\w!#$%&'*+/=?^`{|}~-]+"
_LABEL = r"[^\W_](?:[\w-]*[^\W_])?"
EMAIL = re.compile(rf"{_ATOM}(?:\.{_ATOM})*@(?:{_LABEL}\.)+(?:[^\W\d_]{{2,}}|xn--[\w-]+)")


class EmailQuestion(WrittenQuestion):
    kind: ClassVar[str] = "email"
    label: ClassVar[str] = "Email address"
    personal_by_nature: ClassVar[bool] = True
    contact_by_email: ClassVar[bool] = True
    print_instruction: ClassVar[str] = N_("Write your email address in the box.")
    type: Literal["email"]
    hear_back: bool = Field(default=False, title=HEAR_BACK[0], description=HEAR_BACK[1])

    @classmethod
    def example(cls) -> dict[str, Any]:
        return {"key": "email", "type": "email", "text": "What is your email address?",
                "personal_data": True}

    def example_answer(self, pick: Any, number: int) -> str:
        return f"resident{number}@example.com"

    def problems(self) -> list[tuple[str, str]]:
        return hear_back_problems(self)

    def check(self, text: str) -> str:
        if not EMAIL.fullmatch(text):
            raise AnswerError(gettext("Enter an email address in the correct format, like "
                              "name@example.com"))
        return text

    def required_message(self) -> str:
        return gettext("Enter your email address")
