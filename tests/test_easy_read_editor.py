"""Easy read in the editor: plain-language advice beside the wording of questions and
options, picture suggestions picked without JavaScript, the staff picture route, the
Easy read readiness view and the charter's easy read row. Driven over HTTP the way a
browser without JavaScript would, then in Chromium for accessibility and reflow."""

from __future__ import annotations

import copy
import html
import re

import pytest
from conftest import sign_in
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from support.browser import (
    and_wait,
    assert_pictures_load,
    assert_usable,
    wait_for_new_page,
)

import easyread
from surveybuilder.charter.checks import Outcome, check
from surveybuilder.consultations.snapshots import options_of, questions_of, sections_of
from surveybuilder.models import Question, Role
from surveybuilder.survey.loading import load_definition

BASE = "/staff/consultations"
JARGON = ("We are running a consultation about the procurement of services and the NHS "
          "will be consulted by the council.")
# Every example question with easy read wording and a picture that is ready.
EASY_READ = {"visit": ("How often do you go to the park?", "park"),
             "why_not": ("What stops you going to the park?", "stop"),
             "safe": ("I feel safe in the park at night.", "night"),
             "postcode": ("What is your postcode?", "house"),
             "hear_back": ("Do you want us to tell you what happened?", "letter")}


# --- Helpers -------------------------------------------------------------------------

def url(consultation, path: str = "") -> str:
    return f"{BASE}/{consultation.id}/{path}".rstrip("/")


def page(response) -> str:
    return response.get_data(as_text=True)


def words(markup: str) -> str:
    """The text a person reads: tags dropped, entities decoded, spaces collapsed."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", markup))).strip()


def advice_by_field(body: str) -> dict[str, str]:
    """The plain-language panel's text for each piece of wording, by its heading."""
    panel = body.split('id="plain-language"', 1)[1].split('<div id="pictures"', 1)[0]
    parts = re.split(r"<h3[^>]*>(.*?)</h3>", panel, flags=re.S)
    return {words(parts[i]): words(parts[i + 1]) for i in range(1, len(parts), 2)}


def suggested(body: str) -> list[str]:
    return re.findall(r'name="pick_picture" value="([^"]+)"', body)


def field_value(body: str, name: str) -> str:
    """The value of a text input or the content of a textarea, as the page shows it."""
    found = re.search(rf'<textarea[^>]*name="{name}"[^>]*>(.*?)</textarea>', body, re.S)
    if found:
        return html.unescape(found.group(1))
    found = re.search(rf'<input[^>]*name="{name}"[^>]*>', body)
    assert found, f"no field {name}"
    value = re.search(r'value="([^"]*)"', found.group(0))
    return html.unescape(value.group(1)) if value else ""


def question(db_session, consultation, key: str) -> Question:
    db_session.expire_all()
    return next(q for q in questions_of(db_session, consultation) if q.key == key)


def new_question_url(db_session, consultation, kind: str = "long_text") -> str:
    first = sections_of(db_session, consultation)[0]
    return url(consultation, f"sections/{first.id}/questions/new/{kind}")


def with_easy_read(definition: dict, wording: dict = EASY_READ) -> dict:
    data = copy.deepcopy(definition)
    for item in (q for s in data["sections"] for q in s["questions"]):
        text, picture = wording[item["key"]]
        item["easy_read"] = {"text": text, "picture": picture}
    return data


@pytest.fixture
def park(make_consultation, organisation):
    return make_consultation(organisation)


# --- Findings beside the wording --------------------------------------------------------

def test_findings_and_their_suggestions_show_after_a_refused_save(editor_client, park,
                                                                  db_session):
    response = editor_client.post(new_question_url(db_session, park), data={
        "key": "2 bad", "text": JARGON, "hint": "Kept hint"})  # a key that is refused
    body = page(response)
    assert "<title>Error: " in body
    advice = advice_by_field(body)["Question"]
    assert "“consultation” (jargon)" in advice
    assert "Say “asking people what they think” instead." in advice
    assert "“NHS” (short forms without the full words)" in advice
    assert "Write the full words: “National Health Service”" in advice
    assert "(sentences longer than the limit)" in advice
    assert "found 6 things to improve" in words(body)
    assert field_value(body, "text") == JARGON
    assert field_value(body, "hint") == "Kept hint"


