"""The languages of a consultation in the editor's draft and on publishing (issue 15
item 1): staff tick languages on the details page; translations travel through the
draft rows, import and export, duplicates and published versions; a draft edit that
changes or removes English is seen by the check; publishing with an offered language
incomplete needs a recorded reason, like any failing charter check."""

from __future__ import annotations

import copy
import json
import re

import pytest
from sqlmodel import select
from support.languages import POLISH

from surveybuilder.consultations import drafts
from surveybuilder.consultations.lifecycle import CharterOverrideNeeded, duplicate, publish
from surveybuilder.consultations.snapshots import (
    draft_definition,
    export_data,
    questions_of,
)
from surveybuilder.models import AuditEvent
from surveybuilder.survey.loading import load_definition
from surveybuilder.survey.translations import gaps

BASE = "/staff/consultations"



@pytest.fixture
def in_polish(ready_definition) -> dict:
    return {**copy.deepcopy(ready_definition), "languages": ["pl"],
            "translations": {"pl": {text_id: {"text": text}
                                    for text_id, text in POLISH.items()}}}


def test_every_text_of_the_example_has_its_polish(in_polish):
    assert gaps(load_definition(in_polish), "pl") == []


def test_translations_round_trip_through_the_draft_rows(make_consultation, organisation,
                                                        db_session, in_polish):
    park = make_consultation(organisation, in_polish)
    exported = export_data(db_session, park)
    assert exported == load_definition(in_polish).to_json()
    assert exported["languages"] == ["pl"]
    assert exported["translations"]["pl"]["questions.visit.options.weekly.label"][
        "text"] == "Co tydzień"
    # ... and a downloaded file imports again as it was.
    again = make_consultation(organisation, json.loads(json.dumps(exported)),
                              slug="park-again")
    assert export_data(db_session, again) == {**exported, "slug": "park-again"}
    copied = duplicate(db_session, park, None)
    assert draft_definition(db_session, copied).translations == \
        draft_definition(db_session, park).translations


def test_an_english_edit_in_the_editor_makes_its_translation_need_updating(
        make_consultation, organisation, db_session, in_polish, editor):
    park = make_consultation(organisation, in_polish)
    safe = next(q for q in questions_of(db_session, park) if q.key == "safe")
    drafts.update_question(db_session, park, editor, safe, {
        "key": "safe", "type": "scale", "scale": "agree",
        "text": "I feel safe in the park in the evening."})
    found = gaps(draft_definition(db_session, park), "pl")
    assert [(str(gap), gap.kind.value) for gap in found] == [
        ("Question 3, Polski", "needs updating")]


def test_deleting_a_question_leaves_its_translations_out_of_the_draft(
        make_consultation, organisation, db_session, in_polish, editor):
    park = make_consultation(organisation, in_polish)
    why_not = next(q for q in questions_of(db_session, park) if q.key == "why_not")
    drafts.delete_question(db_session, park, editor, why_not)
    definition = draft_definition(db_session, park)  # still readable
    assert "questions.why_not.text" not in definition.translations["pl"]
    assert gaps(definition, "pl") == []


def test_publishing_with_a_missing_translation_needs_a_reason_and_lists_it(
        make_consultation, organisation, db_session, in_polish, editor):
    del in_polish["translations"]["pl"]["questions.safe.text"]
    park = make_consultation(organisation, in_polish, languages=["pl", "cy"])
    with pytest.raises(CharterOverrideNeeded) as refused:
        publish(db_session, park, editor)
    [row] = refused.value.rows
    assert row.id == "languages_complete"
    assert "Not translated: Question 3, Polski." in row.detail
    assert "Cymraeg: nothing is translated yet (17 texts)." in row.detail
    version = publish(db_session, park, editor,
                      override_reason="The Welsh arrives next week; we open on time.")
    assert version.definition["languages"] == ["pl", "cy"]
    assert version.definition["translations"]["pl"]["title"]["text"] == POLISH["title"]
    override = db_session.exec(select(AuditEvent).where(
        AuditEvent.action == "consultation.published_with_override")).one()
    assert override.detail["failing_checks"] == ["languages_complete"]


def test_a_complete_translation_publishes_without_a_reason(
        make_consultation, organisation, db_session, in_polish, editor):
    park = make_consultation(organisation, in_polish)
    assert publish(db_session, park, editor).definition["languages"] == ["pl"]


def details(consultation, **changes) -> dict:
    """The details form as the editor posts it, from the consultation's values."""
    return {"title": consultation.title, "slug": consultation.slug,
            "participation_level": consultation.participation_level,
            "formats": consultation.formats, **changes}


def test_staff_choose_languages_on_the_details_page_without_javascript(
        editor_client, make_consultation, organisation, db_session):
    park = make_consultation(organisation)
    page = editor_client.get(f"{BASE}/{park.id}/details").get_data(as_text=True)
    assert "Languages offered besides English" in page
    assert '<span lang="pa" dir="ltr">ਪੰਜਾਬੀ</span> (Punjabi (Gurmukhi))' in page
    assert '<span lang="ur" dir="rtl">اردو</span> (Urdu)' in page
    response = editor_client.post(f"{BASE}/{park.id}/details",
                                  data=details(park, languages=["ur", "cy"]))
    assert response.status_code == 302, response.get_data(as_text=True)
    db_session.refresh(park)
    assert park.languages == ["cy", "ur"]  # in the list's order, as the boxes are
    again = editor_client.get(f"{BASE}/{park.id}/details").get_data(as_text=True)
    ticked = re.findall(r'name="languages" type="checkbox" value="(\w+)" checked', again)
    assert ticked == ["cy", "ur"]
    assert draft_definition(db_session, park).languages == ["cy", "ur"]


def test_a_language_not_on_the_list_is_refused(editor_client, make_consultation,
                                               organisation, db_session):
    park = make_consultation(organisation)
    response = editor_client.post(f"{BASE}/{park.id}/details",
                                  data=details(park, languages=["fr"]))
    assert response.status_code == 200
    assert "There is a problem" in response.get_data(as_text=True)
    db_session.refresh(park)
    assert park.languages == []
