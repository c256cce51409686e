"""The template gallery, starting a consultation from a template, inserting blocks
(with clashing keys renamed and routing kept), and the charter plan: over HTTP the
way a browser without JavaScript drives them, then in a real browser for
accessibility and reflow."""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import pytest
from conftest import sign_in
from selenium.webdriver.common.by import By
from sqlmodel import select
from support.browser import and_wait, assert_accessible, no_horizontal_scroll, small_targets

from surveybuilder.consultations.from_templates import clash_free_keys, read_templates
from surveybuilder.consultations.snapshots import draft_definition
from surveybuilder.editor.plan_pages import PLAN_QUESTIONS
from surveybuilder.models import AuditEvent, Consultation, Role
from surveybuilder.survey import journey
from surveybuilder.survey.definition import PlanDef
from surveybuilder.survey.templates import load_template, load_templates

REAL_TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
BASE = "/staff/consultations"


def text_of(response) -> str:
    """The page as a person reads it: tags dropped, entities decoded, spaces folded."""
    body = re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))
    return " ".join(html.unescape(body).split())


def shown_templates(response) -> set[str]:
    return set(re.findall(r'id="template-([a-z0-9-]+)"', response.get_data(as_text=True)))


def events(db_session, action: str) -> list[AuditEvent]:
    return list(db_session.exec(select(AuditEvent).where(AuditEvent.action == action)).all())


def the_only(db_session, slug: str) -> Consultation:
    return db_session.exec(select(Consultation).where(Consultation.slug == slug)).one()


# The gallery ------------------------------------------------------------------------

def test_gallery_lists_every_template_in_the_folder(app, editor_client):
    assert app.config["TEMPLATES_DIR"] == str(REAL_TEMPLATES)
    templates = load_templates(REAL_TEMPLATES)
    assert len(templates) >= 12
    response = editor_client.get("/staff/templates")
    assert response.status_code == 200
    assert shown_templates(response) == {t.name for t in templates}
    page = text_of(response)
    for template in templates:
        assert template.title in page
        assert template.metadata["summary"] in page
        assert " ".join(template.metadata["when_not_to_use"].split()) in page
    assert "Block of questions" in page and "Whole consultation" in page
    assert "Could not be read" not in page


def test_gallery_filters_by_level_and_purpose(editor_client):
    templates = load_templates(REAL_TEMPLATES)

    def names(predicate) -> set[str]:
        return {t.name for t in templates if predicate(t)}

    coproduce = editor_client.get("/staff/templates?level=co-produce")
    assert shown_templates(coproduce) == names(
        lambda t: t.definition.participation_level == "co-produce")
    assert shown_templates(coproduce) == {"coproduction-expression-of-interest",
                                          "coproduction-review"}
    assert "2 of " in text_of(coproduce)

    equality = editor_client.get("/staff/templates?purpose=equality")
    assert shown_templates(equality) == {"equality-monitoring"}

    both = editor_client.get("/staff/templates?level=consult&level=inform"
                             "&purpose=check-back&purpose=consultation")
    assert shown_templates(both) == {"you-said-we-did", "public-consultation"}
    assert re.search(r'value="check-back"[^>]*checked', both.get_data(as_text=True))

    none = editor_client.get("/staff/templates?level=co-produce&purpose=equality")
    assert shown_templates(none) == set()
    assert "No templates match these filters" in text_of(none)


def test_gallery_is_linked_from_the_dashboard(editor_client):
    assert 'href="/staff/templates"' in editor_client.get("/staff/").get_data(as_text=True)


BROKEN_YAML = "template:\n  title: Broken\nsurvey: [unclosed\n"
BAD_SURVEY = """\
template:
  title: Bad survey
  kind: activity
survey:
  format: surveybuilder/1
  slug: tpl-bad-survey
  title: Bad survey
  participation_level: consult
  sections:
    - title: First
      questions:
        - key: Not A Key
          type: short_text
          text: What?
"""


