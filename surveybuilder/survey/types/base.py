"""The question-type contract: everything that differs from one type of question to
another, owned by the type.

Each type of question is one module in this package with one class, a subclass of
`QuestionBase`. The class is at the same time the type's part of the survey definition
(pydantic fields: its settings, checked when a definition is loaded) and its behaviour
in every format and channel:

- reading an answer: from a web form or any other raw fields (`read`), from what a
  keyer typed off a paper form (`key_entry`), from a cell of an imported file
  (`import_cell`); the messages for a missing or invalid answer;
- storing it: the answer rows (`rows`) and back (`from_rows`), JSON for journeys
  (`value_from_json`), and the form fields that give it back (`form_fields`);
- showing it: one function (`shown`) for check answers, keying and decisions, and the
  export columns and cells (`export_columns`, `export_cell`);
- printing it: the boxes to tick or write in and what to do, in words (`printed`);
- counting it (`counting`, `counted_choices`, `summary_rows`, `crosstab_parts`) and
  whether it can drive routing.

Templates per medium are found by name: `jinja/questions/<type>.html` (a `draw`
macro) and `jinja/print/<type>.html` (an `answers` macro). Code outside this package
never decides by a type's name: it asks the type, or one of the traits below.

A part a type does not give raises `MissingPart` naming the type and the part, and
the contract test (tests/test_question_types.py) runs every part of every type.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from typing import Annotated, Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field

from surveybuilder.wording import gettext

KEY_PATTERN = r"^[a-z][a-z0-9_]*$"
Key = Annotated[str, Field(pattern=KEY_PATTERN, min_length=1, max_length=64)]
Text = Annotated[str, Field(min_length=1, max_length=2000)]

AnswerValue = str | float | int | date | bool | list[str] | dict[str, Any]
RawInput = Mapping[str, Sequence[str]]
Row = dict[str, Any]

DEFAULT_SHORT_TEXT_MAX = 500


class MissingPart(NotImplementedError):
    """A question type does not give one part of the contract."""

    def __init__(self, kind: str, part: str):
        self.kind, self.part = kind, part
        super().__init__(f"The question type '{kind}' does not give its {part}")


class AnswerError(ValueError):
    """The answer cannot be accepted; the message says how to fix it, in plain words.
    `field` names the input to go to when it is not the question's first (a grid's
    statement left out)."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Limits:
    """Site-wide limits that a question may tighten but never loosen."""

    long_text_max: int = 5000


SITE_DEFAULTS = Limits()


class Counting(Enum):
    """How a type's answers are counted in SQL (results/counting.py): the shape of its
    stored rows, not its name."""

    NONE = "none"          # nothing stored (information only)
    OPTIONS = "options"    # one option key per respondent: counts add up
    TICKS = "ticks"        # several option keys per respondent
    RANKS = "ranks"        # option keys with a rank in number_value
    NUMBERS = "numbers"    # number_value
    DATES = "dates"        # date_value, counted by month
    TEXT = "text"          # text_value, read and themed rather than counted


