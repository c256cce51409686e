"""Counting checked against an independent computation: hypothesis makes up sets of
responses (skipped questions, several ticks, every channel and format, many days), we
store them through the real storage encoding in the real database, and every count,
percentage, median, month, breakdown and cross-tab must match what plain Python works
out from the made-up answers themselves."""

from __future__ import annotations

import itertools
import statistics
from collections import Counter
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
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


def fresh_survey(db_session, organisation, make_consultation, ready_definition):
    return publish_results_survey(db_session, organisation, make_consultation,
                                  ready_definition, slug=f"park-{next(_counter)}")


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
@given(generated=responses_strategy, pair=st.sampled_from([("visit", "age"), ("safe", "cafe"),
                                                           ("use", "age")]))
def test_crosstab_matches_an_independent_count(db_session, organisation, make_consultation,
                                               ready_definition, generated, pair):
    survey = fresh_survey(db_session, organisation, make_consultation, ready_definition)
    store(db_session, survey, generated)
    rows, columns = pair
    table = crosstab(db_session, survey[0], rows, columns)
    expected: Counter = Counter()
    for r in generated:
        if r[rows] is None or r[columns] is None:
            continue
        for a in (r[rows] if isinstance(r[rows], list) else [r[rows]]):
            expected[(a, r[columns])] += 1
    for i, (row_key, _) in enumerate(table.row_labels):
        for j, (column_key, _) in enumerate(table.column_labels):
            assert table.counts[i][j] == expected[(row_key, column_key)]
    assert table.total == sum(expected.values())
    assert list(table.row_totals) == [sum(row) for row in table.counts]


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
