"""Each checker rule: one text that breaks it, one clean text that must pass."""

from __future__ import annotations

import pytest

import easyread
from easyread import CheckOptions, Rule, check


def rule_findings(text: str, rule: Rule, **options: object) -> list[easyread.Finding]:
    opts = CheckOptions(rules=frozenset({str(rule)}), **options)  # type: ignore[arg-type]
    return check(text, opts)


def excerpts(text: str, rule: Rule, **options: object) -> list[str]:
    return [text[f.start : f.end] for f in rule_findings(text, rule, **options)]


CLEAN = "We want to know what you think about the park."


def test_clean_easy_read_text_has_no_findings_at_all() -> None:
    text = (
        "We want to know what you think about our parks.\n"
        "Please answer the questions.\n"
        "It will take about 10 minutes.\n"
        "You can ask a friend to help you."
    )
    assert check(text) == []


def test_every_finding_points_at_its_excerpt_in_the_original_text() -> None:
    text = (
        "<p>The <em>consultation</em> was facilitated by the council, and we will "
        "utilise twenty ideas from the NHS going forward because it is important.</p>"
    )
    findings = check(text)
    assert {f.rule for f in findings} >= {
        Rule.LONG_SENTENCE,
        Rule.JARGON,
        Rule.PASSIVE_VOICE,
        Rule.ITALICS,
        Rule.ACRONYM,
        Rule.NUMBER_WORDS,
        Rule.MANY_IDEAS,
    }
    for finding in findings:
        assert text[finding.start : finding.end] == finding.excerpt
        assert finding.message and finding.suggestion
    assert findings == sorted(findings)


# Long sentences


def test_long_sentence_is_reported_with_its_word_count() -> None:
    text = (
        "You can tell us what you think about the plans for the new library "
        "in the town centre by the end of May."
    )
    found = rule_findings(text, Rule.LONG_SENTENCE)
    assert len(found) == 1
    assert found[0].start == 0 and found[0].end == len(text)
    assert "23 words" in found[0].message
    assert "2 shorter sentences" in found[0].suggestion


def test_sentence_of_fifteen_words_is_fine() -> None:
    text = "We " + "really " * 13 + "care."
    assert easyread.sentence_lengths(text) == [15]
    assert rule_findings(text, Rule.LONG_SENTENCE) == []
    longer = text + " We " + "really " * 14 + "care."
    found = rule_findings(longer, Rule.LONG_SENTENCE)
    assert [f.start for f in found] == [len(text) + 1]


def test_sentence_limit_is_configurable() -> None:
    assert rule_findings(CLEAN, Rule.LONG_SENTENCE) == []
    assert len(rule_findings(CLEAN, Rule.LONG_SENTENCE, max_sentence_words=5)) == 1


def test_sentences_split_on_line_breaks_list_items_and_html_blocks() -> None:
    assert easyread.sentence_lengths("Dr. Smith is here. Ask her.") == [4, 2]
    assert easyread.sentence_lengths("Yes\nNo\nI do not know") == [1, 1, 4]
    assert easyread.sentence_lengths("- first item\n- second item") == [2, 2]
    assert easyread.sentence_lengths("<p>first part</p><p>second part</p>") == [2, 2]
    wrapped = "The meeting is at the town hall,\nnear the library."
    assert easyread.sentence_lengths(wrapped) == [10]


# More than one idea


@pytest.mark.parametrize(
    ("text", "joiner"),
    [
        ("We will close the pool and we will open a gym.", "and"),
        ("You can come to the meeting or you can write to us.", "or"),
        ("The park is big but it is not clean.", "but"),
        ("We have a new plan which will help people.", "which"),
        ("We are asking you because we want to help.", "because"),
        ("The bus is late; the train is early.", ";"),
    ],
)
def test_more_than_one_idea_is_found_at_the_joining_word(text: str, joiner: str) -> None:
    assert excerpts(text, Rule.MANY_IDEAS) == [joiner]


@pytest.mark.parametrize(
    "text",
    [
        "Do you like tea and coffee?",
        "You can walk, cycle or take the bus.",
        "But we need your help.",
        "Tell us which day is best.",
        "This is because we want to help.",
        CLEAN,
    ],
)
def test_one_idea_sentences_pass(text: str) -> None:
    assert rule_findings(text, Rule.MANY_IDEAS) == []


# Passive voice


