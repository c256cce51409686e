"""The charter templates themselves: metadata staff browse by, and the charter's rules
for each kind of activity (equality, easy read, young people, access, contact)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
import yaml

import easyread
from surveybuilder.survey.definition import QuestionBase, SurveyDefinition
from surveybuilder.survey.templates import ActivityTemplate, load_template, load_templates

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
TEMPLATE_FILES = sorted(TEMPLATES.glob("*.yaml"))

METADATA_KEYS = {"title", "kind", "purpose", "summary", "when_to_use", "when_not_to_use",
                 "guidance", "left_to_staff", "charter"}
KINDS = {"activity", "block"}
PURPOSES = {"consultation", "service-feedback", "recruitment", "event", "focus-group",
            "young-people", "easy-read", "equality", "access-needs", "engagement-feedback",
            "review", "check-back"}
CHECK_IDS = {"can_change_stated", "feedback_by_set", "open_long_enough", "formats_offered",
             "equality_monitoring", "access_needs_asked", "consent_for_under_18s",
             "contact_present", "privacy_notice_present", "success_measures_set",
             "coproduction_involvement", "personal_data_flagged", "plain_language"}
# Only staff can fill these in, so no activity template can meet them by itself.
ALWAYS_LEFT_BY_ACTIVITIES = {"can_change_stated", "feedback_by_set", "open_long_enough",
                             "contact_present", "privacy_notice_present",
                             "success_measures_set"}
CHARTER_COMMITMENTS = {
    "Understand, value, and embrace co-production",
    "Invest in meaningful ways of working with people",
    "Be honest and open",
    "Involve the right people",
    "Inclusive and accessible",
    "Lay the groundwork",
    "Co-production in action",
    "Reviewing and learning",
    "Child rights-based approach",
    "Public Sector Equality Duty",
}
CHILD_RIGHTS_PRINCIPLES = ("Dignity", "Participation", "Life, Survival and Development",
                           "Non-Discrimination", "Transparency and Accountability",
                           "Best Interests", "Interdependence and Indivisibility")
STAFF_SET_FIELDS = ("opens", "closes", "feedback_by", "contact", "privacy_notice")
PLACEHOLDER = "[Replace:"
PREFER_NOT_TO_SAY = "Prefer not to say"
CONTACT_TYPES = {"email", "phone", "postcode"}


@cache
def template(path: Path) -> ActivityTemplate:
    return load_template(path)


def all_templates() -> list[ActivityTemplate]:
    return [template(path) for path in TEMPLATE_FILES]


def with_purpose(purpose: str) -> list[ActivityTemplate]:
    found = [t for t in all_templates() if t.metadata.get("purpose") == purpose]
    assert found, f"no template has purpose {purpose!r}"
    return found


def answerable(definition: SurveyDefinition) -> list[QuestionBase]:
    return [q for q in definition.questions() if q.answerable]


def about_access(question: QuestionBase) -> bool:
    return "access" in question.key.lower() or "access" in question.text.lower()


def by_file(paths: list[Path]) -> dict:
    return {"argvalues": paths, "ids": [p.stem for p in paths]}


# --- The whole folder ---------------------------------------------------------------


def test_at_least_twelve_templates_load():
    loaded = load_templates(TEMPLATES)
    assert len(loaded) >= 12
    assert [t.name for t in loaded] == [p.stem for p in TEMPLATE_FILES]


def test_every_required_purpose_has_a_template():
    found = {t.metadata.get("purpose") for t in all_templates()}
    assert PURPOSES - found == set()


def test_slugs_are_unique():
    slugs = [t.definition.slug for t in all_templates()]
    repeated = {s for s in slugs if slugs.count(s) > 1}
    assert repeated == set()


def test_blocks_can_be_added_to_any_activity_without_a_key_clash():
    activity_keys = {q.key for t in all_templates() if t.metadata.get("kind") == "activity"
                     for q in t.definition.questions()}
    blocks = [t for t in all_templates() if t.metadata.get("kind") == "block"]
    assert {t.metadata["purpose"] for t in blocks} >= {"equality", "access-needs"}
    for block in blocks:
        clashes = {q.key for q in block.definition.questions()} & activity_keys
        assert clashes == set(), f"{block.name}: keys also used by an activity: {clashes}"
    for first in blocks:
        for second in blocks:
            if first is not second:
                shared = ({q.key for q in first.definition.questions()}
                          & {q.key for q in second.definition.questions()})
                assert shared == set(), f"{first.name} and {second.name} share {shared}"


# --- Every template -----------------------------------------------------------------


@pytest.mark.parametrize("path", **by_file(TEMPLATE_FILES))
def test_metadata_has_every_key_with_a_valid_value(path):
    meta = template(path).metadata
    assert METADATA_KEYS - set(meta) == set(), "missing metadata keys"
    for key in ("title", "summary", "when_to_use", "when_not_to_use"):
        assert isinstance(meta[key], str) and meta[key].strip(), f"{key} is empty"
    assert meta["kind"] in KINDS
    assert meta["purpose"] in PURPOSES
    assert isinstance(meta["left_to_staff"], list)
    assert set(meta["left_to_staff"]) <= CHECK_IDS, set(meta["left_to_staff"]) - CHECK_IDS
    assert len(set(meta["left_to_staff"])) == len(meta["left_to_staff"]), "repeated check id"
    assert isinstance(meta["charter"], list) and meta["charter"]
    assert set(meta["charter"]) <= CHARTER_COMMITMENTS, set(meta["charter"]) - CHARTER_COMMITMENTS


@pytest.mark.parametrize("path", **by_file(TEMPLATE_FILES))
def test_summary_is_one_sentence(path):
    summary = template(path).metadata["summary"]
    assert summary.rstrip().endswith(".")
    assert len(easyread.sentence_lengths(summary)) == 1, summary


@pytest.mark.parametrize("path", **by_file(TEMPLATE_FILES))
def test_guidance_covers_every_section_by_its_title(path):
    t = template(path)
    guidance = t.metadata["guidance"]
    assert isinstance(guidance, list) and guidance
    for entry in guidance:
        assert set(entry) == {"section", "text"}, entry
        assert isinstance(entry["text"], str) and entry["text"].strip()
    titles = [s.title for s in t.definition.sections]
    guided = [entry["section"] for entry in guidance]
    assert set(guided) - set(titles) == set(), "guidance names a section that does not exist"
    assert set(titles) - set(guided) == set(), "a section has no guidance"


@pytest.mark.parametrize("path", **by_file(TEMPLATE_FILES))
def test_staff_set_the_dates_contact_and_privacy_notice(path):
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))["survey"]
    assert [f for f in STAFF_SET_FIELDS if f in raw] == []


@pytest.mark.parametrize("path", **by_file(TEMPLATE_FILES))
def test_question_keys_are_lower_snake_case(path):
    for question in template(path).definition.questions():
        assert question.key == question.key.lower() and "__" not in question.key
        assert not question.key.endswith("_"), question.key


@pytest.mark.parametrize("path", **by_file(TEMPLATE_FILES))
def test_contact_details_are_personal_data_and_asked_for_with_consent(path):
    questions = template(path).definition.questions()
    # A person's name, address or other contact details (an organisation's name is not).
    contact = [q for q in questions if q.kind in CONTACT_TYPES
               or (q.kind in {"short_text", "long_text"}
                   and (q.key == "name" or "contact" in q.key or "address" in q.key))]
    assert [q.key for q in contact if not q.personal_data] == []
    asks_to_contact = [q for q in contact if q.kind in {"email", "phone"}
                       or q.key.startswith(("contact_", "access_contact_"))]
    if asks_to_contact:
        consents = [i for i, q in enumerate(questions) if q.kind == "consent"]
        first_contact = questions.index(asks_to_contact[0])
        assert consents and consents[0] < first_contact, \
            "ask for consent before asking for contact details"


@pytest.mark.parametrize("path", **by_file(TEMPLATE_FILES))
def test_activities_leave_what_only_staff_can_do_and_hold_placeholders(path):
    t = template(path)
    if t.metadata["kind"] != "activity":
        return
    assert ALWAYS_LEFT_BY_ACTIVITIES - set(t.metadata["left_to_staff"]) == set()
    d = t.definition
    assert d.summary.strip()
    assert d.can_change and all(PLACEHOLDER in text for text in d.can_change)
    assert d.cannot_change and all(PLACEHOLDER in text for text in d.cannot_change)
    assert d.slug.startswith("tpl-")


@pytest.mark.parametrize("path", **by_file(TEMPLATE_FILES))
def test_a_template_does_not_leave_what_it_already_asks(path):
    t = template(path)
    left = set(t.metadata["left_to_staff"])
    purpose = t.metadata["purpose"]
    if purpose == "equality":
        assert "equality_monitoring" not in left
    if purpose in {"access-needs", "recruitment", "event"}:
        assert "access_needs_asked" not in left
    if purpose == "young-people":
        assert "consent_for_under_18s" not in left
    if any(PLACEHOLDER in text for text in t.definition.can_change):
        assert "can_change_stated" in left


# --- Particular templates -----------------------------------------------------------


def test_equality_block_offers_prefer_not_to_say_and_is_all_optional_personal_data():
    for t in with_purpose("equality"):
        assert t.metadata["kind"] == "block"
        questions = answerable(t.definition)
        assert questions
        for q in questions:
            labels = [c.label for c in q.choices()]
            assert PREFER_NOT_TO_SAY in labels, f"{q.key} has no '{PREFER_NOT_TO_SAY}'"
            assert q.personal_data, f"{q.key} is not marked as personal data"
            assert not q.required, f"{q.key} is required"
        statements = [q for q in t.definition.questions() if q.kind == "statement"]
        assert any("why" in s.text.lower() or "we ask" in s.text.lower() for s in statements)
        assert any("do not have to" in s.text.lower() or "optional" in s.text.lower()
                   for s in statements)


def test_equality_block_covers_the_protected_characteristics_and_carers():
    wanted = ("age", "sex", "gender", "sexual_orientation", "disab", "ethnic", "religion",
              "partnership", "pregnan", "carer")
    for t in with_purpose("equality"):
        keys = [q.key for q in answerable(t.definition)]
        missing = [w for w in wanted if not any(w in k for k in keys)]
        assert missing == []


def test_ethnic_group_uses_the_19_census_groups_under_5_headings():
    for t in with_purpose("equality"):
        ethnic = next(q for q in answerable(t.definition) if "ethnic" in q.key)
        groups = [c.label for c in ethnic.choices() if c.label != PREFER_NOT_TO_SAY]
        assert len(groups) == 19
        assert all(":" in label for label in groups), "each label starts with its heading"
        headings = {label.split(":", 1)[0] for label in groups}
        assert len(headings) == 5
        assert {label.split(": ", 1)[1] for label in groups} >= {
            "Roma", "Gypsy or Irish Traveller", "Arab", "White and Black Caribbean",
            "Bangladeshi", "Caribbean", "African"}


def test_easy_read_survey_is_short_and_every_question_has_words_and_a_picture():
    for t in with_purpose("easy-read"):
        assert 0 < len(answerable(t.definition)) <= 8
        for q in t.definition.questions():
            assert q.easy_read and q.easy_read.text.strip(), f"{q.key} has no easy read text"
            assert q.easy_read.picture, f"{q.key} has no picture"
            assert easyread.picture_path(q.easy_read.picture).is_file()
            too_long = [n for n in easyread.sentence_lengths(q.easy_read.text) if n > 15]
            assert too_long == [], f"{q.key}: a sentence has more than 15 words"
            for option in getattr(q, "options", []):
                if option.easy_read and option.easy_read.picture:
                    assert easyread.picture_path(option.easy_read.picture).is_file()


@pytest.mark.parametrize("path", **by_file(TEMPLATE_FILES))
def test_every_question_is_ready_for_easy_read(path):
    """Templates offer easy read by default, so a consultation started from one must
    not reach publishing with an "easy read" form that is not: every question has
    easy-read wording that passes the checker, a picture, and a meaning for each hard
    word (the same readiness the charter row and the publish step ask for)."""
    from surveybuilder.charter.checks import easy_read_readiness

    definition = template(path).definition
    assert "easy_read" in definition.formats
    readiness = easy_read_readiness(definition)
    assert readiness.waiting == (), f"not ready for easy read: {readiness.waiting}"
    assert readiness.unexplained == (), f"hard words with no meaning: {readiness.unexplained}"
    assert readiness.ready, readiness


def test_young_peoples_survey_asks_consent_and_routes_under_13s_to_a_parent():
    for t in with_purpose("young-people"):
        d = t.definition
        assert "young-people" in d.audience
        consents = [q for q in d.questions() if q.kind == "consent"]
        assert consents
        ages = {q.key: q for q in d.questions()
                if q.kind == "single_choice" and "age" in q.key.split("_")}
        assert ages, "no single-choice age question"
        routed = [s for s in d.sections if s.show_if and s.show_if.question in ages]
        assert routed, "no section is shown depending on age"
        assert any(q.kind == "consent" for s in routed for q in s.questions), \
            "the age-routed section has no consent question for the parent or carer"


def test_young_peoples_guidance_names_the_seven_child_rights_principles():
    for t in with_purpose("young-people"):
        guidance = " ".join(entry["text"] for entry in t.metadata["guidance"])
        missing = [p for p in CHILD_RIGHTS_PRINCIPLES if p not in guidance]
        assert missing == []


@pytest.mark.parametrize("purpose", ["recruitment", "event", "access-needs"])
def test_sign_up_and_expression_of_interest_ask_about_access(purpose):
    for t in with_purpose(purpose):
        assert any(about_access(q) for q in answerable(t.definition))


def test_expression_of_interest_asks_what_people_need_to_take_part_as_equals():
    topics = {"experience": ("experience",), "skills": ("skill", "good at"),
              "communication": ("communication", "information from us"),
              "times": ("time", "days"), "places": ("meet", "place"),
              "support": ("support",), "reward": ("reward", "recognise")}
    for t in with_purpose("recruitment"):
        assert t.definition.participation_level == "co-produce"
        asked = " ".join(f"{q.key} {q.text}".lower() for q in answerable(t.definition))
        missing = [name for name, words in topics.items()
                   if not any(w in asked for w in words)]
        assert missing == []


def test_review_asks_the_charters_afterward_questions():
    wanted = ("true co-production", "worked", "learn", "difference", "next")
    for t in with_purpose("review"):
        titles = " ".join(s.title.lower() for s in t.definition.sections)
        assert [w for w in wanted if w not in titles] == []


def test_check_back_asks_about_the_difference_agreement_and_taking_part_again():
    for t in with_purpose("check-back"):
        texts = [q.text.lower() for q in answerable(t.definition)]
        assert any("tell you" in x and "difference" in x for x in texts)
        assert any("agree with what we did" in x for x in texts)
        assert any("take part" in x and "again" in x for x in texts)
