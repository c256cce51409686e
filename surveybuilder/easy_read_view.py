"""What an easy-read page or printed form shows for a question, worked out once.

The question macros (jinja/questions/macros.html) draw every format; for easy read
they ask `easy_read(q)` (a template global the web layer registers, see
`surveybuilder.web_formats`) for the words, one idea to a line, the pictures for the
question and its answers, and the hard words that stayed in, with what they mean where
the dictionary says. Printed forms (`surveybuilder.printing`) ask the same.

Where a picture lives differs: a web page links to the public picture route, a PDF
embeds the SVG file. So every function that finds pictures takes a `PictureFinder`
from its caller, and this module knows neither Flask nor files. Nothing here touches
routing, validation or storage.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import easyread
from easyread.dictionary import shipped_jargon
from surveybuilder.survey.definition import QuestionBase

WORD_RULES = frozenset({easyread.Rule.JARGON, easyread.Rule.HARD_WORD, easyread.Rule.ACRONYM})
NO_MEANING = "If you are not sure what this word means, ask someone to help you."

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"“‘'(]?[A-Z0-9])")


@dataclass(frozen=True)
class Picture:
    url: str
    alt: str


@dataclass(frozen=True)
class EasyChoice:
    key: str
    words: str
    picture: Picture | None


@dataclass(frozen=True)
class WordHelp:
    """A hard word that stayed in the easy-read words, and what it means (or, when no
    dictionary knows, a line saying to ask for help)."""

    word: str
    meaning: str
    known: bool


@dataclass(frozen=True)
class EasyReadQuestion:
    words: str
    lines: tuple[str, ...]
    picture: Picture | None
    choices: tuple[EasyChoice, ...]
    hard_words: tuple[WordHelp, ...]

    @property
    def shows_pictures(self) -> bool:
        return self.picture is not None or any(c.picture for c in self.choices)

    def choice_words(self, key: str) -> str:
        return next((c.words for c in self.choices if c.key == key), key)

    @property
    def choice_map(self) -> dict[str, str]:
        """Answer key → its easy-read words, for showing an answer (`shown`)."""
        return {c.key: c.words for c in self.choices}


def lines(text: str) -> tuple[str, ...]:
    """One idea per line: each line of the text, and each sentence, on its own."""
    found: list[str] = []
    for block in text.splitlines():
        found.extend(s.strip() for s in _SENTENCE_END.split(block.strip()) if s.strip())
    return tuple(found)


def words(question: QuestionBase) -> str:
    """The easy-read words of a question, or its everyday words when it has none."""
    easy = question.easy_read.text.strip() if question.easy_read else ""
    return easy or question.text


# Finds a picture concept by name, with alt text: web pages link to the picture route;
# printed forms (surveybuilder/printing) embed the SVG file itself.
PictureFinder = Callable[..., "Picture | None"]


def picture_finder(address: Callable[[easyread.Concept], str]) -> PictureFinder:
    """A finder that gives each picture concept the address `address` makes for it, or
    None when no picture has that name (a mistyped name leaves the words without a
    picture rather than breaking the page)."""
    def find(concept_name: str | None, alt: str | None = None) -> Picture | None:
        name = (concept_name or "").strip()
        concept = easyread.find_concept(name) if name else None
        if concept is None:
            return None
        try:
            easyread.picture_path(concept.name)
        except easyread.PictureNotFound:
            return None
        return Picture(address(concept), alt or concept.name)

    return find


# Whether a picture is shown needs no address.
_ANY_PICTURE = picture_finder(lambda _concept: "")


def question_view(question: QuestionBase, find_picture: PictureFinder) -> EasyReadQuestion:
    """The easy-read words, pictures and word help of one question."""
    find = find_picture
    text = words(question)
    choices = _choices(question, find)
    concept = question.easy_read.picture if question.easy_read else ""
    return EasyReadQuestion(
        words=text, lines=lines(text), picture=find(concept), choices=choices,
        hard_words=hard_words([text, *(c.words for c in choices)]))


def _choices(question: QuestionBase, picture: PictureFinder) -> tuple[EasyChoice, ...]:
    made = []
    for index, choice in enumerate(question.choices()):
        option = question.written_option(choice.key)
        easy = option.easy_read if option is not None else None
        label = (easy.text.strip() if easy else "") or choice.label
        if easy and easy.picture:
            shown = picture(easy.picture)
        else:
            implied = question.choice_picture(index, choice.key)
            shown = picture(*implied) if implied else None
        made.append(EasyChoice(choice.key, label, shown))
    return tuple(made)


def hard_words(texts: Iterable[str]) -> tuple[WordHelp, ...]:
    """Jargon, hard words and short forms the easy-read checker finds in the words
    shown, each once, with the dictionary's plain words where it has them."""
    seen: set[str] = set()
    found: list[WordHelp] = []
    acronyms = easyread.acronym_entries()
    for text in texts:
        for finding in easyread.check(text):
            if finding.rule not in WORD_RULES or finding.excerpt.lower() in seen:
                continue
            seen.add(finding.excerpt.lower())
            meaning = _meaning(finding, acronyms)
            found.append(WordHelp(finding.excerpt, meaning or NO_MEANING, bool(meaning)))
    return tuple(found)


def _meaning(finding: easyread.Finding, acronyms: dict[str, easyread.Acronym]) -> str:
    if finding.rule == easyread.Rule.JARGON:
        entry = shipped_jargon().lookup(finding.excerpt)
        return entry.easy if entry else ""
    if finding.rule == easyread.Rule.ACRONYM:
        entry = acronyms.get(finding.excerpt.upper())
        return (entry.easy or entry.full) if entry else ""
    return ""


def pictures_shown(questions: Iterable[QuestionBase]) -> bool:
    """Whether an easy-read page of these questions shows any picture (and so must
    credit OpenMoji)."""
    return any(question_view(q, _ANY_PICTURE).shows_pictures for q in questions)


def credit() -> dict[str, str]:
    """OpenMoji's attribution, which must appear wherever its pictures do."""
    return {"text": easyread.ATTRIBUTION, "licence": easyread.PICTURE_LICENCE,
            "licence_url": easyread.PICTURE_LICENCE_URL}
