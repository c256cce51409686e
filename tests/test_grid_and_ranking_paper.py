"""Grids and ranking from paper: keyed through the staff pages (one number per
statement or option, in the printed order) and imported from CSV and JSON files,
stored like any other response, with wrong entries refused in plain words."""

from __future__ import annotations

import json
import re

import pytest
from sqlmodel import select

from surveybuilder.consultations import lifecycle
from surveybuilder.models import Response
from surveybuilder.paper.importing import import_responses, read_rows
from surveybuilder.results.exports import responses_json

SECTIONS = [{"title": "The park", "questions": [
    {"key": "views", "type": "grid", "scale": "agree", "dont_know": True, "required": True,
     "text": "How much do you agree with each of these?",
     "options": [{"key": "safe", "label": "The park feels safe"},
                 {"key": "clean", "label": "The park is kept clean"},
                 {"key": "quiet", "label": "The park is quiet"}]},
    {"key": "first", "type": "ranking", "max_ranked": 3,
     "text": "What should we do first? Put your top three in order.",
     "options": [{"key": "lights", "label": "Better lighting"},
                 {"key": "toilets", "label": "Open the toilets"},
                 {"key": "benches", "label": "More benches"},
                 {"key": "paths", "label": "Mend the paths"}]}]}]


@pytest.fixture
def consultation(make_consultation, organisation, ready_definition, db_session):
    made = make_consultation(organisation, {**ready_definition, "slug": "park-paper",
                                            "sections": SECTIONS})
    lifecycle.publish(db_session, made, None)
    db_session.commit()
    return made


def _exported(db_session, consultation) -> list[dict]:
    return json.loads("".join(responses_json(db_session, consultation)))["responses"]


def test_a_grid_and_a_ranking_keyed_from_a_paper_form(editor_client, consultation, db_session):
    base = f"/staff/consultations/{consultation.id}/paper"
    batch = editor_client.post(f"{base}/batches/new", data={"label": "Library, 3 May"})
    batch_id = int(re.search(r"/batches/(\d+)/key", batch.location).group(1))
    started = editor_client.post(f"{base}/batches/{batch_id}/key",
                                 data={"copy_number": "7", "answer_format": "standard"})
    page = editor_client.get(started.location).get_data(as_text=True)
    assert "For each statement in order (The park feels safe; The park is kept clean; The " \
           "park is quiet)" in page
    assert "<strong>6</strong> I don&#39;t know" in page

    wrong = editor_client.post(started.location, data={"views": "2 5", "first": "1 1 0 0"})
    body = wrong.get_data(as_text=True)
    assert wrong.status_code == 200
    assert "Type 3 numbers, one for each statement in order" in body
    assert "You put “Better lighting” and “Open the toilets” both 1st" in body
    assert 'value="2 5"' in body                                  # what was typed is kept

    check = editor_client.post(started.location, data={"views": "2 0 6", "first": "2 0 1 3"})
    assert check.status_code == 302 and check.location.endswith("/check")
    shown = editor_client.get(check.location).get_data(as_text=True)
    assert "The park feels safe: 2 Agree" in shown and "The park is quiet: 6 I don" in shown
    assert "1st: More benches" in shown and "3rd: Mend the paths" in shown
    editor_client.post(check.location)
    [response] = _exported(db_session, consultation)
    assert response["channel"] == "paper"
    assert response["answers"] == {"views": {"safe": "agree", "quiet": "dont_know"},
                                   "first": {"benches": 1, "lights": 2, "paths": 3}}


def test_grid_and_ranking_imported_from_csv_by_keys_or_words(consultation, db_session):
    text = ("views,first\n"
            "\"safe=agree; The park is kept clean=Strongly disagree\",More benches;lights\n"
            "safe=maybe,\n"
            ",benches;benches\n")
    report = import_responses(db_session, consultation, read_rows(text, "csv"))
    assert len(report.imported) == 1
    assert [(r.row, r.reasons) for r in report.rejected] == [
        (3, ["question 1 (views): “maybe” is not one of its answers; use one of "
             "strongly_agree (Strongly agree), agree (Agree), neither (Neither agree nor "
             "disagree), disagree (Disagree), strongly_disagree (Strongly disagree), "
             "dont_know (I don't know)"]),
        (4, ["question 2 (first): “More benches” is listed twice; list each option once, "
             "first choice first"])]
    [response] = _exported(db_session, consultation)
    assert response["answers"] == {
        "views": {"safe": "agree", "clean": "strongly_disagree"},
        "first": {"benches": 1, "lights": 2}}


def test_a_json_export_of_grids_and_ranking_imports_as_it_was(consultation, db_session,
                                                               make_consultation, organisation,
                                                               ready_definition):
    answers = {"views": {"safe": "neither", "clean": "agree", "quiet": "disagree"},
               "first": {"toilets": 1, "paths": 2}}
    rows = [(1, {"answers": answers})]
    assert not import_responses(db_session, consultation, rows).rejected
    exported = "".join(responses_json(db_session, consultation))
    copy = make_consultation(organisation, {**ready_definition, "slug": "park-paper-copy",
                                            "sections": SECTIONS})
    lifecycle.publish(db_session, copy, None)
    db_session.commit()
    report = import_responses(db_session, copy, read_rows(exported, "json"))
    assert not report.rejected and len(report.imported) == 1
    assert _exported(db_session, copy)[0]["answers"] == answers
    assert len(db_session.exec(select(Response)).all()) == 2
