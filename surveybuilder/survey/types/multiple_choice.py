"""Any number of options (or up to `max_choices`): one stored row per option ticked,
one export column per option, percentages of respondents that can pass 100 %."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar, Literal

from pydantic import Field

from surveybuilder.survey.types.base import (
    AnswerError,
    AnswerValue,
    Choice,
    Counting,
    Limits,
    OptionDef,
    PrintedAnswers,
    RawInput,
    Row,
    row,
)
from surveybuilder.survey.types.choosing import ChoosingQuestion
from surveybuilder.survey.types.options import (
    duplicate_option_problems,
    too_few_options,
    written_choices,
)
from surveybuilder.wording import gettext, ngettext


class MultipleChoiceQuestion(ChoosingQuestion):
    kind: ClassVar[str] = "multiple_choice"
    label: ClassVar[str] = "Choose one or more options"
    written_options: ClassVar[bool] = True
    counting: ClassVar[Counting] = Counting.TICKS
    many: ClassVar[bool] = True
    type: Literal["multiple_choice"]
    options: list[OptionDef] = Field(min_length=1)
    max_choices: int | None = Field(
        default=None, ge=1, title="Most options people can choose",
        description="Leave it blank to let people choose as many as they like.",
        json_schema_extra={"needs_options": True})

    @classmethod
    def example(cls) -> dict[str, Any]:
        return {"key": "activities", "type": "multiple_choice", "text": "What do you do there?",
                "max_choices": 2,
                "options": [{"key": "walk", "label": "Walk"}, {"key": "play", "label": "Play"},
                            {"key": "sport", "label": "Sport"}]}

    @classmethod
    def options_needed(cls, settings: Mapping[str, Any]) -> int:
        return max(1, int(settings.get("max_choices") or 1))

    def example_answer(self, pick: Any, number: int) -> list[str]:
        keys = [c.key for c in self.choices()]
        most = min(len(keys), self.max_choices or 3)
        chosen = pick.sample(keys, pick.randint(1, most))
        return [key for key in keys if key in chosen]

    def choices(self) -> list[Choice]:
        return written_choices(self.options)

    def problems(self) -> list[tuple[str, str]]:
        problems = duplicate_option_problems(self.options)
        if self.max_choices is not None and self.max_choices > len(self.options):
            problems.append(("max_choices", too_few_options(
                "People may choose up to", self.max_choices, len(self.options))))
        return problems

    def read(self, raw: RawInput, limits: Limits) -> list[str] | None:
        values = [v for v in raw.get(self.key, []) if v is not None]
        offered = [c.key for c in self.choices()]
        chosen = [v for v in offered if v in set(values)]
        if any(v not in offered for v in values):
            raise AnswerError(gettext("Select only options shown on the page"))
        if not chosen:
            return None
        if self.max_choices and len(chosen) > self.max_choices:
            raise AnswerError(ngettext("Select no more than %(num)d option",
                                       "Select no more than %(num)d options", self.max_choices))
        return chosen

    def key_entry(self, typed: str) -> dict[str, list[str]]:
        """The ticked boxes' numbers; more than may be chosen gets the keyer's own message
        (the resident's "Select no more than 3 options" is not what a keyer can do)."""
        entered = super().key_entry(typed)
        ticked = len(set(entered[self.key]))
        if self.max_choices and ticked > self.max_choices:
            raise AnswerError(f"{ticked} boxes are ticked; choose the ones that count (up to "
                              f"{self.max_choices}) or mark it Unclear")
        return entered

    def required_message(self) -> str:
        return gettext("Select at least one answer to “%(question)s”", question=self.text)

    def drawn_value(self, raw: RawInput) -> list[str]:
        return list(raw.get(self.key, []))

    def form_fields(self, value: AnswerValue | None) -> dict[str, list[str]]:
        return {} if value is None else {self.key: list(value)}

    def rows(self, value: AnswerValue) -> list[Row]:
        return [row(self.key, option_key=option) for option in value]

    def from_rows(self, rows: Sequence[Any]) -> list[str] | None:
        return [r.option_key for r in rows] or None

    def shown(self, value: AnswerValue | None, words: Mapping[str, str] | None = None,
              numbered: bool = False) -> list[str]:
        return [] if value is None else self.numbered_words(list(value), words, numbered)

    def export_columns(self) -> list[tuple[str, str | None]]:
        return [(f"{self.key}.{c.key}", c.key) for c in self.choices()]

    def export_cell(self, value: AnswerValue, part: str | None) -> Any:
        return 1 if part in value else 0

    def export_words(self, value: AnswerValue, part: str | None) -> Any:
        return "Yes" if part in value else "No"

    def printed(self, easy: bool) -> PrintedAnswers:
        said = (gettext("Tick up to %(count)s boxes.", count=self.max_choices)
                if self.max_choices else gettext("Tick all that apply."))
        return PrintedAnswers(said, self.printed_boxes())
