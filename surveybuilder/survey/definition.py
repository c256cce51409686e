"""The survey definition format (`surveybuilder/1`): sections of questions, each of a
type from the register (`survey/types/`), and what residents are told around them.

This is the frozen snapshot every rendering, channel and export reads. Each question
type is its own class with typed settings, registered by its `type` name; an unknown
type, a setting that belongs to another type or an unknown key is rejected. The JSON
Schema shipped beside this module is generated from these classes.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal, Union

from pydantic import Field, model_validator

from surveybuilder.survey import types
from surveybuilder.survey.contact import ContactDetails, contact_of
from surveybuilder.survey.languages import LanguageCode
from surveybuilder.survey.texts import english_texts, fingerprint
from surveybuilder.survey.types.base import (
    KEY_PATTERN,
    Choice,
    EasyRead,
    Key,
    OptionDef,
    QuestionBase,
    ShowIf,
    Strict,
    Text,
)

FORMAT = "surveybuilder/1"
SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
PARTICIPATION_LEVELS = ("inform", "consult", "engage", "involve", "co-produce")

QUESTION_CLASSES = types.QUESTION_CLASSES
QUESTION_TYPES = types.QUESTION_TYPES
CHOICE_TYPES = frozenset(k for k, c in QUESTION_TYPES.items() if c.written_options)
"""The types whose answers the editor writes out as options."""

Question = Annotated[
    Union[tuple(QUESTION_CLASSES)],  # noqa: UP007 - a Union built from the register
    Field(discriminator="type"),
]


class SectionDef(Strict):
    title: Text
    description: str = ""
    # The introduction's easy-read words and the picture beside it (easy read shows a
    # picture for every section intro, question and information block).
    easy_read: EasyRead | None = None
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


# The formats a consultation can offer besides standard, which it always has: the
# register's `formats.OFFERABLE` (a test holds the two together). Paper is a channel,
# not a format: `SurveyDefinition.paper`.
FORMATS_OFFERED = ("easy_read", "large_print")


GLOSSARY_MEANING_MAX = 400


class GlossaryEntry(Strict):
    """What a hard word means in this consultation, written by staff for its easy-read
    pages and forms (shown before the easy-read dictionary's meaning)."""

    word: Annotated[str, Field(min_length=1, max_length=80)]
    meaning: Annotated[str, Field(min_length=1, max_length=GLOSSARY_MEANING_MAX)]


TRANSLATION_MAX = 5000


class TranslatedText(Strict):
    """One text in another language, with the fingerprint of the English it was
    translated from (`texts.fingerprint`): when the English changes, the two differ
    and the translation needs updating (decision 16)."""

    text: Annotated[str, Field(min_length=1, max_length=TRANSLATION_MAX)]
    source: str = Field(
        default="", pattern=r"^([0-9a-f]{12})?$",
        description="Fingerprint of the English it was made from; left out in a "
                    "hand-written file, it is taken from the English in the same file.")


def _with_sources(texts: Any, english: dict[str, str]) -> Any:
    """A language's translations, each without a `source` given the fingerprint of the
    English it translates (an id with no English is left for the check to report)."""
    if not isinstance(texts, dict):
        return texts
    return {text_id: ({**entry, "source": fingerprint(english[text_id])}
                      if isinstance(entry, dict) and not entry.get("source")
                      and text_id in english else entry)
            for text_id, entry in texts.items()}


class SurveyDefinition(Strict):
    """A whole consultation: what residents are told, and what they are asked."""

    format: Literal["surveybuilder/1"]
    slug: Annotated[str, Field(pattern=SLUG_PATTERN, min_length=1, max_length=80)]
    title: Annotated[str, Field(min_length=1, max_length=200)]
    summary: str = ""
    easy_read_summary: str = ""  # one sentence a line, shown instead of summary in easy read
    participation_level: Literal["inform", "consult", "engage", "involve", "co-produce"]
    can_change: list[str] = Field(default_factory=list)
    cannot_change: list[str] = Field(default_factory=list)
    audience: list[str] = Field(default_factory=list)
    opens: date | None = None
    closes: date | None = None
    feedback_by: date | None = None
    contact_email: str = ""
    contact_phone: str = ""
    contact: str = ""  # other ways to reach the team; before 2026-12, all of them
    return_address: str = ""
    drop_off: list[str] = Field(default_factory=list)
    privacy_notice: str = ""
    # Months answers are kept after they are sent; None is the site's default
    # (RESPONSE_RETENTION_MONTHS). Residents are told it beside the privacy notice.
    retention_months: Annotated[int, Field(ge=1, le=120)] | None = None
    one_question_per_page: bool = False
    statutory: bool = False
    topics: list[str] = Field(default_factory=list)
    areas: list[str] = Field(default_factory=list)
    formats: list[Literal["easy_read", "large_print"]] = Field(
        default_factory=lambda: list(FORMATS_OFFERED))
    paper: bool = True  # printed forms are offered (the paper channel)
    # Offered besides English, which always is; `translations` holds each text in them,
    # by the stable ids of `survey/texts.py` (decision 16).
    languages: list[LanguageCode] = Field(default_factory=list)
    translations: dict[LanguageCode, dict[str, TranslatedText]] = Field(default_factory=dict)
    plan: PlanDef = Field(default_factory=PlanDef)
    events: list[EventDef] = Field(default_factory=list)
    glossary: list[GlossaryEntry] = Field(default_factory=list)
    sections: list[SectionDef] = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _paper_was_a_format(cls, data: Any) -> Any:
        """Definitions written before formats and channels were kept apart listed
        "paper" among the formats, and a list without it meant no paper forms: such a
        file (`formats` given, `paper` not) is read as it was meant."""
        if isinstance(data, dict) and "paper" not in data and isinstance(
                data.get("formats"), list):
            listed = data["formats"]
            data = {**data, "formats": [f for f in listed if f != "paper"],
                    "paper": "paper" in listed}
        return data

    @model_validator(mode="before")
    @classmethod
    def _translations_know_their_english(cls, data: Any) -> Any:
        """A hand-written translation without `source` was made from the English in
        the same file: record that English's fingerprint, so a later change shows."""
        given = data.get("translations") if isinstance(data, dict) else None
        if not isinstance(given, dict) or not given:
            return data
        english = english_texts(data)
        return {**data, "translations": {
            lang: _with_sources(texts, english) for lang, texts in given.items()}}

    @model_validator(mode="after")
    def _each_word_once(self) -> SurveyDefinition:
        words = [entry.word.strip().lower() for entry in self.glossary]
        twice = sorted({word for word in words if words.count(word) > 1})
        if twice:
            raise ValueError(f"glossary: each word may have one meaning; given twice: "
                             f"{', '.join(twice)}")
        return self

    @property
    def contact_details(self) -> ContactDetails:
        """The e-mail, phone and other contact, each apart; a definition published
        before they were separate fields has them all in `contact`, split here."""
        return contact_of(self.contact_email, self.contact_phone, self.contact)

    def meanings(self) -> dict[str, str]:
        """The consultation's own meanings, word -> meaning, for the easy-read views."""
        return {entry.word: entry.meaning for entry in self.glossary}

    def questions(self) -> list[QuestionBase]:
        return [q for s in self.sections for q in s.questions]

    def question(self, key: str) -> QuestionBase | None:
        return next((q for q in self.questions() if q.key == key), None)

    def to_json(self) -> dict[str, Any]:
        """The canonical JSON form: defaults left out, so files stay short and a
        round trip gives back exactly what was written."""
        data = self.model_dump(mode="json", by_alias=True, exclude_defaults=True)
        if "formats" in data and "paper" not in data:
            # Said beside the formats, so the file is never read the old way.
            items = list(data.items())
            at = list(data).index("formats") + 1
            data = dict([*items[:at], ("paper", self.paper), *items[at:]])
        for section in data.get("sections", []):
            section["questions"] = [
                {"key": q["key"], "type": q["type"], **q} for q in section.get("questions", [])
            ]
        return data



__all__ = [
    "CHOICE_TYPES", "GLOSSARY_MEANING_MAX", "KEY_PATTERN", "QUESTION_CLASSES", "QUESTION_TYPES",
    "Choice", "EasyRead", "GlossaryEntry", "Key", "OptionDef", "Question", "QuestionBase",
    "SectionDef", "ShowIf", "Strict", "SurveyDefinition", "Text", "TranslatedText",
]