class Strict(BaseModel):
    """Unknown keys are mistakes in a hand-written file, so they are refused."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class EasyRead(Strict):
    text: str = ""
    picture: str = ""


class ShowIf(Strict):
    """Show a question or section only when an earlier answer is one of `in`."""

    question: Key
    in_: list[Key] = Field(alias="in", min_length=1)


class OptionDef(Strict):
    key: Key
    label: Text
    easy_read: EasyRead | None = None


class Choice(BaseModel):
    """An answer value a question offers, whether written out (options) or implied
    by the type (yes/no, scale points)."""

    key: str
    label: str


def dont_know() -> Choice:
    """The "I don't know" answer yes/no questions and grids may offer, in the words of
    the locale being drawn."""
    return Choice(key="dont_know", label=gettext("I don't know"))


@dataclass(frozen=True)
class PrintedBox:
    """One box on the printed form: ticked (`option` says which answer) or written in
    (`part` names a part of the answer, like the day of a date, or the option a rank
    is written for)."""

    kind: str  # "tick" or "write"
    option: str | None = None
    part: str | None = None
    words: str = ""
    answer: str | None = None
    """The answer whose easy-read words and picture the box shows, when it is not
    `option` (a grid's box stands for one statement's answer)."""
    number: int | None = None
    """A tick box's option number, printed beside it: what a keyer types for it (the
    number `keying_choices` gives its answer)."""
    characters: int = 0
    """A box to write in split into this many boxes, one character each (a number, a
    date's day, a postcode), so each is written clearly and read one by one; 0 for one
    box of free writing."""


@dataclass(frozen=True)
class PrintedAnswers:
    """What the paper form shows for a question: the instruction in words and the
    boxes, in the order they are printed. `groups` splits the boxes into labelled rows
    (a grid's statements); most types have one group with no label."""

    instruction: str
    boxes: tuple[PrintedBox, ...]
    groups: tuple[tuple[str, tuple[PrintedBox, ...]], ...] = field(default=())


@dataclass(frozen=True)
class SummaryRow:
    """A part of a question that results summarise on its own line, like a grid's
    statement: its answers are the option keys in `choices`, at most one a respondent,
    so they add up to how many answered it. `scale` lists the keys on a scale, best
    first (results give the top two, the bottom two and the median of those), leaving
    out answers off the scale such as "I don't know"."""

    key: str
    words: str
    choices: tuple[tuple[str, str], ...]
    scale: tuple[str, ...] = ()


def first(values: Sequence[str]) -> str:
    return values[0].strip() if values else ""


def typed_figures(values: Sequence[str]) -> str:
    """The first value with its digits as 0-9, whatever script they were typed in
    (Eastern Arabic-Indic ٠-٩, Urdu's ۰-۹, Bengali ০-৯, Gurmukhi ੦-੯…), so a number,
    date, place, phone number or postcode reads the same in every language (issue 15).
    The one place the types read typed figures: every such type asks this."""
    return "".join(str(unicodedata.decimal(c)) if c.isdecimal() else c
                   for c in first(values))


def long_date(value: date) -> str:
    return f"{value.day} {value.strftime('%B %Y')}"


def split_typed(typed: str) -> list[str]:
    """What a keyer typed, as tokens: spaces, commas and semicolons separate."""
    return [t for t in re.split(r"[\s,;]+", typed) if t]


class QuestionBase(Strict):
    """The contract every question type fulfils; see the module docstring."""

    kind: ClassVar[str]
    label: ClassVar[str]
    routable: ClassVar[bool] = False
    """Its answers can decide which questions come next (show_if)."""
    answerable: ClassVar[bool] = True
    free_text: ClassVar[bool] = False
    """Its answers are people's own words: read, themed and checked for personal data."""
    personal_by_nature: ClassVar[bool] = False
    """Its answers identify a person whatever the question says (an e-mail address)."""
    records_consent: ClassVar[bool] = False
    """Answering it records a person's consent (the charter looks for one when a
    consultation is aimed at young people)."""
    contact_by_email: ClassVar[bool] = False
    """With hear_back, its answer is an e-mail address to send results to (else a
    postal address for a letter)."""
    written_options: ClassVar[bool] = False
    """The editor writes its answers out as options (rather than the type implying them)."""
    counting: ClassVar[Counting] = Counting.NONE
    additive: ClassVar[bool] = False
    """Each respondent gives at most one of the counted answers, so counts add up."""
    keyed_as_numbers: ClassVar[bool] = False
    """A keyer types the option numbers printed beside the boxes."""
    many: ClassVar[bool] = False
    """Several of its answers may be chosen at once."""
    keying_width: ClassVar[str] = "govuk-!-width-full"
    """The width of the keying box, for what is typed into it (a GOV.UK class)."""
    keying_lines: ClassVar[int] = 1
    """More than one gives the keyer a box of that many lines (a long written answer)."""
    summarised_as_scale: ClassVar[bool] = False
    """Results give the top two points, the bottom two and the median."""
    easy_read_faces: ClassVar[bool] = False
    """Easy read shows its answers as a row of faces."""

    key: Key
    text: Text
    hint: str = ""
    required: bool = False
    personal_data: bool = False
    easy_read: EasyRead | None = None
    show_if: ShowIf | None = None

    # The definition ---------------------------------------------------------------------

    def choices(self) -> list[Choice]:
        """The fixed answers, for choice-like types; empty for free answers."""
        return []

    def settings(self) -> dict[str, Any]:
        """Type-specific settings, as stored in the editor's draft rows."""
        common = set(QuestionBase.model_fields) | {"type", "options"}
        return {
            name: getattr(self, name)
            for name in type(self).model_fields
            if name not in common and getattr(self, name) != type(self).model_fields[name].default
        }

    def problems(self) -> list[tuple[str, str]]:
        """Settings that do not make sense together, as (field, message) pairs."""
        return []

    @classmethod
    def options_needed(cls, settings: Mapping[str, Any]) -> int:
        """How many options its settings need (to check a choice question's settings
        before its options are written)."""
        return 1

    def written_option(self, key: str) -> OptionDef | None:
        """The option the definition writes out for an answer key, with its easy-read
        words and picture (none for answers the type implies)."""
        return next((o for o in getattr(self, "options", []) if o.key == key), None)

    def choice_picture(self, index: int, key: str) -> tuple[str, str] | None:
        """The picture concept (and its words for a screen reader) easy read shows
        beside an answer the type implies, when the definition gives none."""
        return None

    def for_display(self, limits: Limits) -> QuestionBase:
        """The question as residents see it, with site-wide limits it must state."""
        return self

    @classmethod
    def example(cls) -> dict[str, Any]:
        """A question of this type as a definition writes it (docs, tests, gallery)."""
        raise MissingPart(cls.kind, "example question")

    def example_answer(self, pick: Any, number: int) -> AnswerValue | None:
        """A plausible answer (demo data, tests); `pick` is a random.Random."""
        raise MissingPart(self.kind, "example answer")

    # Reading an answer ------------------------------------------------------------------

    def field_names(self) -> list[str]:
        """The names of the form fields the answer is typed into."""
        return [self.key]

    def error_target(self) -> str:
        """The id of the field an error links to: the question's first input."""
        return self.field_names()[0]

    def read(self, raw: RawInput, limits: Limits) -> AnswerValue | None:
        """The checked value from raw form fields, or None when left blank; AnswerError
        says how to fix an answer that cannot be right."""
        raise MissingPart(self.kind, "reading of web input")

    def required_message(self) -> str:
        """What to say when a required answer is left blank."""
        raise MissingPart(self.kind, "message for a missing answer")

    def incomplete(self, value: AnswerValue) -> AnswerError | None:
        """For a required question answered in part (a grid with a statement left out):
        what is missing. Saving to finish later and paper keying accept a part."""
        return None

    def key_entry(self, typed: str) -> dict[str, list[str]]:
        """The raw fields that what a keyer typed off the paper form stands for."""
        return {self.key: [typed]}

    def ticked(self, options: Sequence[str]) -> dict[str, list[str]]:
        """The raw fields that the boxes ticked on a scanned form stand for (each box's
        `option` as `printed` names it), for `read` to check like any other channel.
        Two boxes ticked where one answer is asked is an AnswerError, so a person
        decides: a reader never picks one."""
        if len(options) > 1 and not self.many:
            raise AnswerError(f"{len(options)} boxes are ticked but this question takes one")
        return {self.key: list(options)}

    def keyed(self, value: AnswerValue) -> str:
        """What a keyer types for this answer off the paper form: the inverse of
        `key_entry` (the contract test keys every type with it)."""
        raise MissingPart(self.kind, "keyed form of an answer")

    def keying_choices(self) -> list[tuple[int, Choice]]:
        """The numbers printed beside the boxes, with the answers they stand for."""
        return list(enumerate(self.choices(), start=1))

    def keying_hint(self) -> str:
        """How to type the answer when keying, if it needs saying."""
        return ""

    def import_cell(self, cell: Any) -> dict[str, list[str]]:
        """The raw fields a cell of an imported file stands for (the inverse of
        `export_cell`, also accepting labels for option keys)."""
        if isinstance(cell, (bool, dict, list)):
            raise AnswerError("write the answer as text or a number")
        return {self.key: [str(cell)]}

    # Storing it -------------------------------------------------------------------------

    def rows(self, value: AnswerValue) -> list[Row]:
        """The answer's stored rows (columns of the Answer table)."""
        raise MissingPart(self.kind, "stored rows")

    def from_rows(self, rows: Sequence[Any]) -> AnswerValue | None:
        """The answer rebuilt from its stored rows: the inverse of `rows`."""
        raise MissingPart(self.kind, "reading of stored rows")

    def value_from_json(self, data: Any) -> AnswerValue:
        """An answer as a journey's JSON holds it, back to its value."""
        return data

    def form_fields(self, value: AnswerValue | None) -> dict[str, list[str]]:
        """The form fields that would give back `value` (to show a stored answer)."""
        if value is None:
            return {}
        if isinstance(value, float):
            return {self.key: [f"{value:g}"]}
        return {self.key: [str(value)]}

    def drawn_value(self, raw: RawInput) -> Any:
        """What the question's template shows in its inputs, from raw form fields (what
        was typed, shown again after an error, or a stored answer's `form_fields`)."""
        values = raw.get(self.key, [])
        return values[0] if values else None

    # Showing it -------------------------------------------------------------------------

    def shown(self, value: AnswerValue | None, words: Mapping[str, str] | None = None,
              numbered: bool = False) -> list[str]:
        """The answer in words, an item a line: check answers, keying and decisions all
        use this. `words` gives other words for answer keys (easy read); `numbered`
        puts the printed option numbers first (keying)."""
        raise MissingPart(self.kind, "answer in words")

    def export_columns(self) -> list[tuple[str, str | None]]:
        """(header, part) for each column of exports; most types have one."""
        return [(self.key, None)]

    def export_cell(self, value: AnswerValue, part: str | None) -> Any:
        """The value of one export column for an answer, as a code (an option's key)."""
        raise MissingPart(self.kind, "export cell")

    def export_words(self, value: AnswerValue, part: str | None) -> Any:
        """The value of one export column in the words people read (an option's label,
        not its key): exports show these by default, and the codes on request."""
        return self.export_cell(value, part)

    def export_heading(self, part: str | None) -> str:
        """The words heading an export column: the question, then the option's or
        statement's words for a column per option."""
        if part is None:
            return str(self.text)
        listed = getattr(self, "options", None) or ()
        label = next((o.label for o in listed if o.key == part), None)
        return f"{self.text}: {label or choice_label(self, part)}"

    # Printing it ------------------------------------------------------------------------

    def printed(self, easy: bool) -> PrintedAnswers:
        """The boxes and the instruction on the paper form, the instruction in the words
        of the current locale (the printed form sets it for its format: easy read's
        catalogue, else the English). `easy` is for a type's own staff-written words."""
        raise MissingPart(self.kind, "printed boxes")

    # Counting it ------------------------------------------------------------------------

    def counted_choices(self) -> list[tuple[str, str]]:
        """(option key, label) counted for this question, in order."""
        return [(c.key, c.label) for c in self.choices()]

    def summary_rows(self) -> list[SummaryRow]:
        """The rows results summarise one by one (a grid's statements, each with its own
        count of who answered and its own percentages); empty for a question whose
        counted answers make one list."""
        return []

    def crosstab_parts(self) -> list[tuple[str, str, list[tuple[str, str]]]]:
        """(name, words, (option key, label)s) of each part of the question that can be
        the rows or columns of a cross-tab: the whole question for a choice, nothing for
        free answers."""
        if self.counting in (Counting.OPTIONS, Counting.TICKS):
            return [(self.key, self.text, self.counted_choices())]
        return []


def choice_label(question: QuestionBase, key: str,
                 words: Mapping[str, str] | None = None) -> str:
    if words and key in words:
        return words[key]
    return next((c.label for c in question.choices() if c.key == key), key)


def row(key: str, option_key: str | None = None, text_value: str | None = None,
        number_value: float | None = None, date_value: date | None = None) -> Row:
    return {"question_key": key, "option_key": option_key, "text_value": text_value,
            "number_value": number_value, "date_value": date_value}
