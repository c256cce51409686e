"""A UK postcode: checked for shape and stored in its usual spacing ("B69 3DE")."""

from __future__ import annotations

import re
from typing import Any, ClassVar, Literal

from surveybuilder.survey.types.base import AnswerError, PrintedAnswers, PrintedBox
from surveybuilder.survey.types.written import WrittenQuestion
from surveybuilder.wording import N_, gettext

# The UK postcode shapes (A9 9AA, A99 9AA, AA9 9AA, AA99 9AA, A9A 9AA, AA9A 9AA),
# plus GIR 0AA; the check is on shape, not on whether the postcode is in use.
POSTCODE = re.compile(
    r"^(GIR ?0AA|[A-PR-UWYZ][A-HK-Y]?[0-9][0-9A-HJKMNPR-Y]? ?[0-9][ABD-HJLNP-UW-Z]{2})$")
POSTCODE_CHARACTERS = 7
POSTCODES = ("B69 3DE", "B69 4RJ", "B70 9LD", "DY4 8QT", "B66 1AA", "B71 4HY")


class PostcodeQuestion(WrittenQuestion):
    kind: ClassVar[str] = "postcode"
    label: ClassVar[str] = "UK postcode"
    personal_by_nature: ClassVar[bool] = True
    figures: ClassVar[bool] = True
    print_instruction: ClassVar[str] = N_("Write your postcode in the boxes, one letter or "
                                          "number in each box.")
    keying_width: ClassVar[str] = "govuk-input--width-10"
    type: Literal["postcode"]

    @classmethod
    def example(cls) -> dict[str, Any]:
        return {"key": "postcode", "type": "postcode", "text": "What is your postcode?",
                "personal_data": True}

    def example_answer(self, pick: Any, number: int) -> str:
        return pick.choice(POSTCODES)

    def check(self, text: str) -> str:
        compact = re.sub(r"\s+", "", text.upper())
        if not POSTCODE.match(compact):
            raise AnswerError(gettext("Enter a real UK postcode, like B69 3DE"))
        return f"{compact[:-3]} {compact[-3:]}"

    def required_message(self) -> str:
        return gettext("Enter your postcode")

    def printed(self, easy: bool) -> PrintedAnswers:
        """Seven character boxes: the longest postcode without its space (AA99 9AA);
        the form leaves a gap before the last three."""
        return PrintedAnswers(gettext(self.print_instruction),
                              (PrintedBox("write", characters=POSTCODE_CHARACTERS),))
