"""The charter checker: every rule has a case that passes it and one that fails it
(or warns, where the charter asks rather than requires)."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from surveybuilder.charter.checks import (
    CHECK_IDS,
    DEFAULT_SETTINGS,
    CharterSettings,
    Outcome,
    check,
)
from surveybuilder.charter.standard_wording import CENSUS_2021
from surveybuilder.survey.loading import load_definition

if TYPE_CHECKING:
    from surveybuilder.survey.templates import ActivityTemplate

EXAMPLE = json.loads((Path(__file__).parent / "data" / "victoria-park.json").read_text())
READY = {**EXAMPLE, "audience": ["adults"], "privacy_notice": "Kept for two years.",
         "plan": {"success_measures": "More people feel safe after dark."},
         "return_address": "FREEPOST Parks Team\nOldbury B69 3DE"}

EQUALITY = [
    {"key": "age_band", "type": "single_choice", "text": "What is your age?",
     "personal_data": True, "options": [{"key": "a", "label": "Under 30"},
                                        {"key": "prefer_not", "label": "Prefer not to say"}]},
    {"key": "sex", "type": "single_choice", "text": "What is your sex?", "personal_data": True,
     "options": [{"key": "f", "label": "Female"}, {"key": "m", "label": "Male"}]},
    {"key": "ethnic_group", "type": "short_text", "text": "What is your ethnic group?",
     "personal_data": True},
]


# Easy read wording and a picture for each example question the example leaves without.
EASY_READ = {"why_not": ("What stops you going to the park?", "stop"),
             "safe": ("I feel safe in the park at night.", "night"),
             "postcode": ("What is your postcode?", "house"),
             "hear_back": ("Do you want us to tell you what happened?", "letter")}


def with_easy_read() -> dict:
    data = copy.deepcopy(READY)
    for question in (q for s in data["sections"] for q in s["questions"]):
        if question["key"] in EASY_READ:
            text, picture = EASY_READ[question["key"]]
            question["easy_read"] = {"text": text, "picture": picture}
    return data


def outcome(data: dict, check_id: str, settings: CharterSettings = DEFAULT_SETTINGS):
    rows = {row.id: row for row in check(load_definition(data), settings)}
    return rows[check_id].outcome


def changed(**changes) -> dict:
    data = copy.deepcopy(READY)
    data.update(changes)
    return data


def with_questions(*questions, **changes) -> dict:
    data = changed(**changes)
    data["sections"] = [*data["sections"], {"title": "Extra", "questions": list(questions)}]
    return data


def test_the_ready_example_fails_nothing_and_every_check_runs():
    rows = check(load_definition(READY))
    assert [row.id for row in rows] == list(CHECK_IDS)
    assert all(row.outcome != Outcome.FAIL for row in rows), rows
    assert all(row.title and row.detail for row in rows)


CASES = {
    "can_change_stated": (changed(), changed(can_change=["[Replace: what can change]"]),
                          Outcome.FAIL),
    "feedback_by_set": (changed(), changed(feedback_by=None), Outcome.FAIL),
    "formats_offered": (changed(), changed(formats=["paper"]), Outcome.WARN),
    "equality_monitoring": (with_questions(*EQUALITY), changed(), Outcome.WARN),
    "access_needs_asked": (
        with_questions({"key": "access_needs", "type": "long_text",
                        "text": "What access needs do you have?"}, participation_level="involve"),
        changed(participation_level="involve"), Outcome.FAIL),
    "consent_for_under_18s": (
        with_questions({"key": "agree", "type": "consent", "text": "I agree to take part"},
                       audience=["young people aged 11 to 17"]),
        changed(audience=["young people aged 11 to 17"]), Outcome.FAIL),
    "contact_present": (changed(), changed(contact=""), Outcome.FAIL),
    "privacy_notice_present": (changed(), changed(privacy_notice=""), Outcome.FAIL),
    "success_measures_set": (changed(), changed(plan={}), Outcome.FAIL),
    "coproduction_involvement": (
        changed(participation_level="co-produce", plan={
            "success_measures": "x", "involvement_planning": "Residents chose the questions",
            "involvement_development": "Residents tested the form",
            "involvement_delivery": "Residents ran drop-ins"}),
        changed(participation_level="co-produce", plan={"success_measures": "x"}),
        Outcome.FAIL),
    "personal_data_flagged": (
        changed(), with_questions({"key": "your_name", "type": "short_text",
                                   "text": "Your name"}), Outcome.FAIL),
    "plain_language": (changed(), with_questions({
        "key": "procure", "type": "long_text",
        "text": "The NHS will be consulted by the council regarding the procurement of "
                "services which are commissioned across the borough."}), Outcome.WARN),
    "easy_read_ready": (with_easy_read(), changed(), Outcome.WARN),
    "languages_complete": (changed(), changed(languages=["pl"]), Outcome.FAIL),
}


@pytest.mark.parametrize("check_id", list(CASES))
def test_each_rule_passes_and_fails(check_id):
    good, bad, expected = CASES[check_id]
    assert outcome(good, check_id) == Outcome.PASS
    assert outcome(bad, check_id) == expected


def test_paper_forms_must_say_where_they_go_back():
    nowhere = changed(return_address="", drop_off=[])
    assert outcome(nowhere, "formats_offered") == Outcome.WARN
    rows = {row.id: row for row in check(load_definition(nowhere))}
    assert "where to send them back" in rows["formats_offered"].detail
    assert outcome(changed(return_address="", drop_off=["Tipton Library"]),
                   "formats_offered") == Outcome.PASS


def test_every_check_has_cases():
    assert set(CASES) | {"open_long_enough"} == set(CHECK_IDS)


@pytest.mark.parametrize(("opens", "closes", "statutory", "expected"), [
    ("2027-01-10", "2027-03-07", False, Outcome.PASS),   # 56 days
    ("2027-01-10", "2027-01-20", False, Outcome.FAIL),   # 10 days
    ("2027-01-10", "2027-02-07", False, Outcome.WARN),   # 28 days
    ("2027-01-10", "2027-03-07", True, Outcome.WARN),    # 56 days, statutory wants 84
    ("2027-01-10", "2027-04-10", True, Outcome.PASS),    # 90 days
])
def test_open_long_enough_thresholds(opens, closes, statutory, expected):
    data = changed(opens=opens, closes=closes, statutory=statutory, feedback_by="2027-06-01")
    assert outcome(data, "open_long_enough") == expected


def test_thresholds_are_settings():
    data = changed(opens="2027-01-10", closes="2027-01-20", feedback_by="2027-06-01")
    assert outcome(data, "open_long_enough", CharterSettings(min_days=7, good_days=9)) \
        == Outcome.PASS


def shipped_templates() -> list[ActivityTemplate]:
    """The templates in templates/, as staff see them in the gallery."""
    from surveybuilder.survey.templates import load_templates

    return load_templates(Path(__file__).parents[1] / "templates")


def test_every_template_passes_its_own_check_except_what_it_leaves_to_staff():
    templates = shipped_templates()
    assert len(templates) >= 12
    for template in templates:
        left = set(template.metadata.get("left_to_staff", []))
        assert left <= set(CHECK_IDS), template.name
        failing = {row.id for row in check(template.definition)
                   if row.outcome == Outcome.FAIL}
        assert failing <= left, f"{template.name} fails {failing - left}"


def test_every_template_passes_its_own_plain_language_check():
    """Staff start from a template's words and keep most of them, so a template with
    long sentences, jargon or passive wording hands those to residents and shows staff
    the habit the plain-language row warns them about (issue 16). A new finding is
    fixed in the template's words; the row passes for every template."""
    rows = {template.name: next(row for row in check(template.definition)
                                if row.id == "plain_language")
            for template in shipped_templates()}
    assert {name: row.findings for name, row in rows.items() if row.findings} == {}
    assert {name for name, row in rows.items() if row.outcome != Outcome.PASS} == set()


