"""The editor's forms for sections, questions, options and routing.

Each question type's form is made from its class in the register
(`survey.definition.QUESTION_TYPES`): the fields every question shares, plus one field
per type-specific setting, chosen from the setting's annotation and worded by the
setting's own title and description in the type's module. A new question type or
setting therefore gets a working form without a form being written for it. Adding and
editing a question use the same form, so the one has every setting the other has; a
setting choosing among the options (a grid's statements people may leave out) has
nothing to offer until the options exist, so the page shows it once they do.

Keys are made from the wording (`survey.keys`); the form asks for one only in its
"Advanced" part, for people who want a particular name in exports.

The forms check only what a person can fix on the page (a missing answer, a number
that is not a number); the rules of the format stay in the domain services, whose
problems `place_problems` puts beside the right field.
"""

from __future__ import annotations

import types
from collections.abc import Callable
from datetime import date
from functools import cache
from typing import Any, ClassVar, Literal, Union, get_args, get_origin

from annotated_types import Ge, Le, MaxLen
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovCheckboxInput,
    GovRadioInput,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from pydantic import TypeAdapter, ValidationError
from pydantic.fields import FieldInfo
from wtforms import (
    BooleanField,
    Field,
    FloatField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional, Regexp

from surveybuilder.editor.picture_words import KnownPicture
from surveybuilder.forms import DayMonthYearField, add_problems, choices
from surveybuilder.models import Option, Question, Section
from surveybuilder.survey.definition import (
    CHOICE_TYPES,
    KEY_PATTERN,
    QUESTION_TYPES,
    QuestionBase,
)

COMMON_FIELDS = frozenset(QuestionBase.model_fields) | {"type", "options"}
# A value no question key can take (keys start with a letter), for "always show".
ALWAYS = "-always"

KEY_HINT = ("It names the answers in exports. Leave it blank to make one from the "
            "question. Lower-case letters, numbers and underscores, starting with a letter, "
            "like visit_often. It cannot change once the consultation is published.")

# Widgets and number fields --------------------------------------------------------------

class CheckboxWithHint(GovCheckboxInput):
    """A single checkbox whose hint sits under its own label, as GOV.UK shows it,
    rather than above the box as a hint for a group."""

    def map_gov_params(self, field: Field, **kwargs: Any) -> dict[str, Any]:
        params = super().map_gov_params(field, **kwargs)
        hint = params.pop("hint", None)
        if hint and hint.get("text"):
            params["items"][0]["hint"] = hint
        return params



class _TextBoxNumber:
    """A number typed in a text box (GOV.UK avoids type=number), with a message that
    says how to fix a bad entry. Subclasses say how to read it."""

    widget = GovTextInput()
    parse: Callable[[str], float | int]
    example: str

    def process_formdata(self, valuelist: list[str]) -> None:
        text = valuelist[0].strip() if valuelist else ""
        self.data = None
        if text:
            try:
                self.data = type(self).parse(text)
            except ValueError:
                raise ValueError(f"{self.label.text} must be {self.example}") from None


class WholeNumberField(_TextBoxNumber, IntegerField):
    parse = int
    example = "a whole number, like 10"


class DecimalNumberField(_TextBoxNumber, FloatField):
    parse = float
    example = "a number, like 10 or 2.5"

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return "" if self.data is None else f"{self.data:g}"


# Fields made from a setting's annotation ---------------------------------------------

def setting_field(name: str, info: FieldInfo) -> Field:
    """A form field for one type-specific setting, chosen from its annotation, so the
    form accepts exactly what the question class accepts; its words are the setting's
    own title and description, written in the question type's module."""
    label = info.title or name.replace("_", " ").capitalize()
    hint = info.description or ""
    kind = _without_none(info.annotation)
    shown = label if info.is_required() or kind is bool else f"{label} (optional)"
    if kind is bool:
        return BooleanField(label, description=hint, widget=CheckboxWithHint())
    if get_origin(kind) is Literal:
        words = _extra(info).get("choice_words") or {}
        return RadioField(
            label, description=hint, widget=GovRadioInput(),
            choices=choices([(v, words.get(v, str(v).replace("_", " ").capitalize()))
                             for v in get_args(kind)]),
            validators=[InputRequired(f"Choose the {label.lower()}")] if info.is_required()
            else [Optional()],
            render_kw={"params": {"fieldset": {"legend": {
                "text": shown, "classes": "govuk-fieldset__legend--s"}}}})
    if kind is date:
        return DayMonthYearField(label, description=hint, render_kw={"params": {
            "fieldset": {"legend": {"text": shown, "classes": "govuk-fieldset__legend--s"}}}})
    if get_origin(kind) is list:
        # Some of the question's own options (filled in by `offer_options`).
        return SelectMultipleField(
            label, description=hint, widget=GovCheckboxesInput(), choices=[],
            render_kw={"params": {"fieldset": {"legend": {
                "text": shown, "classes": "govuk-fieldset__legend--s"}}}})
    if kind in (int, float):
        field_class = WholeNumberField if kind is int else DecimalNumberField
        return field_class(
            label, description=hint, validators=[Optional(), *_range(label, info)],
            render_kw={"params": {"label": {"text": shown}, "spellcheck": False,
                                  "inputmode": "numeric" if kind is int else "decimal",
                                  "classes": "govuk-input--width-10"}})
    raise TypeError(f"No form field for the setting {name!r} ({info.annotation!r}); "
                    f"teach editor.question_forms.setting_field about it")


def _extra(info: FieldInfo) -> dict[str, Any]:
    return info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}


