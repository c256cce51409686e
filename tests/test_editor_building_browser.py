"""Building the library consultation in a real browser as an officer would (issue 16,
"Done when"): from a template, eight questions of its own with one routed, options
pasted, easy-read wording written on the same form, the equality block moved after
"About you", a charter check with no failures and no warnings (easy read offered and
ready), published, and no key typed. The same task is done the old way too (keys
typed, options added one at a time, the choice limit set afterwards), and both
counts of page loads are printed: the new way must need fewer than half.

Also: a moved item has keyboard focus where the page comes back, and the new pages
pass axe at 320 px, error states included."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from sqlmodel import select
from support.browser import (
    and_wait,
    assert_usable,
    focused_element,
    small_targets,
    wait_for_new_page,
)

from surveybuilder.charter import checks
from surveybuilder.consultations.snapshots import (
    draft_definition,
    options_of,
    questions_of,
    sections_of,
)
from surveybuilder.models import Consultation, Status

pytestmark = pytest.mark.browser

LIBRARY = json.loads((Path(__file__).parent / "data" / "library-consultation.json")
                     .read_text(encoding="utf-8"))
BASE = "/staff/consultations"


class Officer:
    """A person at the browser; `loads` counts every page load they cause (each
    address opened and each form sent), which is what a slow editor costs them."""

    def __init__(self, browser, server: str):
        self.browser, self.server, self.loads = browser, server, 0

    def open(self, path: str) -> None:
        self.browser.get(self.server + path)
        self.loads += 1

    def send(self, label: str) -> None:
        """Press the button or follow the link whose words contain `label`."""
        found = self.browser.find_element(By.XPATH, (
            f"//main//*[(self::button or self::a) and contains(normalize-space(.), "
            f"{json.dumps(label)})]"))
        and_wait(self.browser, found)
        self.loads += 1

    def type(self, field_id: str, text: str) -> None:
        field = self.browser.find_element(By.ID, field_id)
        field.clear()
        field.send_keys(text)

    def write_easy_read(self, question: dict) -> None:
        """The easy-read wording and picture, on the same form as the question."""
        self.type("easy_read_text", question["easy_read"]["text"])
        self.type("easy_read_picture", question["easy_read"]["picture"])

    def tick(self, label: str) -> None:
        self.browser.find_element(By.XPATH, (
            f"//main//label[normalize-space(.)={json.dumps(label)}]")).click()

    def where(self) -> str:
        return self.browser.current_url.removeprefix(self.server)

    def link(self, words: str) -> str:
        """The address of a link on this page, found by the words it shows or hides."""
        return self.browser.find_element(By.XPATH, (
            f"//main//a[contains(normalize-space(.), {json.dumps(words)})]")
        ).get_attribute("href").removeprefix(self.server)


def the_consultation(db_session) -> Consultation:
    db_session.expire_all()
    return db_session.exec(select(Consultation).where(
        Consultation.slug == LIBRARY["slug"])).one()


def text_of_key(db_session, consultation: Consultation, key: str) -> str:
    db_session.expire_all()
    return next(q.text for q in questions_of(db_session, consultation) if q.key == key)


def start_from_template(officer: Officer, db_session) -> Consultation:
    """Ends on the consultation's overview, where the rest starts."""
    officer.open(f"/staff/templates/{LIBRARY['template']}/use")
    officer.type("title", LIBRARY["title"])
    officer.type("slug", LIBRARY["slug"])
    officer.send("Create consultation")
    return the_consultation(db_session)


def delete_template_sections(officer: Officer) -> None:
    for title in LIBRARY["delete_sections"]:
        officer.send(f"Delete section {title}")
        officer.send("Delete section")


def reword(officer: Officer, consultation: Consultation, db_session) -> None:
    for key, text in LIBRARY["reword"].items():
        officer.send(f"Edit question {text_of_key(db_session, consultation, key)}")
        officer.type("text", text)
        officer.send("Save question")


def add_section(officer: Officer) -> None:
    officer.send("Add a section")
    officer.type("title", LIBRARY["new_section"])
    officer.send("Add section")


def choose_type(officer: Officer, kind: str) -> None:
    officer.browser.find_element(By.CSS_SELECTOR, f"input[name=type][value={kind}]").click()
    officer.send("Continue")


def add_questions_new_way(officer: Officer) -> None:
    """Options pasted, the limit set on the same form, then straight on to the next."""
    officer.send(f"Add a question to section {LIBRARY['new_section']}")
    for number, question in enumerate(LIBRARY["questions"], start=1):
        choose_type(officer, question["type"])
        officer.type("text", question["text"])
        if "max_choices" in question:
            officer.type("max_choices", str(question["max_choices"]))
        if "options" in question:
            officer.type("options", "\n".join(question["options"]) + "\n\n")
        officer.write_easy_read(question)
        last = number == len(LIBRARY["questions"])
        officer.send("Add question" if last else "Add question, then add another")


