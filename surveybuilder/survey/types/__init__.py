"""The register of question types: one module each (see base.py for the contract).

A new type is a new module here, listed once below, with its templates
(`jinja/questions/<type>.html`, `jinja/print/<type>.html`), its schema (generated) and
its section in docs/survey-format.md; tests/test_question_types.py checks every part.
"""

from __future__ import annotations

from surveybuilder.survey.types.base import QuestionBase
from surveybuilder.survey.types.consent import ConsentQuestion
from surveybuilder.survey.types.date import DateQuestion
from surveybuilder.survey.types.email import EmailQuestion
from surveybuilder.survey.types.grid import GridQuestion
from surveybuilder.survey.types.long_text import LongTextQuestion
from surveybuilder.survey.types.multiple_choice import MultipleChoiceQuestion
from surveybuilder.survey.types.number import NumberQuestion
from surveybuilder.survey.types.phone import PhoneQuestion
from surveybuilder.survey.types.postcode import PostcodeQuestion
from surveybuilder.survey.types.ranking import RankingQuestion
from surveybuilder.survey.types.scale import ScaleQuestion
from surveybuilder.survey.types.short_text import ShortTextQuestion
from surveybuilder.survey.types.single_choice import SingleChoiceQuestion
from surveybuilder.survey.types.statement import StatementQuestion
from surveybuilder.survey.types.yes_no import YesNoQuestion

QUESTION_CLASSES: tuple[type[QuestionBase], ...] = (
    StatementQuestion, ShortTextQuestion, LongTextQuestion, SingleChoiceQuestion,
    MultipleChoiceQuestion, YesNoQuestion, ScaleQuestion, NumberQuestion, DateQuestion,
    EmailQuestion, PhoneQuestion, PostcodeQuestion, ConsentQuestion, GridQuestion,
    RankingQuestion,
)
QUESTION_TYPES: dict[str, type[QuestionBase]] = {c.kind: c for c in QUESTION_CLASSES}

__all__ = ["QUESTION_CLASSES", "QUESTION_TYPES", "QuestionBase"]
