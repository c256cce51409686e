"""What the types answered in people's own words share: a line or a box of text,
stored as text, shown as written, printed as a box to write in."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from surveybuilder.survey.types.base import (
    DEFAULT_SHORT_TEXT_MAX,
    AnswerError,
    AnswerValue,
    Counting,
    Limits,
    PrintedAnswers,
    PrintedBox,
    QuestionBase,
    RawInput,
    Row,
    first,
    row,
    typed_figures,
)
from surveybuilder.wording import N_, gettext

CHARACTER_LIMIT = ("Character limit",
                   "The most characters people can enter. Leave it blank for no limit.")


class WrittenQuestion(QuestionBase):
    counting: ClassVar[Counting] = Counting.TEXT
    print_instruction: ClassVar[str] = N_("Write your answer in the box.")
    # True for answers made of figures (a phone number, a postcode): digits typed in any
    # script are read as 0-9. People's own words are kept exactly as written.
    figures: ClassVar[bool] = False

    def text_limit(self, limits: Limits) -> int:
        """The longest text accepted: the question's own limit within the site's."""
        return DEFAULT_SHORT_TEXT_MAX

    def read(self, raw: RawInput, limits: Limits) -> str | None:
        typed = typed_figures if self.figures else first
        text = typed(raw.get(self.key, [])).replace("\r\n", "\n")
        if not text:
            return None
        limit = self.text_limit(limits)
        if len(text) > limit:
            raise AnswerError(gettext("Your answer must be %(limit)s characters or fewer. It "
                                      "is %(length)s characters now",
                                      limit=format(limit, ","), length=format(len(text), ",")))
        return self.check(text)

    def check(self, text: str) -> str:
        """The text as stored, once its shape is right (a postcode's spacing)."""
        return text

    def keyed(self, value: AnswerValue) -> str:
        return str(value)

    def rows(self, value: AnswerValue) -> list[Row]:
        return [row(self.key, text_value=str(value))]

    def from_rows(self, rows: Sequence[Any]) -> str | None:
        return rows[-1].text_value if rows else None

    def shown(self, value: AnswerValue | None, words: Mapping[str, str] | None = None,
              numbered: bool = False) -> list[str]:
        return [] if value is None else [str(value)]

    def export_cell(self, value: AnswerValue, part: str | None) -> Any:
        return value

    def printed(self, easy: bool) -> PrintedAnswers:
        return PrintedAnswers(gettext(self.print_instruction), (PrintedBox("write"),))
