"""You said, we did: writing feedback, publishing it, the status log, the public pages
in three formats, the archive and the results feed."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date

import pytest
from sqlmodel import select
from support.feedback import closed_consultation

from surveybuilder.consultations.drafts import DraftError
from surveybuilder.feedback import archive, decisions
from surveybuilder.models import FeedbackStatusChange, Status

ITEM = {"you_said": "The park feels unsafe after dark.", "question_keys": ["safe"],
        "themes": ["Safety", "Lighting"], "we_did": "We will put in new lights on the "
        "main paths.", "status": "planned", "reason": "", "owner": "Parks team",
        "due": date(2027, 9, 30), "easy_read_text": "We will put up new lights.",
        "easy_read_picture": "house"}


@pytest.fixture
def closed(db_session, organisation, make_consultation, ready_definition):
    return closed_consultation(db_session, organisation, make_consultation, ready_definition)


@pytest.fixture
def published(db_session, closed, editor):
    consultation = closed.consultation
    decisions.update_summary(db_session, consultation, editor,
                             "Most people visit every week.\n\nMany feel unsafe after dark.",
                             "Lots of people go to the park every week.",
                             "We will start work in the spring.", ["visit", "safe"])
    item = decisions.add_item(db_session, consultation, editor, ITEM)
    decisions.publish(db_session, consultation, editor)
    db_session.commit()
    return consultation, item


def test_feedback_needs_a_closed_consultation(db_session, organisation, make_consultation,
                                              editor):
    draft = make_consultation(organisation)
    with pytest.raises(DraftError):
        decisions.update_summary(db_session, draft, editor, "x", "", "y", [])


def test_not_possible_needs_a_reason_and_everything_is_checked(db_session, closed, editor):
    with pytest.raises(DraftError) as refused:
        decisions.add_item(db_session, closed.consultation, editor,
                           {**ITEM, "status": "not_possible", "reason": " "})
    assert [field for field, _ in refused.value.problems] == ["reason"]
    with pytest.raises(DraftError) as refused:
        decisions.add_item(db_session, closed.consultation, editor,
                           {**ITEM, "you_said": "", "we_did": "", "status": "maybe"})
    assert {f for f, _ in refused.value.problems} == {"you_said", "we_did", "status"}
    with pytest.raises(DraftError) as refused:
        decisions.add_item(db_session, closed.consultation, editor,
                           {**ITEM, "easy_read_picture": "no-such-picture-xyz"})
    assert [field for field, _ in refused.value.problems] == ["easy_read_picture"]


def test_publishing_needs_summary_next_steps_and_an_item(db_session, closed, editor):
    assert len(decisions.publish_problems(db_session, closed.consultation)) == 3
    with pytest.raises(DraftError):
        decisions.publish(db_session, closed.consultation, editor)
    assert closed.consultation.status == Status.CLOSED


def test_status_changes_are_logged_only_after_publication(db_session, closed, editor):
    consultation = closed.consultation
    decisions.update_summary(db_session, consultation, editor, "Summary", "", "Next", [])
    item = decisions.add_item(db_session, consultation, editor, ITEM)
    decisions.update_item(db_session, consultation, editor, item,
                          {**ITEM, "status": "in_progress"})
    db_session.commit()
    assert db_session.exec(select(FeedbackStatusChange)).all() == []

    decisions.publish(db_session, consultation, editor)
    decisions.update_item(db_session, consultation, editor, item, {**ITEM, "status": "done"},
                          note="The lights went on in October.")
    decisions.update_item(db_session, consultation, editor, item,
                          {**ITEM, "status": "done", "owner": "Highways"})
    db_session.commit()
    log = decisions.status_log(db_session, decisions.feedback_of(db_session, consultation))
    assert [(c.old_status, c.new_status, c.note) for c, _ in log] == [
        ("in_progress", "done", "The lights went on in October.")]
    assert consultation.status == Status.RESULTS_PUBLISHED
    with pytest.raises(DraftError):
        decisions.delete_item(db_session, consultation, editor, item)


@pytest.mark.parametrize("fmt", ["standard", "easy-read", "large-print"])
def test_results_page_in_each_format(client, published, fmt):
    consultation, _item = published
    page = client.get(f"/c/{consultation.slug}/results?format={fmt}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert f"sb-format--{fmt}" in html
    assert "The park feels unsafe after dark." in html
    assert "What happens next" in html
    if fmt == "easy-read":
        assert "We will put up new lights." in html
        assert "We will do this." in html
        assert "/pictures/house.svg" in html
    else:
        assert "Parks team" in html and "30 September 2027" in html
    # Suppression: 2 said "never" (under the threshold of 5), so that count and the
    # next smallest (which would give it away) are hidden.
    words = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    assert re.search(r"Never:? fewer than 5", words, re.IGNORECASE), words
    assert re.search(r"Every month:? (not shown|hidden)", words, re.IGNORECASE)
    assert not re.search(r"Never:? 2\b", words) and not re.search(r"Every month:? 7\b", words)
    # Personal data never appears.
    for secret in ("ada@example.org", "High Street", "B70 1AA"):
        assert secret not in html


def test_results_are_404_until_published(client, closed):
    assert client.get(f"/c/{closed.consultation.slug}/results").status_code == 404


def test_closed_page_links_to_published_results(client, published):
    consultation, _ = published
    html = client.get(f"/c/{consultation.slug}").get_data(as_text=True)
    assert f"/c/{consultation.slug}/results" in html


def test_status_log_shows_a_change_made_after_publication(client, db_session, published,
                                                          editor):
    consultation, item = published
    decisions.update_item(db_session, consultation, editor, item,
                          {**ITEM, "status": "in_progress"}, note="Work started on site.")
    db_session.commit()
    html = client.get(f"/c/{consultation.slug}/results").get_data(as_text=True)
    today = date.today()
    assert f"{today.day} {today:%B %Y}" in html
    assert "changed from planned to in progress" in html
    assert "Work started on site." in html


def test_archive_search_and_results_feed(client, db_session, published, organisation,
                                         make_consultation, ready_definition):
    consultation, _ = published
    everything = archive.search(db_session, "")
    assert [e.consultation.slug for e in everything] == [consultation.slug]
    assert archive.search(db_session, "LIGHTS main") and not archive.search(db_session,
                                                                          "swimming")
    page = client.get("/results?q=lights").get_data(as_text=True)
    assert consultation.title in page and "Planned: 1" in page
    assert "0 consultations found" in client.get("/results?q=swimming").get_data(as_text=True)

    feed = ET.fromstring(client.get("/results/feed.atom").data)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entries = feed.findall("a:entry", ns)
    assert [e.find("a:title", ns).text for e in entries] == [f"Results: {consultation.title}"]
    assert entries[0].find("a:link", ns).get("href").endswith(f"/c/{consultation.slug}/results")


# Editor pages ---------------------------------------------------------------------------

def test_editor_writes_publishes_and_updates_feedback(editor_client, db_session, closed):
    cid = closed.consultation.id
    base = f"/staff/consultations/{cid}/feedback"
    page = editor_client.get(base).get_data(as_text=True)
    assert "Write a summary of what people said" in page and "Feedback" in page

    refused = editor_client.post(f"{base}/items/new", data={
        "you_said": "Too dark at night.", "we_did": "", "status": "not_possible",
        "question_keys": ["safe"]})
    html = refused.get_data(as_text=True)
    assert "<title>Error: " in html and "Enter what was decided or done" in html
    assert "Enter why it is not possible" in html
    assert "Too dark at night." in html  # what was typed is kept

    assert editor_client.post(f"{base}/summary", data={
        "summary": "Most people visit weekly.", "what_next": "Work starts in spring.",
        "figures": ["visit"]}).status_code == 302
    assert editor_client.post(f"{base}/items/new", data={
        "you_said": "Too dark at night.", "we_did": "New lights.", "status": "planned",
        "question_keys": ["safe"], "owner": "Parks team",
        "due": ["30", "9", "2027"]}).status_code == 302
    assert editor_client.post(f"{base}/publish").status_code == 302
    db_session.expire_all()
    assert closed.consultation.status == Status.RESULTS_PUBLISHED

    item = decisions.items(db_session, decisions.feedback_of(db_session, closed.consultation))[0]
    assert item.due == date(2027, 9, 30) and item.question_keys == ["safe"]
    assert editor_client.post(f"{base}/items/{item.id}", data={
        "you_said": item.you_said, "we_did": item.we_did, "status": "done",
        "question_keys": ["safe"], "note": "Lights on since October."}).status_code == 302
    public = editor_client.get(f"/c/{closed.consultation.slug}/results").get_data(as_text=True)
    assert "changed from planned to done. Lights on since October." in public


def test_feedback_pages_of_another_organisation_are_not_found(client, db_session, closed,
                                                             make_org, make_user):
    from conftest import sign_in

    other = make_org("dudley", "Dudley Council")
    sign_in(client, make_user(other, email="someone@dudley.gov.uk").email)
    base = f"/staff/consultations/{closed.consultation.id}/feedback"
    assert client.get(base).status_code == 404
    assert client.post(f"{base}/summary", data={"summary": "x"}).status_code == 404
    assert client.post(f"{base}/letters.csv").status_code == 404


def test_get_involved_lists_published_results(client, closed, db_session, editor):
    assert f"/c/{closed.consultation.slug}/results" not in \
        client.get("/get-involved").get_data(as_text=True)
    decisions.update_summary(db_session, closed.consultation, editor, "S", "", "N", [])
    decisions.add_item(db_session, closed.consultation, editor, ITEM)
    decisions.publish(db_session, closed.consultation, editor)
    db_session.commit()
    html = client.get("/get-involved").get_data(as_text=True)
    assert f"/c/{closed.consultation.slug}/results" in html
    assert "/results/feed.atom" in html