def add_questions_old_way(officer: Officer) -> None:
    """Today's way: a key typed for every question and option, the options one at a
    time on their own page, and the choice limit set once the options exist."""
    for question in LIBRARY["questions"]:
        officer.send(f"Add a question to section {LIBRARY['new_section']}")
        choose_type(officer, question["type"])
        officer.browser.find_element(By.CSS_SELECTOR, "#advanced summary").click()
        officer.type("key", question["key"])
        officer.type("text", question["text"])
        officer.write_easy_read(question)
        officer.send("Add question")
        if "options" not in question:
            continue
        for number, label in enumerate(question["options"], start=1):
            officer.type("label", label)
            officer.browser.find_element(By.CSS_SELECTOR, "#advanced summary").click()
            officer.type("key", f"{question['key']}_{number}")
            officer.send("Add option")
        officer.send("I have finished adding options")
        if "max_choices" in question:
            officer.send(f"Edit question {question['text']}")
            officer.type("max_choices", str(question["max_choices"]))
            officer.send("Save question")


def route(officer: Officer, consultation: Consultation, db_session) -> None:
    texts = {q["key"]: q["text"] for q in LIBRARY["questions"]}
    for question in LIBRARY["questions"]:
        rule = question.get("show_if")
        if not rule:
            continue
        db_session.expire_all()
        on = next(q for q in questions_of(db_session, consultation)
                  if q.text == texts[rule["question"]])
        officer.send(f"Routing for question {question['text']}")
        officer.browser.find_element(By.CSS_SELECTOR,
                                     f"input[name=question][value={on.key}]").click()
        officer.send("Continue")
        for label in rule["in"]:
            officer.tick(label)
        officer.send("Save routing")


def add_and_place_the_block(officer: Officer, consultation: Consultation, db_session) -> None:
    """The block comes in at the end; contact details belong last, so "Staying in
    touch" moves down past it."""
    officer.send("Insert a block of questions")
    officer.browser.find_element(By.CSS_SELECTOR,
                                 f"input[name=block][value='{LIBRARY['block']}']").click()
    officer.send("Add block")
    last = LIBRARY["block_before"]
    while True:
        db_session.expire_all()
        titles = [s.title for s in sections_of(db_session, consultation)]
        if titles[-1] == last:
            return
        officer.send(f"Move down section {last}")


def fill_details_and_plan(officer: Officer, consultation: Consultation) -> None:
    details = LIBRARY["details"]
    officer.open(f"{BASE}/{consultation.id}/details")
    for name in ("can_change", "cannot_change", "privacy_notice"):
        officer.type(name, details[name])
    contact_id = "contact_email" if officer.browser.find_elements(By.ID, "contact_email") \
        else "contact"
    officer.type(contact_id, details["contact"])
    officer.type("return_address", details["return_address"])
    for name in ("opens", "closes", "feedback_by"):
        for part, value in zip(("day", "month", "year"), details[name], strict=True):
            officer.type(f"{name}-{part}", value)
    assert officer.browser.find_element(
        By.CSS_SELECTOR, "input[name=formats][value=easy_read]").is_selected()
    officer.send("Save details")
    officer.open(f"{BASE}/{consultation.id}/plan")
    for name, text in LIBRARY["plan"].items():
        officer.type(name, text)
    officer.send("Save plan")


def explain_hard_words(officer: Officer, consultation: Consultation) -> None:
    """The words of the officer's own options that the easy-read dictionary lacks get
    their meaning on the Easy read tab's glossary page (the block brings its own)."""
    officer.open(f"{BASE}/{consultation.id}/easy-read/glossary")
    for word, meaning in LIBRARY["meanings"].items():
        words = json.dumps(f"What “{word}” means", ensure_ascii=False)
        label = officer.browser.find_element(By.XPATH,
                                             f"//main//label[normalize-space(.)={words}]")
        officer.type(label.get_attribute("for"), meaning)
    officer.send("Save meanings")


def check_and_publish(officer: Officer, consultation: Consultation) -> None:
    officer.open(f"{BASE}/{consultation.id}/charter")
    shown = officer.browser.find_element(By.TAG_NAME, "main").text
    assert " 0 warnings, 0 fail." in shown, shown
    officer.open(f"{BASE}/{consultation.id}/publish")
    assert not officer.browser.find_elements(By.ID, "reason"), "the charter asks for a reason"
    officer.send("Publish")


def build(officer: Officer, db_session, *, old_way: bool) -> Consultation:
    consultation = start_from_template(officer, db_session)
    delete_template_sections(officer)
    add_section(officer)
    if old_way:
        add_questions_old_way(officer)
    else:
        add_questions_new_way(officer)
    route(officer, consultation, db_session)
    reword(officer, consultation, db_session)
    add_and_place_the_block(officer, consultation, db_session)
    fill_details_and_plan(officer, consultation)
    explain_hard_words(officer, consultation)
    check_and_publish(officer, consultation)
    return the_consultation(db_session)


