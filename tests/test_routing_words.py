"""Routing said simply (issue 13, item 3): the chooser in `survey.routing_words`, then
the Done-when check — routing text never names more than three answers, over every
shipped template and the demo, on the editor's pages and in all three printed PDFs.

Answers are counted by their quoted labels: every “label” of the deciding question
found in a routing sentence counts, so a sentence that went back to listing every
answer would fail whatever the template."""

from __future__ import annotations

import copy
import html
import io
import json
import re
from pathlib import Path

import pytest

import easyread
from surveybuilder.printing import document
from surveybuilder.printing.formats import print_format
from surveybuilder.printing.render import render_form
from surveybuilder.survey import routing_words
from surveybuilder.survey.definition import ShowIf, SurveyDefinition
from surveybuilder.survey.loading import load_definition
from surveybuilder.survey.routing import describe_rule
from surveybuilder.survey.routing_words import MOST_NAMED, choose, for_staff, go_to, on_paper
from surveybuilder.survey.templates import load_templates

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "surveybuilder" / "demo_consultation.json"
LABELS = {"yes": "Yes", "no": "No"}


# The chooser ---------------------------------------------------------------------------

def test_few_showing_answers_are_named():
    assert choose(["yes"], ["yes", "no", "dont_know"]) == routing_words.Choice(
        "only", named=("yes",))


def test_few_hiding_answers_are_named_as_a_skip():
    ages = ["under_16", "16_17", "18_24", "25_34", "35_44", "45_54", "55_64", "65_74",
            "75_84", "85_over", "prefer_not"]
    choice = choose(ages[1:], ages)
    assert choice == routing_words.Choice("skip", named=("under_16",))


def test_a_tie_is_said_the_positive_way():
    assert choose(["a", "b"], ["a", "b", "c", "d"]).how == "only"


def test_more_than_three_both_ways_marks_the_smaller_set_and_names_none():
    offered = [f"o{i}" for i in range(9)]
    showing = ["o0", "o2", "o4", "o6"]  # 4 show, 5 hide
    choice = choose(showing, offered)
    assert (choice.how, choice.named, choice.marked) == ("only", (), tuple(showing))
    hiding = choose(["o0", "o2", "o4", "o6", "o8"], offered)  # 5 show, 4 hide
    assert (hiding.how, hiding.named, hiding.marked) == ("skip", (), ("o1", "o3", "o5", "o7"))


def test_every_answer_showing_it_is_said_as_answered():
    assert choose(["a", "b"], ["a", "b"]).how == "answered"


@pytest.mark.parametrize("size", range(1, 12))
def test_never_more_than_three_named_for_any_split(size):
    offered = [f"o{i}" for i in range(size)]
    for cut in range(1, size + 1):
        for showing in (offered[:cut], offered[size - cut:], offered[::2][:cut]):
            assert len(choose(showing, offered).named) <= MOST_NAMED


# The words ---------------------------------------------------------------------------

def test_a_question_and_a_section_on_paper():
    only = choose(["yes"], ["yes", "no"])
    assert on_paper(only, LABELS, 3, "question", easy=False).lines == (
        "Only answer this if you ticked “Yes” at question 3.",)
    assert on_paper(only, LABELS, 3, "section", easy=False).lines == (
        "Only answer this section if you ticked “Yes” at question 3.",)
    skip = routing_words.Choice("skip", named=("no",))
    assert on_paper(skip, LABELS, 8, "question", easy=False).text == \
        "Skip this question if you ticked “No” at question 8."
    assert on_paper(skip, LABELS, 8, "section", easy=False).text == \
        "Skip this section if you ticked “No” at question 8."


def test_marked_wording_points_at_the_sign():
    choice = routing_words.Choice("only", marked=("a", "b", "c", "d"))
    said = on_paper(choice, {}, 8, "section", easy=True, marker="►2")
    assert said.text == "Only answer this section if you ticked an answer with ►2 beside " \
                        "it at question 8."
    assert said.named == ()


def test_go_to_straight_after():
    assert go_to("No", 7, easy=False) == "If you ticked “No”, go to question 7."
    assert go_to("No", None, easy=False) == "If you ticked “No”, go to the end of the form."
    long_answer = "Through someone else, such as a carer, advocate or support worker"
    assert go_to(long_answer, 7, easy=True) == "If you ticked this, go to question 7."


def test_easy_read_puts_answers_on_their_own_lines_when_a_sentence_would_be_long():
    labels = {"a": "Phone call", "b": "Text message", "c": "Video call with someone who signs"}
    said = on_paper(choose(["a", "b", "c"], [*labels, "d", "e", "f", "g"]), labels, 8,
                    "question", easy=True)
    assert said.answers_on_own_lines
    assert said.lines == ("Only answer this if you ticked one of these at question 8:",
                          "“Phone call”", "“Text message”",
                          "“Video call with someone who signs”")
    everyday = on_paper(choose(["a", "b", "c"], [*labels, "d", "e", "f", "g"]), labels, 8,
                        "question", easy=False)
    assert len(everyday.lines) == 1


