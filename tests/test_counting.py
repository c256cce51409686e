"""Counting checked against an independent computation: hypothesis makes up sets of
responses (skipped questions, several ticks, every channel and format, many days), we
store them through the real storage encoding in the real database, and every count,
percentage, median, month, breakdown and cross-tab must match what plain Python works
out from the made-up answers themselves."""

from __future__ import annotations

import itertools
import statistics
import weakref
from collections import Counter
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import delete
from support.results import publish_results_survey

from surveybuilder.models import Answer, Response
from surveybuilder.responses.journeys import random_code
from surveybuilder.responses.storage import answer_rows
from surveybuilder.results.counting import Filters, summarise
from surveybuilder.results.crosstab import CrossTabError, crosstab

VISIT = ["weekly", "monthly", "never"]
USE = ["walk", "play", "sport"]
SAFE = ["strongly_agree", "agree", "neither", "disagree", "strongly_disagree"]
AGE = ["under_25", "middle", "older"]
STATEMENTS = ["safe", "clean", "toilets"]
COLUMNS = SAFE + ["dont_know"]
PRIORITIES = ["lights", "toilets", "benches", "paths"]
START = datetime(2026, 10, 1, 8, tzinfo=UTC)

PROPERTY = settings(max_examples=20, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])


def maybe(strategy):
    return st.one_of(st.none(), strategy)


response_strategy = st.fixed_dictionaries({
    "visit": maybe(st.sampled_from(VISIT)),
    "use": maybe(st.lists(st.sampled_from(USE), min_size=1, max_size=3, unique=True)),
    "safe": maybe(st.sampled_from(SAFE)),
    "cafe": maybe(st.sampled_from(["yes", "no"])),
    "minutes": maybe(st.integers(min_value=0, max_value=120)),
    "last_visit": maybe(st.dates(min_value=date(2025, 11, 1), max_value=date(2026, 11, 1))),
    "ideas": maybe(st.text(alphabet="abc =+-", min_size=1, max_size=8)),
    "age": maybe(st.sampled_from(AGE)),
    "views": maybe(st.dictionaries(st.sampled_from(STATEMENTS), st.sampled_from(COLUMNS),
                                   min_size=1)),
    "priorities": maybe(st.lists(st.sampled_from(PRIORITIES), min_size=1, max_size=3,
                                 unique=True).map(
        lambda ordered: {key: place for place, key in enumerate(ordered, start=1)})),
    "channel": st.sampled_from(["online", "paper"]),
    "format": st.sampled_from(["standard", "easy_read", "large_print"]),
    "day": st.integers(min_value=0, max_value=6),
})
responses_strategy = st.lists(response_strategy, min_size=0, max_size=25)

_counter = itertools.count()


def store(db_session, survey, generated: list[dict]) -> None:
    """Insert the made-up responses in one transaction, encoded by the real storage code."""
    consultation, version, definition = survey
    for item in generated:
        answers = {k: v for k, v in item.items()
                   if k not in ("channel", "format", "day") and v is not None}
        response = Response(consultation_id=consultation.id, version_id=version.id,
                            reference=random_code(8), channel=item["channel"],
                            format=item["format"],
                            submitted_at=START + timedelta(days=item["day"], hours=3))
        db_session.add(response)
        db_session.flush()
        for row in answer_rows(definition, answers):
            db_session.add(Answer(response_id=response.id, consultation_id=consultation.id,
                                  **row))
    db_session.commit()


# The survey each test's examples share, while its database session lives.
_published: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def fresh_survey(db_session, organisation, make_consultation, ready_definition):
    """The published survey with no responses. It is published once per test and
    emptied for each later example: publishing (its charter check) took about a second
    an example, most of these tests' time, and hypothesis makes up to 20 of them."""
    survey = _published.get(db_session)
    if survey is None:
        survey = publish_results_survey(db_session, organisation, make_consultation,
                                        ready_definition, slug=f"park-{next(_counter)}")
        _published[db_session] = survey
        return survey
    consultation_id = survey[0].id
    db_session.exec(delete(Answer).where(Answer.consultation_id == consultation_id))
    db_session.exec(delete(Response).where(Response.consultation_id == consultation_id))
    db_session.commit()
    return survey


def pct(part: int, whole: int) -> float | None:
    return 100.0 * part / whole if whole else None


