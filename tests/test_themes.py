"""Themes: the codebook, tagging, counts, suggested phrases and Cohen's kappa (checked
against worked examples and an independent formula)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support.results import add_response, publish_results_survey

from surveybuilder.results import themes
from surveybuilder.results.counting import Filters

COMMENTS = [
    "The lighting near the gate is poor at night",
    "Better lighting please, it is dark by the pond",
    "More benches for older people",
    "Benches near the play area",
    "Dog mess on the paths",
    "Street lighting on the main path would help",
]


@pytest.fixture
def survey(db_session, organisation, make_consultation, ready_definition):
    survey = publish_results_survey(db_session, organisation, make_consultation,
                                    ready_definition)
    for index, text in enumerate(COMMENTS):
        add_response(db_session, survey, {"ideas": text, "postcode": "B66 1AA",
                                          "visit": "weekly" if index < 3 else "never"},
                     channel="paper" if index == 0 else "online")
    return survey


def test_comments_skip_personal_data_and_filter(db_session, survey):
    consultation = survey[0]
    found, total = themes.comments(db_session, consultation, themes.CommentQuery())
    assert total == 6 and [c.text for c in found] == COMMENTS
    assert {c.question_key for c in found} == {"ideas"}  # not the postcode
    _, total = themes.comments(db_session, consultation, themes.CommentQuery(words="LIGHTING"))
    assert total == 3
    _, total = themes.comments(db_session, consultation, themes.CommentQuery(
        filters=Filters(channel="paper")))
    assert total == 1
    _, total = themes.comments(db_session, consultation, themes.CommentQuery(words="100%"))
    assert total == 0
    page, total = themes.comments(db_session, consultation, themes.CommentQuery(
        page=2, page_size=4))
    assert total == 6 and [c.text for c in page] == COMMENTS[4:]


def test_codebook_tagging_and_counts(db_session, survey):
    consultation = survey[0]
    lighting = themes.add_theme(db_session, consultation, "  Lighting ")
    benches = themes.add_theme(db_session, consultation, "Benches", "Seats of any kind")
    assert (lighting.number, lighting.name, benches.number) == (1, "Lighting", 2)
    with pytest.raises(themes.ThemeError):
        themes.add_theme(db_session, consultation, "LIGHTING")
    with pytest.raises(themes.ThemeError):
        themes.add_theme(db_session, consultation, "   ")
    found, _ = themes.comments(db_session, consultation, themes.CommentQuery())
    for comment, chosen in zip(found, [[lighting.id], [lighting.id], [benches.id],
                                       [benches.id, lighting.id], [], [lighting.id]],
                               strict=True):
        themes.code_comment(db_session, consultation, comment.response_id, "ideas", chosen,
                            None)
    themes.code_comment(db_session, consultation, found[3].response_id, "ideas",
                        [benches.id], None)  # recoding replaces
    counts, coded = themes.theme_counts(db_session, consultation)
    assert coded == 6
    assert {c.label: c.count for c in counts} == {"Lighting": 3, "Benches": 2}
    counts, _ = themes.theme_counts(db_session, consultation,
                                    Filters(answers=(("visit", "weekly"),)))
    assert {c.label: c.count for c in counts} == {"Lighting": 2, "Benches": 1}
    _, uncoded = themes.comments(db_session, consultation, themes.CommentQuery(uncoded=True))
    assert uncoded == 0
    themes.delete_theme(db_session, lighting)
    db_session.flush()
    assert [t.name for t in themes.themes(db_session, consultation)] == ["Benches"]
    assert themes.add_theme(db_session, consultation, "Dogs").number == 3  # never reused


def test_typed_numbers(db_session, survey):
    consultation = survey[0]
    one = themes.add_theme(db_session, consultation, "One")
    two = themes.add_theme(db_session, consultation, "Two")
    codebook = themes.themes(db_session, consultation)
    assert themes.parse_theme_numbers("1, 2 ;1", codebook) == {one.id, two.id}
    assert themes.parse_theme_numbers("  ", codebook) == set()
    with pytest.raises(themes.ThemeError):
        themes.parse_theme_numbers("3", codebook)
    with pytest.raises(themes.ThemeError):
        themes.parse_theme_numbers("one", codebook)


def test_a_comment_or_theme_of_another_consultation_is_refused(
        db_session, survey, organisation, make_consultation, ready_definition):
    other = publish_results_survey(db_session, organisation, make_consultation,
                                   ready_definition, slug="other-park")
    foreign = themes.add_theme(db_session, other[0], "Elsewhere")
    found, _ = themes.comments(db_session, survey[0], themes.CommentQuery())
    with pytest.raises(themes.ThemeError):
        themes.code_comment(db_session, survey[0], found[0].response_id, "ideas",
                            [foreign.id], None)
    with pytest.raises(themes.ThemeError):
        themes.code_comment(db_session, other[0], found[0].response_id, "ideas", [], None)


def test_suggested_themes_rank_shared_phrases(db_session, survey):
    suggested = dict(themes.suggested_themes(db_session, survey[0], limit=5))
    assert suggested["lighting"] == 3
    assert suggested["benches"] == 2
    assert "the" not in suggested and "dog" not in suggested  # stop word; said once
    themes.add_theme(db_session, survey[0], "Lighting")
    assert "lighting" not in dict(themes.suggested_themes(db_session, survey[0]))


def test_kappa_worked_examples():
    # Perfect agreement, and agreement no better than chance.
    assert themes.cohens_kappa([True, False, True, False], [True, False, True, False]) == 1
    assert themes.cohens_kappa([True, True, False, False], [True, False, True, False]) == 0
    # A textbook 2×2 table: 20 both yes, 15 both no, 5 and 10 disagreeing: kappa 0.4.
    first = [True] * 20 + [True] * 5 + [False] * 10 + [False] * 15
    second = [True] * 20 + [False] * 5 + [True] * 10 + [False] * 15
    assert themes.cohens_kappa(first, second) == pytest.approx(0.4)
    assert themes.cohens_kappa([True, True], [True, True]) is None
    assert themes.cohens_kappa([], []) is None


@settings(max_examples=200, deadline=None, derandomize=True)
@given(pairs=st.lists(st.tuples(st.booleans(), st.booleans()), min_size=1, max_size=40))
def test_kappa_matches_the_table_formula(pairs):
    a = sum(x and y for x, y in pairs)
    b = sum(x and not y for x, y in pairs)
    c = sum(y and not x for x, y in pairs)
    d = sum(not x and not y for x, y in pairs)
    n = a + b + c + d
    observed = (a + d) / n
    chance = ((a + b) * (a + c) + (c + d) * (b + d)) / n ** 2
    kappa = themes.cohens_kappa([x for x, _ in pairs], [y for _, y in pairs])
    if chance == 1:
        assert kappa is None
    else:
        assert kappa == pytest.approx((observed - chance) / (1 - chance))


def test_second_coding_is_blind_and_measured(db_session, survey, editor):
    consultation = survey[0]
    lighting = themes.add_theme(db_session, consultation, "Lighting")
    benches = themes.add_theme(db_session, consultation, "Benches")
    found, _ = themes.comments(db_session, consultation, themes.CommentQuery())
    first = {c.response_id: ([lighting.id] if "lighting" in c.text.lower() else [])
             + ([benches.id] if "bench" in c.text.lower() else []) for c in found}
    for response_id, chosen in first.items():
        themes.code_comment(db_session, consultation, response_id, "ideas", chosen, editor)
    sample = themes.second_coding_sample(db_session, consultation, 4)
    assert len(sample) == 4 and not any(c.coded or c.theme_ids for c in sample)
    assert [c.response_id for c in sample] == [
        c.response_id for c in themes.second_coding_sample(db_session, consultation, 4)]
    for comment in sample:  # the second coder agrees on lighting, never ticks benches
        themes.code_comment(db_session, consultation, comment.response_id, "ideas",
                            [lighting.id] if lighting.id in first[comment.response_id]
                            else [], editor, second=True)
    measured = themes.agreement(db_session, consultation, 4)
    assert measured.compared == 4
    by_name = {t.theme.name: t for t in measured.per_theme}
    expected_lighting = themes.cohens_kappa(
        [lighting.id in first[c.response_id] for c in sample],
        [lighting.id in first[c.response_id] for c in sample])
    assert by_name["Lighting"].kappa == expected_lighting
    bench_first = [benches.id in first[c.response_id] for c in sample]
    assert by_name["Benches"].kappa == themes.cohens_kappa(bench_first, [False] * 4)
    assert by_name["Benches"].agreed == bench_first.count(False)
    counts, coded = themes.theme_counts(db_session, consultation)
    assert coded == 6  # second codings never count in the summary