def test_advice_never_stops_a_save_and_shows_again_on_the_edit_page(editor_client, park,
                                                                     db_session):
    response = editor_client.post(new_question_url(db_session, park), data={
        "key": "services", "text": JARGON}, follow_redirects=True)
    assert "Question 4, “" in page(response) and "”, has been added." in page(response)
    assert "The plain language check found 6 things to improve" in page(response)
    saved = question(db_session, park, "services")
    assert saved.text == JARGON

    body = page(editor_client.get(url(park, f"questions/{saved.id}/edit")))
    assert "“procurement” (jargon)" in advice_by_field(body)["Question"]
    assert "Say “buying things” instead." in body


def test_a_clean_question_has_no_findings(editor_client, park, db_session):
    visit = question(db_session, park, "visit")
    body = page(editor_client.get(url(park, f"questions/{visit.id}/edit")))
    assert advice_by_field(body) == {
        "Question": "Checked for long sentences, jargon, short forms and passive sentences. "
                    "No problems found.",
        "Easy read wording": "Checked against the easy read rules: sentences of 15 words or "
                             "fewer, one idea each, everyday words. No problems found."}
    assert "to improve in the wording" not in body


def test_a_clean_save_gives_no_advice_message(editor_client, park, db_session):
    visit = question(db_session, park, "visit")
    response = editor_client.post(url(park, f"questions/{visit.id}/edit"), data={
        "key": "visit", "text": "How often do you visit the park?",
        "easy_read_text": "Do you go to the park?", "easy_read_picture": "park"},
        follow_redirects=True)
    assert "Question 1, “How often do you visit the park?”, has been saved." in page(response)
    assert "plain language check" not in page(response)


def test_the_easy_read_wording_is_held_to_the_strict_rules(editor_client, park, db_session):
    sentence = "The borough is lovely but the bins are not emptied often."
    body = page(editor_client.post(new_question_url(db_session, park), data={
        "key": "bins", "text": sentence, "easy_read_text": sentence, "check_wording": "1"}))
    advice = advice_by_field(body)
    assert "(hard words)" not in advice["Question"]
    assert "(sentences with more than one idea)" not in advice["Question"]
    assert "“borough” (hard words)" in advice["Easy read wording"]
    assert "“but” (sentences with more than one idea)" in advice["Easy read wording"]
    assert "(passive sentences)" in advice["Question"]


def test_check_the_wording_shows_advice_without_saving(editor_client, park, db_session):
    body = page(editor_client.post(new_question_url(db_session, park), data={
        "key": "services", "text": JARGON, "check_wording": "1"}))
    assert "<title>Error: " not in body
    assert "govuk-error-summary" not in body
    assert "“consultation” (jargon)" in advice_by_field(body)["Question"]
    assert field_value(body, "key") == "services"
    assert "services" not in {q.key for q in questions_of(db_session, park)}


def test_the_option_form_checks_its_wording_too(editor_client, park, db_session):
    visit = question(db_session, park, "visit")
    weekly = options_of(db_session, visit)[0]
    edit_url = url(park, f"questions/{visit.id}/options/{weekly.id}/edit")
    body = page(editor_client.post(edit_url, data={
        "label": "Every week", "easy_read_text": "Every week by bus, which is cheap",
        "check_wording": "1"}))
    advice = advice_by_field(body)
    assert advice["Option text"].endswith("No problems found.")
    assert "“which” (sentences with more than one idea)" in advice["Easy read wording"]
    assert suggested(body)[0] == "bus"

    picked = page(editor_client.post(edit_url, data={
        "label": "Every week", "easy_read_text": "Every week by bus", "pick_picture": "bus"}))
    assert field_value(picked, "easy_read_picture") == "bus"
    assert field_value(picked, "easy_read_text") == "Every week by bus"
    db_session.refresh(weekly)
    assert weekly.easy_read_picture == ""