def test_a_broken_template_file_is_named_with_its_place_and_the_rest_still_show(
        app, editor_client, tmp_path):
    shutil.copy(REAL_TEMPLATES / "equality-monitoring.yaml", tmp_path)
    (tmp_path / "broken.yaml").write_text(BROKEN_YAML, encoding="utf-8")
    (tmp_path / "bad-survey.yaml").write_text(BAD_SURVEY, encoding="utf-8")
    app.config["TEMPLATES_DIR"] = str(tmp_path)

    response = editor_client.get("/staff/templates")
    assert response.status_code == 200
    page = text_of(response)
    assert "2 template files could not be read" in page
    assert "broken.yaml: this is not valid YAML" in page
    assert re.search(r"broken\.yaml: .*line 3, column \d+", page)
    assert "bad-survey.yaml: survey.sections[0].questions[0].key" in page
    assert shown_templates(response) == {"equality-monitoring"}

    # Fixing the file, or adding one, shows on the next request: nothing to restart.
    fixed = (REAL_TEMPLATES / "public-consultation.yaml").read_text(encoding="utf-8")
    (tmp_path / "broken.yaml").write_text(fixed, encoding="utf-8")
    (tmp_path / "another.yaml").write_text(fixed, encoding="utf-8")
    response = editor_client.get("/staff/templates")
    assert shown_templates(response) == {"equality-monitoring", "broken", "another"}
    assert "1 template file could not be read" in text_of(response)


def test_an_empty_or_missing_folder_is_not_an_error(app, editor_client, tmp_path):
    app.config["TEMPLATES_DIR"] = str(tmp_path / "missing")
    response = editor_client.get("/staff/templates")
    assert response.status_code == 200
    assert "There are no templates yet" in text_of(response)


def test_read_templates_caches_until_a_file_changes(tmp_path):
    shutil.copy(REAL_TEMPLATES / "equality-monitoring.yaml", tmp_path)
    first = read_templates(tmp_path).templates[0]
    assert read_templates(tmp_path).templates[0] is first
    path = tmp_path / "equality-monitoring.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "title: Equality monitoring questions", "title: Equality questions", 1),
        encoding="utf-8")
    assert read_templates(tmp_path).templates[0].title == "Equality questions"


# A template's preview ------------------------------------------------------------------

def test_template_preview_shows_its_questions_as_residents_see_them_and_its_guidance(
        editor_client):
    template = load_template(REAL_TEMPLATES / "equality-monitoring.yaml")
    response = editor_client.get("/staff/templates/equality-monitoring")
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    page = text_of(response)
    assert body.count("<h1") == 1
    for question in template.definition.questions():
        assert " ".join(question.text.split()) in page
        for choice in question.choices():
            assert f'value="{choice.key}"' in body
    # Drawn with the shared question macros: a GOV.UK radio group named after the key.
    assert 'name="ethnic_group"' in body and "govuk-radios__input" in body
    for item in template.metadata["guidance"]:
        assert " ".join(item["text"].split()) in page
    assert " ".join(template.metadata["when_to_use"].split()) in page
    assert "Privacy notice" in page  # left_to_staff, in words rather than its id
    assert "Public Sector Equality Duty" in page
    assert "Routing: Only if the answer to “Do you consider yourself to be disabled?” is " \
           "“Yes”" in page
    assert "Insert a block" in page  # a block is not used to start a consultation


def test_activity_preview_offers_use_and_unknown_templates_are_not_found(editor_client):
    page = editor_client.get("/staff/templates/public-consultation").get_data(as_text=True)
    assert 'href="/staff/templates/public-consultation/use"' in page
    assert editor_client.get("/staff/templates/no-such-template").status_code == 404
    assert editor_client.get("/staff/templates/equality-monitoring/use").status_code == 404


# Starting a consultation from a template -----------------------------------------------

