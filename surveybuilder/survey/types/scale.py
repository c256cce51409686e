"""A five-point scale (agree or satisfied). Easy read shows five faces, from the
happiest to the least happy; results give the top two, the bottom two and the median."""

from __future__ import annotations

from typing import Any, ClassVar, Literal

from pydantic import Field

from surveybuilder.survey.types.base import Choice
from surveybuilder.survey.types.choosing import OneChoiceQuestion
from surveybuilder.wording import N_, gettext

SCALE_POINTS = {
    "agree": [("strongly_agree", "Strongly agree"), ("agree", "Agree"),
              ("neither", "Neither agree nor disagree"), ("disagree", "Disagree"),
              ("strongly_disagree", "Strongly disagree")],
    "satisfied": [("very_satisfied", "Very satisfied"), ("satisfied", "Satisfied"),
                  ("neither", "Neither satisfied nor dissatisfied"),
                  ("dissatisfied", "Dissatisfied"), ("very_dissatisfied", "Very dissatisfied")],
}
SCALE_WORDS = {name: f"{points[0][1]} to {points[-1][1].lower()}"
               for name, points in SCALE_POINTS.items()}
"""How the editor names each scale: "Strongly agree to strongly disagree"."""
FACES = (("happy", "very happy face"), ("smile", "happy face"),
         ("neutral", "face that is neither happy nor sad"), ("sad", "sad face"),
         ("angry", "angry face"))
SCALE_QUESTIONS = {"agree": N_("Select how much you agree"),
                   "satisfied": N_("Select how satisfied you are")}


def scale_choices(scale: str) -> list[Choice]:
    return [Choice(key=k, label=v) for k, v in SCALE_POINTS[scale]]


class ScaleQuestion(OneChoiceQuestion):
    kind: ClassVar[str] = "scale"
    label: ClassVar[str] = "Five-point scale"
    routable: ClassVar[bool] = False
    easy_read_faces: ClassVar[bool] = True
    summarised_as_scale: ClassVar[bool] = True
    type: Literal["scale"]
    scale: Literal["agree", "satisfied"] = Field(
        title="Answer scale", description="People choose one of five points on the scale.",
        json_schema_extra={"choice_words": SCALE_WORDS})

    @classmethod
    def example(cls) -> dict[str, Any]:
        return {"key": "safe", "type": "scale", "scale": "agree",
                "text": "I feel safe in the park after dark."}

    def choices(self) -> list[Choice]:
        return scale_choices(self.scale)

    def choice_picture(self, index: int, key: str) -> tuple[str, str] | None:
        return FACES[index] if index < len(FACES) else None

    def required_message(self) -> str:
        return gettext(SCALE_QUESTIONS[self.scale])