# --- Picture suggestions ------------------------------------------------------------------

@pytest.mark.parametrize(("wording", "concept"), [
    ("Do you play in the park?", "park"),
    ("Do you take the bus to town?", "bus"),
    ("When did you last see your doctor?", "doctor"),
])
def test_suggestions_include_the_obvious_picture(editor_client, park, db_session, wording,
                                                 concept):
    body = page(editor_client.post(new_question_url(db_session, park), data={
        "key": "k", "text": "A question", "easy_read_text": wording, "check_wording": "1"}))
    assert concept in suggested(body)
    assert f'alt="{concept}"' in body
    assert "Suggested from the easy read wording:" in body
    assert easyread.ATTRIBUTION in html.unescape(body)


def test_suggestions_come_from_the_question_when_there_is_no_easy_read_wording(
        editor_client, park, db_session):
    body = page(editor_client.post(new_question_url(db_session, park), data={
        "key": "k", "text": "Which bus do you take?", "check_wording": "1"}))
    assert suggested(body) == ["bus"]
    assert "Suggested from the question:" in body


def test_no_suggestions_and_no_credit_when_nothing_matches(editor_client, park, db_session):
    body = page(editor_client.post(new_question_url(db_session, park), data={
        "key": "k", "text": "Would you like us to tell you what happened?",
        "check_wording": "1"}))
    assert suggested(body) == []
    assert "No pictures match the wording yet." in body
    assert "OpenMoji" not in body


def test_picking_a_picture_fills_the_field_keeps_what_was_typed_and_saves_nothing(
        editor_client, park, db_session):
    form = {"key": "travel", "text": "How do you get to the park?", "hint": "Kept hint",
            "required": "y", "easy_read_text": "Do you take the bus?",
            "easy_read_picture": "something I typed"}
    address = new_question_url(db_session, park)
    body = page(editor_client.post(address, data={**form, "pick_picture": "bus"}))
    assert field_value(body, "easy_read_picture") == "bus"
    for name in ("key", "text", "hint", "easy_read_text"):
        assert field_value(body, name) == form[name], name
    assert re.search(r'<input[^>]*name="required"[^>]*checked', body)
    assert "<title>Error: " not in body
    assert "travel" not in {q.key for q in questions_of(db_session, park)}
    assert "Chosen: bus" in body
    assert "bus" not in suggested(body), "the chosen picture is not offered again"

    editor_client.post(address, data={**form, "easy_read_picture": "bus"})
    assert question(db_session, park, "travel").easy_read_picture == "bus"


def test_a_picked_name_we_do_not_know_is_not_put_in_the_field(editor_client, park,
                                                             db_session):
    body = page(editor_client.post(new_question_url(db_session, park), data={
        "key": "k", "text": "A question", "easy_read_picture": "park",
        "pick_picture": "../../etc/passwd"}))
    assert field_value(body, "easy_read_picture") == "park"


def test_an_unknown_picture_name_is_pointed_out(editor_client, park, db_session):
    visit = question(db_session, park, "visit")
    body = page(editor_client.post(url(park, f"questions/{visit.id}/edit"), data={
        "text": visit.text, "easy_read_text": "Do you go to the park?",
        "easy_read_picture": "zzgarden", "check_wording": "1"}))
    assert "There is no picture called “zzgarden”" in body
    assert suggested(body) == ["park"]


# --- The picture route ----------------------------------------------------------------

def test_the_picture_route_serves_known_pictures_and_nothing_else(editor_client):
    response = editor_client.get("/pictures/park.svg")
    assert response.status_code == 200
    assert response.mimetype == "image/svg+xml"
    assert response.get_data(as_text=True).lstrip().startswith("<svg")
    assert response.cache_control.max_age == 24 * 3600
    assert not response.cache_control.immutable
    code = easyread.find_concept("park").code
    kept = editor_client.get(f"/pictures/park.svg?v={code}").cache_control
    assert kept.max_age >= 365 * 24 * 3600 and kept.immutable
    assert response.get_data() == easyread.picture_path("park").read_bytes()
    assert editor_client.get("/pictures/parks.svg").status_code == 200  # a synonym
    assert editor_client.get("/pictures/no-such-picture.svg").status_code == 404
    assert editor_client.get("/pictures/..%2F..%2Fpyproject.svg").status_code == 404