def check_summary(summary, kept: list[dict]) -> None:
    total = len(kept)
    assert summary.respondents == total
    for key, options in (("visit", VISIT), ("safe", SAFE), ("cafe", ["yes", "no"]),
                         ("age", AGE)):
        question = summary.question(key)
        given_answers = [r[key] for r in kept if r[key] is not None]
        assert question.answered == len(given_answers)
        assert question.not_answered == total - len(given_answers)
        counts = Counter(given_answers)
        assert [o.key for o in question.options] == options
        for option in question.options:
            assert option.count == counts[option.key]
            assert option.percent_of_answered == pytest.approx(
                pct(counts[option.key], len(given_answers)))
            assert option.percent_of_all == pytest.approx(pct(counts[option.key], total))
    use = summary.question("use")
    ticked = [r["use"] for r in kept if r["use"]]
    assert use.answered == len(ticked) and use.multiple
    for option in use.options:
        n = sum(option.key in t for t in ticked)
        assert option.count == n
        assert option.percent_of_answered == pytest.approx(pct(n, len(ticked)))
    safe = [r["safe"] for r in kept if r["safe"] is not None]
    scale = summary.question("safe").scale
    assert scale.percent_agree == pytest.approx(
        pct(sum(s in SAFE[:2] for s in safe), len(safe)))
    assert scale.percent_disagree == pytest.approx(
        pct(sum(s in SAFE[3:] for s in safe), len(safe)))
    if safe:
        middle = sorted(safe, key=SAFE.index)[(len(safe) - 1) // 2]
        assert scale.median_label == dict(zip(SAFE, [o.label for o in summary.question(
            "safe").options], strict=True))[middle]
    minutes = [r["minutes"] for r in kept if r["minutes"] is not None]
    numbers = summary.question("minutes").numbers
    if minutes:
        assert (numbers.minimum, numbers.maximum) == (min(minutes), max(minutes))
        assert numbers.median == pytest.approx(statistics.median(minutes))
        assert numbers.mean == pytest.approx(statistics.mean(minutes))
    else:
        assert numbers.median is None and numbers.mean is None
    months = Counter(r["last_visit"].strftime("%Y-%m") for r in kept if r["last_visit"])
    assert {o.key: o.count for o in summary.question("last_visit").options} == months
    assert summary.question("ideas").answered == sum(r["ideas"] is not None for r in kept)
    assert {o.key: o.count for o in summary.by_channel} == {
        "online": sum(r["channel"] == "online" for r in kept),
        "paper": sum(r["channel"] == "paper" for r in kept)}
    assert {o.key: o.count for o in summary.by_format} == {
        f: sum(r["format"] == f for r in kept) for f in ("standard", "easy_read",
                                                          "large_print")}
    days = Counter((START + timedelta(days=r["day"])).date().isoformat() for r in kept)
    assert {o.key: o.count for o in summary.per_day} == days
    check_grid(summary.question("views"), kept)
    check_ranking(summary.question("priorities"), kept)


def check_grid(views, kept: list[dict]) -> None:
    """Each statement on its own: counts and percentages of those who answered it, the
    top two and bottom two of the scale (of those who answered, "I don't know" too) and
    the median point (of those on the scale)."""
    total = len(kept)
    grids = [r["views"] for r in kept if r["views"]]
    assert views.answered == len(grids) and not views.multiple
    assert [row.key for row in views.rows] == STATEMENTS
    flat = {o.key: o for o in views.options}
    assert list(flat) == [f"{s}:{c}" for s in STATEMENTS for c in COLUMNS]
    for row in views.rows:
        given = [g[row.key] for g in grids if row.key in g]
        counts = Counter(given)
        assert row.answered == len(given) and row.not_answered == total - len(given)
        assert [o.key for o in row.options] == [f"{row.key}:{c}" for c in COLUMNS]
        for option, column in zip(row.options, COLUMNS, strict=True):
            assert option.count == counts[column] == flat[option.key].count
            assert option.percent_of_answered == pytest.approx(pct(counts[column], len(given)))
            assert flat[option.key].percent_of_answered == option.percent_of_answered
            assert option.percent_of_all == pytest.approx(pct(counts[column], total))
        assert row.scale.percent_agree == pytest.approx(
            pct(sum(c in SAFE[:2] for c in given), len(given)))
        assert row.scale.percent_disagree == pytest.approx(
            pct(sum(c in SAFE[3:] for c in given), len(given)))
        points = sorted((c for c in given if c in SAFE), key=SAFE.index)
        labels = dict(zip(COLUMNS, [o.label for o in row.options], strict=True))
        assert row.scale.median_label == (labels[points[(len(points) - 1) // 2]]
                                          if points else None)
    scored = [r for r in views.rows if r.scale.percent_agree is not None]
    if scored:  # the first of the rows with the largest share agreeing
        best = max(scored, key=lambda r: r.scale.percent_agree)
        assert views.summary_line.startswith(f"Most positive: “{best.label}”")


def check_ranking(priorities, kept: list[dict]) -> None:
    """Per option: how many ranked it, how many put it first and its mean place, in the
    order the options are defined."""
    ranked = [r["priorities"] for r in kept if r["priorities"]]
    assert priorities.answered == len(ranked)
    assert [r.key for r in priorities.ranks] == PRIORITIES
    for rank, option in zip(priorities.ranks, priorities.options, strict=True):
        places = [given[rank.key] for given in ranked if rank.key in given]
        firsts = sum(place == 1 for place in places)
        assert rank.ranked == option.count == len(places)
        assert rank.first == firsts
        assert rank.percent_first == pytest.approx(pct(firsts, len(ranked)))
        if places:
            assert rank.mean_rank == pytest.approx(statistics.mean(places))
        else:
            assert rank.mean_rank is None
    assert sum(r.first for r in priorities.ranks) == len(ranked)
    if ranked:
        most = max(r.first for r in priorities.ranks)
        top = next(r for r in priorities.ranks if r.first == most)
        assert priorities.summary_line.startswith(f"Most often put first: {top.label}")
        assert f"{most} " in priorities.summary_line


@PROPERTY
@given(generated=responses_strategy, channel=st.sampled_from([None, "online", "paper"]),
       visit=st.sampled_from([None, *VISIT]), last_day=st.sampled_from([None, 2, 5]))
def test_every_count_matches_an_independent_count(db_session, organisation, make_consultation,
                                                  ready_definition, generated, channel, visit,
                                                  last_day):
    survey = fresh_survey(db_session, organisation, make_consultation, ready_definition)
    store(db_session, survey, generated)
    check_summary(summarise(db_session, survey[0]), generated)
    filters = Filters(channel=channel, answers=(("visit", visit),) if visit else (),
                      date_to=(START + timedelta(days=last_day)).date() if last_day else None)
    kept = [r for r in generated
            if (channel is None or r["channel"] == channel)
            and (visit is None or r["visit"] == visit)
            and (last_day is None or r["day"] <= last_day)]
    check_summary(summarise(db_session, survey[0], filters), kept)


@PROPERTY
@given(generated=responses_strategy, pair=st.sampled_from([
    ("visit", "age"), ("safe", "cafe"), ("use", "age"), ("views.safe", "age"),
    ("visit", "views.toilets"), ("views.safe", "views.clean")]))
def test_crosstab_matches_an_independent_count(db_session, organisation, make_consultation,
                                               ready_definition, generated, pair):
    survey = fresh_survey(db_session, organisation, make_consultation, ready_definition)
    store(db_session, survey, generated)
    rows, columns = pair
    table = crosstab(db_session, survey[0], rows, columns)
    expected: Counter = Counter()
    for r in generated:
        for a in chosen(r, rows):
            for b in chosen(r, columns):
                expected[(a, b)] += 1
    for i, (row_key, _) in enumerate(table.row_labels):
        for j, (column_key, _) in enumerate(table.column_labels):
            assert table.counts[i][j] == expected[(row_key, column_key)]
    assert table.total == sum(expected.values())
    assert list(table.row_totals) == [sum(row) for row in table.counts]


def chosen(response: dict, part: str) -> list[str]:
    """The option keys a made-up response gives a cross-tab part: a question's answer
    (each ticked option), or a grid statement's answer as "statement:column"."""
    key, _, statement = part.partition(".")
    value = response[key]
    if statement:
        return [f"{statement}:{value[statement]}"] if value and statement in value else []
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def test_a_crosstab_needs_two_different_choice_questions(db_session, organisation,
                                                         make_consultation, ready_definition):
    survey = fresh_survey(db_session, organisation, make_consultation, ready_definition)
    with pytest.raises(CrossTabError):
        crosstab(db_session, survey[0], "visit", "visit")
    with pytest.raises(CrossTabError):
        crosstab(db_session, survey[0], "visit", "ideas")


def test_an_unpublished_consultation_has_an_empty_summary(db_session, organisation,
                                                          make_consultation):
    summary = summarise(db_session, make_consultation(organisation))
    assert summary.respondents == 0 and summary.questions == ()
