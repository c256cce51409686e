"""Editor page for easy-read pictures: every section introduction and question with the
picture easy read shows beside it, marked Chosen (staff picked it) or Suggested (worked
out from the words, decision 13), and a button that makes a suggestion the choice.

The button is a plain POST form with a CSRF token, so it works without JavaScript; the
concept it sends is checked against the dictionary and against what would be suggested
now, so a changed page cannot store anything else.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort, render_template, request, url_for
from werkzeug.wrappers import Response

import easyread
from surveybuilder import db
from surveybuilder.auth.current import (
    can_edit,
    consultation_or_404,
    current_user,
    owned_or_404,
    signed_in,
)
from surveybuilder.consultations import drafts
from surveybuilder.consultations.snapshots import questions_of, sections_of
from surveybuilder.easy_read_view import (
    INFORMATION_FALLBACK,
    QUESTION_FALLBACK,
    PictureChoice,
    choose_picture,
)
from surveybuilder.editor.blueprint import bp
from surveybuilder.editor.easy_read_help import CREDIT, picture_url
from surveybuilder.editor.page_flow import commit_change, done
from surveybuilder.models import Consultation, Question, Section
from surveybuilder.survey.definition import QUESTION_TYPES

PREFIX = "/consultations/<int:consultation_id>/easy-read/pictures"
KINDS = ("section", "question")


@dataclass(frozen=True)
class PictureRow:
    """One place easy read shows a picture, and which picture it shows."""

    kind: str
    id: int
    label: str
    words: str
    concept: str
    url: str
    suggested: bool

    @property
    def anchor(self) -> str:
        return f"{self.kind}-{self.id}"


def section_choice(section: Section) -> PictureChoice:
    """The picture beside a draft section's introduction (as `section_picture` does for
    a definition; a draft may not make a valid definition yet)."""
    words = section.easy_read_text.strip() or section.description.strip()
    return choose_picture(section.easy_read_picture, f"{words}\n{section.title}",
                          INFORMATION_FALLBACK)


def question_choice(question: Question) -> PictureChoice:
    """The picture beside a draft question (as `question_picture` does for a definition)."""
    kind = QUESTION_TYPES.get(question.type)
    fallback = QUESTION_FALLBACK if kind is None or kind.answerable else INFORMATION_FALLBACK
    return choose_picture(question.easy_read_picture,
                          question.easy_read_text.strip() or question.text, fallback)


def picture_rows(consultation: Consultation) -> list[PictureRow]:
    """Each section introduction, then its questions, in survey order."""
    session = db.session()
    questions = questions_of(session, consultation)
    rows: list[PictureRow] = []
    number = 0
    for s_number, section in enumerate(sections_of(session, consultation), start=1):
        rows.append(_row("section", section.id, f"Section {s_number}: {section.title}",
                         section.easy_read_text or section.description or "No introduction",
                         section_choice(section)))
        for question in (q for q in questions if q.section_id == section.id):
            number += 1
            rows.append(_row("question", question.id, f"Question {number}",
                             question.easy_read_text or question.text,
                             question_choice(question)))
    return rows


def _row(kind: str, id_: int, label: str, words: str, choice: PictureChoice) -> PictureRow:
    code = easyread.find_concept(choice.concept).code
    return PictureRow(kind, id_, label, words, choice.concept,
                      picture_url(choice.concept, code), choice.suggested)


@bp.route(PREFIX)
@signed_in
def pictures(consultation_id: int) -> str:
    consultation = consultation_or_404(consultation_id)
    rows = picture_rows(consultation)
    return render_template("editor/easy_read/pictures.html", consultation=consultation,
                           rows=rows, suggested=sum(r.suggested for r in rows),
                           can_edit=can_edit(), picture_credit=CREDIT)


@bp.route(f"{PREFIX}/use", methods=["POST"])
@signed_in
def use_picture(consultation_id: int) -> Response:
    """Make the suggested picture of one section or question its chosen picture."""
    consultation = consultation_or_404(consultation_id, edit=True)
    kind, concept = request.form.get("kind", ""), request.form.get("concept", "")
    item_id = request.form.get("id", type=int)
    if kind not in KINDS or item_id is None:
        abort(400)
    model = Section if kind == "section" else Question
    item = owned_or_404(model, item_id, consultation)
    now = section_choice(item) if kind == "section" else question_choice(item)
    if not now.suggested or now.concept != concept:
        abort(409)

    def choose() -> None:
        item.easy_read_picture = concept
        db.session().add(item)
        drafts.record_change(db.session(), consultation, current_user(),
                             f"{kind}.picture_chosen", **{kind: item.id, "picture": concept})

    commit_change(choose)
    return done(f"The picture “{concept}” is now chosen.",
                url_for("editor.pictures", consultation_id=consultation.id,
                        _anchor=f"{kind}-{item.id}"))
