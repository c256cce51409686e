"""Fixed words that were outside the catalogue now come from it (issue 13 item 1,
decision 12): routing sentences on paper, the "We did" status words, the results
tables' captions and headings, the five-point scales' words and the "Listen" labels.
Drawn in easy read they are the easy-read catalogue's words; drawn in standard they are
the English exactly as before (test_behaviour_unchanged covers the printed forms)."""

from __future__ import annotations

import pytest
from test_wording_catalogue import marked

import easyread
from surveybuilder import wording
from surveybuilder.feedback import decisions
from surveybuilder.survey import routing_words
from surveybuilder.survey.types.scale import scale_choices

EASY = wording.locale_for(True)
STANDARD = wording.locale_for(False)


@pytest.mark.parametrize("message", [
    "%(start)s if you ticked %(answers)s at question %(number)s.",
    "%(start)s if you ticked an answer with %(sign)s beside it at question %(number)s.",
    "If you ticked “%(answer)s”, %(place)s.", "Skip this question", "Only answer this section",
    "In progress", "We cannot do this.", "Dissatisfied", "Neither agree nor disagree",
    "Answers to question %(number)s", "Percentage", "Listen", "to this question",
    "Download the recording", "This recording is being prepared"])
def test_each_is_marked_for_the_catalogue(message):
    assert message in marked(), f"“{message}” is not marked, so easy read cannot say it"


def test_scales_in_easy_read_use_everyday_words():
    with wording.in_locale(EASY):
        easy = [c.label for scale in ("agree", "satisfied") for c in scale_choices(scale)]
    with wording.in_locale(STANDARD):
        standard = [c.label for c in scale_choices("satisfied")]
    assert standard[3] == "Dissatisfied"
    assert not any("atisfied" in label for label in easy), easy
    assert all(not easyread.check(label) for label in easy), easy


def test_status_words_follow_the_locale():
    with wording.in_locale(STANDARD):
        assert decisions.status_label("in_progress") == "In progress"
    with wording.in_locale(EASY):
        assert decisions.status_label("in_progress") == "Started"
        assert decisions.easy_status("done") == "We have done this."


def test_routing_sentences_are_the_same_english_and_pass_the_checker_in_easy_read():
    choice = routing_words.choose(["yes"], ["yes", "no", "dont_know"])
    labels = {"yes": "Yes", "no": "No", "dont_know": "I don't know"}
    with wording.in_locale(STANDARD):
        standard = routing_words.on_paper(choice, labels, 8, "section", False).text
        go = routing_words.go_to("No", 7, False)
    assert standard == "Only answer this section if you ticked “Yes” at question 8."
    assert go == "If you ticked “No”, go to question 7."
    with wording.in_locale(EASY):
        easy = routing_words.on_paper(choice, labels, 8, "question", True).text
        end = routing_words.go_to("No", None, True)
    assert easy == "Only answer this if you ticked “Yes” at question 8."
    assert end == "If you ticked “No”, go to the end of the form."
    assert not easyread.check(easy) and not easyread.check(end)
