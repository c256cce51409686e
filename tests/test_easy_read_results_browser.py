"""The easy-read results page ("You said, we did") in Chromium: axe finds nothing, and
every visible line passes the project's easy-read checker (default options, at most 15
words a sentence).

The page's own words are what is checked. Staff's words — the title, the summaries,
each "You said" and "We did", the questions and answers behind the figures — are
written easy-read-ready here, or swapped for plain words before checking, so a finding
is in words the application writes. OpenMoji's attribution is left out: its licence
asks for it word for word wherever its pictures are."""

from __future__ import annotations

from selenium.webdriver.common.by import By
from support.browser import assert_accessible, no_horizontal_scroll
from support.easy_read_text import text_problems
from support.feedback import closed_consultation, hear_back_definition

from surveybuilder.feedback import decisions
from surveybuilder.survey.loading import load_definition


def _staff_words(definition) -> dict[str, str]:
    """Each question's words and each answer's label, swapped for plain words."""
    words = {}
    for question in definition.questions():
        words[question.text] = "the question"
        for choice in question.choices():
            words[choice.label] = "an answer"
    return dict(sorted(words.items(), key=lambda item: -len(item[0])))



def test_the_easy_read_results_page_is_easy_read_and_accessible(
        browser, live_server, db_session, organisation, make_consultation, ready_definition,
        editor):
    base = {**ready_definition, "title": "Tell us about the park"}
    closed = closed_consultation(db_session, organisation, make_consultation, base)
    consultation = closed.consultation
    decisions.update_summary(db_session, consultation, editor, "People like the park.",
                             "People like the park.\nThey want more lights.",
                             "We will put up the lights in May.", [])
    decisions.add_item(db_session, consultation, editor, {
        "you_said": "The park is dark at night.", "we_did": "We will put up new lights.",
        "easy_read_text": "We will put up new lights.", "status": "not_possible",
        "reason": "We do not have the money.", "easy_read_picture": "light"})
    decisions.publish(db_session, consultation, editor)
    db_session.commit()
    swapped = {consultation.title: "the park", organisation.name: "the council",
               **_staff_words(load_definition(hear_back_definition(base)))}

    browser.get(f"{live_server}/c/{consultation.slug}/results?format=easy-read")
    assert_accessible(browser)
    assert no_horizontal_scroll(browser)
    text = browser.find_element(By.TAG_NAME, "main").text
    for line in ("What you told us and what we did", "What people said",
                 "We will tell you here when it does.", "What happens next"):
        assert line in text.splitlines(), line
    assert "Progress updates" not in text
    assert not text_problems(text, swapped), "\n".join(text_problems(text, swapped))

    browser.get(f"{live_server}/c/{consultation.slug}/results")
    standard = browser.find_element(By.TAG_NAME, "main").text
    assert "You said, we did: Tell us about the park" in standard
    assert "Progress updates" in standard
