"""The survey definition format: the issue's example loads, and every malformed case
gets its own clear error naming the place."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import jsonschema
import pytest

from surveybuilder.survey.definition import QUESTION_TYPES, SurveyDefinition
from surveybuilder.survey.loading import DefinitionError, load_definition, load_definition_text
from surveybuilder.survey.schema import SCHEMA_PATH, generated_schema

EXAMPLE = json.loads((Path(__file__).parent / "data" / "victoria-park.json").read_text())


def test_example_loads_and_writes_back_identically():
    definition = load_definition(EXAMPLE)
    assert definition.to_json() == EXAMPLE
    assert [q.key for q in definition.questions()] == [
        "visit", "why_not", "safe", "postcode", "hear_back"]


def errors_for(change) -> list[str]:
    data = copy.deepcopy(EXAMPLE)
    change(data)
    with pytest.raises(DefinitionError) as caught:
        load_definition(data)
    return [str(p) for p in caught.value.problems]


def q(data, section, index):
    return data["sections"][section]["questions"][index]


MALFORMED = {
    "unknown top-level key": (
        lambda d: d.update(colour="blue"), "colour: unknown key 'colour'"),
    "unknown question key": (
        lambda d: q(d, 0, 2).update(colour="blue"),
        "sections[0].questions[2].colour: 'colour' is not allowed on a scale question"),
    "duplicate question key": (
        lambda d: q(d, 1, 0).update(key="visit"),
        "sections[1].questions[0].key: the key 'visit' is already used by "
        "sections[0].questions[0]"),
    "show_if to a later question": (
        lambda d: q(d, 0, 1).update(show_if={"question": "hear_back", "in": ["yes"]}),
        "sections[0].questions[1].show_if: question 'hear_back' comes later; a rule can only "
        "depend on an earlier question"),
    "show_if to a missing question": (
        lambda d: q(d, 0, 1).update(show_if={"question": "ghost", "in": ["yes"]}),
        "sections[0].questions[1].show_if: question 'ghost' does not exist"),
    "show_if to a value that is not an option": (
        lambda d: q(d, 0, 1)["show_if"].update({"in": ["sometimes"]}),
        "sections[0].questions[1].show_if: question 'visit' has no option 'sometimes'"),
    "show_if to a question that cannot route": (
        lambda d: q(d, 1, 0).update(show_if={"question": "safe", "in": ["agree"]}),
        "sections[1].questions[0].show_if: question 'safe' is a scale question; only "
        "single_choice and yes_no answers can decide what is shown"),
    "options on a non-choice type": (
        lambda d: q(d, 0, 1).update(options=[{"key": "a", "label": "A"}]),
        "sections[0].questions[1].options: 'options' is not allowed on a long_text question"),
    "closes before opens": (
        lambda d: d.update(opens="2027-03-07", closes="2027-01-10"),
        "closes: the closing date 2027-01-10 must be after the opening date 2027-03-07"),
    "unknown type": (
        lambda d: q(d, 1, 0).update(type="slider"),
        "sections[1].questions[0]: 'slider' is not a question type; use one of: "
        + ", ".join(QUESTION_TYPES)),
    "duplicate option key": (
        lambda d: q(d, 0, 0)["options"].append({"key": "weekly", "label": "Again"}),
        "sections[0].questions[0].options[3].key: option key 'weekly' is already used by "
        "options[0]"),
    "bad key pattern": (
        lambda d: q(d, 0, 0).update(key="Visit Often"),
        "sections[0].questions[0].key: use lower-case letters, digits and underscores, "
        "starting with a letter"),
    "missing text": (
        lambda d: q(d, 0, 0).pop("text"), "sections[0].questions[0].text: this is required"),
    "wrong format": (
        lambda d: d.update(format="other/2"),
        'format: must be "surveybuilder/1" (found "other/2")'),
}


@pytest.mark.parametrize("case", MALFORMED, ids=list(MALFORMED))
def test_each_malformed_case_gets_its_own_clear_error(case):
    change, expected = MALFORMED[case]
    assert errors_for(change) == [expected]


def test_several_problems_are_reported_together():
    def change(d):
        d.update(colour="blue")
        q(d, 0, 1)["show_if"]["in"] = ["sometimes"]
    assert len(errors_for(change)) == 1  # structure first: meaning waits until it is sound

    def meaning(d):
        d.update(opens="2027-03-07", closes="2027-01-10")
        q(d, 0, 1)["show_if"]["in"] = ["sometimes"]
    assert len(errors_for(meaning)) == 2


def test_bad_json_says_where():
    with pytest.raises(DefinitionError) as caught:
        load_definition_text('{"format": "surveybuilder/1",\n "slug": }')
    assert str(caught.value).startswith("line 2, column 10: this is not valid JSON")


def test_every_question_type_is_in_the_register_with_a_label():
    assert set(QUESTION_TYPES) == {
        "statement", "short_text", "long_text", "single_choice", "multiple_choice", "yes_no",
        "scale", "number", "date", "email", "phone", "postcode", "consent", "grid", "ranking"}
    assert all(cls.label for cls in QUESTION_TYPES.values())


def test_shipped_schema_is_current_and_accepts_the_example():
    shipped = json.loads(SCHEMA_PATH.read_text())
    assert shipped == generated_schema(), "run `surveybuilder schema --write` to refresh it"
    jsonschema.validate(EXAMPLE, shipped)
    bad = copy.deepcopy(EXAMPLE)
    q(bad, 0, 0)["type"] = "slider"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, shipped)


def test_implied_choices_for_yes_no_and_scale():
    definition = SurveyDefinition.model_validate({
        "format": "surveybuilder/1", "slug": "s", "title": "T",
        "participation_level": "consult", "sections": [{"title": "A", "questions": [
            {"key": "a", "type": "yes_no", "text": "A?", "dont_know": True},
            {"key": "b", "type": "scale", "scale": "satisfied", "text": "B?"}]}]})
    a, b = definition.questions()
    assert [c.key for c in a.choices()] == ["yes", "no", "dont_know"]
    assert [c.label for c in b.choices()][0] == "Very satisfied"
    assert len(b.choices()) == 5


def test_every_question_type_and_setting_is_documented():
    doc = (Path(__file__).parents[1] / "docs" / "survey-format.md").read_text()
    for name, cls in QUESTION_TYPES.items():
        assert f"| `{name}` |" in doc, name
        for setting in cls.model_fields:
            assert f"`{setting}`" in doc, f"{name}.{setting}"


def test_every_top_level_and_plan_key_is_documented():
    from surveybuilder.survey.definition import EventDef, PlanDef

    doc = (Path(__file__).parents[1] / "docs" / "survey-format.md").read_text()
    for model in (SurveyDefinition, PlanDef, EventDef):
        for name, field in model.model_fields.items():
            assert f"`{field.alias or name}`" in doc, name


def test_plan_formats_topics_and_events_round_trip():
    data = {**EXAMPLE, "statutory": True, "topics": ["parks"], "areas": ["Tipton"],
            "formats": ["easy_read"], "paper": True,
            "plan": {"aims": "Safer parks", "success_measures": "More evening visits"},
            "events": [{"title": "Drop-in", "starts": "2027-02-03T18:00:00",
                        "location": "Tipton Library"}]}
    assert load_definition(data).to_json() == data


def test_a_definition_that_listed_paper_among_the_formats_reads_as_it_was_meant():
    """Before formats and channels were kept apart, "paper" was one of the formats, and
    a list without it meant no paper forms."""
    listed = load_definition({**EXAMPLE, "formats": ["easy_read", "paper"]})
    assert (listed.formats, listed.paper) == (["easy_read"], True)
    assert {k: listed.to_json()[k] for k in ("formats", "paper")} == {
        "formats": ["easy_read"], "paper": True}
    not_listed = load_definition({**EXAMPLE, "formats": ["large_print"]})
    assert (not_listed.formats, not_listed.paper) == (["large_print"], False)
    assert load_definition(not_listed.to_json()).paper is False
    assert load_definition(EXAMPLE).paper is True


def test_paper_is_never_a_format_in_a_new_definition():
    data = {**EXAMPLE, "formats": ["paper"], "paper": True}
    with pytest.raises(DefinitionError):
        load_definition(data)