@pytest.mark.parametrize(
    ("text", "passive"),
    [
        ("The form was checked by the council.", "was checked"),
        ("Your answers will be read by our team.", "be read"),
        ("The library is being built now.", "is being built"),
        ("The decision has not been made.", "been made"),
        ("We're asked to write a report.", "We're asked"),
        ("The bins are usually collected on Monday.", "are usually collected"),
    ],
)
def test_passive_voice_is_found(text: str, passive: str) -> None:
    assert excerpts(text, Rule.PASSIVE_VOICE) == [passive]


def test_passive_suggestion_names_the_doer_when_given() -> None:
    found = rule_findings("The form was checked by the council.", Rule.PASSIVE_VOICE)
    assert "The council" in found[0].suggestion


@pytest.mark.parametrize(
    "text",
    [
        "The council checked the form.",
        "I am disabled.",
        "We are worried about the cuts.",
        "I was very tired.",
        "The car is red.",
        CLEAN,
    ],
)
def test_active_sentences_and_states_pass(text: str) -> None:
    assert rule_findings(text, Rule.PASSIVE_VOICE) == []


# Hard words


def test_rare_word_is_a_hard_word() -> None:
    text = "The plan is to ameliorate the juxtaposition of shops."
    assert excerpts(text, Rule.HARD_WORD) == ["ameliorate", "juxtaposition"]


def test_common_words_names_numbers_and_allowed_words_are_not_hard() -> None:
    text = "My friend Priya lives in Brighton with her wheelchair and 3 cats. Brighton is nice."
    assert rule_findings(text, Rule.HARD_WORD) == []
    assert rule_findings(CLEAN, Rule.HARD_WORD) == []


def test_hard_word_threshold_and_extra_words_are_configurable() -> None:
    text = "We will clean the pond."
    assert excerpts(text, Rule.HARD_WORD) == ["pond"]
    assert excerpts(text, Rule.HARD_WORD, min_zipf=3.5) == []
    assert excerpts(text, Rule.HARD_WORD, min_zipf=5.5) == ["clean", "pond"]
    extra = frozenset({"pond"})
    assert excerpts(text, Rule.HARD_WORD, extra_plain_words=extra) == []


def test_british_spelling_and_word_forms_count_as_plain() -> None:
    assert rule_findings("Our neighbourhood buys recycled paper.", Rule.HARD_WORD) == []


# Jargon


def test_jargon_is_found_with_its_easy_alternative() -> None:
    text = "The consultation is about co-production of services."
    found = rule_findings(text, Rule.JARGON)
    assert [f.excerpt for f in found] == ["consultation", "co-production"]
    assert "asking people what they think" in found[0].suggestion
    assert "working together as equals" in found[1].suggestion


def test_jargon_forms_and_phrases_are_found() -> None:
    text = "Consultations closed. We utilised your views going forward in order to help."
    expected = ["Consultations", "utilised", "going forward", "in order to"]
    assert excerpts(text, Rule.JARGON) == expected


def test_longest_jargon_phrase_wins() -> None:
    text = "Ask about adult social care."
    assert excerpts(text, Rule.JARGON) == ["adult social care"]


def test_plain_words_are_not_jargon() -> None:
    assert rule_findings(CLEAN, Rule.JARGON) == []
    assert rule_findings("We will ask you what you think.", Rule.JARGON) == []


def test_jargon_is_not_also_reported_as_a_hard_word() -> None:
    rules = {f.rule for f in check("We will commence soon.") if f.excerpt == "commence"}
    assert rules == {Rule.JARGON}


# Acronyms


def test_acronym_without_full_words_is_found_and_dictionary_gives_them() -> None:
    text = "Talk to the NHS about your GP."
    found = rule_findings(text, Rule.ACRONYM)
    assert [f.excerpt for f in found] == ["NHS", "GP"]
    assert "National Health Service" in found[0].suggestion
    assert "general practitioner" in found[1].suggestion


def test_acronym_with_full_words_in_the_same_text_passes() -> None:
    text = "The National Health Service (NHS) runs hospitals. The NHS is free."
    assert rule_findings(text, Rule.ACRONYM) == []


def test_unknown_acronym_passes_when_its_initials_are_spelled_out() -> None:
    assert rule_findings("The Friends of Town Park (FTP) meet today.", Rule.ACRONYM) == []
    assert excerpts("The FTP meet today.", Rule.ACRONYM) == ["FTP"]


def test_plural_acronyms_are_found() -> None:
    assert excerpts("Most GPs are busy.", Rule.ACRONYM) == ["GPs"]


def test_text_without_capitals_has_no_acronyms() -> None:
    assert rule_findings(CLEAN, Rule.ACRONYM) == []
    assert rule_findings("I think OK is fine.", Rule.ACRONYM) == []


