"""A consultation's texts in the languages it is offered in (issue 15, decision 16).

The definition keeps the English where it always was and, in `translations`, each text
in each other language by its stable id (`survey/texts.py`) with the fingerprint of
the English it was made from. This module answers the questions the rest of the tool
asks of that: is a language complete (`gaps`, which publishing reports through the
charter check), where is a text ("Question 3 hint"), and what does the definition say
in a language (`in_language`, falling back to English text by text, for the resident's
pages and the printed forms).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from surveybuilder.survey.definition import SurveyDefinition
from surveybuilder.survey.languages import ENGLISH, language
from surveybuilder.survey.numbering import question_numbers
from surveybuilder.survey.texts import english_texts, fingerprint, put, slots

TITLE_MAX = 200  # as the English title (SurveyDefinition.title)


class GapKind(StrEnum):
    MISSING = "missing"
    NEEDS_UPDATING = "needs updating"


@dataclass(frozen=True)
class Gap:
    """A text an offered language does not have in a form residents can be shown."""

    language: str
    text_id: str
    where: str
    kind: GapKind

    def __str__(self) -> str:
        return f"{self.where}, {language(self.language).own}"


@dataclass(frozen=True)
class InLanguage:
    """A definition with its texts in one language: `definition` is a copy to draw from,
    and `english` the ids of the texts it shows in English because that language has
    no up-to-date translation of them (a page marks those `lang="en"`)."""

    language: str
    definition: SurveyDefinition
    english: frozenset[str]

    def lang_of(self, text_id: str) -> str:
        """The language a text is shown in."""
        return ENGLISH if text_id in self.english else self.language


def problems(definition: SurveyDefinition) -> list[tuple[str, str]]:
    """(path, message) for what the schema cannot see: a language offered twice, a
    translation of a text the English does not have, a title too long."""
    found = []
    offered = definition.languages
    for code in sorted({c for c in offered if offered.count(c) > 1}):
        found.append(("languages", f"'{code}' is listed more than once"))
    english = english_texts(definition.to_json())
    for code, texts in definition.translations.items():
        for text_id, translated in texts.items():
            path = f"translations.{code}.{text_id}"
            if text_id not in english:
                found.append((path, "there is no English text with this id to translate; "
                                    "see docs/survey-format.md for the ids"))
            elif text_id == "title" and len(translated.text) > TITLE_MAX:
                found.append((path, f"a title must be {TITLE_MAX} characters or fewer"))
    return found


def gaps(definition: SurveyDefinition, code: str) -> list[Gap]:
    """Every text the language `code` lacks, or has for English that has changed since,
    in definition order."""
    data = definition.to_json()
    given = definition.translations.get(code, {})
    numbers = question_numbers(definition)
    english = english_texts(data)
    found = []
    for slot in slots(data):
        translated = given.get(slot.id)
        if translated is None:
            kind = GapKind.MISSING
        elif translated.source != fingerprint(slot.english):
            kind = GapKind.NEEDS_UPDATING
        else:
            continue
        found.append(Gap(code, slot.id, where(slot.id, numbers, english), kind))
    return found


def in_language(definition: SurveyDefinition, code: str) -> InLanguage:
    """The definition with every text in `code` where an up-to-date translation exists,
    else in English. The copy has no `translations` (its texts are no longer the
    English they were fingerprinted from)."""
    data = definition.to_json()
    given = {} if code == ENGLISH else definition.translations.get(code, {})
    english = set()
    for slot in list(slots(data)):
        translated = given.get(slot.id)
        if translated and translated.source == fingerprint(slot.english):
            put(data, slot.path, translated.text)
        else:
            english.add(slot.id)
    data.pop("translations", None)
    return InLanguage(code, SurveyDefinition.model_validate(data), frozenset(english))


def where(text_id: str, numbers: dict[str, int], english: dict[str, str]) -> str:
    """Where a text is, in the words staff see in the editor: "Question 3 hint",
    "Section 2 title", "Question 1 answer “Every week”" (`numbers`: the question
    numbers; `english`: the English texts by id, for an answer's words)."""
    parts = text_id.split(".")
    if parts[0] == "questions":
        return _question_where(parts[1], parts[2:], numbers, english)
    if parts[0] == "sections":
        return f"Section {int(parts[1]) + 1} {SECTION_PARTS[parts[2]]}"
    if parts[0] in LIST_NAMES:
        return f"{LIST_NAMES[parts[0]]}, item {int(parts[1]) + 1}"
    return TOP_NAMES[parts[0]]


TOP_NAMES = {"title": "Title", "summary": "Summary", "easy_read_summary": "Easy-read summary",
             "privacy_notice": "Privacy notice"}
LIST_NAMES = {"can_change": "What can change", "cannot_change": "What cannot change"}
SECTION_PARTS = {"title": "title", "description": "introduction",
                 "easy_read": "easy-read introduction"}
QUESTION_PARTS = {"text": "", "hint": " hint", "easy_read": " easy-read wording"}


def _question_where(key: str, rest: list[str], numbers: dict[str, int],
                    english: dict[str, str]) -> str:
    question = f"Question {numbers[key]}" if key in numbers else f"Information “{key}”"
    if rest[0] == "options":
        label = english.get(f"questions.{key}.options.{rest[1]}.label", rest[1])
        part = " easy-read wording" if rest[2] == "easy_read" else ""
        return f"{question} answer “{label}”{part}"
    return question + QUESTION_PARTS[rest[0]]
