"""Issue 13, item 5: a picture beside every question, section introduction and block of
information in easy read — chosen by staff, or suggested from the words and marked so —
a picture word the dictionary does not know refused with the nearest ones offered, and
every shipped template choosing a picture for everything (docs/decisions/0013)."""

from __future__ import annotations

import copy
import html
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlmodel import select

import easyread
from surveybuilder.consultations.lifecycle import live_version, publish
from surveybuilder.consultations.snapshots import questions_of, sections_of
from surveybuilder.easy_read_view import (
    choose_picture,
    question_picture,
    unknown_picture_message,
    with_pictures_used,
)
from surveybuilder.models import Journey
from surveybuilder.survey.loading import load_definition
from surveybuilder.survey.templates import load_templates

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
BASE = "/staff/consultations"


def page(response) -> str:
    return response.get_data(as_text=True)


def words(markup: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", markup))).strip()


# --- The nearest picture words --------------------------------------------------------

@pytest.mark.parametrize(("typed", "first", "also"), [
    ("hous", "house", {"houses", "housing"}),
    ("wheelchiar", "wheelchair", set()),
    ("docter", "doctor", set()),
    ("buss", "bus", set()),
    ("libary", "library", set()),
    ("religon", "religion", set()),
])
def test_the_nearest_picture_words_are_offered(typed, first, also):
    near = easyread.nearest_picture_words(typed)
    assert near[0] == first
    assert also <= set(near)
    assert len(near) <= 3
    assert all(easyread.find_concept(word) for word in near)


def test_nothing_is_offered_for_words_spelt_like_nothing_we_have():
    assert easyread.nearest_picture_words("xyzzy") == []
    assert easyread.nearest_picture_words("   ") == []


def test_the_refusal_says_what_was_typed_and_the_nearest_words():
    assert unknown_picture_message("hous") == (
        "There is no picture called “hous”. Did you mean: house, houses, housing?")
    assert unknown_picture_message("xyzzy").startswith(
        "There is no picture called “xyzzy”. Use a simple word")


# --- Chosen, suggested, or the plain fallback ----------------------------------------------

def test_staff_choice_comes_first_then_the_words_then_a_fallback():
    assert choose_picture("bus", "Do you go to the park?", "question").suggested is False
    assert choose_picture("bus", "Do you go to the park?", "question").concept == "bus"
    suggested = choose_picture("", "Do you go to the park?", "question")
    assert (suggested.concept, suggested.suggested) == ("park", True)
    assert choose_picture("zzgarden", "Do you go to the park?", "question").concept == "park"
    assert choose_picture("", "Xyzzy plugh?", "question").concept == "question"


def test_a_question_or_statement_with_no_matching_words_still_gets_a_picture(
        example_definition):
    data = copy.deepcopy(example_definition)
    data["sections"][0]["questions"] = [
        {"key": "plugh", "type": "long_text", "text": "Xyzzy plugh?"},
        {"key": "note", "type": "statement", "text": "Xyzzy plugh."}]
    asked, told = load_definition(data).questions()[:2]
    assert question_picture(asked).concept == "question"
    assert question_picture(told).concept == "information"


def test_publishing_records_the_picture_shown_and_leaves_the_draft_alone(
        db_session, make_consultation, organisation, ready_definition):
    data = copy.deepcopy(ready_definition)
    today = date.today()
    data.update(opens=today.isoformat(), closes=(today + timedelta(days=30)).isoformat())
    for question in data["sections"][0]["questions"]:
        question.pop("easy_read", None)
    consultation = make_consultation(organisation, data)
    publish(db_session, consultation, None)
    db_session.commit()
    recorded = load_definition(live_version(db_session, consultation).definition)
    draft = load_definition(data)
    for shown, asked in zip(recorded.questions(), draft.questions(), strict=True):
        assert shown.easy_read.picture == question_picture(asked).concept
    assert all(s.easy_read and s.easy_read.picture for s in recorded.sections)
    assert {q.easy_read_picture for q in questions_of(db_session, consultation)} == {""}
    assert with_pictures_used(recorded) == recorded, "a recorded version stays as it is"


# --- Every shipped template ----------------------------------------------------------------

def _templates():
    return load_templates(TEMPLATES)


def test_every_template_chooses_an_existing_picture_for_every_question_and_section():
    checked = 0
    for template in _templates():
        for section in template.definition.sections:
            items = [(f"section “{section.title}”", section.easy_read),
                     *((f"question {q.key}", q.easy_read) for q in section.questions)]
            for what, easy in items:
                place = f"{template.name}: {what}"
                assert easy is not None and easy.picture, f"{place} chooses no picture"
                concept = easyread.find_concept(easy.picture)
                assert concept is not None, f"{place}: no picture called {easy.picture!r}"
                assert easyread.picture_path(concept.name).is_file(), place
                checked += 1
    assert checked > 200


def _publish_template(db_session, make_consultation, organisation, template, number: int):
    today = date.today()
    data = template.definition.to_json()
    data.update(slug=f"pictures-{number}", opens=today.isoformat(),
                closes=(today + timedelta(days=30)).isoformat(),
                formats=["easy_read", "large_print"])
    consultation = make_consultation(organisation, data)
    publish(db_session, consultation, None, override_reason="Testing the pictures")
    db_session.commit()
    return consultation


def _shown_for_every_page(client, db_session, consultation) -> dict[int, str]:
    """Every question page of the live version in easy read: a journey is started, and
    for a page routing hides, the answer that shows it is put in the journey first."""
    started = client.post(f"/c/{consultation.slug}/start", data={"format": "easy-read"})
    assert started.status_code == 302, page(started)[:300]
    first = started.headers["Location"]
    token = first.split("/r/")[1].split("/")[0]
    version = load_definition(live_version(db_session, consultation).definition)
    from surveybuilder import formats
    shown = {}
    for drawn in formats.pages(version, formats.EASY_READ):
        rules = [rule for rule in (drawn.section.show_if,
                                   *(q.show_if for q in drawn.questions)) if rule]
        journey = db_session.exec(select(Journey).where(Journey.token == token)).one()
        journey.answers = {rule.question: _answer_showing(version, rule) for rule in rules}
        db_session.commit()
        response = client.get(f"/c/{consultation.slug}/r/{token}/{drawn.number}")
        assert response.status_code == 200, (consultation.slug, drawn.number)
        shown[drawn.number] = page(response)
    return shown


def _answer_showing(version, rule):
    target = version.question(rule.question)
    value = rule.in_[0]
    return [value] if target.type == "multiple_choice" else value


def test_every_easy_read_question_page_of_every_published_template_shows_a_picture(
        client, db_session, make_consultation, organisation):
    for number, template in enumerate(_templates()):
        consultation = _publish_template(db_session, make_consultation, organisation,
                                         template, number)
        for page_number, body in _shown_for_every_page(client, db_session,
                                                       consultation).items():
            where = f"{template.name} page {page_number}"
            columns = body.split('class="sb-easy-read-question__picture"')[1:]
            questions = body.count('class="sb-easy-read-question__words"')
            assert questions and len(columns) == questions, f"{where}: a column is missing"
            for column in columns:
                image = re.match(r'\s*>\s*<img src="([^"]+)" alt="([^"]+)"', column)
                assert image, f"{where}: an empty picture column"
                assert image.group(2).strip(), f"{where}: a picture without alt text"
                assert client.get(image.group(1)).status_code == 200, where


# --- Staff: refused picture words ------------------------------------------------------------

@pytest.fixture
def park(make_consultation, organisation):
    return make_consultation(organisation)


def field_value(body: str, name: str) -> str:
    found = re.search(rf'<input[^>]*name="{name}"[^>]*>', body)
    assert found, f"no field {name}"
    value = re.search(r'value="([^"]*)"', found.group(0))
    return html.unescape(value.group(1)) if value else ""


def test_a_question_with_an_unknown_picture_word_is_refused_and_kept(
        editor_client, park, db_session):
    visit = next(q for q in questions_of(db_session, park) if q.key == "visit")
    before = visit.easy_read_picture
    response = editor_client.post(f"{BASE}/{park.id}/questions/{visit.id}/edit", data={
        "text": visit.text, "easy_read_text": "Do you go to the park?",
        "easy_read_picture": "hous"})
    body = page(response)
    assert response.status_code == 200
    assert "<title>Error: " in body
    message = "There is no picture called “hous”. Did you mean: house, houses, housing?"
    assert words(body).count(message) >= 2, "in the summary and beside the field"
    assert 'href="#easy_read_picture"' in body
    assert field_value(body, "easy_read_picture") == "hous"
    db_session.refresh(visit)
    assert visit.easy_read_picture == before

    saved = editor_client.post(f"{BASE}/{park.id}/questions/{visit.id}/edit", data={
        "text": visit.text, "easy_read_picture": "housing"})
    assert saved.status_code == 302
    db_session.refresh(visit)
    assert visit.easy_read_picture == "housing"


def test_options_and_sections_refuse_unknown_picture_words_too(editor_client, park,
                                                               db_session):
    section = sections_of(db_session, park)[0]
    body = page(editor_client.post(f"{BASE}/{park.id}/sections/{section.id}/edit", data={
        "title": section.title, "easy_read_picture": "docter"}))
    assert "There is no picture called “docter”. Did you mean: doctor" in words(body)
    assert field_value(body, "easy_read_picture") == "docter"

    saved = editor_client.post(f"{BASE}/{park.id}/sections/{section.id}/edit", data={
        "title": section.title, "easy_read_text": "About the park.",
        "easy_read_picture": "park"})
    assert saved.status_code == 302
    db_session.refresh(section)
    assert (section.easy_read_text, section.easy_read_picture) == ("About the park.", "park")

    visit = next(q for q in questions_of(db_session, park) if q.key == "visit")
    from surveybuilder.consultations.snapshots import options_of
    weekly = options_of(db_session, visit)[0]
    body = page(editor_client.post(
        f"{BASE}/{park.id}/questions/{visit.id}/options/{weekly.id}/edit",
        data={"label": weekly.label, "easy_read_picture": "calender"}))
    assert "There is no picture called “calender”. Did you mean: calendar" in words(body)


# --- Staff: suggested and chosen, and choosing in one click --------------------------------

def test_the_pictures_page_marks_suggested_and_chosen_and_one_click_chooses(
        editor_client, park, db_session):
    address = f"{BASE}/{park.id}/easy-read/pictures"
    body = page(editor_client.get(address))
    visit = next(q for q in questions_of(db_session, park) if q.key == "visit")
    why_not = next(q for q in questions_of(db_session, park) if q.key == "why_not")
    card = body.split(f'id="question-{why_not.id}"')[1].split("govuk-summary-card\"")[0]
    assert "Suggested" in words(card) and "Use this picture" in words(card)
    shown = re.search(r'name="concept" value="([^"]+)"', card).group(1)
    assert 'name="csrf_token"' in card
    chosen_card = body.split(f'id="question-{visit.id}"')[1].split("govuk-summary-card\"")[0]
    assert "Chosen" in words(chosen_card) and "Use this picture" not in chosen_card
    count = re.search(r'id="picture-count">([^<]+)<', body).group(1)
    assert re.match(r"\d+ of \d+ pictures are suggested", count.strip())

    response = editor_client.post(f"{address}/use", data={
        "kind": "question", "id": why_not.id, "concept": shown})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"#question-{why_not.id}")
    db_session.refresh(why_not)
    assert why_not.easy_read_picture == shown
    after = page(editor_client.get(address))
    card = after.split(f'id="question-{why_not.id}"')[1].split("govuk-summary-card\"")[0]
    assert "Chosen" in words(card) and "Use this picture" not in card

    stale = editor_client.post(f"{address}/use", data={
        "kind": "question", "id": why_not.id, "concept": "bus"})
    assert stale.status_code == 409


