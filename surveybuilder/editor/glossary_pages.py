"""The easy-read glossary page: hard words with no meaning, question by question, each
with a box to write what it means in this consultation.

A word the easy-read dictionary cannot explain is not shown to residents with a line
telling them to ask for help; it is a finding here for staff to fix. Each meaning is
checked as easy read before it is kept (`consultations.glossary.meaning_problem`). The
page is one ordinary form (no JavaScript): a word met in several questions has its
box under the first, and the later questions point to it.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import count

from flask import flash, redirect, render_template, request, url_for
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput
from werkzeug.wrappers import Response
from wtforms import SubmitField

from surveybuilder import db
from surveybuilder.auth.current import can_edit, consultation_or_404, current_user, signed_in
from surveybuilder.consultations import glossary
from surveybuilder.editor.blueprint import bp
from surveybuilder.models import Consultation

WORD = "word-{}"
MEANING = "meaning-{}"


class GlossaryForm(FlaskForm):
    """The boxes are drawn from the findings (see `WordBox`); this form carries the
    CSRF token and the Save button."""

    submit = SubmitField("Save meanings", widget=GovSubmitInput())


@dataclass(frozen=True)
class WordBox:
    """A word and the box for its meaning: `index` numbers its form fields."""

    index: int
    word: str
    meaning: str = ""
    error: str = ""

    @property
    def field_id(self) -> str:
        return MEANING.format(self.index)

    @property
    def word_field(self) -> str:
        return WORD.format(self.index)


@dataclass(frozen=True)
class QuestionWords:
    """One question's hard words with no meaning: boxes for those first met here, and
    the words whose box is under an earlier question (word, that question's number)."""

    number: int
    text: str
    boxes: tuple[WordBox, ...]
    earlier: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class GlossaryPage:
    questions: tuple[QuestionWords, ...]
    own: tuple[WordBox, ...]
    unfinished: int

    @property
    def missing(self) -> int:
        return sum(len(q.boxes) for q in self.questions)

    @property
    def boxes(self) -> tuple[WordBox, ...]:
        return (*(b for q in self.questions for b in q.boxes), *self.own)


def glossary_page(consultation: Consultation, typed: dict[str, str] | None = None,
                  errors: dict[str, str] | None = None) -> GlossaryPage:
    """The findings and the consultation's own meanings, with what was typed and the
    problems found when a save was refused."""
    typed, errors = typed or {}, errors or {}
    found, unfinished = glossary.unexplained(db.session(), consultation)
    counter = count(1)
    first_in: dict[str, int] = {}
    questions = []
    for number, (question, words) in enumerate(found, start=1):
        boxes, earlier = [], []
        for word in words:
            if word.lower() in first_in:
                earlier.append((word, first_in[word.lower()]))
                continue
            first_in[word.lower()] = number
            boxes.append(WordBox(next(counter), word, typed.get(word, ""), errors.get(word, "")))
        if boxes or earlier:
            questions.append(QuestionWords(number, question.text, tuple(boxes), tuple(earlier)))
    own = tuple(WordBox(next(counter), word, typed.get(word, meaning), errors.get(word, ""))
                for word, meaning in glossary.meanings(consultation).items())
    return GlossaryPage(tuple(questions), own, unfinished)


def _typed(page: GlossaryPage) -> dict[str, str]:
    """What was typed in each box the page offers: a word not offered (a changed or
    forged form) is ignored."""
    return {box.word: request.form.get(box.field_id, "").strip() for box in page.boxes
            if request.form.get(box.word_field) == box.word}


@bp.route("/consultations/<int:consultation_id>/easy-read/glossary", methods=["GET", "POST"])
@signed_in
def glossary_words(consultation_id: int) -> Response | str:
    consultation = consultation_or_404(consultation_id, edit=request.method == "POST")
    form = GlossaryForm()
    page = glossary_page(consultation)
    if form.validate_on_submit():
        typed = _typed(page)
        problems = {word: problem for word, meaning in typed.items() if meaning
                    for problem in [glossary.meaning_problem(word, meaning)] if problem}
        if not problems:
            kept = {**glossary.meanings(consultation), **typed}
            glossary.save_meanings(db.session(), consultation, current_user(), kept)
            db.session().commit()
            flash("The meanings have been saved.")
            return redirect(url_for("editor.glossary_words", consultation_id=consultation.id))
        page = glossary_page(consultation, typed, problems)
    errors = [(box.field_id, box.error) for box in page.boxes if box.error]
    return render_template("editor/easy_read/glossary.html", consultation=consultation,
                           form=form, page=page, errors=errors, can_edit=can_edit())
