"""What the editor shows from the easy-read engine: plain-language advice beside the
wording of a question or option, pictures to pick from, and how ready a consultation is
for easy read.

The engine (`easyread`) knows nothing of forms or pages; this module decides which
field is held to which rules and shapes findings into short, plain view data. The
advice never stops a save: the rules are heuristics that can be wrong (a place name
taken for a hard word), and a draft is improved over several sittings.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, ClassVar, TypeVar

from flask import flash, render_template, request, url_for
from flask_wtf import FlaskForm
from sqlmodel import Session
from werkzeug.wrappers import Response

import easyread
from surveybuilder.charter.checks import EVERYDAY_WORDING, easy_read_question
from surveybuilder.consultations.snapshots import options_of, question_data, questions_of
from surveybuilder.editor import page_flow
from surveybuilder.models import Consultation, Question

T = TypeVar("T")

# The everyday wording meets the charter check's plain-language rules; the easy-read
# wording is what people with learning disabilities read, so it meets every rule.
STANDARD = EVERYDAY_WORDING
STRICT = easyread.CheckOptions()
# The fields checked, whichever form has them: (field name, held to the easy-read rules).
CHECKED_FIELDS = (("text", False), ("hint", False), ("label", False),
                  ("easy_read_text", True))
# Where suggestions come from: the easy-read wording first, as the picture goes with it.
SUGGESTION_SOURCES = ("easy_read_text", "text", "label")
PICTURE_FIELD = "easy_read_picture"
SUGGESTION_LIMIT = 5
EXCERPT_WORDS = 12
# A picture's address carries its OpenMoji code, so a changed picture gets a new
# address and the browser may keep each one for a year.


@dataclass(frozen=True)
class PictureCredit:
    """OpenMoji's licence asks for this wherever its pictures appear."""

    text: str = easyread.ATTRIBUTION
    licence: str = easyread.PICTURE_LICENCE
    licence_url: str = easyread.PICTURE_LICENCE_URL


CREDIT = PictureCredit()


@dataclass(frozen=True)
class Advice:
    """One finding in plain words: the rule, the words it is about, and what to do."""

    rule: str
    excerpt: str
    message: str
    suggestion: str


@dataclass(frozen=True)
class FieldAdvice:
    field_id: str
    label: str
    strict: bool
    advice: tuple[Advice, ...]


@dataclass(frozen=True)
class Picture:
    concept: str
    url: str


@dataclass(frozen=True)
class PictureState:
    """The picture a question names: found, or the name that matched nothing."""

    chosen: Picture | None = None
    unknown: str = ""


@dataclass(frozen=True)
class PlainLanguage:
    """Everything the plain-language and picture panels of a form show."""

    PICK: ClassVar[str] = "pick_picture"
    CHECK: ClassVar[str] = "check_wording"

    fields: tuple[FieldAdvice, ...]
    picture: PictureState
    suggestions: tuple[Picture, ...]
    suggested_from: str

    @property
    def count(self) -> int:
        return sum(len(field.advice) for field in self.fields)


def advice(findings: Iterable[easyread.Finding]) -> tuple[Advice, ...]:
    return tuple(Advice(easyread.RULE_TITLES[f.rule], _shorten(f.excerpt), f.message,
                        f.suggestion) for f in findings)


def _shorten(excerpt: str) -> str:
    """A long sentence is its own excerpt; its first words are enough to find it."""
    words = excerpt.split()
    return excerpt if len(words) <= EXCERPT_WORDS else " ".join(words[:EXCERPT_WORDS]) + " …"


def picture_url(concept: str, code: str) -> str:
    return url_for("public.picture", concept=concept, v=code)


def picture_state(name: str | None) -> PictureState:
    name = (name or "").strip()
    if not name:
        return PictureState()
    concept = easyread.find_concept(name)
    if concept is None:
        return PictureState(unknown=name)
    return PictureState(chosen=Picture(concept.name, picture_url(concept.name, concept.code)))


def _written(form: FlaskForm, name: str) -> str:
    """What is in a field, or "" when this form has no such field."""
    return ((form[name].data or "") if name in form else "").strip()


def _label(form: FlaskForm, name: str) -> str:
    return form[name].label.text.removesuffix(" (optional)")


def _field_advice(form: FlaskForm) -> tuple[FieldAdvice, ...]:
    return tuple(
        FieldAdvice(form[name].id, _label(form, name), strict,
                    advice(easyread.check(_written(form, name), STRICT if strict else STANDARD)))
        for name, strict in CHECKED_FIELDS if _written(form, name))