def test_picture_addresses_carry_the_code_so_a_changed_picture_is_fetched_again(
        editor_client, park, db_session):
    visit = question(db_session, park, "visit")
    body = page(editor_client.get(url(park, f"questions/{visit.id}/edit")))
    code = easyread.find_concept("park").code
    assert f'src="/pictures/park.svg?v={code}" alt="park"' in body


# --- Readiness ------------------------------------------------------------------------

def card(body: str, number: int) -> str:
    return words(re.split(r'<div class="govuk-summary-card"', body)[number])


def test_the_example_is_not_ready_and_says_why(editor_client, park):
    body = page(editor_client.get(url(park, "easy-read")))
    text = words(body)
    assert "Status Not ready 4 of 5 questions are not ready yet." in text
    assert "Easy read wording 1 of 5 questions" in text
    assert "Pictures 1 of 5 questions" in text
    visit = card(body, 1)
    assert "1. How often do you visit Victoria Park?" in visit
    assert "Status Ready Score 100 out of 100" in visit
    assert "Picture park Longest" in visit
    assert 'alt="park" width="48" height="48"> park' in body
    why_not = card(body, 2)
    assert "Status Not ready Score 40 out of 100" in why_not
    assert "There is no easy read text." in why_not
    assert "There is no picture." in why_not
    assert len(re.findall(r">Edit<span", body)) == 5
    assert 'aria-current="page"><strong class="govuk-service-navigation__active-fallback">' \
           'Easy read</strong>' in body


def test_a_consultation_with_good_easy_read_everywhere_is_ready(
        editor_client, make_consultation, organisation, ready_definition):
    ready = make_consultation(organisation, with_easy_read(ready_definition))
    body = page(editor_client.get(url(ready, "easy-read")))
    text = words(body)
    assert "Status Ready Every question is ready for easy read." in text
    assert "Not ready" not in text
    assert "Score 100 out of 100 on average" in text
    assert easyread.ATTRIBUTION in html.unescape(body)


def test_findings_in_the_easy_read_wording_and_options_are_counted(
        editor_client, make_consultation, organisation, ready_definition):
    wording = {**EASY_READ, "why_not": ("What stops you going to the park? Tell us about the "
                                        "procurement of the park and the things that stop "
                                        "you going there.", "stop")}
    data = with_easy_read(ready_definition, wording)
    data["sections"][0]["questions"][0]["options"][0]["easy_read"] = {"text": "Every week, "
                                                                               "with the PTA"}
    consultation = make_consultation(organisation, data)
    body = page(editor_client.get(url(consultation, "easy-read")))
    visit, why_not = card(body, 1), card(body, 2)
    assert "Short forms without the full words: 1" in visit
    assert "1 short form has no full words." in visit
    assert "“PTA” (short forms without the full words)" in visit
    assert "Jargon: 1" in why_not
    assert "Sentences longer than the limit: 1" in why_not
    assert "Longest sentence 16 words" in why_not
    assert "Status Not ready 2 of 5 questions are not ready yet." in words(body)


def test_readiness_works_on_an_unfinished_draft(editor_client, park, db_session):
    editor_client.post(new_question_url(db_session, park, "single_choice"), data={
        "key": "travel", "text": "How do you travel to the park?",
        "easy_read_text": "How do you get to the park?", "easy_read_picture": "bus"})
    assert "travel" in {q.key for q in questions_of(db_session, park)}  # no options yet
    body = page(editor_client.get(url(park, "easy-read")))
    assert re.search(r"\d\. How do you travel to the park\? Edit", words(body))
    assert "4 of 6 questions are not ready yet." in words(body)


