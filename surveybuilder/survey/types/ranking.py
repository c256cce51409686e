"""Put up to N of the options in order. Online (with or without JavaScript) each option
has a select, "1st", "2nd", …, and two options given the same place are refused in
plain words; on paper people write 1, 2, 3 in the boxes. An answer is {option: rank};
each option ranked is one stored row (option key, rank in number_value), so results
give each option's mean rank and how many put it first.
"""

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
    PrintedBox,
    QuestionBase,
    RawInput,
    Row,
    choice_label,
    first,
    row,
    split_typed,
    typed_figures,
)
from surveybuilder.survey.types.options import (
    duplicate_option_problems,
    key_of,
    too_few_options,
    written_choices,
)
from surveybuilder.wording import gettext

SEPARATOR = ";"
EMPTY_BOX = ("0", "-")
# More figures than any place has: a longer one is refused before int() reads it
# (a 100,000-digit place would raise, not give the message).
PLACE_FIGURES = 4


def ordinal(number: int) -> str:
    """1st, 2nd, 3rd, 4th … 11th, 12th, 13th … 21st."""
    if 10 <= number % 100 <= 20:
        return f"{number}th"
    return f"{number}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(number % 10, 'th')}"


class RankingQuestion(QuestionBase):
    kind: ClassVar[str] = "ranking"
    label: ClassVar[str] = "Put options in order"
    written_options: ClassVar[bool] = True
    counting: ClassVar[Counting] = Counting.RANKS
    many: ClassVar[bool] = True
    type: Literal["ranking"]
    options: list[OptionDef] = Field(min_length=2)
    max_ranked: int | None = Field(
        default=None, ge=1, title="How many options people put in order",
        description="For example, 3 for their top three. Leave it blank for all of them.",
        json_schema_extra={"needs_options": True})

    @classmethod
    def example(cls) -> dict[str, Any]:
        return {"key": "priorities", "type": "ranking", "max_ranked": 3,
                "text": "Which should we do first? Put your top three in order.",
                "options": [{"key": "lights", "label": "Better lighting"},
                            {"key": "toilets", "label": "Open the toilets"},
                            {"key": "benches", "label": "More benches"},
                            {"key": "paths", "label": "Mend the paths"}]}

    @classmethod
    def options_needed(cls, settings: Mapping[str, Any]) -> int:
        return max(2, int(settings.get("max_ranked") or 2))

    def example_answer(self, pick: Any, number: int) -> dict[str, int]:
        chosen = pick.sample([o.key for o in self.options],
                             pick.randint(1, self.places()))
        return {key: place for place, key in enumerate(chosen, start=1)}

    def choices(self) -> list[Choice]:
        return written_choices(self.options)

    def places(self) -> int:
        """How many places there are to fill: 1st to Nth."""
        return min(self.max_ranked or len(self.options), len(self.options))

    def problems(self) -> list[tuple[str, str]]:
        problems = duplicate_option_problems(self.options)
        if self.max_ranked is not None and self.max_ranked > len(self.options):
            problems.append(("max_ranked", too_few_options(
                "People put in order", self.max_ranked, len(self.options))))
        return problems

    def place_choices(self) -> list[tuple[str, str]]:
        """The select's choices: (value, words), blank first."""
        return [("", gettext("Not ranked")),
                *((str(n), ordinal(n)) for n in range(1, self.places() + 1))]

    # Reading ------------------------------------------------------------------------

    def field_names(self) -> list[str]:
        return [self.option_field(o.key) for o in self.options]

    def option_field(self, option: str) -> str:
        return f"{self.key}-{option}"

    def read(self, raw: RawInput, limits: Limits) -> dict[str, int] | None:
        ranked: dict[str, int] = {}
        for option in self.options:
            given = typed_figures(raw.get(self.option_field(option.key), []))
            if not given:
                continue
            if (not given.isdigit() or len(given) > PLACE_FIGURES
                    or not 1 <= int(given) <= self.places()):
                raise AnswerError(gettext("For “%(option)s”, choose a place from 1st to %(last)s",
                                          option=option.label, last=ordinal(self.places())),
                                  field=self.option_field(option.key))
            ranked[option.key] = int(given)
        if not ranked:
            return None
        self._check_places(ranked)
        return dict(sorted(ranked.items(), key=lambda item: item[1]))

    def _check_places(self, ranked: dict[str, int]) -> None:
        by_place: dict[int, list[str]] = {}
        for key, place in ranked.items():
            by_place.setdefault(place, []).append(key)
        for place, keys in sorted(by_place.items()):
            if len(keys) > 1:
                named = " and ".join(f"“{choice_label(self, k)}”" for k in keys)
                raise AnswerError(gettext("You put %(named)s both %(place)s. Give each option a "
                                          "different place", named=named, place=ordinal(place)),
                                  field=self.option_field(keys[1]))
        for place in range(1, max(by_place) + 1):
            if place not in by_place:
                last = max(by_place)
                raise AnswerError(gettext("You chose a %(last)s but no %(place)s. Number your "
                                          "choices in order, starting from 1st",
                                          last=ordinal(last), place=ordinal(place)),
                                  field=self.option_field(by_place[last][0]))

    def required_message(self) -> str:
        return gettext("Choose which option comes 1st")

    def key_entry(self, typed: str) -> dict[str, list[str]]:
        """The number written in each box, top to bottom, 0 for an empty box."""
        tokens = split_typed(typed)
        if len(tokens) != len(self.options) or not all(
                t.isdigit() or t in EMPTY_BOX for t in tokens):
            raise AnswerError(f"Type {len(self.options)} numbers, one for each option in "
                              "order: the number written in its box, or 0 if it is empty")
        return {self.option_field(o.key): [t] for o, t in zip(self.options, tokens, strict=True)
                if t not in EMPTY_BOX}

    def keyed(self, value: AnswerValue) -> str:
        return " ".join(str(value.get(o.key, 0)) for o in self.options)

    def keying_hint(self) -> str:
        return ("For each option in order (" + "; ".join(o.label for o in self.options)
                + "), the number written in its box, or 0 if it is empty, like "
                + " ".join(["2", "1", "0", "3", "0", "0"][:len(self.options)]))

    def import_cell(self, cell: Any) -> dict[str, list[str]]:
        """{"option": place} (JSON, as exported), or the options in order, first choice
        first, by key or words: "toilets; lights" (CSV) or a list."""
        if isinstance(cell, dict):
            return {self.option_field(key_of(str(k), self.choices())): [str(v)]
                    for k, v in cell.items() if str(v).strip()}
        items = cell if isinstance(cell, list) else str(cell).split(SEPARATOR)
        ordered = [key_of(str(item), self.choices()) for item in items if str(item).strip()]
        twice = next((key for index, key in enumerate(ordered) if key in ordered[:index]), None)
        if twice is not None:
            raise AnswerError(f"“{choice_label(self, twice)}” is listed twice; list each "
                              "option once, first choice first")
        return {self.option_field(key): [str(place)]
                for place, key in enumerate(ordered, start=1)}

    # Storing and showing ------------------------------------------------------------

    def rows(self, value: AnswerValue) -> list[Row]:
        return [row(self.key, option_key=key, number_value=float(place))
                for key, place in value.items()]

    def from_rows(self, rows: Sequence[Any]) -> dict[str, int] | None:
        ranked = {r.option_key: int(r.number_value) for r in rows
                  if r.option_key and r.number_value is not None}
        return dict(sorted(ranked.items(), key=lambda item: item[1])) or None

    def value_from_json(self, data: Any) -> dict[str, int]:
        return {key: int(place) for key, place in data.items()}

    def form_fields(self, value: AnswerValue | None) -> dict[str, list[str]]:
        return {self.option_field(k): [str(place)] for k, place in (value or {}).items()}

    def drawn_value(self, raw: RawInput) -> dict[str, str]:
        return {o.key: first(raw.get(self.option_field(o.key), [])) for o in self.options}

    def shown(self, value: AnswerValue | None, words: Mapping[str, str] | None = None,
              numbered: bool = False) -> list[str]:
        return [f"{ordinal(place)}: {choice_label(self, key, words)}"
                for key, place in (value or {}).items()]

    def export_columns(self) -> list[tuple[str, str | None]]:
        return [(f"{self.key}.{o.key}", o.key) for o in self.options]

    def export_cell(self, value: AnswerValue, part: str | None) -> Any:
        return value.get(part, "")

    def printed(self, easy: bool) -> PrintedAnswers:
        said = gettext("Write 1 in the box beside your first choice, 2 beside your second, "
                       "and so on.")
        if self.places() < len(self.options):
            said += " " + gettext("Number up to %(count)s.", count=self.places())
        return PrintedAnswers(said,
                              tuple(PrintedBox("write", part=o.key, words=o.label)
                                    for o in self.options))
