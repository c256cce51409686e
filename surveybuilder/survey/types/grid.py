"""Several statements (rows) answered on one shared scale (columns): LimeSurvey's
"array", Citizen Space's "matrix". The statements are the question's `options`, so the
editor writes them like options, with easy-read words and pictures; the columns are a
five-point scale, with "I don't know" if offered.

Online each statement is its own group of radios (named `<key>-<statement>`), so
nothing scrolls sideways at 320 px; on paper it is a table of tick boxes whose column
headings repeat on every page. An answer is {statement: column}; each statement
answered is one stored row with option key "statement:column", so results count it
per statement and cross-tabulate by statement.
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
    Key,
    Limits,
    OptionDef,
    PrintedAnswers,
    PrintedBox,
    QuestionBase,
    RawInput,
    Row,
    SummaryRow,
    choice_label,
    dont_know,
    first,
    row,
    split_typed,
)
from surveybuilder.survey.types.options import (
    duplicate_option_problems,
    key_of,
    written_choices,
)
from surveybuilder.survey.types.scale import FACES, SCALE_WORDS, scale_choices
from surveybuilder.wording import gettext

SEPARATOR = ";"
# The stored option key is "statement:column" and must fit the answer table's 64.
LONGEST_COLUMN = max(len(c.key) for scale in ("agree", "satisfied")
                     for c in [*scale_choices(scale), dont_know()])
LONGEST_STATEMENT_KEY = 64 - 1 - LONGEST_COLUMN


class GridQuestion(QuestionBase):
    kind: ClassVar[str] = "grid"
    label: ClassVar[str] = "Grid (several statements on one scale)"
    written_options: ClassVar[bool] = True
    counting: ClassVar[Counting] = Counting.TICKS
    keyed_as_numbers: ClassVar[bool] = True
    easy_read_faces: ClassVar[bool] = True
    many: ClassVar[bool] = True
    type: Literal["grid"]
    options: list[OptionDef] = Field(min_length=1, description="The statements, one a row.")
    scale: Literal["agree", "satisfied"] = Field(
        title="Answer scale", description="Every statement is answered on this scale.",
        json_schema_extra={"choice_words": SCALE_WORDS})
    dont_know: bool = Field(default=False, title="Offer “I don't know” for each statement")
    optional_rows: list[Key] = Field(
        default_factory=list, title="Statements people may leave out",
        description="Statements that need no answer even when the question is required.",
        json_schema_extra={"needs_options": True})

    @classmethod
    def example(cls) -> dict[str, Any]:
        return {"key": "park_views", "type": "grid", "scale": "agree", "dont_know": True,
                "text": "How much do you agree with each of these?", "required": True,
                "optional_rows": ["toilets"],
                "options": [{"key": "safe", "label": "The park feels safe"},
                            {"key": "clean", "label": "The park is kept clean"},
                            {"key": "toilets", "label": "The toilets are easy to find"}]}

    def example_answer(self, pick: Any, number: int) -> dict[str, str]:
        columns = [c.key for c in self.choices()]
        return {o.key: pick.choice(columns) for o in self.options
                if o.key not in self.optional_rows or pick.random() < 0.7}

    # The definition -----------------------------------------------------------------

    def choices(self) -> list[Choice]:
        """The columns: every statement is answered with one of these."""
        return [*scale_choices(self.scale), *([dont_know()] if self.dont_know else [])]

    def choice_picture(self, index: int, key: str) -> tuple[str, str] | None:
        return FACES[index] if index < len(FACES) else None

    def problems(self) -> list[tuple[str, str]]:
        problems = duplicate_option_problems(self.options)
        keys = {o.key for o in self.options}
        problems += [(f"optional_rows[{i}]", f"there is no statement '{key}'")
                     for i, key in enumerate(self.optional_rows) if key not in keys]
        problems += [(f"options[{i}].key", f"a statement's key can be at most "
                      f"{LONGEST_STATEMENT_KEY} characters long")
                     for i, o in enumerate(self.options) if len(o.key) > LONGEST_STATEMENT_KEY]
        return problems

    def written_option(self, key: str) -> None:
        """Its options are the statements, not the answers (the columns)."""
        return None

    def statement_words(self, option: OptionDef, easy: bool) -> str:
        easy_words = option.easy_read.text.strip() if option.easy_read else ""
        return easy_words if easy and easy_words else option.label

    def statement(self, key: str) -> str:
        return next((o.label for o in self.options if o.key == key), key)

    # Reading ------------------------------------------------------------------------

    def field_names(self) -> list[str]:
        return [self.row_field(o.key) for o in self.options]

    def row_field(self, statement: str) -> str:
        return f"{self.key}-{statement}"

    def read(self, raw: RawInput, limits: Limits) -> dict[str, str] | None:
        columns = {c.key for c in self.choices()}
        chosen: dict[str, str] = {}
        for option in self.options:
            picked = first(raw.get(self.row_field(option.key), []))
            if picked and picked not in columns:
                raise AnswerError(gettext("For “%(statement)s”, select one of the answers shown",
                                           statement=option.label),
                                  field=self.row_field(option.key))
            if picked:
                chosen[option.key] = picked
        return chosen or None

    def required_message(self) -> str:
        return (gettext("Select how much you agree with each statement") if self.scale == "agree"
                else gettext("Select how satisfied you are with each one"))

    def incomplete(self, value: AnswerValue) -> AnswerError | None:
        left = [o for o in self.options
                if o.key not in value and o.key not in self.optional_rows]
        if not left:
            return None
        return AnswerError(gettext("Select an answer for “%(statement)s”", statement=left[0].label),
                           field=self.row_field(left[0].key))

    def key_entry(self, typed: str) -> dict[str, list[str]]:
        """One column number per statement, top to bottom, 0 for a statement left
        blank: "2 1 0 3"."""
        tokens = split_typed(typed)
        numbered = dict(self.keying_choices())
        if len(tokens) != len(self.options) or not all(t.isdigit() for t in tokens):
            raise AnswerError(f"Type {len(self.options)} numbers, one for each statement in "
                              "order, like 2 1 0: the number of the box ticked, or 0 if none")
        if any(int(t) and int(t) not in numbered for t in tokens):
            raise AnswerError(f"Each number must be from 1 to {len(numbered)}, or 0 for a "
                              "statement with no box ticked")
        return {self.row_field(o.key): [numbered[int(t)].key]
                for o, t in zip(self.options, tokens, strict=True) if int(t)}

    def keyed(self, value: AnswerValue) -> str:
        numbers = {c.key: n for n, c in self.keying_choices()}
        return " ".join(str(numbers[value[o.key]]) if o.key in value else "0"
                        for o in self.options)

    def keying_hint(self) -> str:
        return ("For each statement in order ("
                + "; ".join(o.label for o in self.options)
                + "), the number of the box ticked, or 0 if none is, like "
                + " ".join(["2", "1", "0", "3", "5", "4"][:len(self.options)] or ["2"]))

    def ticked(self, options: Sequence[str]) -> dict[str, list[str]]:
        """Boxes are "statement:column"; each statement takes one tick."""
        by_row: dict[str, list[str]] = {}
        for option in options:
            statement, column = option.split(":", 1)
            by_row.setdefault(statement, []).append(column)
        twice = next((s for s, columns in by_row.items() if len(columns) > 1), None)
        if twice is not None:
            raise AnswerError(f"For “{self.statement(twice)}”, {len(by_row[twice])} boxes "
                              "are ticked but each statement takes one",
                              field=self.row_field(twice))
        return {self.row_field(s): columns for s, columns in by_row.items()}

    def import_cell(self, cell: Any) -> dict[str, list[str]]:
        """{"statement": "column"} (JSON), or "statement=column; …" (CSV); statements
        and columns by key or by their words."""
        if isinstance(cell, dict):
            pairs = list(cell.items())
        elif isinstance(cell, str):
            pairs = [tuple(p.split("=", 1)) for p in cell.split(SEPARATOR) if p.strip()]
            if any(len(p) != 2 for p in pairs):
                raise AnswerError("write each statement and its answer like safe=agree, "
                                  "separated by semicolons")
        else:
            raise AnswerError("write each statement and its answer like safe=agree")
        return {self.row_field(key_of(str(s), written_choices(self.options), "statements")):
                [key_of(str(c), self.choices(), "answers")]
                for s, c in pairs if str(c).strip()}

    # Storing ------------------------------------------------------------------------

    def rows(self, value: AnswerValue) -> list[Row]:
        return [row(self.key, option_key=f"{statement}:{column}")
                for statement, column in value.items()]

    def from_rows(self, rows: Sequence[Any]) -> dict[str, str] | None:
        found = dict(r.option_key.split(":", 1) for r in rows if r.option_key)
        return {o.key: found[o.key] for o in self.options if o.key in found} or None

    def form_fields(self, value: AnswerValue | None) -> dict[str, list[str]]:
        return {self.row_field(s): [c] for s, c in (value or {}).items()}

    def drawn_value(self, raw: RawInput) -> dict[str, str]:
        picked = {o.key: first(raw.get(self.row_field(o.key), [])) for o in self.options}
        return {statement: column for statement, column in picked.items() if column}

    # Showing ------------------------------------------------------------------------

    def shown(self, value: AnswerValue | None, words: Mapping[str, str] | None = None,
              numbered: bool = False) -> list[str]:
        if not value:
            return []
        numbers = {c.key: n for n, c in self.keying_choices()}
        return [f"{self.statement(s)}: "
                + (f"{numbers[c]} " if numbered else "") + choice_label(self, c, words)
                for s, c in value.items()]

    def export_columns(self) -> list[tuple[str, str | None]]:
        return [(f"{self.key}.{o.key}", o.key) for o in self.options]

    def export_cell(self, value: AnswerValue, part: str | None) -> Any:
        return value.get(part, "")

    def export_words(self, value: AnswerValue, part: str | None) -> Any:
        return choice_label(self, value[part]) if part in value else ""

    # Printing and counting ----------------------------------------------------------

    def printed(self, easy: bool) -> PrintedAnswers:
        groups = tuple(
            (self.statement_words(o, easy),
             tuple(PrintedBox("tick", option=f"{o.key}:{c.key}", words=c.label, answer=c.key,
                              number=n)
                   for n, c in self.keying_choices()))
            for o in self.options)
        return PrintedAnswers(gettext("Tick one box for each statement."), (), groups)

    def counted_choices(self) -> list[tuple[str, str]]:
        return [(f"{o.key}:{c.key}", f"{o.label}: {c.label}")
                for o in self.options for c in self.choices()]

    def summary_rows(self) -> list[SummaryRow]:
        """Each statement on its own line, out of those who answered it; the scale's
        points (not "I don't know") give its top two, bottom two and median."""
        scale = tuple(c.key for c in scale_choices(self.scale))
        return [SummaryRow(o.key, o.label, tuple((f"{o.key}:{c.key}", c.label)
                                                 for c in self.choices()),
                           tuple(f"{o.key}:{point}" for point in scale))
                for o in self.options]

    def crosstab_parts(self) -> list[tuple[str, str, list[tuple[str, str]]]]:
        """Each statement on its own: its answers are the columns."""
        return [(f"{self.key}.{o.key}", f"{self.text} – {o.label}",
                 [(f"{o.key}:{c.key}", c.label) for c in self.choices()])
                for o in self.options]
