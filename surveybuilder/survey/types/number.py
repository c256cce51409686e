"""A number, whole or not, within an optional range: stored as a number, summarised
by minimum, median, mean and maximum."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar, Literal

from pydantic import Field

from surveybuilder.survey.types.base import (
    AnswerError,
    AnswerValue,
    Counting,
    Limits,
    PrintedAnswers,
    PrintedBox,
    QuestionBase,
    RawInput,
    Row,
    row,
    typed_figures,
)
from surveybuilder.wording import gettext

FREE_NUMBER_CHARACTERS = 8
"""Character boxes on paper for a number without a whole-number range: enough for
"12345.67", and they fit across the narrowest format's writing column."""


class NumberQuestion(QuestionBase):
    kind: ClassVar[str] = "number"
    label: ClassVar[str] = "Number"
    counting: ClassVar[Counting] = Counting.NUMBERS
    keying_width: ClassVar[str] = "govuk-input--width-10"
    type: Literal["number"]
    min: float | None = Field(default=None, title="Lowest number accepted",
                              description="For example, 0. Leave it blank for no lower limit.")
    max: float | None = Field(default=None, title="Highest number accepted",
                              description="For example, 100. Leave it blank for no upper "
                                          "limit.")
    whole_number: bool = Field(default=False, title="Accept whole numbers only",
                               description="Like 3, but not 3.5")

    @classmethod
    def example(cls) -> dict[str, Any]:
        return {"key": "times", "type": "number",
                "text": "How many times did you go last month?",
                "min": 0, "max": 31, "whole_number": True}

    def example_answer(self, pick: Any, number: int) -> int:
        return pick.randint(int(self.min or 0), int(self.max or 30))

    def problems(self) -> list[tuple[str, str]]:
        if self.min is not None and self.max is not None and self.min > self.max:
            return [("max", f"max ({self.max:g}) is smaller than min ({self.min:g})")]
        return []

    def read(self, raw: RawInput, limits: Limits) -> float | int | None:
        text = typed_figures(raw.get(self.key, [])).replace(",", "")
        if not text:
            return None
        try:
            number = float(text)
        except ValueError:
            raise AnswerError(gettext("Enter a whole number, like 12") if self.whole_number
                              else gettext("Enter a number, like 12 or 4.5")) from None
        if number != number or number in (float("inf"), float("-inf")):
            raise AnswerError(gettext("Enter a number, like 12 or 4.5"))
        if self.whole_number and not number.is_integer():
            raise AnswerError(gettext("Enter a whole number, like 12"))
        self._check_range(number)
        return int(number) if number.is_integer() else number

    def _check_range(self, number: float) -> None:
        low, high = self.min, self.max
        if low is not None and high is not None and not low <= number <= high:
            raise AnswerError(gettext("Enter a number between %(low)s and %(high)s",
                                      low=format(low, "g"), high=format(high, "g")))
        if low is not None and number < low:
            raise AnswerError(gettext("Enter a number that is %(low)s or more",
                                      low=format(low, "g")))
        if high is not None and number > high:
            raise AnswerError(gettext("Enter a number that is %(high)s or less",
                                      high=format(high, "g")))

    def required_message(self) -> str:
        return gettext("Enter a number for “%(question)s”", question=self.text)

    def keyed(self, value: AnswerValue) -> str:
        return self.shown(value)[0]

    def rows(self, value: AnswerValue) -> list[Row]:
        return [row(self.key, number_value=float(value))]

    def from_rows(self, rows: Sequence[Any]) -> float | int | None:
        if not rows or rows[-1].number_value is None:
            return None
        number = rows[-1].number_value
        return int(number) if number.is_integer() else number

    def shown(self, value: AnswerValue | None, words: Mapping[str, str] | None = None,
              numbered: bool = False) -> list[str]:
        if value is None:
            return []
        return [f"{value:g}" if isinstance(value, float) else str(value)]

    def export_cell(self, value: AnswerValue, part: str | None) -> Any:
        return value

    def printed(self, easy: bool) -> PrintedAnswers:
        said = gettext("Write the number in the boxes, one digit in each box.")
        return PrintedAnswers(" ".join(filter(None, (said, self._range_words()))),
                              (PrintedBox("write", characters=self.printed_characters()),))

    def printed_characters(self) -> int:
        """How many character boxes the paper form gives: enough for the longest whole
        number in range (and its minus sign), else room for a number with a point."""
        if not self.whole_number or self.min is None or self.max is None:
            return FREE_NUMBER_CHARACTERS
        longest = max(len(str(abs(int(bound)))) for bound in (self.min, self.max))
        return min(longest + (1 if self.min < 0 else 0), FREE_NUMBER_CHARACTERS)

    def _range_words(self) -> str:
        low, high = self.min, self.max
        low_words, high_words = (None if n is None else format(n, "g") for n in (low, high))
        if self.whole_number:
            if low is not None and high is not None:
                return gettext("Use a whole number from %(low)s to %(high)s.",
                               low=low_words, high=high_words)
            if low is not None:
                return gettext("Use a whole number of %(low)s or more.", low=low_words)
            if high is not None:
                return gettext("Use a whole number of %(high)s or less.", high=high_words)
            return gettext("Use a whole number.")
        if low is not None and high is not None:
            return gettext("Use a number from %(low)s to %(high)s.", low=low_words,
                           high=high_words)
        if low is not None:
            return gettext("Use a number of %(low)s or more.", low=low_words)
        if high is not None:
            return gettext("Use a number of %(high)s or less.", high=high_words)
        return ""
