"""A glossary that explains (issue 13 item 2): a hard word the easy-read dictionary does
not know is a finding on the editor's glossary page, never a line telling residents to
ask for help; the meaning staff write there is checked as easy read, kept with the
draft, published with the version and shown on easy-read pages and printed forms.
Also: no easy-read question page or easy-read PDF of any shipped template or the demo
says "ask someone to help you"."""

from __future__ import annotations

import copy
import html
import io
import json
import re
from pathlib import Path

import pdfplumber
import pytest
from flask import get_template_attribute
from selenium.webdriver.common.by import By
from sqlmodel import select
from support.browser import and_wait, assert_accessible, no_horizontal_scroll

from surveybuilder import formats
from surveybuilder.charter.checks import check
from surveybuilder.consultations.lifecycle import live_version, publish
from surveybuilder.models import AuditEvent, Consultation
from surveybuilder.printing import document
from surveybuilder.printing.formats import print_format
from surveybuilder.printing.render import render_form
from surveybuilder.survey.loading import load_definition
from surveybuilder.survey.templates import load_templates

ROOT = Path(__file__).resolve().parents[1]
ASK = "ask someone"
# "pergola" is in no dictionary, jargon or acronym list: a finding for staff.
PERGOLA = "Should we build a pergola in the park?"
GOOD = "a wooden frame in a garden. Plants grow up and over it."


def url(consultation: Consultation, path: str = "") -> str:
    return f"/staff/consultations/{consultation.id}/{path}".rstrip("/")


