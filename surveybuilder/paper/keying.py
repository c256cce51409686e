"""Paper data entry: what a keyer types from a returned paper form, turned into answers.

The keyer works through the form in the order and numbering printed on it
(`survey.numbering`): one page per section, one entry box per numbered question.
Choices are typed as the option numbers printed beside the boxes ("2", or "1 3" for
"tick all that apply"); other answers are typed as written. Any answer can be marked
"unclear" (stored as read, flagged) or "left blank" (nothing stored). Entries are read
by the same `read_answer` every channel uses, with nothing required — residents leave
questions blank on paper — and stored by `responses.storage.submit` with channel
`paper`.

What was typed is saved page by page on a `PaperKeying`, so an interrupted keyer
carries on where they stopped. A batch with double keying stores a copy only once
two people's keyings agree (see `double_keying`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, select

from surveybuilder.consultations import audit
from surveybuilder.consultations.drafts import DraftError
from surveybuilder.formats import PAPER, format_label
from surveybuilder.models import (
    Consultation,
    PaperBatch,
    PaperCopy,
    PaperKeying,
    Response,
    SurveyVersion,
    User,
    utcnow,
)
from surveybuilder.responses import storage
from surveybuilder.survey import journey as route
from surveybuilder.survey.answers import (
    SITE_DEFAULTS,
    AnswerError,
    AnswerValue,
    Limits,
    read_answer,
)
from surveybuilder.survey.definition import Choice, QuestionBase, SectionDef, SurveyDefinition
from surveybuilder.survey.languages import ENGLISH
from surveybuilder.survey.languages import language as language_named
from surveybuilder.survey.loading import load_definition
from surveybuilder.survey.numbering import question_numbers

UNCLEAR = "unclear"
BLANK = "blank"
MAX_COPY_NUMBER = 1_000_000
LABEL_MAX = 200


class KeyingError(DraftError):
    """A keying step cannot be done; `problems` are (field, message) pairs in plain
    words, saying how to put it right (the editor's pages show them like any refused
    change)."""


# The form as printed ----------------------------------------------------------------

@dataclass(frozen=True)
class KeyingPage:
    """One keying screen: a section of the paper form with its numbered questions."""

    number: int
    section: SectionDef
    questions: tuple[tuple[int, QuestionBase], ...]


def keying_pages(definition: SurveyDefinition) -> list[KeyingPage]:
    """One page per section that asks something, questions numbered as printed."""
    numbers = question_numbers(definition)
    result: list[KeyingPage] = []
    for section in definition.sections:
        asked = tuple((numbers[q.key], q) for q in section.questions if q.key in numbers)
        if asked:
            result.append(KeyingPage(len(result) + 1, section, asked))
    return result


def numbered_choices(question: QuestionBase) -> list[tuple[int, Choice]]:
    """The option numbers printed beside the boxes: 1, 2, 3… in order (the type
    decides: a consent question has one box, number 1)."""
    return question.keying_choices() if question.keyed_as_numbers else []


# Reading what was typed ---------------------------------------------------------------

def read_entry(question: QuestionBase, typed: str, limits: Limits = SITE_DEFAULTS
               ) -> AnswerValue | None:
    """The answer an entry stands for, or None when nothing was typed; AnswerError
    says how to fix an entry that cannot be right."""
    typed = typed.strip()
    if not typed:
        return None
    return read_answer(question, question.key_entry(typed), limits, require=False)


@dataclass(frozen=True)
class PageEntries:
    """One keying page as typed: entries and marks by question key, and any problems
    as (field id, message) pairs in page order."""

    entries: dict[str, str]
    marks: dict[str, str]
    errors: list[tuple[str, str]]

    @property
    def ok(self) -> bool:
        return not self.errors


def mark_field(question: QuestionBase, mark: str) -> str:
    """The name of a question's "unclear" or "left blank" tick box."""
    return f"{question.key}-{mark}"


def check_page(page: KeyingPage, form: Mapping[str, str], limits: Limits = SITE_DEFAULTS
               ) -> PageEntries:
    """Read a keying page as submitted; everything typed is kept, even with errors."""
    entries: dict[str, str] = {}
    marks: dict[str, str] = {}
    errors: list[tuple[str, str]] = []
    for _number, question in page.questions:
        typed = (form.get(question.key) or "").strip()
        ticked = [m for m in (UNCLEAR, BLANK) if form.get(mark_field(question, m))]
        if typed:
            entries[question.key] = typed
        if ticked:
            marks[question.key] = ticked[0]
        problem = _entry_problem(question, typed, ticked, limits)
        if problem:
            errors.append((question.key, problem))
    return PageEntries(entries, marks, errors)


def _entry_problem(question: QuestionBase, typed: str, ticked: list[str],
                   limits: Limits) -> str | None:
    if BLANK in ticked and UNCLEAR in ticked:
        return "Tick “Unclear” or “Left blank”, not both"
    if BLANK in ticked and typed:
        return "Either type the answer or tick “Left blank”, not both"
    try:
        read_entry(question, typed, limits)
    except AnswerError as exc:
        return str(exc)
    return None