def test_creating_from_a_template_copies_its_questions_and_records_it(
        editor_client, db_session, editor):
    template = load_template(REAL_TEMPLATES / "public-consultation.yaml")
    form = editor_client.get("/staff/templates/public-consultation/use")
    assert 'value="public-consultation"' in form.get_data(as_text=True)  # no tpl- prefix

    response = editor_client.post("/staff/templates/public-consultation/use", data={
        "title": "Have your say on the Tipton library", "slug": "tipton-library"})
    assert response.status_code == 302
    consultation = the_only(db_session, "tipton-library")
    assert response.headers["Location"].endswith(f"{BASE}/{consultation.id}")
    assert consultation.title == "Have your say on the Tipton library"

    draft = draft_definition(db_session, consultation)
    expected = template.definition.to_json()
    assert draft.to_json()["sections"] == expected["sections"]
    assert [q.key for q in draft.questions()] == [q.key for q in template.definition.questions()]
    for name in ("participation_level", "can_change", "cannot_change", "summary"):
        assert getattr(draft, name) == getattr(template.definition, name)
    assert draft.plan == template.definition.plan
    assert draft.formats == template.definition.formats

    [event] = events(db_session, "consultation.created_from_template")
    assert event.consultation_id == consultation.id and event.user_id == editor.id
    assert event.detail == {"template": "public-consultation"}
    page = text_of(editor_client.get(response.headers["Location"]))
    assert "has been created from the template “Public consultation survey”" in page


def test_a_web_address_in_use_is_refused_keeping_what_was_typed(
        editor_client, db_session, make_consultation, organisation):
    make_consultation(organisation)  # victoria-park-2027
    response = editor_client.post("/staff/templates/public-consultation/use", data={
        "title": "Park survey I typed", "slug": "victoria-park-2027"})
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<title>Error: " in body
    assert "The web address &#39;victoria-park-2027&#39; is already used" in body
    assert 'href="#slug"' in body
    assert 'value="Park survey I typed"' in body
    assert len(db_session.exec(select(Consultation)).all()) == 1

    response = editor_client.post("/staff/templates/public-consultation/use", data={
        "title": "", "slug": "Not A Slug"})
    page = text_of(response)
    assert "Enter a title" in page
    assert "Web address must use only lower-case letters" in page
    assert len(db_session.exec(select(Consultation)).all()) == 1
    assert events(db_session, "consultation.created_from_template") == []


# Inserting a block --------------------------------------------------------------------

def insert(client, consultation: Consultation, block: str):
    return client.post(f"{BASE}/{consultation.id}/insert-block", data={"block": block})


def test_inserting_the_equality_block_appends_its_sections(
        editor_client, db_session, make_consultation, organisation, example_definition):
    consultation = make_consultation(organisation)
    block = load_template(REAL_TEMPLATES / "equality-monitoring.yaml").definition
    overview = editor_client.get(f"{BASE}/{consultation.id}").get_data(as_text=True)
    assert f'href="{BASE}/{consultation.id}/insert-block"' in overview
    form = editor_client.get(f"{BASE}/{consultation.id}/insert-block").get_data(as_text=True)
    assert 'value="equality-monitoring"' in form and 'value="access-communication-needs"' in form
    assert 'value="public-consultation"' not in form  # only blocks are offered

    response = insert(editor_client, consultation, "equality-monitoring")
    assert response.status_code == 302
    draft = draft_definition(db_session, consultation)
    own = [s["title"] for s in example_definition["sections"]]
    assert [s.title for s in draft.sections] == own + [s.title for s in block.sections]
    assert draft.to_json()["sections"][len(own):] == block.to_json()["sections"]
    [event] = events(db_session, "block.inserted")
    assert event.detail["template"] == "equality-monitoring"
    assert event.detail["renamed"] == {}


