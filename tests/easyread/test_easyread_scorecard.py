"""Score cards for a question and for a whole consultation."""

from __future__ import annotations

import json

import easyread
from easyread import QuestionText, Rule, score_consultation, score_question

GOOD = QuestionText(
    key="q1",
    text="How satisfied are you with the maintenance of parks in the borough?",
    easy_read_text="Do you like the parks near you?",
    picture="park",
)


def test_a_good_question_is_ready() -> None:
    card = score_question(GOOD)
    assert card.ready and card.status == "ready"
    assert card.score == 100
    assert card.reasons == ()
    assert card.has_easy_read and card.has_picture and card.picture_found
    assert card.sentence_lengths == (7,)
    assert set(card.counts) == {str(rule) for rule in Rule}
    assert sum(card.counts.values()) == 0


def test_standard_text_findings_are_advice_only() -> None:
    card = score_question(GOOD)
    assert card.text_counts["hard-word"] + card.text_counts["jargon"] >= 1
    assert card.ready


def test_missing_easy_read_and_picture_make_it_not_ready() -> None:
    card = score_question(QuestionText(key="q2", text="Do you like the parks?"))
    assert not card.ready and card.status == "not ready"
    assert card.score == 100 - 40 - 20
    assert "There is no easy read text." in card.reasons
    assert "There is no picture." in card.reasons
    assert card.picture_found is None


def test_unknown_picture_is_a_reason() -> None:
    card = score_question(QuestionText("q3", easy_read_text="Do you like cats?", picture="dragon"))
    assert card.picture_found is False
    assert "We cannot find the picture “dragon”." in card.reasons
    assert card.score == 80


def test_findings_lower_the_score_and_hard_rules_block() -> None:
    easy = "The consultation was organised by the NHS and we will read the answers."
    card = score_question(QuestionText("q4", easy_read_text=easy, picture="hospital"))
    assert card.counts["acronym"] == 1
    assert card.counts["jargon"] == 1
    assert card.counts["passive-voice"] == 1
    assert card.counts["many-ideas"] == 1
    assert card.score == 100 - 10 - 5 - 5 - 5
    assert not card.ready
    assert "1 short form has no full words." in card.reasons
    assert "1 jargon word." in card.advice


def test_finding_penalties_are_capped_and_the_score_stays_in_range() -> None:
    easy = " ".join(["The NHS and the CQC and the ICB were informed."] * 6)
    with_picture = score_question(QuestionText("q5", easy_read_text=easy, picture="hospital"))
    assert sum(with_picture.counts.values()) >= 20
    assert with_picture.score == 100 - 60
    without_picture = score_question(QuestionText("q6", easy_read_text=easy))
    assert without_picture.score == 100 - 60 - 20
    nothing = score_question(QuestionText("q7"))
    assert nothing.score == 100 - 40 - 20
    assert all(0 <= c.score <= 100 for c in (with_picture, without_picture, nothing))


def test_questions_may_be_plain_dicts() -> None:
    card = score_question(
        {"key": "q7", "text": "x", "easy_read": "Do you like the bus?", "easy_read_picture": "bus"}
    )
    assert card.ready and card.key == "q7"


def test_a_picture_may_be_given_as_a_code_point() -> None:
    question = QuestionText("q8", easy_read_text="Do you like the bus?", picture="1F68C")
    card = score_question(question)
    assert card.picture_found


def test_consultation_is_ready_only_when_every_question_is() -> None:
    bad = QuestionText("q2", easy_read_text="PLEASE ANSWER NOW.", picture="question")
    card = score_consultation([GOOD, bad])
    assert not card.ready
    assert card.question_count == 2 and card.ready_count == 1
    assert card.with_easy_read == 2 and card.with_picture == 2
    assert card.counts["all-caps"] == 1
    assert card.score == round((100 + 95) / 2)
    assert card.reasons[0] == "1 of 2 questions is not ready: q2."
    assert any(r.startswith("q2: ") for r in card.reasons)
    assert card.sentence_lengths == (7, 3)
    assert card.longest_sentence == 7


def test_consultation_with_all_questions_ready_is_ready() -> None:
    second = QuestionText("q2", easy_read_text="Do you take the bus?", picture="bus")
    card = score_consultation([GOOD, second])
    assert card.ready and card.reasons == () and card.score == 100


def test_empty_consultation_is_not_ready() -> None:
    card = score_consultation([])
    assert not card.ready and card.reasons == ("There are no questions yet.",)


def test_score_cards_serialise_to_json() -> None:
    passive = {"key": "q2", "easy_read_text": "It was done by the council."}
    card = score_consultation([GOOD, passive])
    payload = json.loads(json.dumps(card.to_dict()))
    assert payload["questions"][1]["findings"][0]["rule"] == "passive-voice"
    assert payload["status"] == "not ready"


def test_the_documented_penalties_cover_every_rule() -> None:
    assert set(easyread.RULE_PENALTIES) == set(Rule)
    assert set(Rule) >= easyread.BLOCKING_RULES
