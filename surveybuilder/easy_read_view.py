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
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import TypeVar

import easyread
from surveybuilder.survey.definition import EasyRead, QuestionBase, SectionDef, SurveyDefinition

T = TypeVar("T", QuestionBase, SectionDef)

WORD_RULES = frozenset({easyread.Rule.JARGON, easyread.Rule.HARD_WORD, easyread.Rule.ACRONYM})

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
    """A hard word that stayed in the easy-read words, and what it means: `meaning`
    follows "“word” means …"."""

    word: str
    meaning: str


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


# Chosen or suggested pictures (docs/decisions/0013) -----------------------------------
# When nothing in the words matches a picture, a question shows a question mark and
# information (a statement, a section's introduction) the information sign, so the
# picture column is never empty.
QUESTION_FALLBACK = "question"
INFORMATION_FALLBACK = "information"


@dataclass(frozen=True)
class PictureChoice:
    """The picture concept shown, and whether staff chose it or it was suggested."""

    concept: str
    suggested: bool


def choose_picture(chosen: str | None, text: str, fallback: str) -> PictureChoice:
    """Staff's picture when it names one in the dictionary; otherwise the best picture
    for the words; otherwise `fallback`. Only pictures whose file exists are used."""
    concept = easyread.find_concept((chosen or "").strip()) if (chosen or "").strip() else None
    if concept is not None and _has_file(concept.name):
        return PictureChoice(concept.name, suggested=False)
    for suggestion in easyread.suggest_pictures(text, limit=3):
        if _has_file(suggestion.concept):
            return PictureChoice(suggestion.concept, suggested=True)
    return PictureChoice(fallback, suggested=True)


NEAREST = 3
# Said when nothing in the dictionary is spelt anything like what was typed.
NO_NEAR_WORDS = "Use a simple word for a thing or a feeling, like house, bus or happy."


def picture_known(typed: str) -> bool:
    """Whether a picture word (a name, a synonym or an OpenMoji code) has a picture."""
    concept = easyread.find_concept(typed.strip()) if typed.strip() else None
    return concept is not None and _has_file(concept.name)


def unknown_picture_message(typed: str) -> str:
    """Why a picture word is refused, offering the nearest words the dictionary knows
    ("There is no picture called “hous”. Did you mean: house, houses, housing?")."""
    near = easyread.nearest_picture_words(typed, NEAREST)
    offered = f"Did you mean: {', '.join(near)}?" if near else NO_NEAR_WORDS
    return f"There is no picture called “{typed.strip()}”. {offered}"


@cache
def _has_file(concept: str) -> bool:
    try:
        easyread.picture_path(concept)
    except easyread.PictureNotFound:
        return False
    return True


def question_picture(question: QuestionBase) -> PictureChoice:
    """The picture beside a question (or information block) in easy read."""
    chosen = question.easy_read.picture if question.easy_read else ""
    fallback = QUESTION_FALLBACK if question.answerable else INFORMATION_FALLBACK
    return choose_picture(chosen, words(question), fallback)


def section_words(section: SectionDef) -> str:
    """A section introduction's easy-read words, or its everyday words when it has none."""
    easy = section.easy_read.text.strip() if section.easy_read else ""
    return easy or section.description.strip()


def section_picture(section: SectionDef) -> PictureChoice:
    """The picture beside a section's introduction in easy read (from its title when
    the introduction says nothing a picture matches)."""
    chosen = section.easy_read.picture if section.easy_read else ""
    return choose_picture(chosen, f"{section_words(section)}\n{section.title}",
                          INFORMATION_FALLBACK)


@dataclass(frozen=True)
class EasyReadSection:
    """A section introduction in easy read: its lines and the picture on their left."""

    lines: tuple[str, ...]
    picture: Picture | None


def section_view(section: SectionDef, find_picture: PictureFinder) -> EasyReadSection:
    return EasyReadSection(lines(section_words(section)),
                           find_picture(section_picture(section).concept))