def test_an_inserted_block_brings_its_meanings_without_replacing_the_drafts_own(
        app, editor_client, db_session, make_consultation, organisation, tmp_path):
    """A block may explain words no dictionary does (a council's own service names);
    without those meanings its easy-read wording would stop being ready once inserted."""
    source = (REAL_TEMPLATES / "equality-monitoring.yaml").read_text(encoding="utf-8")
    glossary = ("  glossary:\n"
                "    - word: Sandwell Connect\n"
                "      meaning: the council's team that helps you online and by phone.\n"
                "    - word: MyCare\n"
                "      meaning: the website where you see your care plan.\n")
    (tmp_path / "equality-monitoring.yaml").write_text(
        source.replace("  sections:\n", glossary + "  sections:\n", 1), encoding="utf-8")
    app.config["TEMPLATES_DIR"] = str(tmp_path)
    block = load_template(tmp_path / "equality-monitoring.yaml").definition
    assert set(block.meanings()) == {"Sandwell Connect", "MyCare"}

    plain = make_consultation(organisation)
    insert(editor_client, plain, "equality-monitoring")
    db_session.expire_all()
    assert draft_definition(db_session, plain).meanings() == block.meanings()
    [event] = events(db_session, "block.inserted")
    assert event.detail["meanings_added"] == ["MyCare", "Sandwell Connect"]

    ours = make_consultation(organisation, slug="our-words")
    ours.glossary = [{"word": "mycare", "meaning": "Our own words for it."}]
    db_session.add(ours)
    db_session.commit()
    insert(editor_client, ours, "equality-monitoring")
    db_session.expire_all()
    kept = draft_definition(db_session, ours).meanings()
    assert kept == {"mycare": "Our own words for it.",
                    "Sandwell Connect": block.meanings()["Sandwell Connect"]}


def test_inserting_a_block_twice_renames_clashing_keys_and_keeps_its_routing(
        editor_client, db_session, make_consultation, organisation):
    consultation = make_consultation(organisation)
    block = load_template(REAL_TEMPLATES / "equality-monitoring.yaml").definition
    insert(editor_client, consultation, "equality-monitoring")
    response = insert(editor_client, consultation, "equality-monitoring")
    assert response.status_code == 302

    draft = draft_definition(db_session, consultation)  # raises if any rule broke
    keys = [q.key for q in draft.questions()]
    assert len(keys) == len(set(keys))
    second = draft.sections[-len(block.sections):]
    assert [q.key for s in second for q in s.questions] == [
        f"{q.key}_2" for q in block.questions()]
    assert draft.question("gender_identity_2").show_if.question == "age_band_2"
    assert draft.question("impairment_type_2").show_if.question == "disability_2"
    assert draft.question("impairment_type").show_if.question == "disability"

    # The journey routes on the renamed copy, independently of the first copy.
    pages = journey.pages(draft, one_question_per_page=True)
    shown = {q.key for p in pages for q in p.shown_questions({"disability_2": "yes",
                                                              "disability": "no"})}
    assert "impairment_type_2" in shown and "impairment_type" not in shown

    page = text_of(editor_client.get(response.headers["Location"]))
    assert "age_band is now age_band_2" in page
    [_, second_event] = sorted(events(db_session, "block.inserted"), key=lambda e: e.id)
    assert second_event.detail["renamed"]["disability"] == "disability_2"


ROUTED_BLOCK = """\
template:
  title: Keep in touch
  kind: block
  purpose: check-back
survey:
  format: surveybuilder/1
  slug: tpl-keep-in-touch
  title: Keep in touch
  participation_level: consult
  sections:
    - title: Hearing back
      questions:
        - key: hear_back
          type: yes_no
          text: Would you like to hear back?
        - key: email
          type: email
          text: What is your email address?
          personal_data: true
          show_if: {question: hear_back, in: ["yes"]}
    - title: Staying involved
      show_if: {question: hear_back, in: ["yes"]}
      questions:
        - key: postcode
          type: postcode
          text: What is your postcode?
"""


def test_a_block_clashing_with_the_consultations_own_keys_routes_on_its_renamed_copy(
        app, editor_client, db_session, make_consultation, organisation, tmp_path):
    (tmp_path / "keep-in-touch.yaml").write_text(ROUTED_BLOCK, encoding="utf-8")
    app.config["TEMPLATES_DIR"] = str(tmp_path)
    consultation = make_consultation(organisation)  # has hear_back and postcode already
    response = insert(editor_client, consultation, "keep-in-touch")
    assert response.status_code == 302

    draft = draft_definition(db_session, consultation)
    assert draft.question("hear_back_2").show_if is None
    assert draft.question("email").show_if.question == "hear_back_2"  # email was free
    assert draft.sections[-1].show_if.question == "hear_back_2"
    assert draft.question("postcode_2").text == "What is your postcode?"
    assert draft.question("postcode").show_if is None  # the consultation's own is untouched
    page = text_of(editor_client.get(response.headers["Location"]))
    assert "hear_back is now hear_back_2, postcode is now postcode_2" in page


