"""Editor pages for "Suggest easy read": a first draft of the easy-read wording of a
question, a section introduction, the consultation's summary, or the "You said, we did"
summary or one of its items.

Pressing "Suggest easy read" (a POST, so it works without JavaScript and carries the
CSRF token) shows the saved standard wording and the suggestion side by side, with
what changed and why and what still needs a person. The suggestion fills a text box
that staff may edit; only pressing "Use this easy read wording" stores it, in the
draft's easy-read field. A suggestion is never stored on its own, so nothing the
rewriter wrote is published unless a person accepted it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from flask import abort, render_template, url_for
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput, GovTextArea
from werkzeug.wrappers import Response
from wtforms import SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length

import easyread
from surveybuilder import db
from surveybuilder.auth.current import consultation_or_404, current_user, signed_in
from surveybuilder.consultations.drafts import DraftError
from surveybuilder.consultations.easy_read_wording import (
    accept_question_wording,
    accept_section_wording,
    accept_summary_wording,
)
from surveybuilder.editor.blueprint import bp
from surveybuilder.editor.easy_read_help import CREDIT, Advice, advice, picture_url
from surveybuilder.editor.page_flow import commit_change, done
from surveybuilder.editor.structure_pages import question_or_404, section_or_404
from surveybuilder.feedback import decisions
from surveybuilder.forms import error_pairs
from surveybuilder.models import Consultation, FeedbackItem

PREFIX = "/consultations/<int:consultation_id>/easy-read/suggest/<kind>/<int:item_id>"
MAX_WORDING = 2000
KINDS = ("question", "section", "consultation-summary", "feedback-item", "feedback-summary")


class AcceptForm(FlaskForm):
    easy_read_text = TextAreaField(
        "Easy read wording", widget=GovTextArea(),
        validators=[DataRequired("Enter the easy read wording, or go back without saving"),
                    Length(max=MAX_WORDING, message=f"The easy read wording must be "
                                                    f"{MAX_WORDING:,} characters or fewer")],
        description="Check every sentence and change anything that is wrong. "
                    "Keep one sentence on each line.")
    submit = SubmitField("Use this easy read wording", widget=GovSubmitInput())


@dataclass(frozen=True)
class Target:
    """The thing a suggestion is for: its wording, where its easy read goes, and how
    to keep accepted wording."""

    kind: str
    item_id: int
    noun: str
    name: str
    standard: str
    current: str
    back: str
    keep: Callable[[str], object]


@dataclass(frozen=True)
class Line:
    """One suggested sentence and the picture suggested for it."""

    text: str
    picture_concept: str
    picture_url: str


@dataclass(frozen=True)
class ChangeView:
    """One change in plain words: what kind, what became what, and why."""

    title: str
    what: str
    reason: str


@dataclass(frozen=True)
class SuggestionView:
    lines: tuple[Line, ...]
    changes: tuple[ChangeView, ...]
    unsure: tuple[Advice, ...]
    remaining: tuple[Advice, ...]
    text: str


def suggestion_view(standard: str) -> SuggestionView:
    """The rewriter's suggestion, shaped for the page."""
    found = easyread.suggest_easy_read(standard)
    lines = tuple(Line(s.text, s.picture.concept if s.picture else "",
                       picture_url(s.picture.concept, s.picture.code) if s.picture else "")
                  for s in found.sentences)
    changes = tuple(ChangeView(c.title, _what(c), c.reason) for c in found.changes)
    unsure = tuple(Advice("Left for you", u.excerpt, u.reason, "") for u in found.unsure)
    return SuggestionView(lines, changes, unsure, advice(found.remaining), found.text)


_EXPLAINED_START = re.compile(r"^“[^”]*”(?: means|:| is)\s+")


def _what(change: easyread.Change) -> str:
    new = " ".join(change.replacement.split())
    if change.kind == "split":
        return f"Split at “{change.original}”. The new sentence is “{new}”."
    if change.kind == "explain":  # the sentence added, without its "“X” means" start
        return f"Explained “{change.original}”: {_EXPLAINED_START.sub('', new)}"
    return f"“{change.original}” became “{new}”."


def _question(consultation: Consultation, item_id: int) -> Target:
    question = question_or_404(consultation, item_id)
    return Target(
        "question", item_id, "question", question.text, question.text,
        question.easy_read_text,
        url_for("editor.edit_question", consultation_id=consultation.id, question_id=item_id),
        lambda text: accept_question_wording(db.session(), consultation, current_user(),
                                             question, text))


def _section(consultation: Consultation, item_id: int) -> Target:
    section = section_or_404(consultation, item_id)
    return Target(
        "section", item_id, "section introduction", section.title, section.description,
        section.easy_read_text,
        url_for("editor.edit_section", consultation_id=consultation.id, section_id=item_id),
        lambda text: accept_section_wording(db.session(), consultation, current_user(),
                                            section, text))


