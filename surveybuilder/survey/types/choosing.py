"""What the types answered by choosing share: answers are option keys, ticked on
paper, keyed as the numbers printed beside the boxes, counted per option."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

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
    choice_label,
    first,
    row,
    split_typed,
)
from surveybuilder.survey.types.options import key_of
from surveybuilder.wording import gettext

SEPARATOR = ";"


class ChoosingQuestion(QuestionBase):
    keyed_as_numbers: ClassVar[bool] = True
    keying_width: ClassVar[str] = "govuk-input--width-5"

    def printed_boxes(self) -> tuple[PrintedBox, ...]:
        """A tick box per answer, with the option number a keyer types for it."""
        return tuple(PrintedBox("tick", option=c.key, words=c.label, number=n)
                     for n, c in self.keying_choices())

    def key_entry(self, typed: str) -> dict[str, list[str]]:
        """Option numbers typed as printed: "2", or "1 3" when several may be ticked."""
        choices = self.keying_choices()
        tokens = split_typed(typed)
        if not all(t.isdigit() for t in tokens):
            raise AnswerError("Type the numbers printed beside the ticked boxes, like 2"
                              + (", or 1 3 for more than one" if self.many else ""))
        if len(tokens) > 1 and not self.many:
            raise AnswerError("Type one option number. If more than one box is ticked on "
                              "the form, leave this empty and tick “Unclear”")
        by_number = {n: choice.key for n, choice in choices}
        if any(int(t) not in by_number for t in tokens):
            raise AnswerError(f"Type an option number from 1 to {len(choices)}"
                              if len(choices) > 1 else "Type 1 if the box is ticked")
        return {self.key: [by_number[int(t)] for t in tokens]}

    def import_cell(self, cell: Any) -> dict[str, list[str]]:
        """Options by key or label; several in a list or separated by semicolons."""
        items = cell if isinstance(cell, list) else str(cell).split(SEPARATOR)
        return {self.key: [key_of(str(item), self.choices()) for item in items
                           if str(item).strip()]}

    def keyed(self, value: AnswerValue) -> str:
        numbers = {choice.key: n for n, choice in self.keying_choices()}
        return " ".join(str(numbers[k]) for k in (value if isinstance(value, list) else [value]))

    def numbered_words(self, keys: Sequence[str], words: Mapping[str, str] | None,
                       numbered: bool) -> list[str]:
        numbers = {choice.key: n for n, choice in self.keying_choices()}
        return [f"{numbers[k]} {choice_label(self, k)}" if numbered
                else choice_label(self, k, words) for k in keys if k in numbers]


class OneChoiceQuestion(ChoosingQuestion):
    """One answer from those offered (radios on screen, "Tick one box" on paper)."""

    routable: ClassVar[bool] = True
    counting: ClassVar[Counting] = Counting.OPTIONS
    additive: ClassVar[bool] = True

    def read(self, raw: RawInput, limits: Limits) -> str | None:
        chosen = first(raw.get(self.key, []))
        if not chosen:
            return None
        if chosen not in {c.key for c in self.choices()}:
            raise AnswerError(gettext("Select one of the options shown"))
        return chosen

    def rows(self, value: AnswerValue) -> list[Row]:
        return [row(self.key, option_key=str(value))]

    def from_rows(self, rows: Sequence[Any]) -> str | None:
        return rows[-1].option_key if rows else None

    def shown(self, value: AnswerValue | None, words: Mapping[str, str] | None = None,
              numbered: bool = False) -> list[str]:
        return [] if value is None else self.numbered_words([str(value)], words, numbered)

    def export_cell(self, value: AnswerValue, part: str | None) -> Any:
        return value

    def export_words(self, value: AnswerValue, part: str | None) -> Any:
        return choice_label(self, str(value))

    def example_answer(self, pick: Any, number: int) -> AnswerValue | None:
        return pick.choice([c.key for c in self.choices()])

    def printed(self, easy: bool) -> PrintedAnswers:
        return PrintedAnswers(gettext("Tick one box."), self.printed_boxes())