def test_clash_free_keys_never_lands_on_another_key_and_stays_short_enough():
    assert clash_free_keys(["a", "a_2", "b"], {"a", "a_2"}) == {"a": "a_3", "a_2": "a_2_2"}
    long_key = "k" * 64
    assert clash_free_keys([long_key], {long_key}) == {long_key: "k" * 62 + "_2"}
    assert clash_free_keys(["x"], set()) == {}


def test_insert_block_refuses_a_missing_choice_and_unknown_blocks(
        editor_client, make_consultation, organisation, db_session):
    consultation = make_consultation(organisation)
    response = editor_client.post(f"{BASE}/{consultation.id}/insert-block", data={})
    assert "Choose a block to add" in text_of(response)
    assert "<title>Error: " in response.get_data(as_text=True)
    response = insert(editor_client, consultation, "public-consultation")
    assert response.status_code == 200
    assert "Not a valid choice" in text_of(response)
    assert events(db_session, "block.inserted") == []


# The charter plan ---------------------------------------------------------------------

def test_plan_questions_cover_every_plan_field():
    assert [q.field for q in PLAN_QUESTIONS] == list(PlanDef.model_fields)
    assert all(q.question.endswith("?") and q.hint for q in PLAN_QUESTIONS)


def test_plan_saves_and_shows_what_is_still_unanswered(
        editor_client, db_session, make_consultation, organisation):
    consultation = make_consultation(organisation, plan={})
    url = f"{BASE}/{consultation.id}/plan"
    page = text_of(editor_client.get(url))
    assert f"0 of {len(PLAN_QUESTIONS)} questions answered" in page
    assert "How will you review success?" in page
    assert "decide this at the beginning, so you can measure from the outset" in page

    response = editor_client.post(url, data={
        "aims": "  Better lighting in the park  ",
        "success_measures": "More evening visits by March",
        "reward": ""})
    assert response.status_code == 302 and response.headers["Location"].endswith(url)
    db_session.refresh(consultation)
    assert consultation.plan == {"aims": "Better lighting in the park",
                                 "success_measures": "More evening visits by March"}
    [event] = events(db_session, "plan.changed")
    assert event.detail["answered"] == ["aims", "success_measures"]

    response = editor_client.get(url)
    body = response.get_data(as_text=True)
    page = text_of(response)
    assert "The plan has been saved" in page
    assert f"2 of {len(PLAN_QUESTIONS)} questions answered" in page
    assert "More evening visits by March</textarea>" in body
    start = body.index("Still to answer")
    still = body[start:body.index("<form", start)]
    assert 'href="#reward"' in still and 'href="#aims"' not in still
    assert draft_definition(db_session, consultation).plan.aims == "Better lighting in the park"


def test_viewers_read_the_plan_but_cannot_change_it(
        client, db_session, make_consultation, organisation, make_user):
    consultation = make_consultation(organisation, plan={"aims": "Safer paths"})
    make_user(organisation, "viewer@example.gov.uk", Role.VIEWER, "Vic Viewer")
    sign_in(client, "viewer@example.gov.uk")
    url = f"{BASE}/{consultation.id}/plan"
    response = client.get(url)
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Safer paths" in body and "Not answered yet" in body
    assert "<textarea" not in body and 'method="post" novalidate' not in body
    assert client.post(url, data={"aims": "Changed by a viewer"}).status_code == 403
    db_session.refresh(consultation)
    assert consultation.plan["aims"] == "Safer paths"
    assert client.get(f"{BASE}/{consultation.id}/insert-block").status_code == 403
    assert client.get("/staff/templates/public-consultation/use").status_code == 403
    gallery = client.get("/staff/templates").get_data(as_text=True)
    assert "Use this template" not in gallery


