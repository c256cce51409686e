"""The easy-read rewriter ("Suggest easy read"): each rule, where it must act and where it
must leave the text alone, and a run over the real sentences the benchmark measures."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import yaml

import easyread
from easyread.rewrite import KIND_TITLES

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
import easy_read_suggestions as benchmark  # noqa: E402

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


@pytest.mark.parametrize(("text", "expected"), [
    # A long sentence's purpose ("to ...") gets its own sentence.
    ("We are also working with other local hospitals and ambulance services to review "
     "any changes to their services.",
     "We are also working with other local hospitals and ambulance services.\n"
     "This is to review any changes to their services."),
    # "as well as" + doing: the subject and helping verb are repeated.
    ("The plan must also pay for new costs as well as making sure all our services are "
     "as good as they can be.",
     "The plan must also pay for new costs.\n"
     "The plan must also make sure all our services are as good as they can be."),
    ("You cannot get help if you have savings of more than £16,000 - unless you are "
     "over 66.",
     "You cannot get help if you have savings of more than £16,000.\n"
     "But it is different if you are over 66."),
    ("While this follows the law, this policy has not changed for 10 years.",
     "This follows the law.\nBut this policy has not changed for 10 years."),
    # A second verb after "and": the pronoun, or the short subject, is repeated.
    ("We read every answer and have decided to change the bin days.",
     "We read every answer.\nWe have decided to change the bin days."),
    ("The report shows the results of the survey and suggests new opening hours.",
     "The report shows the results of the survey.\nThe report suggests new opening hours."),
    # A long sentence's opening time is said after the news, in the same tense.
    ("In January 2024, the government asked people about changes to how we give out "
     "homes to rent.",
     "The government asked people about changes to how we give out homes to rent.\n"
     "This was in January 2024."),
    # The main part is said again for the second case.
    ("You can claim even if you do not get any other benefits, or if you have not paid "
     "National Insurance.",
     "You can claim even if you do not get any other benefits.\n"
     "You can claim if you have not paid National Insurance."),
    ("This survey runs for 6 weeks until 26 January, with the plan due to go to the "
     "council in February.",
     "This survey runs for 6 weeks until 26 January.\n"
     "The plan is due to go to the council in February."),
    ("The Home Repair Grant Scheme can help people on low pay by paying for repairs to "
     "their homes.",
     "The Home Repair Grant Scheme can help people on low pay.\n"
     "The Home Repair Grant Scheme can do this by paying for repairs to their homes."),
])
def test_splits_purposes_additions_exceptions_and_second_verbs(text: str,
                                                                expected: str) -> None:
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
    "While you wait, we will check your form.",         # "while" is about time here
    "We need to review the plan.",                      # "need to" is not a purpose
    "We sell tea as well as coffee.",                   # two things, not two ideas
])
def test_does_not_split_when_the_joining_word_joins_no_ideas(text: str) -> None:
    found = suggest(text)
    assert found.text == text
    assert "split" not in found.kinds()


def test_a_short_if_sentence_is_left_whole() -> None:
    text = "If you live in Sandwell, you can use the tip."
    assert suggest(text).text == text


# Long sentences with no joining word, and second cases (issue 13 item 4, second pass) ---

@pytest.mark.parametrize(("text", "expected"), [
    # A place or time at the end of a long sentence gets a sentence in the main tense.
    ("However, we are proposing a reduction of 123 hours per week to opening hours across "
     "a range of libraries.",
     "However, we are suggesting a reduction of 123 hours per week to opening hours.\n"
     "This is across a range of libraries."),
    ("We would run the survey through a website and drop-in sessions in all our libraries "
     "over a 12-week period during the summer.",
     "We would run the survey through a website and drop-in sessions in all our libraries.\n"
     "This would be over a 12-week period during the summer."),
    # Words in brackets at the end.
    ("We collect food waste every week from all homes in the borough (except flats).",
     "We collect food waste every week from all homes in the borough.\n"
     "This does not include flats."),
    # A thing someone else acts on, said as that doer's own sentence.
    ("We will include a summary of answers in the report considered by the Council when "
     "agreeing the budget in February 2018.",
     "We will include a summary of answers in the report.\n"
     "The Council will consider this report when agreeing the budget in February 2018."),
    # A doing-word after a comma: the same doer's second action.
    ("Each year the council asks about its plans for money, seeking views from people and "
     "groups in the community.",
     "Each year the council asks about its plans for money.\n"
     "It seeks views from people and groups in the community."),
    # "before deciding": the second step, with the doer named after "by".
    ("All of this information will be reviewed by the CCGs before deciding whether we "
     "should hold a public consultation.",
     "The CCGs will review all of this information.\n"
     "Then they will decide whether we should hold a public consultation."),
    # ", and after ...": the main part said again, then the passive made active.
    ("This will only happen after a public meeting, and after all the evidence and "
     "feedback has been reviewed.",
     "This will only happen after a public meeting.\n"
     "This will only happen after we have reviewed all the evidence and feedback."),
    # "if you X or need Y": two cases for the same "you".
    ("Please contact us if you would like a copy of the plan in a different language or "
     "need any other format.",
     "Please contact us if you would like a copy of the plan in a different language.\n"
     "Please contact us if you need any other format."),
    # ", as well as doing X, we also do Y": the first action gets the doer.
    ("When residents need adult social care, as well as checking their care needs, we "
     "also check their income and savings.",
     "When residents need adult social care, we check their care needs.\n"
     "We also check their income and savings."),
    # "as" + a doer + a verb: what goes on at the same time, with "as" kept.
    ("We will read and think about these comments as the Council prepares the next "
     "version of the plan.",
     "We will read and think about these comments.\n"
     "This will happen as the Council prepares the next version of the plan."),
    # "and" + a thing + "was carried out": a second sentence, then made active.
    ("Nearly 500 answers were received and more work with the sector and partners was "
     "carried out.",
     "We received nearly 500 answers.\nWe carried out more work with the sector and "
     "partners."),
])
def test_splits_long_sentences_with_no_joining_word(text: str, expected: str) -> None:
    found = suggest(text)
    assert found.text.split("\n“")[0] == expected  # explaining sentences come after
    assert "split" in found.kinds()


@pytest.mark.parametrize("text", [
    # "over a third" is a share, not a time, though "year" comes later.
    "We will spend over a third of the money on the parks and gardens of the town this year.",
    "We walk across the park.",                          # short: left whole
    "Call us (free) on 0800 123 456 if you need help.",  # a bracket inside the sentence
    # "considered by the council last week": already done, so not "will consider".
    "We will publish the report considered by the council last week on our website in May.",
    # "before" after "not": cutting would say they will hear from you after acting.
    "We will not make any changes to the service before hearing from the people who use it.",
    # "after that" starts a new clause, not a second case.
    "You can visit the library any day after 5pm, and after that the doors of the building "
    "close.",
    # "or the visit": a second thing, not a second want.
    "Please tell us if you would like to come to the meeting or the visit to the new "
    "library.",
    # "as soon as" compares; it does not say what goes on at the same time.
    "We will write to you as soon as the council has made its choice about the library.",
    # "including" after a comma lists things; it is not a second action.
    "The council asks about its plans every year in the spring, including the plans for "
    "money.",
])
def test_must_not_split_phrases_that_are_not_a_second_idea(text: str) -> None:
    found = suggest(text)
    assert found.sentences[0].text == text
    assert "split" not in found.kinds()


def test_a_list_after_a_question_word_gets_one_line_each() -> None:
    found = suggest("However, each authority can decide how often waste is collected, the type "
                    "of recycling materials collected and the type of containers used.")
    assert found.text.splitlines() == [
        "However, each authority can decide:", "- how often waste is collected",
        "- the type of recycling materials collected", "- the type of containers used"]


@pytest.mark.parametrize(("text", "expected"), [
    # "also" between "were" and the doing-word stays with the verb.
    ("Local residents were also asked to say what they think.",
     "We also asked local residents to say what they think."),
    ("All comments will also be considered.", "We will also consider all comments."),
])
def test_passive_with_also_says_we(text: str, expected: str) -> None:
    assert suggest(text).text == expected


def test_and_between_two_clauses_is_not_taken_as_one_thing() -> None:
    # "Residents complained and the bins" is not the thing collected.
    found = suggest("Residents complained and the bins were collected.")
    assert "We collected residents" not in found.text


@pytest.mark.parametrize(("text", "expected"), [
    # The sentence's money words show the sense: paying, not soaking up.
    ("We cannot keep absorbing these costs.", "We cannot keep paying these costs."),
    ("Our key stakeholders agreed.", "Our main stakeholders agreed."),
    ("The report suggests an amended opening hours schedule.",
     "The report suggests a changed opening hours schedule."),
    ("The results inform discussions.", "The results shape discussions."),
])
def test_words_take_the_sense_the_sentence_shows(text: str, expected: str) -> None:
    assert suggest(text).sentences[0].text == expected


@pytest.mark.parametrize("text", [
    "The sponge is absorbing the water.",   # no money near: left to the word lists
    "Keep your key safe.",                  # a key for a door
    "The key to the shed is lost.",
])
def test_words_keep_their_sense_without_the_context(text: str) -> None:
    found = suggest(text)
    assert "paying" not in found.text and "main" not in found.text


def test_an_explanation_takes_the_sense_the_sentence_shows() -> None:
    money = suggest("It is no longer sustainable for us to keep paying these costs.")
    assert "“Sustainable” means there is enough money to keep it going." in money.text
    world = suggest("We want a sustainable town with clean air.")
    assert "without harming the world" in world.text


def test_every_sense_meaning_passes_the_checker() -> None:
    from easyread.rewrite_senses import MEANINGS

    for sense in MEANINGS:
        sentence = f"“{sense.word.capitalize()}” means {sense.meaning}"
        assert easyread.check(sentence) == [], sentence


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
    # Losing is not something an organisation does on purpose: no "we" is guessed.
    found = suggest("The parcel was lost last year.")
    assert found.text == "The parcel was lost last year."
    assert [u.excerpt for u in found.unsure] == ["was lost"]
    assert "passive-voice" in {str(f.rule) for f in found.remaining}


@pytest.mark.parametrize(("text", "expected"), [
    ("The decision was made last year.", "We made the decision last year."),
    ("All comments will be considered.", "We will consider all comments."),
    ("If approved, the changes would be introduced from April 2026.",
     "If approved, we would introduce the changes from April 2026."),
    ("This led to a review of how your waste is collected and recycled.",
     "This led to a review of how we collect and recycle your waste."),
    ("Residents are being invited to have their say.",
     "We are inviting residents to have their say."),
    ("Nearly 500 answers were received.", "We received nearly 500 answers."),
    ("More work was carried out.", "We carried out more work."),
    ("No decisions have been made yet.", "We have made no decisions yet."),
])
def test_passive_of_what_an_organisation_does_says_we(text: str, expected: str) -> None:
    found = suggest(text)
    assert found.text == expected
    assert "active" in found.kinds()
    assert any("says “we”" in u.reason for u in found.unsure)  # a person checks who "we" is


def test_we_is_not_put_inside_a_to_phrase() -> None:
    # "how to spend money is spent" has no short thing acted on: left alone.
    found = suggest("Over a third of the plan for how to spend money is spent on care.")
    assert "active" not in found.kinds()


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


@pytest.mark.parametrize(("text", "expected"), [
    ("We have discarded the idea of charging for garden waste.",
     "We have dropped the idea of charging for garden waste."),   # after "have": a verb
    ("We will undertake a check of the receptacles.", "We will do a check of the bins."),
    ("There is insufficient space.", "There is not enough space."),
    ("We will finish it when finalising the report.",
     "We will finish it when finishing the report."),
])
def test_hard_words_are_swapped_for_plain_ones(text: str, expected: str) -> None:
    assert suggest(text).text == expected


def test_long_easy_words_give_way_to_an_explanation() -> None:
    # "plan for how to spend money" would make the sentence long: the word stays and the
    # definitions explain it, once, right after the sentence that uses it.
    found = suggest("The budget is tight. We will set the budget in May.")
    assert found.text.splitlines() == [
        "The budget is tight.",
        "“Budget” means a plan for how much money you can spend, and on what.",
        "We will set the budget in May."]
    assert [c.kind for c in found.changes] == ["explain"]
    assert found.passes


def test_a_short_form_gets_its_full_words_and_they_are_explained_in_turn() -> None:
    found = suggest("The CCGs will review this.")
    assert found.text.splitlines() == [
        "The CCGs will review this.",
        "“CCG” is short for Clinical Commissioning Group.",
        "“Clinical Commissioning Group” means the old NHS group that planned local health "
        "services.",
        "“NHS” is short for National Health Service."]
    assert found.passes


@pytest.mark.parametrize(("text", "expected"), [
    ("We will inform residents by letter.", "We will tell residents by letter."),
    ("Please inform us.", "Please tell us."),
    # You tell a person; what informs a thing shapes it.
    ("The findings will inform our choices.", "The findings will shape our choices."),
    ("The findings will inform Council Budget decisions.",
     "The findings will shape Council Budget decisions."),
    ("This will help inform our plans.", "This will help shape our plans."),
])
def test_inform_becomes_tell_before_people_and_shape_before_things(text: str,
                                                                     expected: str) -> None:
    assert suggest(text).sentences[0].text == expected


def test_able_to_get_needs_the_thing_it_gets() -> None:
    # "entitled to X" -> "able to get X"; "eligible" alone has no thing to get.
    assert suggest("You are entitled to a refund.").text == "You are able to get a refund."
    assert suggest("You will not be eligible.").sentences[0].text == "You will not be eligible."


def test_and_inside_an_if_part_is_not_split() -> None:
    # Splitting would turn the second condition into a statement of fact.
    text = "Tell us straight away if you move house and you get a new job."
    assert suggest(text).sentences[0].text == text


def test_a_swap_is_not_offered_as_a_meaning() -> None:
    # The jargon list says "committed" -> "say we will": a swap, not an explanation.
    assert "means" not in suggest("The council is committed to this plan.").text


def test_words_ending_in_on_swap_with_their_own_preposition() -> None:
    assert suggest("We consulted on the plan.").text == "We asked about the plan."


def test_a_one_word_meaning_is_not_made_into_a_sentence() -> None:
    # definitions.yaml says "assisted" means "help.": a synonym, not an explanation.
    assert "means" not in suggest("You can ask for an assisted collection.").text


def test_a_plural_takes_the_plural_of_the_easy_words() -> None:
    assert suggest("Most respondents did not agree.").text == \
        "Most people who answer did not agree."


@pytest.mark.parametrize("text", [
    "This government believes social tenants should have homes.",  # "social people who"
    "We want informed residents.",            # "informed" describes
])
def test_easy_words_are_not_forced_into_a_describing_place(text: str) -> None:
    found = suggest(text)
    assert found.sentences[0].text == text
    assert found.unsure


def test_a_word_with_two_meanings_is_left_for_a_person() -> None:
    found = suggest("The key is under the mat.")
    assert found.text == "The key is under the mat."
    assert [u.excerpt for u in found.unsure] == ["key"]


def test_jargon_inside_a_name_is_left() -> None:
    text = "Apply for the Council Tax Reduction Scheme today."
    found = suggest(text)
    assert found.sentences[0].text == text
    assert "Council Tax" in " ".join(u.excerpt for u in found.unsure)
    # ... and the name is explained in the next sentence, from the definitions.
    assert found.sentences[1].text == ("“Council Tax” means money you pay to the council each "
                                       "year. It pays for local services.")


def test_easy_words_that_would_not_fit_are_left() -> None:
    # "feedback" means "what you think", which cannot stand after "the".
    found = suggest("We read the feedback every week.")
    assert found.sentences[0].text == "We read the feedback every week."
    assert [u.excerpt for u in found.unsure] == ["feedback"]
    assert found.sentences[1].text.startswith("“Feedback” means telling someone what you think")
    assert found.passes  # the explained word is not reported again


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
    found = suggest("The QZX will review this.")  # a short form nobody listed
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
            if change.kind not in {"split", "explain"}:
                assert change.original.lower() in change.before.lower(), (text, change)
        if found.changes:
            assert found.text != text
        else:
            assert found.text == text
        assert found.remaining == tuple(easyread.check(found.text))


def test_the_real_sentences_reach_the_target_and_keep_their_facts() -> None:
    """Issue 13's figure, from the benchmark itself: at least 80 % of the suggested
    sentences pass the checker (each read as part of its draft), at least 80 % of the
    rewritten source sentences alone too, and every number, date, amount and name of
    every source is still in its draft."""
    figures = benchmark.measure(benchmark.load_sentences(DATA))
    assert figures.sources >= 50
    assert figures.meaning_share == 1.0, figures.meaning_lost
    assert figures.pass_share >= benchmark.TARGET, benchmark.report(figures)
    # The same target without the sentences added to explain words, so the explaining
    # sentences cannot carry the score.
    assert figures.rewritten_share >= benchmark.TARGET, benchmark.report(figures)


def test_the_meaning_check_catches_a_lost_fact() -> None:
    source = "On 4 March, Sandwell Council will pay £16,000 to 3 groups."
    assert benchmark.facts_lost(source, suggest(source)) == []
    dropped = suggest("On 4 March, the council will pay 3 groups.")
    assert benchmark.facts_lost(source, dropped) == ["Sandwell", "Council", "£16,000"]