def values_of(definition: SurveyDefinition, entries: Mapping[str, str],
              limits: Limits = SITE_DEFAULTS) -> dict[str, AnswerValue]:
    """Every typed answer read into its value (entries were checked when saved)."""
    values: dict[str, AnswerValue] = {}
    for question in definition.questions():
        value = read_entry(question, entries.get(question.key, ""), limits)
        if value is not None:
            values[question.key] = value
    return values


def routed_out(definition: SurveyDefinition, values: Mapping[str, Any]) -> list[str]:
    """Answers to questions the resident should have skipped, given their earlier
    answers. Online they are never asked; so that every channel counts the same way,
    they are not stored from paper either, and the check page says so."""
    kept = route.prune(definition, values)
    return [key for key in values if key not in kept]


def describe(question: QuestionBase, value: AnswerValue | None, mark: str | None = None
             ) -> str:
    """An answer in words, with its option numbers, as the keyer and a decider see it."""
    if mark == BLANK:
        return "Left blank"
    text = _value_text(question, value)
    return f"Unclear: {text}" if mark == UNCLEAR else text


def _value_text(question: QuestionBase, value: AnswerValue | None) -> str:
    if value is None:
        return "Nothing typed"
    return ", ".join(question.shown(value, numbered=True))


# Batches, copies and keyings -----------------------------------------------------------

def create_batch(session: Session, consultation: Consultation, user: User, label: str,
                 double_keying: bool) -> PaperBatch:
    """A new batch; its label must be new within the consultation."""
    label = " ".join(label.split())
    if not label:
        raise KeyingError([("label", "Enter a batch label, like “Day centre, 12 March”")])
    if len(label) > LABEL_MAX:
        raise KeyingError([("label", f"The batch label must be {LABEL_MAX} characters "
                                     "or fewer")])
    if session.exec(select(PaperBatch).where(PaperBatch.consultation_id == consultation.id,
                                             PaperBatch.label == label)).first():
        raise KeyingError([("label", f"There is already a batch called “{label}”. "
                                     "Choose it from the list, or use another label")])
    batch = PaperBatch(consultation_id=consultation.id, label=label,
                       double_keying=double_keying, created_by_id=user.id)
    session.add(batch)
    session.flush()
    audit.record(session, "paper_batch_created", user, consultation, label=label,
                 double_keying=double_keying)
    return batch


def batches(session: Session, consultation: Consultation) -> list[PaperBatch]:
    return list(session.exec(select(PaperBatch).where(
        PaperBatch.consultation_id == consultation.id).order_by(PaperBatch.id)).all())


def copies(session: Session, batch: PaperBatch) -> list[tuple[PaperCopy, list[PaperKeying]]]:
    """The batch's copies in copy-number order, each with its keyings."""
    found = session.exec(select(PaperCopy).where(PaperCopy.batch_id == batch.id)
                         .order_by(PaperCopy.copy_number)).all()
    return [(copy, keyings_of(session, copy)) for copy in found]


def keyings_of(session: Session, copy: PaperCopy) -> list[PaperKeying]:
    return list(session.exec(select(PaperKeying).where(PaperKeying.copy_id == copy.id)
                             .order_by(PaperKeying.id)).all())


def copy_status(batch: PaperBatch, copy: PaperCopy, keyings: list[PaperKeying]) -> str:
    """Where a copy has got to, in words for the batch page."""
    if copy.response_id:
        return "Stored"
    finished = [k for k in keyings if k.finished_at]
    if batch.double_keying and len(finished) >= 2:
        return "Differences to decide"
    if batch.double_keying and finished:
        return "Keyed once: waiting for a second person"
    return "Being keyed"


def start_keying(session: Session, batch: PaperBatch, version: SurveyVersion, user: User,
                 copy_number: int, answer_format: str, language: str = ENGLISH
                 ) -> PaperKeying:
    """The keying `user` should work on for this copy of `version` (the one printed at
    the foot of its pages) in `language` (the one it is printed in): theirs if they
    have begun it, else a new one. Refused when the copy is stored, has all the keyings
    it needs, or was begun in another format, version or language."""
    if answer_format not in storage.FORMATS:
        raise KeyingError([("answer_format", "Choose the format of the returned form")])
    if not 1 <= copy_number <= MAX_COPY_NUMBER:
        raise KeyingError([("copy_number", f"The copy number must be between 1 and "
                                           f"{MAX_COPY_NUMBER:,}")])
    copy = session.exec(select(PaperCopy).where(PaperCopy.batch_id == batch.id,
                                                PaperCopy.copy_number == copy_number)).first()
    if copy is None:
        copy = PaperCopy(batch_id=batch.id, copy_number=copy_number, format=answer_format,
                         version_id=version.id, language=language)
        session.add(copy)
        session.flush()
    keyings = keyings_of(session, copy)
    mine = next((k for k in keyings if k.keyed_by_id == user.id), None)
    _refuse_copy(batch, copy, keyings, mine, answer_format, version)
    if copy.language != language:
        raise KeyingError([(LANGUAGE_FIELD, f"Copy {copy.copy_number} was started as a "
                                            f"form in {language_named(copy.language).english}."
                                            " Choose that language, or check the copy number")])
    if mine is not None:
        return mine
    keying = PaperKeying(copy_id=copy.id, keyed_by_id=user.id)
    session.add(keying)
    session.flush()
    return keying