def _summary(consultation: Consultation, item_id: int) -> Target:
    """The consultation's own summary (one per consultation, so item 0)."""
    if item_id != 0:
        abort(404)
    return Target(
        "consultation-summary", 0, "summary", consultation.title, consultation.summary,
        consultation.easy_read_summary,
        url_for("editor.edit_details", consultation_id=consultation.id,
                _anchor="easy_read_summary"),
        lambda text: accept_summary_wording(db.session(), consultation, current_user(), text))


def _feedback_item(consultation: Consultation, item_id: int) -> Target:
    found = decisions.feedback_of(db.session(), consultation)
    item = decisions.item_or_none(db.session(), found, item_id) if found else None
    if item is None:
        abort(404)
    return Target(
        "feedback-item", item_id, "“We did”", item.you_said, item.we_did, item.easy_read_text,
        url_for("editor.edit_feedback_item", consultation_id=consultation.id, item_id=item_id),
        lambda text: decisions.update_item(db.session(), consultation, current_user(), item,
                                           _item_data(item, text)))


def _item_data(item: FeedbackItem, easy_read_text: str) -> dict[str, object]:
    return {**{name: getattr(item, name) for name in decisions.ITEM_FIELDS},
            "easy_read_text": easy_read_text}


def _feedback_summary(consultation: Consultation, item_id: int) -> Target:
    """The summary is one per consultation, so its address uses 0 for the item."""
    if item_id != 0:
        abort(404)
    feedback = decisions.feedback_of(db.session(), consultation)
    summary = feedback.summary if feedback else ""

    def keep(text: str) -> None:
        kept = decisions.feedback_for_editing(db.session(), consultation)
        decisions.update_summary(db.session(), consultation, current_user(), kept.summary,
                                 text, kept.what_next, kept.figures)

    return Target(
        "feedback-summary", 0, "summary", "Summary of what people said", summary,
        feedback.easy_read_summary if feedback else "",
        url_for("editor.feedback_summary", consultation_id=consultation.id), keep)


_FINDERS: dict[str, Callable[[Consultation, int], Target]] = {
    "question": _question, "section": _section, "consultation-summary": _summary,
    "feedback-item": _feedback_item,
    "feedback-summary": _feedback_summary}


def _target(consultation_id: int, kind: str, item_id: int) -> tuple[Consultation, Target]:
    if kind not in _FINDERS:
        abort(404)
    consultation = consultation_or_404(consultation_id, edit=True)
    if kind.startswith("feedback") and not decisions.can_write(consultation):
        abort(404)
    return consultation, _FINDERS[kind](consultation, item_id)


def suggest_url(consultation_id: int, kind: str, item_id: int, accept: bool = False) -> str:
    endpoint = "editor.accept_easy_read" if accept else "editor.suggest_easy_read"
    return url_for(endpoint, consultation_id=consultation_id, kind=kind, item_id=item_id)


def _page(consultation: Consultation, target: Target, form: AcceptForm,
          suggestion: SuggestionView, extra: list[tuple[str, str]] | None = None) -> str:
    return render_template(
        "editor/easy_read/suggest.html", consultation=consultation, target=target, form=form,
        suggestion=suggestion, errors=error_pairs(form, extra), picture_credit=CREDIT,
        accept_url=suggest_url(consultation.id, target.kind, target.item_id, accept=True))


@bp.route(PREFIX, methods=["POST"])
@signed_in
def suggest_easy_read(consultation_id: int, kind: str, item_id: int) -> str:
    """The suggestion beside the standard wording. Stores nothing."""
    consultation, target = _target(consultation_id, kind, item_id)
    suggestion = suggestion_view(target.standard)
    form = AcceptForm(formdata=None, data={"easy_read_text": suggestion.text})
    return _page(consultation, target, form, suggestion)


@bp.route(f"{PREFIX}/accept", methods=["POST"])
@signed_in
def accept_easy_read(consultation_id: int, kind: str, item_id: int) -> Response | str:
    """Keep the wording staff accepted (perhaps edited) in the easy-read field; on a
    problem show the page again with what they typed."""
    consultation, target = _target(consultation_id, kind, item_id)
    form = AcceptForm()
    extra: list[tuple[str, str]] = []
    if form.validate_on_submit():
        text = "\n".join(line.strip() for line in (form.easy_read_text.data or "").splitlines()
                         if line.strip())
        try:
            commit_change(lambda: target.keep(text))
        except DraftError as exc:
            extra = [(form.easy_read_text.id, message) for _, message in exc.problems]
        else:
            return done("The easy read wording has been saved.", target.back)
    return _page(consultation, target, form, suggestion_view(target.standard), extra)
