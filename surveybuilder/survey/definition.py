"""The survey definition format (`surveybuilder/1`): one typed model per question type.

This is the frozen snapshot every rendering, channel and export reads. Each question
type is its own class with typed settings, registered by its `type` name; an unknown
type, a setting that belongs to another type or an unknown key is rejected. The JSON
Schema shipped beside this module is generated from these classes.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, ClassVar, Literal, Union

from pydantic import BaseModel, ConfigDict, Field

FORMAT = "surveybuilder/1"
KEY_PATTERN = r"^[a-z][a-z0-9_]*$"
SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
PARTICIPATION_LEVELS = ("inform", "consult", "engage", "involve", "co-produce")

Key = Annotated[str, Field(pattern=KEY_PATTERN, min_length=1, max_length=64)]
Text = Annotated[str, Field(min_length=1, max_length=2000)]


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


class QuestionBase(Strict):
    kind: ClassVar[str]
    label: ClassVar[str]
    routable: ClassVar[bool] = False
    answerable: ClassVar[bool] = True

    key: Key
    text: Text
    hint: str = ""
    required: bool = False
    personal_data: bool = False
    easy_read: EasyRead | None = None
    show_if: ShowIf | None = None

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


class StatementQuestion(QuestionBase):
    kind = "statement"
    label = "Information only (no answer)"
    answerable = False
    type: Literal["statement"]


class ShortTextQuestion(QuestionBase):
    kind = "short_text"
    label = "Short text"
    type: Literal["short_text"]
    max_length: int | None = Field(default=None, ge=1, le=500)


class LongTextQuestion(QuestionBase):
    kind = "long_text"
    label = "Long text"
    type: Literal["long_text"]
    max_length: int | None = Field(default=None, ge=1, le=50_000)
    hear_back: bool = False

    def problems(self) -> list[tuple[str, str]]:
        return _hear_back_problems(self)


class SingleChoiceQuestion(QuestionBase):
    kind = "single_choice"
    label = "Choose one option"
    routable = True
    type: Literal["single_choice"]
    options: list[OptionDef] = Field(min_length=1)

    def choices(self) -> list[Choice]:
        return [Choice(key=o.key, label=o.label) for o in self.options]

    def problems(self) -> list[tuple[str, str]]:
        return _duplicate_option_problems(self.options)


class MultipleChoiceQuestion(QuestionBase):
    kind = "multiple_choice"
    label = "Choose one or more options"
    type: Literal["multiple_choice"]
    options: list[OptionDef] = Field(min_length=1)
    max_choices: int | None = Field(default=None, ge=1)

    def choices(self) -> list[Choice]:
        return [Choice(key=o.key, label=o.label) for o in self.options]

    def problems(self) -> list[tuple[str, str]]:
        problems = _duplicate_option_problems(self.options)
        if self.max_choices is not None and self.max_choices > len(self.options):
            problems.append(("max_choices", f"max_choices is {self.max_choices} but there "
                             f"are only {len(self.options)} options"))
        return problems


class YesNoQuestion(QuestionBase):
    kind = "yes_no"
    label = "Yes or no"
    routable = True
    type: Literal["yes_no"]
    dont_know: bool = False

    def choices(self) -> list[Choice]:
        choices = [Choice(key="yes", label="Yes"), Choice(key="no", label="No")]
        if self.dont_know:
            choices.append(Choice(key="dont_know", label="I don't know"))
        return choices


SCALE_POINTS = {
    "agree": [("strongly_agree", "Strongly agree"), ("agree", "Agree"),
              ("neither", "Neither agree nor disagree"), ("disagree", "Disagree"),
              ("strongly_disagree", "Strongly disagree")],
    "satisfied": [("very_satisfied", "Very satisfied"), ("satisfied", "Satisfied"),
                  ("neither", "Neither satisfied nor dissatisfied"),
                  ("dissatisfied", "Dissatisfied"), ("very_dissatisfied", "Very dissatisfied")],
}


class ScaleQuestion(QuestionBase):
    kind = "scale"
    label = "Five-point scale"
    type: Literal["scale"]
    scale: Literal["agree", "satisfied"]

    def choices(self) -> list[Choice]:
        return [Choice(key=k, label=v) for k, v in SCALE_POINTS[self.scale]]


class NumberQuestion(QuestionBase):
    kind = "number"
    label = "Number"
    type: Literal["number"]
    min: float | None = None
    max: float | None = None
    whole_number: bool = False

    def problems(self) -> list[tuple[str, str]]:
        if self.min is not None and self.max is not None and self.min > self.max:
            return [("max", f"max ({self.max:g}) is smaller than min ({self.min:g})")]
        return []


class DateQuestion(QuestionBase):
    kind = "date"
    label = "Date"
    type: Literal["date"]
    earliest: date | None = None
    latest: date | None = None

    def problems(self) -> list[tuple[str, str]]:
        if self.earliest and self.latest and self.earliest > self.latest:
            return [("latest", f"latest ({self.latest}) is before earliest ({self.earliest})")]
        return []


class EmailQuestion(QuestionBase):
    kind = "email"
    label = "Email address"
    type: Literal["email"]
    hear_back: bool = False

    def problems(self) -> list[tuple[str, str]]:
        return _hear_back_problems(self)


class PhoneQuestion(QuestionBase):
    kind = "phone"
    label = "Phone number"
    type: Literal["phone"]


class PostcodeQuestion(QuestionBase):
    kind = "postcode"
    label = "UK postcode"
    type: Literal["postcode"]


def _hear_back_problems(question: LongTextQuestion | EmailQuestion) -> list[tuple[str, str]]:
    """An answer kept to tell someone the results (an e-mail address, or a postal address
    for a letter) is contact detail: it must be marked as personal data, so it is never
    published and is deleted once used."""
    if question.hear_back and not question.personal_data:
        return [("personal_data", "a question with hear_back is contact detail and must "
                                  "set personal_data")]
    return []


class ConsentQuestion(QuestionBase):
    """A box the resident must tick to go on; it is required by nature."""

    kind = "consent"
    label = "Consent (must be ticked)"
    type: Literal["consent"]
    required: bool = True

    def problems(self) -> list[tuple[str, str]]:
        if not self.required:
            return [("required", "a consent question is always required")]
        return []


QUESTION_CLASSES: tuple[type[QuestionBase], ...] = (
    StatementQuestion, ShortTextQuestion, LongTextQuestion, SingleChoiceQuestion,
    MultipleChoiceQuestion, YesNoQuestion, ScaleQuestion, NumberQuestion, DateQuestion,
    EmailQuestion, PhoneQuestion, PostcodeQuestion, ConsentQuestion,
)
QUESTION_TYPES: dict[str, type[QuestionBase]] = {c.kind: c for c in QUESTION_CLASSES}
CHOICE_TYPES = frozenset(k for k, c in QUESTION_TYPES.items() if "options" in c.model_fields)

Question = Annotated[
    Union[tuple(QUESTION_CLASSES)],  # noqa: UP007 - a Union built from the register
    Field(discriminator="type"),
]


class SectionDef(Strict):
    title: Text
    description: str = ""
    show_if: ShowIf | None = None
    questions: list[Question] = Field(default_factory=list)


class PlanDef(Strict):
    """The charter's planning questions, answered before anything goes live."""

    aims: str = ""
    coproduction: str = ""
    constraints: str = ""
    expectations: str = ""
    success_measures: str = ""
    affected: str = ""
    involvement_planning: str = ""
    involvement_development: str = ""
    involvement_delivery: str = ""
    reward: str = ""
    barriers: str = ""
    feedback_plan: str = ""