CARER = sorted(CENSUS_2021.questions, key=len)[-1]


def census_question(text: str) -> dict:
    return {"key": "carer", "type": "single_choice", "text": text, "personal_data": True,
            "options": [{"key": "no", "label": "No"}, {"key": "yes", "label": "Yes"}]}


def plain_language_row(data: dict):
    return next(row for row in check(load_definition(data)) if row.id == "plain_language")


def test_a_question_in_the_census_words_is_kept_on_purpose_and_said_so():
    row = plain_language_row(with_questions(census_question(CARER)))
    assert row.outcome == Outcome.PASS
    assert row.findings == ()
    assert "Kept on purpose in the exact words of Census 2021 (Office for National " \
           "Statistics), so the answers can be compared with the census: question " in row.detail
    assert "question 6, “Do you look after, or give any help or support to, anyone…”." \
        in row.detail


def test_a_census_question_with_one_word_changed_is_a_finding_again():
    reworded = CARER.replace("problems related to old age", "problems of old age")
    row = plain_language_row(with_questions(census_question(reworded)))
    assert row.outcome == Outcome.WARN
    assert [(f.question, f.field) for f in row.findings] == [("carer", "text")]
    assert "Kept on purpose" not in row.detail


def test_the_equality_block_asks_the_census_questions_word_for_word():
    block = next(t for t in shipped_templates() if t.name == "equality-monitoring")
    asked = {" ".join(q.text.split()) for q in block.definition.questions()}
    assert CENSUS_2021.questions <= asked


def test_every_template_imports_into_a_consultation_and_checks_the_same(
        db_session, organisation):
    from surveybuilder.consultations.snapshots import draft_definition, import_definition

    for template in shipped_templates():
        consultation = import_definition(db_session, organisation, None, template.definition)
        db_session.flush()
        imported = draft_definition(db_session, consultation)
        assert imported.to_json() == template.definition.to_json(), template.name
        assert check(imported) == check(template.definition), template.name
    db_session.rollback()