def assert_built(consultation: Consultation, db_session) -> None:
    """What the officer meant: the questions, options, limit, rule, block and order."""
    db_session.expire_all()
    assert consultation.status == Status.OPEN
    sections = sections_of(db_session, consultation)
    assert [s.title for s in sections][:2] == ["About this consultation",
                                               LIBRARY["new_section"]]
    assert sections[-1].title == LIBRARY["block_before"]
    not_passed = [(row.id, row.detail) for row in checks.check(draft_definition(
        db_session, consultation)) if row.outcome != checks.Outcome.PASS]
    assert not_passed == []
    rows = {q.text: q for q in questions_of(db_session, consultation)}
    for question in LIBRARY["questions"]:
        row = rows[question["text"]]
        assert [o.label for o in options_of(db_session, row)] == question.get("options", [])
        assert row.settings.get("max_choices") == question.get("max_choices")
    routed = next(q for q in LIBRARY["questions"] if "show_if" in q)
    on = next(q for q in LIBRARY["questions"] if q["key"] == routed["show_if"]["question"])
    assert rows[routed["text"]].show_if["question"] == rows[on["text"]].key
    own = [q for q in questions_of(db_session, consultation)
           if q.section_id in {s.id for s in sections
                               if s.title in (LIBRARY["new_section"], LIBRARY["block_before"])}]
    assert len(own) == 8


def test_the_library_consultation_takes_under_half_the_page_loads(
        signed_in_browser, live_server, db_session, capsys):
    new = Officer(signed_in_browser, live_server)
    built = build(new, db_session, old_way=False)
    assert_built(built, db_session)
    keys = [q.key for q in questions_of(db_session, built)]
    assert "how_often_do_you_use_tipton_library" in keys  # made from the words

    # The same task the old way, in a second consultation under another address.
    built.slug = "tipton-library-new-way"
    db_session.add(built)
    db_session.commit()
    old = Officer(signed_in_browser, live_server)
    assert_built(build(old, db_session, old_way=True), db_session)

    with capsys.disabled():
        print(f"\nBuilding the library consultation: {new.loads} page loads the new way, "
              f"{old.loads} the old way (keys typed, options one at a time)")
    assert new.loads < old.loads / 2, (new.loads, old.loads)


def test_a_moved_question_has_focus_where_the_page_comes_back(
        signed_in_browser, live_server, make_consultation, organisation, db_session):
    browser = signed_in_browser
    park = make_consultation(organisation)
    safe = next(q for q in questions_of(db_session, park) if q.key == "safe")
    browser.get(f"{live_server}{BASE}/{park.id}")
    button = browser.find_element(By.CSS_SELECTOR, (
        f"#question-{safe.id} form button"))
    wait_for_new_page(browser, button.click)
    assert browser.current_url.endswith(f"#question-{safe.id}")
    assert focused_element(browser).get_attribute("id") == f"question-{safe.id}"
    visit = next(q for q in questions_of(db_session, park) if q.key == "visit")
    option = options_of(db_session, visit)[0]
    browser.get(f"{live_server}{BASE}/{park.id}/questions/{visit.id}/options")
    wait_for_new_page(browser, browser.find_element(
        By.CSS_SELECTOR, f"#option-{option.id} form button").click)
    assert focused_element(browser).get_attribute("id") == f"option-{option.id}"


def test_new_pages_and_their_errors_pass_axe_at_320_px(
        signed_in_browser, live_server, make_consultation, organisation, db_session):
    browser = signed_in_browser
    park = make_consultation(organisation)
    first = sections_of(db_session, park)[0]
    visit = next(q for q in questions_of(db_session, park) if q.key == "visit")
    pages = {
        "blocked delete": f"{BASE}/{park.id}/questions/{visit.id}/delete",
        "add with pasted options": f"{BASE}/{park.id}/sections/{first.id}/questions/new/"
                                   f"multiple_choice",
        "edit with more options": f"{BASE}/{park.id}/questions/{visit.id}/edit",
    }
    for what, path in pages.items():
        browser.get(live_server + path)
        assert_usable(browser, what)
        assert small_targets(browser) == [], what
    # Error states: a repeated pasted option and a key that breaks the rule.
    browser.get(live_server + pages["add with pasted options"])
    browser.find_element(By.ID, "text").send_keys("Which rooms?")
    browser.find_element(By.ID, "options").send_keys("Café\nCafé")
    browser.find_element(By.CSS_SELECTOR, "#advanced summary").click()
    browser.find_element(By.ID, "key").send_keys("2 rooms")
    and_wait(browser, browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
    assert browser.title.startswith("Error: ")
    assert browser.find_element(By.ID, "options").get_attribute("value") == "Café\nCafé"
    assert_usable(browser, "add question with errors")