def offer_options(form: QuestionForm, options: list[Option]) -> QuestionForm:
    """Settings that choose among the question's options (a grid's statements people may
    leave out) offer those options."""
    for name in form.setting_names:
        if isinstance(form[name], SelectMultipleField):
            form[name].choices = [(o.key, o.label) for o in options]
    return form


def _without_none(annotation: Any) -> Any:
    """`int | None` → int: an empty box already means "no value"."""
    if get_origin(annotation) in (Union, types.UnionType):
        kept = [a for a in get_args(annotation) if a is not type(None)]
        if len(kept) == 1:
            return kept[0]
    return annotation


def _range(label: str, info: FieldInfo) -> list[NumberRange]:
    low = next((m.ge for m in info.metadata if isinstance(m, Ge)), None)
    high = next((m.le for m in info.metadata if isinstance(m, Le)), None)
    if low is None and high is None:
        return []
    if low is not None and high is not None:
        message = f"{label} must be between {low:,} and {high:,}"
    elif low is not None:
        message = f"{label} must be {low:,} or more"
    else:
        message = f"{label} must be {high:,} or less"
    return [NumberRange(min=low, max=high, message=message)]


def _limit(model: type, name: str, what: str, per_line: bool = False) -> Length:
    """A length check taken from where the text is kept, so the form and the storage
    cannot disagree (`per_line`: for each line of a box of one item a line)."""
    most = next(m.max_length for m in model.model_fields[name].metadata
                if isinstance(m, MaxLen))
    message = f"{what} must be {most:,} characters or fewer"
    if per_line:
        return _LineLength(max=most, message=message)
    return Length(max=most, message=message)


class _LineLength(Length):
    """Each line no longer than `max`, naming the line that is too long."""

    def __call__(self, form: FlaskForm, field: Field) -> None:
        for line in (field.data or "").splitlines():
            if len(line.strip()) > self.max:
                raise ValueError(f"{self.message}. “{line.strip()[:40]}…” is too long")


def _text_field(label: str, missing: str) -> TextAreaField:
    return TextAreaField(label, widget=GovTextArea(), filters=[_strip], validators=[
        InputRequired(missing), _limit(QuestionBase, "text", label)])


def _strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def _lower(value: Any) -> Any:
    return value.lower() if isinstance(value, str) else value


KEY_RULE = Regexp(KEY_PATTERN, message="The key must use only lower-case letters, numbers "
                                        "and underscores, and start with a letter")


# Questions ----------------------------------------------------------------------------