def text(markup: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", markup))).strip()


@pytest.fixture
def pergola(make_consultation, organisation, ready_definition) -> Consultation:
    data = copy.deepcopy(ready_definition)
    data["sections"][0]["questions"].append({
        "key": "pergola", "type": "yes_no", "text": PERGOLA,
        "easy_read": {"text": PERGOLA, "picture": "park"}})
    return make_consultation(organisation, data)


def preview_pages(client, consultation: Consultation) -> list[str]:
    """Every page of the editor's easy-read preview (the residents' page code)."""
    found, number = [], 1
    while True:
        response = client.get(url(consultation, f"preview/{number}?format=easy-read"))
        if response.status_code == 404:
            return found
        assert response.status_code == 200
        found.append(response.get_data(as_text=True))
        number += 1


def save(client, consultation: Consultation, typed: dict[str, str]):
    """Post the glossary form as a browser would: each box with its hidden word."""
    page = client.get(url(consultation, "easy-read/glossary")).get_data(as_text=True)
    fields = dict(re.findall(r'<input type="hidden" name="(word-\d+)" value="([^"]*)"', page))
    data = {}
    for name, word in fields.items():
        index = name.removeprefix("word-")
        data[name] = html.unescape(word)
        data[f"meaning-{index}"] = typed.get(html.unescape(word), "")
    return client.post(url(consultation, "easy-read/glossary"), data=data)


def test_a_word_with_no_meaning_is_a_finding_not_a_placeholder(editor_client, pergola):
    glossary = editor_client.get(url(pergola, "easy-read/glossary")).get_data(as_text=True)
    assert "1 hard word has no meaning" in text(glossary)
    assert "What “pergola” means" in text(glossary)
    assert re.search(r"Question \d+: " + re.escape(PERGOLA), text(glossary))
    readiness = editor_client.get(url(pergola, "easy-read")).get_data(as_text=True)
    assert "Hard words with no meaning pergola. Write what it means" in text(readiness)
    page = next(p for p in preview_pages(editor_client, pergola) if "pergola" in p)
    assert "“pergola” means" not in text(page) and ASK not in text(page).lower()


def test_a_meaning_that_is_not_easy_read_is_refused_with_what_was_typed(editor_client,
                                                                        pergola, db_session):
    hard = "an ornamental trellised arbour"
    response = save(editor_client, pergola, {"pergola": hard})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert page.split("<title>")[1].startswith("Error:")
    assert "There is a problem" in page
    assert 'href="#meaning-1"' in page
    assert "The meaning of “pergola” must be easy read" in text(page)
    assert hard in page  # nothing typed is lost
    circular = save(editor_client, pergola, {"pergola": "a kind of pergola."})
    assert "Explain “pergola” without using the word “pergola” itself" in text(
        circular.get_data(as_text=True))
    db_session.refresh(pergola)
    assert pergola.glossary == []


def test_a_meaning_written_shows_on_the_easy_read_page_and_is_published(
        editor_client, pergola, db_session):
    response = save(editor_client, pergola, {"pergola": GOOD})
    assert response.status_code == 302
    after = editor_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "The meanings have been saved." in after
    assert "Every hard word has a meaning" in text(after)
    assert GOOD in after  # now among the meanings written for this consultation
    db_session.refresh(pergola)
    assert pergola.glossary == [{"word": "pergola", "meaning": GOOD}]
    assert len(db_session.exec(select(AuditEvent).where(
        AuditEvent.action == "glossary.changed")).all()) == 1

    page = next(p for p in preview_pages(editor_client, pergola) if "pergola" in p)
    assert f"“pergola” means {GOOD}" in text(page)

    version = publish(db_session, pergola, None)
    db_session.commit()
    published = load_definition(live_version(db_session, pergola).definition)
    assert version.definition["glossary"] == [{"word": "pergola", "meaning": GOOD}]
    easy = print_format("easy-read")
    printed = document.build(published, version.number, easy, "Sandwell Council")
    helps = [h for s in printed.sections for q in s.questions for h in q.hard_words]
    assert any(h.word == "pergola" and h.meaning == GOOD for h in helps)

    # Emptying the box takes the meaning away, and the word is a finding again.
    assert save(editor_client, pergola, {"pergola": ""}).status_code == 302
    db_session.refresh(pergola)
    assert pergola.glossary == []


def test_the_charter_check_counts_words_with_no_meaning(make_consultation, organisation,
                                                       ready_definition):
    data = copy.deepcopy(ready_definition)
    data["sections"][0]["questions"].append({
        "key": "pergola", "type": "yes_no", "text": PERGOLA,
        "easy_read": {"text": PERGOLA, "picture": "park"}})
    row = next(r for r in check(load_definition(data)) if r.id == "easy_read_ready")
    assert "pergola" in row.detail and "no meaning" in row.detail
    assert "glossary" in row.fix.lower()
    data["glossary"] = [{"word": "pergola", "meaning": GOOD}]
    row = next(r for r in check(load_definition(data)) if r.id == "easy_read_ready")
    assert "no meaning" not in row.detail


def test_a_word_in_two_questions_has_one_box_and_a_forged_word_is_ignored(
        editor_client, make_consultation, organisation, ready_definition, db_session):
    data = copy.deepcopy(ready_definition)
    for key in ("pergola", "pergola_again"):
        data["sections"][0]["questions"].append({
            "key": key, "type": "yes_no", "text": PERGOLA,
            "easy_read": {"text": PERGOLA, "picture": "park"}})
    park = make_consultation(organisation, data)
    page = text(editor_client.get(url(park, "easy-read/glossary")).get_data(as_text=True))
    assert page.count("What “pergola” means") == 1
    assert re.search(r"“pergola” is also in question \d+", page)
    forged = editor_client.post(url(park, "easy-read/glossary"),
                                data={"word-1": "banana", "meaning-1": "a yellow fruit."})
    assert forged.status_code == 302
    db_session.refresh(park)
    assert park.glossary == []


def test_a_viewer_sees_the_findings_but_no_boxes(client, make_user, organisation, pergola):
    from conftest import sign_in

    from surveybuilder.models import Role

    viewer = make_user(organisation, email="viewer@example.org", role=Role.VIEWER)
    sign_in(client, viewer.email)
    page = client.get(url(pergola, "easy-read/glossary")).get_data(as_text=True)
    assert "No meaning yet: “pergola”" in text(page) and "<textarea" not in page
    assert client.post(url(pergola, "easy-read/glossary"), data={}).status_code == 403


# Every shipped template and the demo: nothing says "ask someone" ----------------------

def shipped() -> list:
    demo = json.loads((ROOT / "surveybuilder" / "demo_consultation.json").read_text("utf-8"))
    return [*(t.definition for t in load_templates(ROOT / "templates")),
            load_definition(demo)]


def easy_read_pages(app, definition) -> list[str]:
    """Every page of the definition's questions as the easy-read journey draws them."""
    with app.test_request_context():
        page_body = get_template_attribute("questions/page_body.html", "page_body")
        return [str(page_body(page, page.questions, format="easy_read",
                              glossary=definition.meanings()))
                for page in formats.pages(definition, formats.EASY_READ)]


WORD_HELP = re.compile(r'<dt class="sb-word-help__word"><strong>(.*?)</strong></dt>\s*'
                       r'<dd[^>]*>(.*?)</dd>')


def test_no_easy_read_question_page_says_ask_someone(app):
    """Every page of every shipped template and the demo, drawn once: nothing sends the
    reader off to ask someone, and every word in a "What these words mean" panel comes
    with its meaning (and there are such panels, or the test would prove nothing)."""
    explained = 0
    for definition in shipped():
        drawn = easy_read_pages(app, definition)
        assert drawn, definition.slug
        assert not [p for p in drawn if ASK in text(p).lower()], definition.slug
        for markup in drawn:
            for word, meaning in WORD_HELP.findall(markup):
                assert text(meaning).startswith(f"“{html.unescape(word)}” means "), word
                explained += 1
    assert explained >= 10


@pytest.mark.pdf
@pytest.mark.parametrize("definition", shipped(), ids=lambda d: d.slug)
def test_no_easy_read_pdf_says_ask_someone(definition):
    pdf = render_form(definition, 1, print_format("easy-read"), "Sandwell Council").pdf
    with pdfplumber.open(io.BytesIO(pdf)) as read:
        words = " ".join(" ".join((p.extract_text() or "").split()) for p in read.pages)
    assert words
    assert ASK not in words.lower()


# In the browser -------------------------------------------------------------------------

@pytest.mark.browser
def test_glossary_page_with_a_finding_and_an_error_is_accessible(signed_in_browser,
                                                                 live_server, pergola):
    browser = signed_in_browser
    browser.get(live_server + url(pergola, "easy-read/glossary"))
    assert "1 hard word has no meaning" in browser.find_element(By.TAG_NAME, "main").text
    assert_accessible(browser)
    assert no_horizontal_scroll(browser)

    browser.find_element(By.ID, "meaning-1").send_keys("an ornamental trellised arbour")
    and_wait(browser, browser.find_element(By.XPATH, "//*[@value='Save meanings' or "
                                                     "normalize-space(.)='Save meanings']"))
    assert browser.title.startswith("Error:")
    summary = browser.find_element(By.CLASS_NAME, "govuk-error-summary")
    assert "must be easy read" in summary.text
    assert browser.find_element(By.ID, "meaning-1").get_attribute("value") == \
        "an ornamental trellised arbour"
    assert_accessible(browser)
    assert no_horizontal_scroll(browser)

    box = browser.find_element(By.ID, "meaning-1")
    box.clear()
    box.send_keys(GOOD)
    and_wait(browser, browser.find_element(By.XPATH, "//*[@value='Save meanings' or "
                                                     "normalize-space(.)='Save meanings']"))
    assert "The meanings have been saved." in browser.find_element(By.TAG_NAME, "main").text
    assert_accessible(browser)
