"""The easy-read rewriter ("Suggest easy read"): each rule, where it must act and where it
must leave the text alone, and a run over the real sentences the benchmark measures."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

import easyread
from easyread.rewrite import KIND_TITLES

DATA = Path(__file__).parent.parent / "data" / "easy_read_sentences.yaml"


def suggest(text: str) -> easyread.Suggestion:
    return easyread.suggest_easy_read(text)


def kinds(text: str) -> list[str]:
    return [change.kind for change in suggest(text).changes]


# Splitting -----------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("We will repair roads and we will build schools.",
     "We will repair roads.\nWe will build schools."),
    # The subject and helping verb are repeated, so the second sentence stands alone.
    ("We will repair roads and build new schools.",
     "We will repair roads.\nWe will build new schools."),
    ("The library is open late; the café closes at 5pm.",
     "The library is open late.\nThe café closes at 5pm."),
    ("We are closing the library because the roof is broken.",
     "We are closing the library.\nThis is because the roof is broken."),
    ("We are changing the bus times so that buses meet the trains.",
     "We are changing the bus times.\nThis is so that buses meet the trains."),
    ("The council runs the park, which has a big play area for children.",
     "The council runs the park.\nThis has a big play area for children."),
    ("The park opens at 8am, but the café opens at 10am.",
     "The park opens at 8am.\nBut the café opens at 10am."),
    ("Residents can choose a day but will need to tell us by Friday.",
     "Residents can choose a day.\nBut residents will need to tell us by Friday."),
    ("Although the park is small, many families use it every day.",
     "The park is small.\nBut many families use it every day."),
    ("We help about 3,400 people at home, this includes help with washing.",
     "We help about 3,400 people at home.\nThis includes help with washing."),
    ("If you think you might need help with your bins at home, then you can ask us for "
     "an assisted collection.",
     "You may think you might need help with your bins at home.\n"
     "If so, you can ask us for an assisted collection."),
])
def test_splits_sentences_at_joining_words(text: str, expected: str) -> None:
    found = suggest(text)
    assert found.text == expected
    assert "split" in found.kinds()


def test_a_long_list_becomes_one_line_for_each_thing() -> None:
    found = suggest("The new service will include a weekly food waste collection, a bigger "
                    "recycling bin, a free garden waste bag and a phone line for questions.")
    assert found.text.splitlines() == [
        "The new service will include:", "- a weekly food waste collection",
        "- a bigger recycling bin", "- a free garden waste bag", "- a phone line for questions"]


@pytest.mark.parametrize("text", [
    "We sell tea and coffee in the library.",           # "and" joins two things, not ideas
    "We will repair roads and bridges.",                # "bridges" is not a verb
    "Tell us which park you use most often.",           # "which" asks, it does not join
    "Our staff are friendly but busy.",                 # "but" joins two words
    "This is because the roof leaks.",                  # already on its own
    "Take the bus to the park.",
    "If you call us, we will help.",                    # the comma ends an "if" part
    "In May, we will open the park.",                   # "In May" is not a sentence
])
def test_does_not_split_when_the_joining_word_joins_no_ideas(text: str) -> None:
    found = suggest(text)
    assert found.text == text
    assert "split" not in found.kinds()


def test_a_short_if_sentence_is_left_whole() -> None:
    text = "If you live in Sandwell, you can use the tip."
    assert suggest(text).text == text


# Passive to active -----------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("The plan was decided by the council.", "The council decided the plan."),
    ("The report will be reviewed by our team before the meeting.",
     "Our team will review the report before the meeting."),
    ("The changes have been checked by our team.", "Our team has checked the changes."),
    ("The plan was not approved by the residents.", "The residents did not approve the plan."),
    ("The park is cleaned by volunteers.", "Volunteers clean the park."),
    ("We were told by the doctors.", "The doctors told us."),
])
def test_passive_with_a_named_doer_is_made_active(text: str, expected: str) -> None:
    found = suggest(text)
    assert found.text == expected
    assert kinds(text) == ["active"]


@pytest.mark.parametrize("text", [
    "You can send it by email.",
    "It must be returned by 1 April.",
    "The form should be sent by post.",
])
def test_by_that_is_not_a_doer_is_left(text: str) -> None:
    assert suggest(text).text == text


def test_passive_without_a_doer_is_left_for_a_person() -> None:
    found = suggest("The decision was made last year.")
    assert found.text == "The decision was made last year."
    assert [u.excerpt for u in found.unsure] == ["was made"]
    assert "passive-voice" in {str(f.rule) for f in found.remaining}


def test_describing_words_are_not_passive() -> None:
    found = suggest("I am disabled.")
    assert found.text == "I am disabled." and not found.unsure and found.passes


# Words -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("We will commence work in May.", "We will start work in May."),
    ("Please assist us.", "Please help us."),
    ("Approximately 40 people came.", "About 40 people came."),          # capital kept
    ("We commenced the work last year.", "We started the work last year."),  # past kept
    ("We are purchasing new bins.", "We are buying new bins."),            # -ing kept
    ("We will carry out an assessment of your needs.",
     "We will carry out a check of your needs."),                          # "an" -> "a"
])
def test_jargon_is_swapped_for_the_dictionary_words(text: str, expected: str) -> None:
    found = suggest(text)
    assert found.text == expected
    assert kinds(text) == ["words"]


def test_a_plural_takes_the_plural_of_the_easy_words() -> None:
    assert suggest("Most respondents did not agree.").text == \
        "Most people who answer did not agree."


@pytest.mark.parametrize("text", [
    "This government believes social tenants should have homes.",  # "social people who"
    "Your views will help us make informed decisions.",            # "informed" describes
])
def test_easy_words_are_not_forced_into_a_describing_place(text: str) -> None:
    found = suggest(text)
    assert found.text == text
    assert found.unsure


def test_a_word_with_two_meanings_is_left_for_a_person() -> None:
    found = suggest("The key is under the mat.")
    assert found.text == "The key is under the mat."
    assert [u.excerpt for u in found.unsure] == ["key"]


def test_jargon_inside_a_name_is_left() -> None:
    text = "Apply for the Council Tax Reduction Scheme today."
    found = suggest(text)
    assert found.text == text
    assert "Council Tax" in " ".join(u.excerpt for u in found.unsure)


def test_easy_words_that_would_not_fit_are_left() -> None:
    # "feedback" means "what you think", which cannot stand after "the".
    found = suggest("We read the feedback every week.")
    assert found.text == "We read the feedback every week."
    assert [u.excerpt for u in found.unsure] == ["feedback"]


# Numbers ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("It runs for six weeks.", "It runs for 6 weeks."),
    ("We counted two hundred and fifty people.", "We counted 250 people."),
    ("No one came.", "No one came."),
    ("This is the one you asked for.", "This is the one you asked for."),
])
def test_numbers_become_digits(text: str, expected: str) -> None:
    assert suggest(text).text == expected


# The whole suggestion --------------------------------------------------------------------

def test_one_sentence_per_line_with_a_picture_each() -> None:
    found = suggest("Take the bus to the park. The park has a café.")
    assert found.text == "Take the bus to the park.\nThe park has a café."
    assert [s.picture.concept if s.picture else None for s in found.sentences][0] in {
        "bus", "park"}
    assert all(s.picture is not None for s in found.sentences)


def test_same_text_same_suggestion() -> None:
    text = "The report will be reviewed by our team, which meets every month."
    assert suggest(text) == suggest(text)


def test_empty_text_gives_an_empty_suggestion() -> None:
    found = suggest("  ")
    assert found.text == "" and not found.changes and found.passes


def test_remaining_findings_are_the_checkers_on_the_new_text() -> None:
    found = suggest("The CCGs will review this.")
    assert found.remaining == tuple(easyread.check(found.text))
    assert not found.passes


# The real sentences ----------------------------------------------------------------------

def _real_sentences() -> list[dict[str, str]]:
    return yaml.safe_load(DATA.read_text())["sentences"]


def test_the_data_file_has_50_real_sentences_with_sources() -> None:
    sentences = _real_sentences()
    assert len(sentences) >= 50
    assert len({s["text"] for s in sentences}) == len(sentences)
    for entry in sentences:
        assert entry["url"].startswith(("http://", "https://")), entry
        assert entry["title"].strip() and entry["publisher"].strip(), entry
        assert len(easyread.sentence_lengths(entry["text"])) == 1, entry["text"]


def test_every_reported_change_is_real_on_the_real_sentences() -> None:
    """Each change names words that were in the sentence before it and words that are in
    it after; a draft with no change is the original, one with changes is not."""
    for entry in _real_sentences():
        text = entry["text"]
        found = suggest(text)
        for change in found.changes:
            assert change.kind in KIND_TITLES
            assert change.before != change.after, (text, change)
            assert change.replacement in change.after, (text, change)
            if change.kind != "split":
                assert change.original.lower() in change.before.lower(), (text, change)
        if found.changes:
            assert found.text != text
        else:
            assert found.text == text
        assert found.remaining == tuple(easyread.check(found.text))