class EventDef(Strict):
    """A meeting, workshop or drop-in that is part of the engagement."""

    title: Text
    starts: datetime
    ends: datetime | None = None
    location: str = ""
    description: str = ""


FORMATS_OFFERED = ("easy_read", "large_print", "paper")


class SurveyDefinition(Strict):
    """A whole consultation: what residents are told, and what they are asked."""

    format: Literal["surveybuilder/1"]
    slug: Annotated[str, Field(pattern=SLUG_PATTERN, min_length=1, max_length=80)]
    title: Annotated[str, Field(min_length=1, max_length=200)]
    summary: str = ""
    participation_level: Literal["inform", "consult", "engage", "involve", "co-produce"]
    can_change: list[str] = Field(default_factory=list)
    cannot_change: list[str] = Field(default_factory=list)
    audience: list[str] = Field(default_factory=list)
    opens: date | None = None
    closes: date | None = None
    feedback_by: date | None = None
    contact: str = ""
    return_address: str = ""
    drop_off: list[str] = Field(default_factory=list)
    privacy_notice: str = ""
    one_question_per_page: bool = False
    statutory: bool = False
    topics: list[str] = Field(default_factory=list)
    areas: list[str] = Field(default_factory=list)
    formats: list[Literal["easy_read", "large_print", "paper"]] = Field(
        default_factory=lambda: list(FORMATS_OFFERED))
    plan: PlanDef = Field(default_factory=PlanDef)
    events: list[EventDef] = Field(default_factory=list)
    sections: list[SectionDef] = Field(default_factory=list)

    def questions(self) -> list[QuestionBase]:
        return [q for s in self.sections for q in s.questions]

    def question(self, key: str) -> QuestionBase | None:
        return next((q for q in self.questions() if q.key == key), None)

    def to_json(self) -> dict[str, Any]:
        """The canonical JSON form: defaults left out, so files stay short and a
        round trip gives back exactly what was written."""
        data = self.model_dump(mode="json", by_alias=True, exclude_defaults=True)
        for section in data.get("sections", []):
            section["questions"] = [
                {"key": q["key"], "type": q["type"], **q} for q in section.get("questions", [])
            ]
        return data


def _duplicate_option_problems(options: list[OptionDef]) -> list[tuple[str, str]]:
    seen: dict[str, int] = {}
    problems = []
    for index, option in enumerate(options):
        if option.key in seen:
            problems.append((f"options[{index}].key",
                             f"option key '{option.key}' is already used by "
                             f"options[{seen[option.key]}]"))
        seen.setdefault(option.key, index)
    return problems
