"""What is said for a question: the words its page shows, in the order it shows them.

In easy read that is the easy-read words (one idea a sentence), the answers' easy-read
words and what the hard words mean; in standard and large print the question's own
words, hint and answers. The section's title and introduction come first on the
section's first question, where the page shows them. Answers are numbered ("Answer 2.
No.") so a listener can count them and find the one they want.

One recording a question (not a page): a standard page can hold several questions,
and routing can leave some of them out, so each question gets its own player. Easy
read shows one question a page, so there it is the page.

In every language the consultation is offered in (issue 15 item 7), a script says the
survey's texts in that language (`survey.translations.in_language`: the English where a
text has no up-to-date translation, as the page shows it) and the application's own
words ("Answer 2.") from that language's catalogue.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from surveybuilder import easy_read_view, wording
from surveybuilder.formats import EASY_READ, FORMATS, AnswerFormat
from surveybuilder.survey.definition import QuestionBase, SectionDef, SurveyDefinition
from surveybuilder.survey.languages import ENGLISH
from surveybuilder.survey.translations import in_language

# A sentence's end in each script: Gurmukhi and Bengali end with a danda (।), Urdu and
# Arabic with their own full stop (۔) or question mark (؟).
_ENDS_A_SENTENCE = re.compile(r"[.!?:।۔؟]$")


@dataclass(frozen=True)
class Script:
    """What one question's recording says, and what to call it."""

    question_key: str
    position: int
    """The question's place among all the version's questions (1, 2, 3…): file names
    and playlists follow the order of the form."""
    title: str
    """The question's words on one line (a file name, the player's label)."""
    text: str
    """What is said: one sentence a line."""
    language: str = ENGLISH
    """The BCP 47 code of the language it is said in."""


def languages_of(definition: SurveyDefinition) -> list[str]:
    """English and every language the consultation is offered in."""
    return [ENGLISH, *definition.languages]


def every_script(definition: SurveyDefinition) -> list[Script]:
    """Every question's script in every language and format (standard and large print
    say the same, so their recordings are one file)."""
    return [script for language in languages_of(definition)
            for answer_format in FORMATS
            for script in format_scripts(definition, answer_format, language)]


def format_scripts(definition: SurveyDefinition, answer_format: AnswerFormat,
                   language: str = ENGLISH) -> list[Script]:
    """Each question's script in this format and language, in the order of the form."""
    shown = _in(definition, language)
    made = []
    for section in shown.sections:
        for question in section.questions:
            made.append(_script(shown, section, question, len(made) + 1, answer_format,
                                language))
    return made


def question_script(definition: SurveyDefinition, question: QuestionBase,
                    answer_format: AnswerFormat, language: str = ENGLISH) -> Script:
    """One question's script (a page being drawn asks for the questions it shows)."""
    shown = _in(definition, language)
    position = 0
    for section in shown.sections:
        for candidate in section.questions:
            position += 1
            if candidate.key == question.key:
                return _script(shown, section, candidate, position, answer_format, language)
    raise KeyError(f"The question '{question.key}' is not in '{definition.slug}'")


def _in(definition: SurveyDefinition, language: str) -> SurveyDefinition:
    """The definition with its texts in `language`, as its pages show them (a copy
    already in that language comes back with the same words)."""
    return definition if language == ENGLISH else in_language(definition, language).definition


def _script(definition: SurveyDefinition, section: SectionDef, question: QuestionBase,
            position: int, answer_format: AnswerFormat, language: str) -> Script:
    """In the format's and language's own words, whoever asks: the page being drawn
    and the job that records it must make the same script (its digest names the
    recording)."""
    easy = answer_format == EASY_READ
    with wording.in_locale(wording.locale_for(easy, language)):
        return _worded(definition, section, question, position, easy, language)


def _worded(definition: SurveyDefinition, section: SectionDef, question: QuestionBase,
            position: int, easy: bool, language: str) -> Script:
    view = (easy_read_view.question_view(question, _no_pictures, definition.meanings())
            if easy else None)
    lines: list[str] = []
    if question is section.questions[0]:
        lines += _introduction(section, easy)
    lines += list(view.lines) if view else [question.text]
    if question.answerable and not question.required:
        lines.append(wording.gettext("You do not have to answer this."))
    if question.hint.strip():
        lines.append(question.hint)
    lines += _answers(question, easy, [c.words for c in view.choices] if view else None)
    if view:
        lines += _meanings(view)
    title = " ".join(view.lines if view else [question.text])
    said = "\n".join(_sentence(line) for line in lines if line.strip())
    return Script(question.key, position, title, said, language)


def _introduction(section: SectionDef, easy: bool) -> list[str]:
    """The section's title and introduction (its easy-read words in easy read), said
    before its first question when the section has one."""
    easy_words = section.easy_read.text.strip() if easy and section.easy_read else ""
    words = easy_words or section.description.strip()
    return [section.title, *easy_read_view.lines(words)] if words else []


def _answers(question: QuestionBase, easy: bool, easy_words: list[str] | None) -> list[str]:
    """The statements of a grid (as its printed groups name them, the same words the
    page shows), then the answers, numbered."""
    statements = [label for label, _boxes in question.printed(easy).groups]
    words = easy_words if easy_words is not None else [c.label for c in question.choices()]
    said: list[str] = []
    if statements:
        said.append(wording.ngettext("There is %(num)d thing to answer.",
                                     "There are %(num)d things to answer.", len(statements)))
        said += [wording.gettext("Number %(number)s. %(statement)s", number=n,
                                 statement=label)
                 for n, label in enumerate(statements, start=1)]
    if words:
        said.append(wording.gettext("For each one, the answers are:") if statements else
                    wording.ngettext("The answer is:", "There are %(num)d answers:",
                                     len(words)))
        said += [wording.gettext("Answer %(number)s. %(answer)s", number=n, answer=label)
                 for n, label in enumerate(words, start=1)]
    return said


def _meanings(view: easy_read_view.EasyReadQuestion) -> list[str]:
    """The hard words the page explains, with the consultation's own meanings first."""
    if not view.hard_words:
        return []
    said = [wording.ngettext("What this word means:", "What these words mean:",
                             len(view.hard_words))]
    return said + [wording.gettext("%(word)s means %(meaning)s", word=item.word,
                                   meaning=item.meaning) for item in view.hard_words]


def _sentence(line: str) -> str:
    """One line, ending as a sentence, so the voice pauses after it."""
    text = " ".join(line.split())
    return text if _ENDS_A_SENTENCE.search(text) else text + "."


def _no_pictures(concept_name: str | None = None, alt: str | None = None) -> None:
    """Pictures are not spoken."""
    return None