def test_consultation_pages_share_tabs_marking_the_current_one(
        editor_client, make_consultation, organisation):
    consultation = make_consultation(organisation)
    for path, current in (("", "Overview"), ("/plan", "Plan")):
        body = editor_client.get(f"{BASE}/{consultation.id}{path}").get_data(as_text=True)
        nav = body[body.index('aria-label="This consultation"'):]
        nav = nav[:nav.index("</nav>")]
        for label in ("Overview", "Plan", "Charter check", "Preview"):
            assert label in nav
        assert nav.count('aria-current="page"') == 1
        assert re.search(rf'aria-current="page">\s*<strong[^>]*>{current}<', nav)
    assert f'href="{BASE}/{consultation.id}/charter"' in nav


# In a real browser ------------------------------------------------------------------

def check_page(browser, url: str) -> None:
    assert len(browser.find_elements(By.TAG_NAME, "h1")) == 1, url
    assert_accessible(browser)
    assert no_horizontal_scroll(browser), f"{url} scrolls sideways at 320 CSS px"
    assert small_targets(browser) == [], url


@pytest.mark.parametrize("template", ["equality-monitoring", "young-peoples-survey"])
def test_template_pages_pass_axe_reflow_and_target_size(
        signed_in_browser, live_server, make_consultation, organisation, template):
    browser = signed_in_browser
    consultation = make_consultation(organisation)
    consultation_url = f"{live_server}{BASE}/{consultation.id}"
    pages = [f"{live_server}/staff/templates",
             f"{live_server}/staff/templates?level=consult&purpose=equality",
             f"{live_server}/staff/templates?level=co-produce&purpose=equality",
             f"{live_server}/staff/templates/{template}",
             f"{live_server}/staff/templates/public-consultation/use",
             f"{consultation_url}/plan", f"{consultation_url}/insert-block",
             consultation_url]
    for url in pages:
        browser.get(url)
        check_page(browser, url)


def test_error_states_pass_axe_and_the_journeys_work_in_the_browser(
        signed_in_browser, live_server, make_consultation, organisation, db_session):
    from selenium.webdriver.support.wait import WebDriverWait

    browser = signed_in_browser
    consultation = make_consultation(organisation)

    def submit() -> None:
        and_wait(browser, browser.find_element(By.CSS_SELECTOR, "main form[method=post] button"))

    # Use a template, with an error first: the summary takes focus and the page passes.
    browser.get(f"{live_server}/staff/templates/public-consultation/use")
    slug = browser.find_element(By.ID, "slug")
    slug.clear()
    slug.send_keys("victoria-park-2027")
    submit()
    assert browser.title.startswith("Error: ")
    WebDriverWait(browser, 10).until(
        lambda d: d.find_element(By.CSS_SELECTOR, ".govuk-error-summary:focus"))
    check_page(browser, "use template with an error")
    slug = browser.find_element(By.ID, "slug")
    slug.clear()
    slug.send_keys("tipton-library")
    submit()
    assert "has been created from the template" in browser.find_element(By.ID, "main-content").text

    # Insert a block without choosing one, then choose one.
    browser.get(f"{live_server}{BASE}/{consultation.id}/insert-block")
    submit()
    assert browser.title.startswith("Error: ")
    check_page(browser, "insert block with an error")
    browser.find_element(By.CSS_SELECTOR, "label[for='block']").click()
    submit()
    assert "has been added at the end" in browser.find_element(By.ID, "main-content").text
    check_page(browser, "overview after inserting a block")

    # Save the plan and see it.
    browser.get(f"{live_server}{BASE}/{consultation.id}/plan")
    browser.find_element(By.ID, "aims").send_keys("Better lighting")
    submit()
    assert "The plan has been saved" in browser.find_element(By.ID, "main-content").text
    assert browser.find_element(By.ID, "aims").get_attribute("value") == "Better lighting"
    check_page(browser, "plan after saving")
    assert db_session.exec(select(Consultation).where(
        Consultation.slug == "tipton-library")).one()