@pytest.mark.parametrize("item", ["question", "section"])
def test_easy_read_instructions_pass_the_checker(item):
    labels = {"a": "Yes", "b": "I do not want to say", "c": "Someone else helps me",
              "d": "No", "e": "Maybe"}
    choices = [choose(["a"], list(labels)), choose(["a", "b", "c"], list(labels)),
               choose(["a", "b", "c", "d"], list(labels)),
               routing_words.Choice("only", marked=("a", "b", "c", "d")),
               routing_words.Choice("skip", marked=("a", "b", "c", "d"))]
    for choice in choices:
        for line in on_paper(choice, labels, 12, item, easy=True).lines:
            assert max(easyread.sentence_lengths(line)) <= 15, line
            assert not [f for f in easyread.check(line)
                        if f.rule == easyread.Rule.LONG_SENTENCE], line


def test_staff_words_name_the_question_and_say_when_a_blank_skips(demo):
    known = {q.key: q for q in demo.questions()}
    visit = known["visit"]
    assert visit.required
    assert describe_rule(ShowIf(question="visit", **{"in": ["weekly", "monthly", "rarely"]}),
                         known) == \
        "Skipped if the answer to “How often do you visit Victoria Park?” is “Never”"
    optional = visit.model_copy(update={"required": False})
    labels = {c.key: c.label for c in visit.choices()}
    assert for_staff(choose(["weekly", "monthly", "rarely"], list(labels)), optional,
                     labels).endswith("is “Never”, or it is not answered")


# Marks on a printed form -----------------------------------------------------------------

HEARD = [("poster", "A poster"), ("leaflet", "A leaflet"), ("radio", "Local radio"),
         ("paper", "A newspaper"), ("friend", "A friend"), ("school", "A school"),
         ("doctor", "My doctor"), ("web", "The council website"), ("other", "Somewhere else")]


def with_many_answers() -> dict:
    """The demo with a question of nine answers, a question shown by four of them and a
    section shown by a different five: more than three both ways, twice."""
    data = json.loads(DEMO.read_text(encoding="utf-8"))
    data = copy.deepcopy(data)
    data["sections"].append({"title": "Hearing about it", "questions": [
        {"key": "heard", "type": "single_choice", "text": "How did you hear about this?",
         "options": [{"key": k, "label": v} for k, v in HEARD]},
        {"key": "heard_print", "type": "short_text", "text": "Which one was it?",
         "show_if": {"question": "heard", "in": ["poster", "leaflet", "paper", "school"]}}]})
    data["sections"].append({
        "title": "Telling others", "show_if": {"question": "heard",
                                               "in": ["radio", "friend", "doctor", "web"]},
        "questions": [{"key": "tell", "type": "long_text", "text": "Who will you tell?"}]})
    return data


def test_marked_answers_carry_their_sign_and_each_set_its_own():
    definition = load_definition(with_many_answers())
    for slug in ("standard", "easy-read", "large-print"):
        printed = document.build(definition, 1, print_format(slug), "Sandwell Council")
        questions = {q.question.key: q for s in printed.sections for q in s.questions}
        heard = questions["heard"]
        number = heard.number
        assert {c.key: c.marks for c in heard.choices if c.marks} == {
            "poster": ("►",), "leaflet": ("►",), "paper": ("►",), "school": ("►",),
            "radio": ("►2",), "friend": ("►2",), "doctor": ("►2",), "web": ("►2",)}
        assert questions["heard_print"].condition.text == (
            f"Only answer this if you ticked an answer with ► beside it at question "
            f"{number}.")
        section = next(s for s in printed.sections if s.title == "Telling others")
        assert section.condition.text == (f"Only answer this section if you ticked an answer "
                                          f"with ►2 beside it at question {number}.")
        markup = document.to_html(printed)
        assert markup.count('<span class="mark">►</span>') == 4
        assert markup.count('<span class="mark">►2</span>') == 4


# Done when: never more than three answers, online and on paper -----------------------------

def shipped() -> list[tuple[str, dict]]:
    """Every shipped template and the demo, as definition data, and the many-answers
    case so the marked wording is checked on the same pages."""
    found = [(t.name, t.definition.to_json()) for t in load_templates(ROOT / "templates")]
    return [*found, ("demo", json.loads(DEMO.read_text(encoding="utf-8"))),
            ("many-answers", with_many_answers())]


def routed(definition: SurveyDefinition) -> list[ShowIf]:
    return [rule for section in definition.sections
            for rule in (section.show_if, *(q.show_if for q in section.questions)) if rule]


def answers_named(sentence: str, definition: SurveyDefinition) -> int:
    """How many answers of routable questions a sentence names, by their quoted labels
    (everyday or easy read)."""
    labels = {c.label for q in definition.questions() if q.routable for c in q.choices()}
    labels |= {o.easy_read.text for q in definition.questions() if q.routable
               for o in getattr(q, "options", []) or [] if o.easy_read and o.easy_read.text}
    return sum(1 for label in labels if f"“{label}”" in sentence)


