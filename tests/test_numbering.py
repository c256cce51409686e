"""Question numbers shared by paper forms, keying and exports."""

import copy

from surveybuilder.survey.definition import SurveyDefinition
from surveybuilder.survey.numbering import numbered_questions, question_numbers


def test_statements_are_not_numbered_and_numbers_run_across_sections(example_definition):
    data = copy.deepcopy(example_definition)
    data["sections"][1]["questions"].insert(
        0, {"key": "about_this_part", "type": "statement", "text": "This part is about paths."})
    definition = SurveyDefinition.model_validate(data)
    numbers = question_numbers(definition)
    answerable = [q.key for q in definition.questions() if q.answerable]
    statements = [q.key for q in definition.questions() if not q.answerable]
    assert list(numbers) == answerable
    assert list(numbers.values()) == list(range(1, len(answerable) + 1))
    assert statements == ["about_this_part"]
    assert not set(statements) & set(numbers)
    assert [q.key for _, q in numbered_questions(definition)] == answerable