# Numbers written as words


@pytest.mark.parametrize(
    ("text", "words", "digits"),
    [
        ("About twenty people came.", "twenty", "20"),
        ("It takes twenty-five minutes.", "twenty-five", "25"),
        ("Two hundred and fifty people answered.", "Two hundred and fifty", "250"),
        ("We need three thousand pounds.", "three thousand", "3,000"),
        ("We need one hundred chairs.", "one hundred", "100"),
    ],
)
def test_numbers_in_words_get_digits(text: str, words: str, digits: str) -> None:
    found = rule_findings(text, Rule.NUMBER_WORDS)
    assert [f.excerpt for f in found] == [words]
    assert f"“{digits}”" in found[0].suggestion


def test_digits_and_the_pronoun_one_pass() -> None:
    assert rule_findings("About 20 people came. No one was late.", Rule.NUMBER_WORDS) == []


# Italics, underlining, capitals


@pytest.mark.parametrize(
    ("text", "marked"),
    [
        ("This is *very* important.", "*very*"),
        ("This is _very_ important.", "_very_"),
        ("This is ***very*** important.", "***very***"),
        ("This is <i>very</i> important.", "<i>very</i>"),
        ("This is <em>very</em> important.", "<em>very</em>"),
        (
            'This is <span style="font-style: italic">very</span> important.',
            '<span style="font-style: italic">very</span>',
        ),
    ],
)
def test_italics_are_found(text: str, marked: str) -> None:
    assert excerpts(text, Rule.ITALICS) == [marked]


def test_bold_lists_and_links_are_not_italics() -> None:
    text = "This is **very** and __really__ important.\n* one\n* two\nSee www.a.org/b_c_d"
    assert rule_findings(text, Rule.ITALICS) == []
    assert rule_findings("2 * 3 * 4 = 24 and snake_case_name", Rule.ITALICS) == []


def test_underlining_is_found_and_plain_text_passes() -> None:
    assert excerpts("Read <u>this</u> now.", Rule.UNDERLINE) == ["<u>this</u>"]
    assert rule_findings("Read <b>this</b> now.", Rule.UNDERLINE) == []


def test_all_caps_words_are_found_as_one_run() -> None:
    text = "PLEASE READ THIS before you answer."
    found = rule_findings(text, Rule.ALL_CAPS)
    assert [f.excerpt for f in found] == ["PLEASE READ THIS"]


def test_all_caps_ignores_acronyms_and_normal_text() -> None:
    assert rule_findings("Ask the NHS or your GP. I am OK.", Rule.ALL_CAPS) == []
    assert excerpts("Do NOT go.", Rule.ALL_CAPS) == ["NOT"]


# Options


def test_rules_option_runs_only_the_named_rules() -> None:
    text = "The consultation was checked by the NHS."
    only_jargon = check(text, CheckOptions(rules=frozenset({"jargon"})))
    assert {f.rule for f in only_jargon} == {Rule.JARGON}
    with pytest.raises(ValueError, match="unknown rule ids: spelling"):
        check(text, CheckOptions(rules=frozenset({"spelling"})))


def test_empty_text_has_no_findings() -> None:
    assert check("") == []
    assert check("   \n ") == []
    assert easyread.sentence_lengths("") == []


# A word the same text explains ---------------------------------------------------------

@pytest.mark.parametrize("explanation", [
    "“Consultation” means when the council asks people what they think.",
    "Consultation means when the council asks people what they think.",
    "“Consultation”: when the council asks people what they think.",
])
def test_a_word_the_text_explains_is_not_reported_again(explanation: str) -> None:
    # Easy-read guides keep a word people need and explain it right after its first use.
    text = f"The consultation is open until 4 March.\n{explanation}"
    assert check(text) == []


def test_an_explanation_explains_only_its_own_word_and_is_checked_itself() -> None:
    assert [f.rule for f in check("The consultation is open until 4 March.")] == [Rule.JARGON]
    text = ("The consultation uses our budget.\n"
            "“Consultation” means when the council asks people what they think.")
    assert [f.excerpt for f in check(text)] == ["budget"]
    # An unquoted "Word:" is a heading or a label, not an explanation.
    assert [f.rule for f in check("Consultation: it is open now.")] == [Rule.JARGON]
    too_long = ("The consultation is open.\n“Consultation” means when the council asks all "
                "the people who live here what they think about it.")
    assert [f.rule for f in check(too_long)] == [Rule.LONG_SENTENCE]