class QuestionForm(FlaskForm):
    """What every question has; `question_form_class` adds the type's own settings."""

    kind: ClassVar[str] = ""
    setting_names: ClassVar[tuple[str, ...]] = ()

    key = StringField("Key (optional)", widget=GovTextInput(), description=KEY_HINT,
                      filters=[_strip, _lower],
                      validators=[Optional(), _limit(Question, "key", "The key"), KEY_RULE])
    text = _text_field("Question", "Enter the question")
    hint = TextAreaField("Hint (optional)", widget=GovTextArea(), filters=[_strip],
                         description="Extra help shown under the question, like what to "
                                     "include in the answer")
    required = BooleanField("People must answer this question", widget=CheckboxWithHint())
    personal_data = BooleanField(
        "The answer is personal data", widget=CheckboxWithHint(),
        description="Like a name, address, postcode, email address or phone number")
    easy_read_text = TextAreaField(
        "Easy read wording (optional)", widget=GovTextArea(), filters=[_strip],
        description="The question in short, simple sentences of 15 words or fewer")
    easy_read_picture = StringField(
        "Easy read picture (optional)", widget=GovTextInput(), filters=[_strip],
        description="A word for the picture shown beside the question, like park or bus",
        validators=[_limit(Question, "easy_read_picture", "The picture name"), KnownPicture()])
    submit = SubmitField("Save question", widget=GovSubmitInput())

    def pasted_options(self) -> list[str]:
        """The options typed or pasted one per line, blank lines left out."""
        if "options" not in self:
            return []
        return [line.strip() for line in (self.options.data or "").splitlines()
                if line.strip()]

    def to_data(self) -> dict[str, Any]:
        """The question as the draft services take it (the definition format's shape)."""
        data: dict[str, Any] = {
            "type": self.kind, "text": self.text.data, "hint": self.hint.data or "",
            "easy_read": {"text": self.easy_read_text.data or "",
                          "picture": self.easy_read_picture.data or ""}}
        for name in ("key", "required", "personal_data"):
            if name in self:
                data[name] = self[name].data
        for name in self.setting_names:
            value = self[name].data
            data[name] = value.isoformat() if isinstance(value, date) else value
        return data


OPTIONS_HINT = ("Put each option on its own line. You can paste them from a document. "
                "Empty lines are left out.")


def _options_field() -> TextAreaField:
    return TextAreaField("Options", widget=GovTextArea(), description=OPTIONS_HINT,
                         validators=[_limit(Option, "label", "Each option", per_line=True)])


@cache
def question_form_class(kind: str) -> type[QuestionForm]:
    """The one form for adding and editing a question of one type: "required" only
    when the type lets it vary, the options box only for choice types."""
    question_class = QUESTION_TYPES[kind]
    attrs: dict[str, Any] = {"kind": kind}
    if kind in CHOICE_TYPES:
        attrs["options"] = _options_field()
    if not question_class.answerable:
        attrs.update(required=None, personal_data=None,
                     text=_text_field("Information to show", "Enter the information to show"))
    elif question_class.model_fields["required"].default is True:
        attrs["required"] = None
    names = tuple(name for name in question_class.model_fields if name not in COMMON_FIELDS)
    attrs.update({name: setting_field(name, question_class.model_fields[name])
                  for name in names})
    attrs["setting_names"] = names
    return type(f"{question_class.__name__}Form", (QuestionForm,), attrs)


def question_values(question: Question) -> dict[str, Any]:
    """A saved question as form data, settings turned back into their Python types
    (a date is kept as text in the database)."""
    values: dict[str, Any] = {
        "key": question.key, "text": question.text, "hint": question.hint,
        "required": question.required,
        "personal_data": question.personal_data, "easy_read_text": question.easy_read_text,
        "easy_read_picture": question.easy_read_picture}
    fields = QUESTION_TYPES[question.type].model_fields
    for name, value in question.settings.items():
        if name in fields:
            try:
                values[name] = TypeAdapter(fields[name].annotation).validate_python(value)
            except ValidationError:
                values[name] = value
    return values


