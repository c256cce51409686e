"""“Suggest easy read” in the editor: the standard wording and the suggestion side by side
for a question, a section introduction, the "You said, we did" summary and its items;
nothing is stored until staff accept (and perhaps edit) it. Over HTTP as a browser
without JavaScript would, then in Chromium for accessibility and reflow."""

from __future__ import annotations

import html
import re

import pytest
from selenium.webdriver.common.by import By
from support.browser import and_wait, assert_usable
from support.feedback import closed_consultation

from surveybuilder.consultations import lifecycle
from surveybuilder.consultations.snapshots import questions_of, sections_of
from surveybuilder.feedback import decisions
from surveybuilder.models import AuditEvent, Question, Role

BASE = "/staff/consultations"
STANDARD = "We will commence the works in six weeks and we will repair the roads."
SUGGESTED = "We will start the works in 6 weeks.\nWe will repair the roads."


def page(response) -> str:
    return response.get_data(as_text=True)


def words(markup: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", markup))).strip()


def textarea(body: str) -> str:
    found = re.search(r'<textarea[^>]*name="easy_read_text"[^>]*>(.*?)</textarea>', body, re.S)
    assert found, "no easy read box"
    return html.unescape(found.group(1)).strip("\r\n")


def suggest_url(consultation, kind: str, item_id: int) -> str:
    return f"{BASE}/{consultation.id}/easy-read/suggest/{kind}/{item_id}"


def question(db_session, consultation, key: str) -> Question:
    db_session.expire_all()
    return next(q for q in questions_of(db_session, consultation) if q.key == key)


@pytest.fixture
def park(make_consultation, organisation, db_session):
    consultation = make_consultation(organisation)
    visit = question(db_session, consultation, "visit")
    visit.text, visit.easy_read_text = STANDARD, ""
    db_session.add(visit)
    db_session.commit()
    return consultation


def test_the_question_form_offers_a_suggestion(editor_client, park, db_session):
    visit = question(db_session, park, "visit")
    body = page(editor_client.get(f"{BASE}/{park.id}/questions/{visit.id}/edit"))
    assert f'action="{suggest_url(park, "question", visit.id)}"' in body
    assert "Suggest easy read" in body


def test_a_suggestion_is_shown_beside_the_wording_and_stores_nothing(editor_client, park,
                                                                      db_session):
    visit = question(db_session, park, "visit")
    response = editor_client.post(suggest_url(park, "question", visit.id))
    assert response.status_code == 200
    body = page(response)
    side = words(body.split('id="side-by-side"', 1)[1].split('id="changes"', 1)[0])
    assert f"Standard wording {STANDARD}" in side
    assert "Suggested easy read" in side and "We will start the works in 6 weeks." in side
    changes = words(body.split('id="changes"', 1)[1].split("</ul>", 1)[0])
    assert "“commence” became “start”." in changes
    assert "“six” became “6”." in changes
    assert "Split at “and”. The new sentence is “We will repair the roads.”" in changes
    assert textarea(body) == SUGGESTED
    assert "Nothing is saved until you choose “Use this easy read wording”" in words(body)

    assert question(db_session, park, "visit").easy_read_text == ""
    assert not [e for e in db_session.exec(AuditEvent.__table__.select()).all()
                if e.action.endswith("easy_read_accepted")]
    version = lifecycle.publish(db_session, park, None)
    db_session.commit()
    published = next(q for s in version.definition["sections"] for q in s["questions"]
                     if q["key"] == "visit")
    assert "We will start the works" not in str(published)


def test_an_explained_word_is_listed_as_explained(editor_client, park, db_session):
    visit = question(db_session, park, "visit")
    visit.text = "Tell us what you think in our consultation."
    db_session.add(visit)
    db_session.commit()
    body = page(editor_client.post(suggest_url(park, "question", visit.id)))
    changes = words(body.split('id="changes"', 1)[1].split("</ul>", 1)[0])
    assert "Explained “consultation”: when the council asks people what they think" in changes
    assert "became ““" not in changes


def test_accepting_keeps_the_wording_staff_edited(editor_client, park, db_session):
    visit = question(db_session, park, "visit")
    response = editor_client.post(f"{suggest_url(park, 'question', visit.id)}/accept", data={
        "easy_read_text": "  We will start work in 6 weeks.  \r\n\r\nWe will mend the roads.\r\n"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/questions/{visit.id}/edit")
    assert question(db_session, park, "visit").easy_read_text == \
        "We will start work in 6 weeks.\nWe will mend the roads."
    followed = page(editor_client.get(response.headers["Location"]))
    assert "The easy read wording has been saved." in followed


@pytest.mark.parametrize(("typed", "message"), [
    ("   ", "Enter the easy read wording, or go back without saving"),
    ("x" * 2001, "The easy read wording must be 2,000 characters or fewer"),
])
def test_a_refused_accept_says_why_and_keeps_what_was_typed(editor_client, park, db_session,
                                                            typed, message):
    visit = question(db_session, park, "visit")
    response = editor_client.post(f"{suggest_url(park, 'question', visit.id)}/accept",
                                  data={"easy_read_text": typed})
    body = page(response)
    assert response.status_code == 200
    assert "<title>Error: " in body
    assert message in words(body.split('class="govuk-error-summary', 1)[1])
    assert f'href="#easy_read_text">{message}' in body
    assert textarea(body) == typed
    assert "Standard wording" in body   # the side-by-side is still there
    assert question(db_session, park, "visit").easy_read_text == ""


def test_suggestions_need_the_csrf_token(app, editor_client, park, db_session):
    app.config["WTF_CSRF_ENABLED"] = True
    visit = question(db_session, park, "visit")
    assert editor_client.post(suggest_url(park, "question", visit.id)).status_code == 400
    refused = editor_client.post(f"{suggest_url(park, 'question', visit.id)}/accept",
                                 data={"easy_read_text": "Hello."})
    assert refused.status_code == 400
    assert question(db_session, park, "visit").easy_read_text == ""


def test_only_their_own_things_and_only_by_post(editor_client, park, db_session,
                                                make_consultation, make_org,
                                                ready_definition):
    visit = question(db_session, park, "visit")
    assert editor_client.get(suggest_url(park, "question", visit.id)).status_code == 405
    assert editor_client.post(suggest_url(park, "poem", visit.id)).status_code == 404
    other = make_consultation(make_org("elsewhere", "Elsewhere Council"),
                              {**ready_definition, "slug": "somewhere-else"})
    elsewhere = questions_of(db_session, other)[0]
    assert editor_client.post(suggest_url(park, "question", elsewhere.id)).status_code == 404
    assert editor_client.post(suggest_url(park, "feedback-summary", 0)).status_code == 404


def test_a_viewer_cannot_ask(client, park, db_session, make_user, organisation):
    from conftest import sign_in

    viewer = make_user(organisation, "viewer@example.org", Role.VIEWER)
    sign_in(client, viewer.email)
    visit = question(db_session, park, "visit")
    assert client.post(suggest_url(park, "question", visit.id)).status_code == 403


def test_a_section_introduction(editor_client, park, db_session):
    section = sections_of(db_session, park)[0]
    section.description = "These questions are about the park, which is open every day."
    db_session.add(section)
    db_session.commit()
    edit = page(editor_client.get(f"{BASE}/{park.id}/sections/{section.id}/edit"))
    assert f'action="{suggest_url(park, "section", section.id)}"' in edit
    body = page(editor_client.post(suggest_url(park, "section", section.id)))
    assert textarea(body) == "These questions are about the park.\nThis is open every day."
    editor_client.post(f"{suggest_url(park, 'section', section.id)}/accept",
                       data={"easy_read_text": "These questions are about the park."})
    db_session.refresh(section)
    assert section.easy_read_text == "These questions are about the park."


def test_no_wording_yet_says_so(editor_client, park, db_session):
    section = sections_of(db_session, park)[0]
    section.description = ""
    db_session.add(section)
    db_session.commit()
    body = page(editor_client.post(suggest_url(park, "section", section.id)))
    assert "There is no standard wording to start from yet." in words(body)
    assert "<textarea" not in body


def test_you_said_we_did_summary_and_items(editor_client, db_session, organisation,
                                           make_consultation, ready_definition, editor):
    closed = closed_consultation(db_session, organisation, make_consultation,
                                 ready_definition).consultation
    decisions.update_summary(db_session, closed, editor,
                             "Most people visit every week; many feel unsafe after dark.",
                             "", "We will decide in the spring.", ["visit"])
    item = decisions.add_item(db_session, closed, editor, {
        "you_said": "The paths are too dark.", "question_keys": [], "themes": [],
        "we_did": "New lights will be installed by the council along the main paths.",
        "status": "planned", "reason": "", "owner": "", "due": None,
        "easy_read_text": "", "easy_read_picture": ""})
    db_session.commit()

    summary_page = page(editor_client.get(f"{BASE}/{closed.id}/feedback/summary"))
    assert f'action="{suggest_url(closed, "feedback-summary", 0)}"' in summary_page
    body = page(editor_client.post(suggest_url(closed, "feedback-summary", 0)))
    summary = ("Most people visit every week.\nMany feel unsafe after dark.\n"
               "“Unsafe” means not safe. Something could hurt you.")  # explained from the list
    assert textarea(body) == summary
    editor_client.post(f"{suggest_url(closed, 'feedback-summary', 0)}/accept",
                       data={"easy_read_text": textarea(body)})
    db_session.expire_all()
    kept = decisions.feedback_of(db_session, closed)
    assert kept.easy_read_summary == summary
    assert kept.what_next == "We will decide in the spring." and kept.figures == ["visit"]

    item_page = page(editor_client.get(f"{BASE}/{closed.id}/feedback/items/{item.id}"))
    assert f'action="{suggest_url(closed, "feedback-item", item.id)}"' in item_page
    body = page(editor_client.post(suggest_url(closed, "feedback-item", item.id)))
    assert textarea(body) == "The council will install new lights along the main paths."
    assert "Passive made active." in words(body)
    editor_client.post(f"{suggest_url(closed, 'feedback-item', item.id)}/accept",
                       data={"easy_read_text": textarea(body)})
    db_session.refresh(item)
    assert item.easy_read_text == "The council will install new lights along the main paths."
    assert item.we_did.startswith("New lights will be installed")


# --- In the browser ---------------------------------------------------------------------

SUGGEST = "//button[normalize-space() = 'Suggest easy read']"
USE = "//button[normalize-space() = 'Use this easy read wording']"


def check_page(browser, what: str) -> None:
    assert len(browser.find_elements(By.TAG_NAME, "h1")) == 1, what
    assert_usable(browser, what)


def test_suggest_accept_and_an_error_in_the_browser(signed_in_browser, live_server, park,
                                                     db_session):
    browser = signed_in_browser
    visit = question(db_session, park, "visit")
    browser.get(f"{live_server}{BASE}/{park.id}/questions/{visit.id}/edit")
    and_wait(browser, browser.find_element(By.XPATH, SUGGEST))
    assert "We will start the works in 6 weeks." in browser.find_element(
        By.ID, "suggested-sentences").text
    check_page(browser, "the suggestion")

    box = browser.find_element(By.ID, "easy_read_text")
    box.clear()
    and_wait(browser, browser.find_element(By.XPATH, USE))
    assert "Enter the easy read wording" in browser.find_element(
        By.CLASS_NAME, "govuk-error-summary").text
    check_page(browser, "the suggestion with an error")
    assert question(db_session, park, "visit").easy_read_text == ""

    browser.find_element(By.ID, "easy_read_text").send_keys("We will start work soon.")
    and_wait(browser, browser.find_element(By.XPATH, USE))
    assert "The easy read wording has been saved." in browser.find_element(
        By.TAG_NAME, "main").text
    assert question(db_session, park, "visit").easy_read_text == "We will start work soon."