def test_choosing_a_picture_needs_the_csrf_token(app, editor_client, park, db_session):
    app.config["WTF_CSRF_ENABLED"] = True
    why_not = next(q for q in questions_of(db_session, park) if q.key == "why_not")
    response = editor_client.post(f"{BASE}/{park.id}/easy-read/pictures/use", data={
        "kind": "question", "id": why_not.id, "concept": "stop"})
    assert response.status_code == 400
    db_session.refresh(why_not)
    assert why_not.easy_read_picture == ""


# --- In the browser ----------------------------------------------------------------------

def _pictures_load_and_page_is_accessible(browser, what: str) -> None:
    from support.browser import assert_pictures_load, assert_usable

    assert_pictures_load(browser, what)
    assert_usable(browser, what)


def test_pictures_page_refusal_and_easy_read_section_intro_in_the_browser(
        signed_in_browser, live_server, make_consultation, organisation, ready_definition,
        db_session):
    from selenium.webdriver.common.by import By
    from support.browser import and_wait

    browser = signed_in_browser
    data = copy.deepcopy(ready_definition)
    today = date.today()
    data.update(opens=today.isoformat(), closes=(today + timedelta(days=30)).isoformat())
    data["sections"][0]["description"] = "Tell us how you use the park and the bus."
    park = make_consultation(organisation, data)

    browser.get(f"{live_server}{BASE}/{park.id}/easy-read/pictures")
    assert "Suggested" in browser.find_element(By.TAG_NAME, "main").text
    _pictures_load_and_page_is_accessible(browser, "the pictures page")
    button = browser.find_element(By.XPATH, "//button[starts-with(., 'Use this picture')]")
    and_wait(browser, button)
    assert "is now chosen" in browser.find_element(By.TAG_NAME, "main").text
    _pictures_load_and_page_is_accessible(browser, "the pictures page after choosing")

    section = sections_of(db_session, park)[0]
    browser.get(f"{live_server}{BASE}/{park.id}/sections/{section.id}/edit")
    box = browser.find_element(By.ID, "easy_read_picture")
    box.clear()
    box.send_keys("hous")
    save = ("//*[self::button or self::input]"
            "[normalize-space(.) = 'Save section' or @value = 'Save section']")
    and_wait(browser, browser.find_element(By.XPATH, save))
    summary = browser.find_element(By.CLASS_NAME, "govuk-error-summary").text
    assert "There is no picture called “hous”. Did you mean: house, houses, housing?" in summary
    assert browser.find_element(By.ID, "easy_read_picture").get_attribute("value") == "hous"
    from support.browser import assert_accessible, no_horizontal_scroll
    assert_accessible(browser)
    assert no_horizontal_scroll(browser)

    publish(db_session, park, None)
    db_session.commit()
    browser.get(f"{live_server}/c/{park.slug}?format=easy-read")
    and_wait(browser, browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
    intro = browser.find_element(By.CLASS_NAME, "sb-easy-read-intro")
    assert "Tell us how you use the park and the bus." in intro.text
    _pictures_load_and_page_is_accessible(browser, "an easy-read page with a section intro")


# --- On paper ---------------------------------------------------------------------------------

def test_every_question_and_section_intro_of_every_template_has_a_picture_on_paper():
    from surveybuilder.printing.document import build
    from surveybuilder.printing.formats import print_format

    for template in _templates():
        document = build(with_pictures_used(template.definition), 1,
                         print_format("easy-read"), "Sandwell Council")
        for section in document.sections:
            assert section.easy_intro is not None and section.easy_intro.picture, \
                f"{template.name}: section “{section.title}”"
            for printed in section.questions:
                assert printed.picture is not None, f"{template.name}: {printed.question.key}"
                assert printed.picture.alt.strip()


@pytest.mark.pdf
def test_the_easy_read_pdf_has_a_picture_with_alt_text_beside_every_question():
    import io

    import pikepdf

    from surveybuilder.printing.formats import print_format
    from surveybuilder.printing.render import render_form

    template = next(t for t in _templates() if t.name == "public-consultation")
    definition = template.definition.model_copy(update={"sections": [
        s.model_copy(update={"description": s.description or "Read this first."})
        for s in template.definition.sections]})
    form = render_form(definition, 1, print_format("easy-read"), "Sandwell Council")
    with pikepdf.open(io.BytesIO(form.pdf)) as pdf:
        figures = []
        _figures(pdf.Root.StructTreeRoot.K, figures)
    alts = [str(f.get("/Alt", "")).strip() for f in figures]
    assert all(alts)
    expected = {q.easy_read.picture for q in definition.questions()} | {
        s.easy_read.picture for s in definition.sections}
    assert expected <= set(alts)
    assert len(alts) >= len(definition.questions()) + len(definition.sections)


def _figures(node, found: list) -> None:
    import pikepdf

    if isinstance(node, pikepdf.Array):
        for child in node:
            _figures(child, found)
    elif isinstance(node, pikepdf.Dictionary):
        if str(node.get("/S", "")) == "/Figure":
            found.append(node)
        if "/K" in node:
            _figures(node.K, found)


def test_the_question_form_says_which_picture_easy_read_shows_when_none_is_chosen(
        editor_client, park, db_session):
    why_not = next(q for q in questions_of(db_session, park) if q.key == "why_not")
    body = page(editor_client.get(f"{BASE}/{park.id}/questions/{why_not.id}/edit"))
    shown = re.search(r'id="picture-shown">(.*?)</p>', body, re.S)
    suggested = re.findall(r'name="pick_picture" value="([^"]+)"', body)
    assert suggested, "the example's wording has pictures to suggest"
    assert words(shown.group(1)).replace(" ,", ",") == (
        f"No picture chosen yet. Easy read shows the first "
        f"suggestion, {suggested[0]}, until you choose one.")
    from surveybuilder.editor.picture_pages import question_choice
    assert question_choice(why_not).concept == suggested[0]
