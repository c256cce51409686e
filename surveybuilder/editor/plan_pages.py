"""The charter plan: the co-production charter's "Lay the groundwork" questions,
answered for each consultation before it goes live.

The words are the charter's own where that helps, so staff meet the charter where
they plan rather than in a separate document. Editors answer them; everyone else
who can see the consultation reads the answers.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import flash, redirect, render_template, request, url_for
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput, GovTextArea
from werkzeug.wrappers import Response
from wtforms import SubmitField, TextAreaField

from surveybuilder import db
from surveybuilder.auth.current import can_edit, consultation_or_404, current_user, signed_in
from surveybuilder.consultations.drafts import update_plan
from surveybuilder.editor.blueprint import bp
from surveybuilder.forms import error_pairs
from surveybuilder.models import Consultation


@dataclass(frozen=True)
class PlanQuestion:
    field: str
    question: str
    hint: str


@dataclass(frozen=True)
class PlanGroup:
    title: str
    questions: tuple[PlanQuestion, ...]


# One question for each field of `PlanDef`, grouped as the charter groups its advice.
PLAN: tuple[PlanGroup, ...] = (
    PlanGroup("What you want to achieve", (
        PlanQuestion("aims", "What do you want to achieve?",
                     "The charter asks you to identify this first, before you plan anything "
                     "else."),
        PlanQuestion("coproduction", "Are you truly co-producing?",
                     "Not every outcome can be co-produced. If this one cannot, say why, and "
                     "how else you will involve people in a meaningful way."),
        PlanQuestion("constraints", "What is possible, and what is not?",
                     "Come with “a clear idea of any constraints”, such as a law, the budget or "
                     "a deadline, and be honest about them from the start."),
        PlanQuestion("expectations", "What are the expectations of being involved?",
                     "Be clear with people about the expectations of being involved: yours "
                     "and theirs."),
        PlanQuestion("success_measures", "How will you review success?",
                     "The charter asks you to decide this at the beginning, so you can measure "
                     "from the outset."),
    )),
    PlanGroup("Who to involve, and when", (
        PlanQuestion("affected", "Who uses the service, or is affected by the issue?",
                     "Those closest to an issue are often best placed to improve it. Ask "
                     "partners whether they already work with these people on similar themes, "
                     "so nobody is asked the same thing twice."),
        PlanQuestion("involvement_planning", "How will they be involved in planning?",
                     "Involve people who use the service or are affected at all stages. This "
                     "is the first: the planning."),
        PlanQuestion("involvement_development", "How will they be involved in development?",
                     "The second stage: developing the work, together, with an equal voice."),
        PlanQuestion("involvement_delivery", "How will they be involved in delivery?",
                     "The third stage: delivering it. Keep checking that this is working."),
    )),
    PlanGroup("Making it work for people", (
        PlanQuestion("reward", "How will you reward and recognise people's contribution?",
                     "Think about people getting something back. This can be a payment, or "
                     "another way of valuing their time and experience."),
        PlanQuestion("barriers", "What could stop people taking part, and how will you remove "
                             "it?",
                     "Think about access and communication needs, reasonable adjustments, the "
                     "best times to meet, and venues. You may have to go to their space."),
        PlanQuestion("feedback_plan", "How will you tell people how their input was used?",
                     "Always go back and tell people how their input was used, and what "
                     "difference it made."),
    )),
)
PLAN_QUESTIONS: tuple[PlanQuestion, ...] = tuple(q for group in PLAN for q in group.questions)


class PlanForm(FlaskForm):
    """One text box for each charter question; every answer is optional, because a
    plan is written over time. The charter check reports the gaps."""

    submit = SubmitField("Save plan", widget=GovSubmitInput())

    def answers(self) -> dict[str, str]:
        return {q.field: self[q.field].data or "" for q in PLAN_QUESTIONS}


for _question in PLAN_QUESTIONS:
    setattr(PlanForm, _question.field, TextAreaField(
        _question.question, widget=GovTextArea(), description=_question.hint))


def unanswered(consultation: Consultation) -> list[PlanQuestion]:
    return [q for q in PLAN_QUESTIONS if not (consultation.plan or {}).get(q.field)]


@bp.route("/consultations/<int:consultation_id>/plan", methods=["GET", "POST"])
@signed_in
def plan(consultation_id: int) -> Response | str:
    consultation = consultation_or_404(consultation_id, edit=request.method == "POST")
    form = PlanForm(data=consultation.plan or {})
    if form.validate_on_submit():
        update_plan(db.session(), consultation, current_user(), form.answers())
        db.session().commit()
        flash("The plan has been saved.")
        return redirect(url_for("editor.plan", consultation_id=consultation.id))
    return render_template("editor/plan.html", consultation=consultation, form=form,
                           groups=PLAN, missing=unanswered(consultation),
                           total=len(PLAN_QUESTIONS), can_edit=can_edit(),
                           errors=error_pairs(form))