def test_a_viewer_sees_readiness_but_no_edit_links(client, make_user, organisation, park):
    make_user(organisation, "viewer@example.gov.uk", Role.VIEWER, "Vic Viewer")
    sign_in(client, "viewer@example.gov.uk")
    response = client.get(url(park, "easy-read"))
    assert response.status_code == 200
    assert ">Edit<span" not in page(response)


def test_readiness_of_another_organisations_consultation_is_not_found(
        editor_client, make_org, make_consultation):
    elsewhere = make_consultation(make_org("dudley", "Dudley Council"))
    assert editor_client.get(url(elsewhere, "easy-read")).status_code == 404


def test_every_consultation_tab_links_to_easy_read(editor_client, park):
    body = page(editor_client.get(url(park)))
    assert f'href="{url(park, "easy-read")}">Easy read</a>' in body


# --- The charter's easy read row --------------------------------------------------------

def charter_row(data: dict):
    return next(row for row in check(load_definition(data)) if row.id == "easy_read_ready")


def test_charter_warns_only_when_easy_read_is_offered_and_not_ready(ready_definition):
    row = charter_row(ready_definition)
    assert row.outcome == Outcome.WARN
    assert "4 of 5 questions are not ready for easy read" in row.detail
    assert charter_row({**ready_definition, "formats": ["paper"]}).outcome == Outcome.PASS
    assert charter_row(with_easy_read(ready_definition)).outcome == Outcome.PASS


def test_charter_and_readiness_view_agree(editor_client, park):
    charter = page(editor_client.get(url(park, "charter")))
    assert "Ready for easy read" in charter
    assert "4 of 5 questions are not ready for easy read" in charter


# --- In the browser ---------------------------------------------------------------------

def check_page(browser, what: str) -> None:
    assert len(browser.find_elements(By.TAG_NAME, "h1")) == 1, what
    assert_pictures_load(browser, what)
    assert "OpenMoji" in browser.find_element(By.TAG_NAME, "main").text
    assert_usable(browser, what)


def test_question_form_advice_and_readiness_in_the_browser(
        signed_in_browser, live_server, make_consultation, organisation, ready_definition,
        db_session):
    browser = signed_in_browser
    data = copy.deepcopy(ready_definition)
    data["sections"][0]["questions"].append({
        "key": "services", "type": "long_text", "text": JARGON,
        "easy_read": {"text": "Do you take the bus to the doctor?"}})
    park = make_consultation(organisation, data)
    services = question(db_session, park, "services")
    browser.get(live_server + url(park, f"questions/{services.id}/edit"))
    panel = browser.find_element(By.ID, "plain-language").text
    assert "“consultation” (jargon)" in panel
    assert "Say “asking people what they think” instead." in panel
    check_page(browser, "question form with advice")

    and_wait(browser, browser.find_element(By.XPATH, "//button[starts-with(., 'Use doctor')]"))
    assert browser.find_element(By.ID, "easy_read_picture").get_attribute("value") == "doctor"
    assert "Chosen: doctor" in browser.find_element(By.ID, "pictures").text
    check_page(browser, "question form after picking a picture")

    # Enter in a text box saves: the picture buttons come after Save in the page.
    box = browser.find_element(By.ID, "easy_read_picture")
    box.clear()
    box.send_keys("bus")
    wait_for_new_page(browser, lambda: box.send_keys(Keys.ENTER))
    assert "has been saved" in browser.find_element(By.TAG_NAME, "main").text
    assert question(db_session, park, "services").easy_read_picture == "bus"

    browser.get(live_server + url(park, "easy-read"))
    assert "Not ready" in browser.find_element(By.ID, "summary").text
    check_page(browser, "easy read readiness")

    visit = question(db_session, park, "visit")
    weekly = options_of(db_session, visit)[0]
    browser.get(live_server + url(park, f"questions/{visit.id}/options/{weekly.id}/edit"))
    browser.find_element(By.ID, "easy_read_text").send_keys("Every week by bus")
    and_wait(browser, browser.find_element(By.XPATH, "//button[. = 'Check the wording']"))
    assert browser.find_element(By.ID, "easy_read_text").get_attribute("value") == \
        "Every week by bus"
    check_page(browser, "option form with a suggestion")