def with_pictures_used(definition: SurveyDefinition) -> SurveyDefinition:
    """The definition with the picture shown written into every question and section
    that has none chosen, so a published version records what residents see and never
    changes when the picture dictionary does."""
    sections = []
    for section in definition.sections:
        questions = [_recorded(q, question_picture(q)) for q in section.questions]
        sections.append(_recorded(section, section_picture(section))
                        .model_copy(update={"questions": questions}))
    return definition.model_copy(update={"sections": sections})


def _recorded(item: T, picture: PictureChoice) -> T:
    easy = item.easy_read or EasyRead()
    if easy.picture == picture.concept:
        return item
    return item.model_copy(update={"easy_read": easy.model_copy(
        update={"picture": picture.concept})})


def question_view(question: QuestionBase, find_picture: PictureFinder,
                  glossary: Mapping[str, str] | None = None) -> EasyReadQuestion:
    """The easy-read words, pictures and word help of one question; `glossary` is the
    consultation's own meanings (`SurveyDefinition.meanings()`), used first."""
    find = find_picture
    text = words(question)
    choices = _choices(question, find)
    return EasyReadQuestion(
        words=text, lines=lines(text), picture=find(question_picture(question).concept),
        choices=choices, hard_words=hard_words([text, *(c.words for c in choices)], glossary))


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


def hard_words(texts: Iterable[str], glossary: Mapping[str, str] | None = None
               ) -> tuple[WordHelp, ...]:
    """Jargon, hard words and short forms the easy-read checker finds in the words
    shown, each once, with the best meaning anyone wrote down (`easyread.explain`: the
    consultation's own, then the easy-read dictionary, the jargon lists' plain words,
    an acronym's full words). A word nobody explained is left out rather than shown
    with a line telling the reader to ask for help, which explains nothing: staff see
    it on the editor's glossary page (`unexplained_words`) and write its meaning."""
    found = []
    for word in flagged_words(texts):
        definition = easyread.explain(word, glossary)
        if definition is not None:
            found.append(WordHelp(word, _sentence_end(definition.meaning)))
    return tuple(found)


def _sentence_end(meaning: str) -> str:
    """A meaning ends its sentence: the dictionary's do, a jargon list's plain words and
    an acronym's full words do not."""
    meaning = meaning.strip()
    return meaning if meaning.endswith((".", "!", "?")) else meaning + "."


def unexplained_words(texts: Iterable[str], glossary: Mapping[str, str] | None = None
                      ) -> tuple[str, ...]:
    """The hard words in these words that have no meaning anywhere: findings for staff."""
    return tuple(word for word in flagged_words(texts)
                 if easyread.explain(word, glossary) is None)


def flagged_words(texts: Iterable[str]) -> tuple[str, ...]:
    """Each jargon term, hard word and short form the checker finds, once, as written."""
    seen: set[str] = set()
    found: list[str] = []
    for text in texts:
        for finding in easyread.check(text):
            if finding.rule in WORD_RULES and finding.excerpt.lower() not in seen:
                seen.add(finding.excerpt.lower())
                found.append(finding.excerpt)
    return tuple(found)


def unexplained_by_question(questions: Iterable[QuestionBase],
                            glossary: Mapping[str, str] | None = None
                            ) -> tuple[tuple[QuestionBase, tuple[str, ...]], ...]:
    """Each question with the hard words its easy-read reader meets that have no
    meaning anywhere: the findings staff fix on the editor's glossary page."""
    return tuple((q, unexplained_words(shown_words(q), glossary)) for q in questions)


def shown_words(question: QuestionBase) -> tuple[str, ...]:
    """The words an easy-read reader meets in a question: its words and its answers'."""
    return (words(question), *(c.words for c in _choices(question, lambda *_args: None)))


def pictures_shown(questions: Iterable[QuestionBase]) -> bool:
    """Whether an easy-read page of these questions shows any picture (and so must
    credit OpenMoji)."""
    return any(question_view(q, _ANY_PICTURE).shows_pictures for q in questions)


def credit() -> dict[str, str]:
    """OpenMoji's attribution, which must appear wherever its pictures do."""
    return {"text": easyread.ATTRIBUTION, "licence": easyread.PICTURE_LICENCE,
            "licence_url": easyread.PICTURE_LICENCE_URL}
