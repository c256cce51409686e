"""A five-point scale (agree or satisfied). Easy read shows five faces, from the
happiest to the least happy; results give the top two, the bottom two and the median."""

from __future__ import annotations

from typing import Any, ClassVar, Literal

from pydantic import Field

from surveybuilder.survey.types.base import Choice
from surveybuilder.survey.types.choosing import OneChoiceQuestion
from surveybuilder.wording import N_, gettext

# The points' words are message ids: a page, form or results file drawn in easy read
# gives each in the easy-read catalogue's words (`scale_choices`).
SCALE_POINTS = {
    "agree": [("strongly_agree", N_("Strongly agree")), ("agree", N_("Agree")),
              ("neither", N_("Neither agree nor disagree")), ("disagree", N_("Disagree")),
              ("strongly_disagree", N_("Strongly disagree"))],
    "satisfied": [("very_satisfied", N_("Very satisfied")), ("satisfied", N_("Satisfied")),
                  ("neither", N_("Neither satisfied nor dissatisfied")),
                  ("dissatisfied", N_("Dissatisfied")),
                  ("very_dissatisfied", N_("Very dissatisfied"))],
}
SCALE_WORDS = {name: f"{points[0][1]} to {points[-1][1].lower()}"
               for name, points in SCALE_POINTS.items()}
"""How the editor names each scale: "Strongly agree to strongly disagree"."""
FACES = (("happy", "very happy face"), ("smile", "happy face"),
         ("neutral", "face that is neither happy nor sad"), ("sad", "sad face"),
         ("angry", "angry face"))
SCALE_QUESTIONS = {"agree": N_("Select how much you agree with “%(question)s”"),
                   "satisfied": N_("Select how satisfied you are with “%(question)s”")}
"""A required scale left blank, naming the question (GOV.UK error messages say what
to do about which question)."""


def scale_choices(scale: str) -> list[Choice]:
    """The five points in the words of the locale being drawn."""
    return [Choice(key=k, label=gettext(v)) for k, v in SCALE_POINTS[scale]]


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
        return gettext(SCALE_QUESTIONS[self.scale], question=self.text)