def place_problems(form: FlaskForm, problems: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Put the services' (field, message) problems beside the form's fields: the
    services name fields as the format does (`easy_read.text`), the forms flatly."""
    renamed = [(field.replace(".", "_") if field.replace(".", "_") in form
                else field.split(".")[0], message) for field, message in problems]
    return add_problems(form, renamed)


class ChooseTypeForm(FlaskForm):
    type = RadioField("What kind of question is it?", widget=GovRadioInput(),
                      choices=choices([(kind, cls.label)
                                       for kind, cls in QUESTION_TYPES.items()]),
                      validators=[InputRequired("Choose the kind of question")])
    submit = SubmitField("Continue", widget=GovSubmitInput())


# Sections -----------------------------------------------------------------------------

class SectionForm(FlaskForm):
    title = StringField("Section title", widget=GovTextInput(), filters=[_strip], validators=[
        InputRequired("Enter a title for the section"),
        _limit(Section, "title", "The section title")],
        description="A short name for this part of the consultation, like “About you”")
    description = TextAreaField("Introduction (optional)", widget=GovTextArea(),
                                filters=[_strip],
                                description="Shown under the title, before the questions")
    easy_read_text = TextAreaField(
        "Easy read introduction (optional)", widget=GovTextArea(), filters=[_strip],
        description="The introduction in short, simple sentences of 15 words or fewer")
    easy_read_picture = StringField(
        "Easy read picture (optional)", widget=GovTextInput(), filters=[_strip],
        description="A word for the picture shown beside the introduction, like park or "
                    "bus. Leave it blank to use the picture suggested from the words.",
        validators=[_limit(Section, "easy_read_picture", "The picture name"), KnownPicture()])
    submit = SubmitField("Save section", widget=GovSubmitInput())


# Options ------------------------------------------------------------------------------

class OptionForm(FlaskForm):
    label = StringField("Option text", widget=GovTextInput(), filters=[_strip], validators=[
        InputRequired("Enter the option text"), _limit(Option, "label", "The option text")])
    key = StringField(
        "Key (optional)", widget=GovTextInput(), filters=[_strip, _lower],
        description="Lower-case letters, numbers and underscores, starting with a letter. "
                    "Leave it blank to make one from the option text.",
        validators=[Optional(), _limit(Option, "key", "The key"), KEY_RULE])
    easy_read_text = StringField(
        "Easy read wording (optional)", widget=GovTextInput(), filters=[_strip],
        validators=[_limit(Option, "easy_read_text", "The easy read wording")])
    easy_read_picture = StringField(
        "Easy read picture (optional)", widget=GovTextInput(), filters=[_strip],
        description="A word for the picture, like bus",
        validators=[_limit(Option, "easy_read_picture", "The picture name"), KnownPicture()])
    submit = SubmitField("Add option", widget=GovSubmitInput())


class EditOptionForm(OptionForm):
    key = None
    submit = SubmitField("Save option", widget=GovSubmitInput())


def option_values(option: Option) -> dict[str, str]:
    return {"label": option.label, "easy_read_text": option.easy_read_text,
            "easy_read_picture": option.easy_read_picture}


# Routing ------------------------------------------------------------------------------

class RoutingQuestionForm(FlaskForm):
    """Step 1: always show the item, or choose the earlier question it depends on."""

    question = RadioField("Show this", widget=GovRadioInput(),
                          validators=[InputRequired("Choose when to show it")])
    submit = SubmitField("Continue", widget=GovSubmitInput())

    def offer(self, noun: str, questions: dict[str, QuestionBase]) -> None:
        self.question.label.text = f"Show this {noun}"
        self.question.choices = choices([(ALWAYS, "Always")] + [
            (key, f"Only when the answer to “{q.text}” is…") for key, q in questions.items()])


class RoutingValuesForm(FlaskForm):
    """Step 2: the answers to the chosen question that show the item."""

    question = HiddenField()
    values = SelectMultipleField("Answers", widget=GovCheckboxesInput(), validate_choice=False,
                                 validators=[InputRequired("Choose at least one answer")])
    submit = SubmitField("Save routing", widget=GovSubmitInput())


def section_values(section: Section) -> dict[str, str]:
    return {"title": section.title, "description": section.description,
            "easy_read_text": section.easy_read_text,
            "easy_read_picture": section.easy_read_picture}