def _suggestions(text: str, chosen: Picture | None) -> tuple[Picture, ...]:
    """Pictures for the words, leaving out the one already chosen."""
    found = easyread.suggest_pictures(text, SUGGESTION_LIMIT + 1)
    return tuple(Picture(s.concept, picture_url(s.concept, s.code)) for s in found
                 if not chosen or s.concept != chosen.concept)[:SUGGESTION_LIMIT]


def plain_language(form: FlaskForm) -> PlainLanguage:
    """The advice and pictures for what is in the form now (saved, or just typed)."""
    source = next((name for name in SUGGESTION_SOURCES if _written(form, name)), "")
    state = picture_state(form[PICTURE_FIELD].data)
    return PlainLanguage(
        fields=_field_advice(form), picture=state,
        suggestions=_suggestions(_written(form, source), state.chosen) if source else (),
        suggested_from=_label(form, source) if source else "")


def _pick_picture(form: FlaskForm) -> None:
    """Fill the picture field with the suggestion chosen; a name we do not know (from a
    changed page) is ignored rather than stored."""
    concept = easyread.find_concept(request.form.get(PlainLanguage.PICK, ""))
    if concept is not None:
        form[PICTURE_FIELD].data = concept.name


def checked_form_page(form: FlaskForm, change: Callable[[], T],
                      then: Callable[[T], Response], template: str,
                      **context: Any) -> Response | str:
    """`page_flow.form_page` for forms with wording and an easy-read picture.

    Picking a suggested picture and "Check the wording" show the form again with what
    was typed and do not save, so staff can improve the wording before anything changes. A save
    is never refused for plain-language reasons; if the saved wording has advice, a
    second message says so, because the page it goes to does not show it.
    """
    if request.method == "POST" and {PlainLanguage.PICK, PlainLanguage.CHECK} & set(request.form):
        _pick_picture(form)
        return render_template(template, form=form, errors=[], plain=plain_language(form),
                               picture_credit=CREDIT, **context)
    plain = plain_language(form)

    def then_with_advice(result: T) -> Response:
        response = then(result)
        if plain.count:
            things = "1 thing" if plain.count == 1 else f"{plain.count} things"
            flash(f"The plain language check found {things} to improve in the wording. "
                  f"Edit it again to see them.")
        return response

    return page_flow.form_page(form, change, then_with_advice, template, plain=plain,
                               picture_credit=CREDIT, **context)


# Readiness of a whole consultation ----------------------------------------------------

@dataclass(frozen=True)
class QuestionReadiness:
    id: int
    number: int
    text: str
    easy_read_text: str
    picture: PictureState
    score: easyread.QuestionScore
    counts: tuple[tuple[str, int], ...]
    advice: tuple[Advice, ...]


@dataclass(frozen=True)
class Readiness:
    score: easyread.ConsultationScore
    questions: tuple[QuestionReadiness, ...]
    counts: tuple[tuple[str, int], ...]

    @property
    def summary(self) -> str:
        if not self.questions:
            return "There are no questions yet."
        if self.score.ready:
            return "Every question is ready for easy read."
        waiting = self.score.question_count - self.score.ready_count
        verb = "is" if waiting == 1 else "are"
        return f"{waiting} of {self.score.question_count} questions {verb} not ready yet."


def _counts(counts: dict[str, int]) -> tuple[tuple[str, int], ...]:
    """Findings by rule, in plain words, leaving out rules with none."""
    return tuple((easyread.RULE_TITLES[easyread.Rule(rule)], n)
                 for rule, n in counts.items() if n)


def readiness(session: Session, consultation: Consultation) -> Readiness:
    """Score the draft as it stands, even while parts of it are unfinished (a choice
    question with no options yet), so staff can work on easy read from the start."""
    rows = questions_of(session, consultation)
    score = easyread.score_consultation(
        easy_read_question(question_data(row, options_of(session, row))) for row in rows)
    questions = tuple(_question_readiness(number, row, scored) for number, (row, scored)
                      in enumerate(zip(rows, score.questions, strict=True), start=1))
    return Readiness(score, questions, _counts(score.counts))


def _question_readiness(number: int, row: Question,
                        scored: easyread.QuestionScore) -> QuestionReadiness:
    return QuestionReadiness(
        id=row.id, number=number, text=row.text, easy_read_text=row.easy_read_text,
        picture=picture_state(row.easy_read_picture), score=scored,
        counts=_counts(scored.counts), advice=advice(scored.findings))