def _refuse_copy(batch: PaperBatch, copy: PaperCopy, keyings: list[PaperKeying],
                 mine: PaperKeying | None, answer_format: str, version: SurveyVersion
                 ) -> None:
    number = copy.copy_number
    if copy.response_id:
        raise KeyingError([("copy_number", f"Copy {number} of this batch is already stored. "
                                           "Check the copy number on the form")])
    if copy.format != answer_format:
        raise KeyingError([("answer_format", f"Copy {number} was started as "
                                             f"{format_label(copy.format)}. Choose that "
                                             "format, or check the copy number")])
    if copy.version_id != version.id:
        raise KeyingError([(VERSION_FIELD, f"Copy {number} was started as another version "
                                           "of the form. Choose the version printed at the "
                                           "foot of its pages, or check the copy number")])
    if mine is not None and mine.finished_at:
        raise KeyingError([("copy_number", f"You have already keyed copy {number}. A "
                                           "second person must key it")])
    needed = 2 if batch.double_keying else 1
    if mine is None and len(keyings) >= needed:
        raise KeyingError([("copy_number", f"Copy {number} is already being keyed by "
                                           "someone else. Check the copy number on the form"
                            if needed == 1 else
                            f"Copy {number} has already been keyed by two people")])


VERSION_FIELD = "form_version"
LANGUAGE_FIELD = "form_language"


def printed_language(offered: list[str], code: str | None) -> str:
    """The language staff chose for the returned form: one the version is offered in;
    English when it is offered in English only."""
    if len(offered) == 1:
        return offered[0]
    if code not in offered:
        raise KeyingError([(LANGUAGE_FIELD, "Choose the language the form is printed in")])
    return code


def printed_version(versions: list[SurveyVersion], number: str | None) -> SurveyVersion:
    """The published version whose number staff read at the foot of the form; with
    only one published, that one."""
    if len(versions) == 1:
        return versions[0]
    found = next((v for v in versions if str(v.number) == (number or "").strip()), None)
    if found is None:
        raise KeyingError([(VERSION_FIELD, "Choose the version printed at the foot of the "
                                           "form's pages, after the page number")])
    return found


def save_page(session: Session, keying: PaperKeying, page: KeyingPage,
              typed: PageEntries, next_page: int) -> None:
    """Keep what was typed on one page (its old entries and marks are replaced), and
    the page to carry on from."""
    keys = {q.key for _, q in page.questions}
    keying.entries = {**{k: v for k, v in keying.entries.items() if k not in keys},
                      **typed.entries}
    keying.marks = {**{k: v for k, v in keying.marks.items() if k not in keys},
                    **typed.marks}
    keying.page = next_page
    keying.updated_at = utcnow()
    session.add(keying)


def definition_of(session: Session, copy: PaperCopy) -> SurveyDefinition:
    """The survey version the copy is keyed against (the live one when it was begun)."""
    return load_definition(session.get(SurveyVersion, copy.version_id).definition)


def store_copy(session: Session, consultation: Consultation, copy: PaperCopy,
               definition: SurveyDefinition, entries: Mapping[str, str],
               marks: Mapping[str, str], user: User, limits: Limits = SITE_DEFAULTS,
               also: Callable[[Response], None] | None = None) -> Response:
    """Store the copy's answers as one paper response. The copy's id is the submission
    key, so storing the same copy twice (a double click) gives back the first one.
    `also` is the caller's own record, committed with the response (a scanned copy
    says it was scanned)."""
    values = values_of(definition, entries, limits)
    dropped = set(routed_out(definition, values))
    answers = {k: v for k, v in values.items() if k not in dropped}

    def record_copy(response: Response) -> None:  # in the response's own transaction
        copy.response_id = response.id
        copy.marks = dict(marks)
        session.add(copy)
        audit.record(session, "paper_copy_stored", user, consultation, copy_id=copy.id,
                     copy_number=copy.copy_number, reference=response.reference)
        if also is not None:
            also(response)

    response, _created = storage.submit(session, consultation, copy.version_id, definition,
                                        answers, PAPER.value, copy.format,
                                        submission_key=f"paper-copy-{copy.id}",
                                        also=record_copy, language=copy.language)
    return response
