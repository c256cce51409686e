"""A date in three boxes (day, month, year), as GOV.UK asks for one; counted by month."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date, timedelta
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
    long_date,
    row,
    typed_figures,
)
from surveybuilder.wording import N_, gettext

PARTS = (N_("day"), N_("month"), N_("year"))
PRINTED_SHAPE = ("DD", "MM", "YYYY")
"""The character boxes of each part on paper: 27 03 2027."""


class DateQuestion(QuestionBase):
    kind: ClassVar[str] = "date"
    label: ClassVar[str] = "Date"
    counting: ClassVar[Counting] = Counting.DATES
    additive: ClassVar[bool] = True
    keying_width: ClassVar[str] = "govuk-input--width-10"
    type: Literal["date"]
    earliest: date | None = Field(default=None, title="Earliest date accepted",
                                  description="For example, 1 1 1920. Leave it blank for no "
                                              "limit.")
    latest: date | None = Field(default=None, title="Latest date accepted",
                                description="For example, 31 12 2027. Leave it blank for no "
                                            "limit.")
    relative_to_today: Literal["any", "not_future", "not_past"] | None = Field(
        default=None, title="Dates before or after today",
        description="For a date of birth or a last visit, refuse dates in the future; for "
                    "a date to book, refuse dates in the past. Checked against the day "
                    "the answer is given.",
        json_schema_extra={"choice_words": {
            "any": "Any date", "not_future": "Not in the future (today or before)",
            "not_past": "Not in the past (today or after)"}})

    @classmethod
    def example(cls) -> dict[str, Any]:
        return {"key": "last_visit", "type": "date", "text": "When did you last go?"}

    def example_answer(self, pick: Any, number: int) -> date:
        return date.today() - timedelta(days=pick.randint(1, 200))

    def problems(self) -> list[tuple[str, str]]:
        if self.earliest and self.latest and self.earliest > self.latest:
            return [("latest", f"latest ({self.latest}) is before earliest ({self.earliest})")]
        return []

    def field_names(self) -> list[str]:
        return [f"{self.key}-{part}" for part in PARTS]

    def read(self, raw: RawInput, limits: Limits) -> date | None:
        parts = [typed_figures(raw.get(name, [])) for name in self.field_names()]
        if not any(parts):
            return None
        missing = [gettext(label) for label, part in zip(PARTS, parts, strict=True) if not part]
        if missing:
            raise AnswerError(gettext("The date must include a %(parts)s",
                                      parts=gettext(" and a ").join(missing)))
        if parts[2].isdigit() and len(parts[2]) != 4:  # "26" for 2026: GOV.UK's message
            raise AnswerError(gettext("Year must include 4 numbers"), f"{self.key}-year")
        try:
            day, month, year = (int(p) for p in parts)
            if year < 1000:
                raise ValueError
            value = date(year, month, day)
        except (ValueError, OverflowError):  # a day of 10**19 overflows, not a ValueError
            raise AnswerError(gettext("The date must be a real date, like 27 3 2027")) from None
        self._check_limits(value)
        return value

    def _check_limits(self, value: date) -> None:
        """The question's earliest and latest dates, and today where it allows only the
        past or only the future."""
        today = date.today()
        if self.relative_to_today == "not_future" and value > today:
            raise AnswerError(gettext("The date must be today or in the past"))
        if self.relative_to_today == "not_past" and value < today:
            raise AnswerError(gettext("The date must be today or in the future"))
        if self.earliest and value < self.earliest:
            raise AnswerError(gettext("The date must be on or after %(date)s",
                                      date=long_date(self.earliest)))
        if self.latest and value > self.latest:
            raise AnswerError(gettext("The date must be on or before %(date)s",
                                      date=long_date(self.latest)))

    def required_message(self) -> str:
        return gettext("Enter a date for “%(question)s”", question=self.text)

    def key_entry(self, typed: str) -> dict[str, list[str]]:
        """A date typed as on the paper's boxes: day, month and year, separated by
        spaces, slashes, dots or dashes ("3 2 2025", "03/02/2025")."""
        parts = [p for p in re.split(r"[\s/.\-]+", typed) if p]
        if len(parts) != 3:
            raise AnswerError("Type the date as day, month and year, like 27 3 2027")
        return {name: [part] for name, part in zip(self.field_names(), parts, strict=True)}

    def keyed(self, value: AnswerValue) -> str:
        return f"{value.day} {value.month} {value.year}"

    def keying_hint(self) -> str:
        return "Day, month and year, like 27 3 2027"

    def import_cell(self, cell: Any) -> dict[str, list[str]]:
        """A date written as 2027-03-27 (ISO, as exports write it) or 27/03/2027."""
        text = str(cell).strip()
        iso = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
        uk = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text)
        if iso:
            year, month, day = iso.groups()
        elif uk:
            day, month, year = uk.groups()
        else:
            raise AnswerError("write the date like 2027-03-27 or 27/03/2027")
        return {name: [part] for name, part in zip(self.field_names(), (day, month, year),
                                                   strict=True)}

    def form_fields(self, value: AnswerValue | None) -> dict[str, list[str]]:
        if not isinstance(value, date):
            return {}
        return {name: [str(getattr(value, part))]
                for name, part in zip(self.field_names(), PARTS, strict=True)}

    def drawn_value(self, raw: RawInput) -> dict[str, str]:
        return {part: (raw.get(name) or [""])[0]
                for name, part in zip(self.field_names(), PARTS, strict=True)}

    def value_from_json(self, data: Any) -> date:
        return data if isinstance(data, date) else date.fromisoformat(data)

    def rows(self, value: AnswerValue) -> list[Row]:
        return [row(self.key, date_value=self.value_from_json(value))]

    def from_rows(self, rows: Sequence[Any]) -> date | None:
        return rows[-1].date_value if rows else None

    def shown(self, value: AnswerValue | None, words: Mapping[str, str] | None = None,
              numbered: bool = False) -> list[str]:
        return [] if value is None else [long_date(value)]

    def export_cell(self, value: AnswerValue, part: str | None) -> Any:
        return value.isoformat()

    def printed(self, easy: bool) -> PrintedAnswers:
        return PrintedAnswers(
            gettext("Write the day, month and year in the boxes, one number in each box, "
                    "for example 27 03 2027."),
            tuple(PrintedBox("write", part=part, characters=len(shape))
                  for part, shape in zip(PARTS, PRINTED_SHAPE, strict=True)))