def routing_sentences(response) -> list[str]:
    """The routing sentences of an editor page: each "Routing:" note (overview,
    gallery, preview) and each rule on the routing page, as a person reads them."""
    markup = response.get_data(as_text=True)
    found = re.findall(r"<strong>Routing:</strong>(.*?)</(?:p|div)>", markup, re.S)
    found += re.findall(r'<dd class="govuk-summary-list__value">(.*?)</dd>', markup, re.S)
    return [" ".join(html.unescape(re.sub(r"<[^>]+>", " ", f)).split()) for f in found]


@pytest.fixture
def demo() -> SurveyDefinition:
    return load_definition(json.loads(DEMO.read_text(encoding="utf-8")))


def test_the_list_of_ages_is_said_as_one_skip():
    """The issue's example: ten ages used to be listed; one is enough."""
    equality = next(t for t in load_templates(ROOT / "templates")
                    if t.name == "equality-monitoring")
    printed = document.build(equality.definition, 1, print_format("standard"), "Sandwell")
    said = [q.condition.text for s in printed.sections for q in s.questions if q.condition]
    assert any(text.startswith("Skip this question if you ticked “Under 16”")
               for text in said), said


def test_editor_routing_pages_and_gallery_never_name_more_than_three(
        editor_client, make_consultation, organisation):
    most = 0
    for name, data in shipped():
        definition = load_definition(data)
        rules = routed(definition)
        consultation = make_consultation(organisation, {**data, "slug": f"r-{name}"})
        routing_page = editor_client.get(f"/staff/consultations/{consultation.id}/routing")
        overview = editor_client.get(f"/staff/consultations/{consultation.id}")
        pages = [routing_page, overview]
        if name not in ("demo", "many-answers"):
            pages.append(editor_client.get(f"/staff/templates/{name}"))
        for response in pages:
            assert response.status_code == 200
            sentences = routing_sentences(response)
            assert len(sentences) >= len(rules), (name, response.request.path)
            for sentence in sentences:
                named = answers_named(sentence, definition)
                most = max(most, named)
                assert named <= MOST_NAMED, (name, sentence)
    assert most >= 2  # the counting sees answers: a sentence naming none everywhere fails


@pytest.mark.pdf
def test_printed_forms_never_name_more_than_three(demo):
    import pdfplumber

    instruction = re.compile(r"(?:Only answer this|Skip this)[^.:]*?at question \d+"
                             r"(?:\.|:((?:\s*“[^”]*”)+))")
    for name, data in shipped():
        definition = load_definition(data)
        rules = routed(definition)
        for slug in ("standard", "easy-read", "large-print"):
            form = render_form(definition, 1, print_format(slug), "Sandwell Council")
            with pdfplumber.open(io.BytesIO(form.pdf)) as pdf:
                text = " ".join(" ".join((page.extract_text() or "").split())
                                for page in pdf.pages)
            text = re.sub(r"(?<=\w)- (?=\w)", "-", text)  # "ring-and-" / "ride" wrapped
            found = list(instruction.finditer(text))
            assert len(found) >= len(rules), (name, slug)
            for match in found:
                named = answers_named(match.group(0), definition)
                assert named <= MOST_NAMED, (name, slug, match.group(0))
            for go in re.findall(r"If you ticked “[^”]*”, go to", text):
                assert answers_named(go, definition) == 1, (name, slug, go)
            if name == "many-answers":
                assert "with ► beside it" in text and "with ►2 beside it" in text


def test_previews_say_routing_simply_and_easy_read_shows_the_answers_pictures(
        editor_client, make_consultation, organisation):
    data = with_many_answers()
    definition = load_definition(data)
    consultation = make_consultation(organisation, {**data, "slug": "preview-routing"})
    base = f"/staff/consultations/{consultation.id}/preview"
    for query, easy in (("", False), ("?format=easy-read", True)):
        notes, pictures, number = [], 0, 1
        while (response := editor_client.get(f"{base}/{number}{query}")).status_code == 200:
            notes += routing_sentences(response)
            pictures += response.get_data(as_text=True).count('class="sb-routing-picture"')
            number += 1
        assert len(notes) >= len(routed(definition)), query
        assert all(answers_named(note, definition) <= MOST_NAMED for note in notes), notes
        assert (pictures > 0) == easy, query  # "Yes" (hear_back) has its tick in easy read


@pytest.mark.browser
def test_an_easy_read_preview_with_a_routing_picture_is_accessible(
        browser, live_server, editor, make_consultation, organisation):
    from conftest import browser_sign_in
    from selenium.webdriver.common.by import By
    from support.browser import assert_accessible, no_horizontal_scroll

    consultation = make_consultation(organisation, json.loads(DEMO.read_text(encoding="utf-8")))
    browser_sign_in(browser, live_server, editor.email)
    for number in range(1, 30):
        browser.get(f"{live_server}/staff/consultations/{consultation.id}/preview/{number}"
                    f"?format=easy-read")
        if browser.find_elements(By.CLASS_NAME, "sb-routing-picture"):
            break
    else:
        pytest.fail("no easy-read preview page shows a routing picture")
    assert "Routing:" in browser.find_element(By.ID, "main-content").text
    assert_accessible(browser)
    assert no_horizontal_scroll(browser)
