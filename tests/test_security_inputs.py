"""What one resident or one unfinished draft can no longer break (issue 17): control
characters are taken out of answers on the way in, on every channel and database; the
e-mail check takes a plain address only; a draft with a choice question still without
options can be duplicated."""

from __future__ import annotations

import pytest
from sqlmodel import select

from surveybuilder.consultations.snapshots import options_of, questions_of, sections_of
from surveybuilder.models import Answer, Consultation, Journey
from surveybuilder.paper.keying import read_entry
from surveybuilder.survey.answers import AnswerError, read_answer
from surveybuilder.survey.types.email import EmailQuestion
from surveybuilder.survey.types.long_text import LongTextQuestion
from surveybuilder.survey.types.short_text import ShortTextQuestion

SLUG = "victoria-park-2027"
TYPED = "Too\x1b[2J dark\x00 at\x07 night\x9b.\r\nMore\tlights, please."
CLEANED = "Too[2J dark at night.\nMore\tlights, please."


def _answer_page(client, url: str, **fields) -> str:
    response = client.post(url, data={"action": "continue", **fields})
    assert response.status_code == 302, response.get_data(as_text=True)[:1000]
    return response.location


def test_an_online_answer_with_esc_and_nul_is_stored_cleaned_and_submits(
        client, open_park, db_session):
    """Run on PostgreSQL too (SURVEYBUILDER_TEST_DATABASE_URL): a NUL made every submit
    of the journey fail there."""
    url = client.post(f"/c/{SLUG}/start").location
    url = _answer_page(client, url, visit="never")
    url = _answer_page(client, url, why_not=TYPED, safe="disagree")
    journey = db_session.exec(select(Journey)).one()
    assert journey.answers["why_not"] == CLEANED
    check = _answer_page(client, url, postcode="B69 3DE\x00", hear_back="no")
    done = client.post(check.replace("/check", "/submit"))
    assert done.status_code == 302, done.get_data(as_text=True)[:1000]
    stored = {a.question_key: a.text_value for a in db_session.exec(select(Answer)).all()}
    assert stored["why_not"] == CLEANED
    assert "\x00" not in stored["postcode"]


def test_one_line_answers_lose_line_breaks_and_tabs_too():
    question = ShortTextQuestion(key="name", type="short_text", text="Name")
    assert read_answer(question, {"name": ["Ada\x1b\r\nLovelace\tKing\x00"]}) == \
        "Ada Lovelace King"


def test_keyed_paper_answers_are_cleaned_in_the_same_place():
    question = LongTextQuestion(key="why_not", type="long_text", text="Why not?")
    assert read_entry(question, TYPED) == CLEANED


@pytest.mark.parametrize("address", [
    "<root>victim@example.org", "Victim <victim@example.org>", "\"root\"@example.org",
    "victim@example.org>", "root@localhost", "victim@example.org\r\nBcc: x@example.org",
    "victim@@example.org", "a b@example.org", "victim@example..org", "victim@-example.org",
    ".victim@example.org", "victim.@example.org", "vic..tim@example.org",
    "victim@example.org,other@example.org", "(comment)victim@example.org",
])
def test_the_email_check_refuses_anything_but_a_plain_address(address):
    question = EmailQuestion(key="email", type="email", text="Email", required=True)
    with pytest.raises(AnswerError, match="correct format"):
        read_answer(question, {"email": [address]})


@pytest.mark.parametrize("address", [
    "resident@example.com", "first.last+tag@council.gov.uk", "o'neil@example.co.uk",
    "x_y-z@sub.example-council.org.uk", "zoë@example.org",
])
def test_the_email_check_still_takes_ordinary_addresses(address):
    question = EmailQuestion(key="email", type="email", text="Email", required=True)
    assert read_answer(question, {"email": [address]}) == address


def test_the_resume_form_refuses_a_display_name_address(client, open_park, app,
                                                        smtp_server):
    from support.smtp import use_mail_server

    use_mail_server(app, smtp_server[1])
    first = client.post(f"/c/{SLUG}/start").location
    saved = client.post(first, data={"action": "save", "visit": "weekly"}).location
    refused = client.post(saved, data={"email": "<root>victim@example.org"})
    assert "Enter an email address in the correct format" in refused.get_data(as_text=True)


def test_a_draft_with_an_option_less_choice_question_duplicates(
        editor_client, organisation, make_consultation, db_session):
    draft = make_consultation(organisation)
    first = sections_of(db_session, draft)[0]
    added = editor_client.post(
        f"/staff/consultations/{draft.id}/sections/{first.id}/questions/new/single_choice",
        data={"key": "bare", "text": "A choice with no options yet", "required": "y"})
    assert added.status_code == 302
    response = editor_client.post(f"/staff/consultations/{draft.id}/duplicate")
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    copy = db_session.exec(select(Consultation).where(Consultation.id != draft.id)).one()
    assert response.location.endswith(f"/staff/consultations/{copy.id}")
    assert copy.slug == f"{draft.slug}-copy" and copy.title == f"{draft.title} (copy)"
    original = {q.key: (q.type, q.text, [o.key for o in options_of(db_session, q)])
                for q in questions_of(db_session, draft)}
    copied = {q.key: (q.type, q.text, [o.key for o in options_of(db_session, q)])
              for q in questions_of(db_session, copy)}
    assert copied == original and copied["bare"][2] == []
    assert [s.title for s in sections_of(db_session, copy)] == \
        [s.title for s in sections_of(db_session, draft)]
    assert copy.privacy_notice == draft.privacy_notice and copy.formats == draft.formats
    assert editor_client.get(f"/staff/consultations/{copy.id}").status_code == 200
