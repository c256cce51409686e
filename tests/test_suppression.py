"""Small-number suppression: small counts are hidden, and no hidden count can be worked
out from what is shown. The "worked out" check is independent of the code under test:
plain linear algebra over fractions — a hidden value is recoverable exactly when its
unit vector lies in the row space of the equations the shown totals give."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime
from fractions import Fraction

from hypothesis import Phase, given, settings
from hypothesis import strategies as st
from support.results import add_response, publish_results_survey
from test_counting import PROPERTY, fresh_survey, responses_strategy, store

from surveybuilder.results import counting
from surveybuilder.results.counting import summarise
from surveybuilder.results.crosstab import crosstab
from surveybuilder.results.suppression import (
    SECONDARY,
    SMALL,
    _publishable_question,
    publishable,
    publishable_crosstab,
    shown,
    suppress_line,
    suppress_table,
    threshold_for,
)
from surveybuilder.survey.types.grid import GridQuestion
from surveybuilder.survey.types.ranking import RankingQuestion

THRESHOLD = 5
QUICK = settings(max_examples=300, deadline=None, derandomize=True)


def rank(rows: list[list[Fraction]]) -> int:
    """Rank by Gaussian elimination over exact fractions."""
    matrix = [row[:] for row in rows]
    found = 0
    columns = len(matrix[0]) if matrix else 0
    for column in range(columns):
        pivot = next((r for r in range(found, len(matrix)) if matrix[r][column] != 0), None)
        if pivot is None:
            continue
        matrix[found], matrix[pivot] = matrix[pivot], matrix[found]
        for r in range(len(matrix)):
            if r != found and matrix[r][column] != 0:
                factor = matrix[r][column] / matrix[found][column]
                matrix[r] = [a - factor * b for a, b in zip(matrix[r], matrix[found],
                                                             strict=True)]
        found += 1
    return found


def recoverable(equations: list[dict], hidden: list) -> list:
    """The hidden unknowns whose value the equations (unknown → coefficient) fix."""
    rows = [[Fraction(e.get(h, 0)) for h in hidden] for e in equations]
    rows = [r for r in rows if any(r)]
    base = rank(rows) if rows else 0
    fixed = []
    for index, h in enumerate(hidden):
        unit = [Fraction(int(i == index)) for i in range(len(hidden))]
        if rank(rows + [unit]) == base:
            fixed.append(h)
    return fixed


def table_equations(rows: int, cols: int) -> list[dict]:
    """Every line of the bordered table adds up: cells to their row and column totals,
    the totals to the grand total. Unknowns are named ("c", r, c), ("r", r), ("k", c),
    ("g",)."""
    equations = []
    for r in range(rows):
        equations.append({**{("c", r, c): 1 for c in range(cols)}, ("r", r): -1})
    for c in range(cols):
        equations.append({**{("c", r, c): 1 for r in range(rows)}, ("k", c): -1})
    equations.append({**{("r", r): 1 for r in range(rows)}, ("g",): -1})
    equations.append({**{("k", c): 1 for c in range(cols)}, ("g",): -1})
    return equations


tables = st.integers(1, 4).flatmap(lambda rows: st.integers(1, 4).flatmap(
    lambda cols: st.lists(st.lists(st.integers(0, 12), min_size=cols, max_size=cols),
                          min_size=rows, max_size=rows)))


@QUICK
@given(cells=tables)
def test_no_hidden_cell_of_a_table_can_be_worked_out(cells):
    rows, cols = len(cells), len(cells[0])
    marks, row_marks, col_marks, grand_hidden = suppress_table(cells, THRESHOLD)
    values = {("c", r, c): cells[r][c] for r in range(rows) for c in range(cols)}
    values |= {("r", r): sum(cells[r]) for r in range(rows)}
    values |= {("k", c): sum(row[c] for row in cells) for c in range(cols)}
    values[("g",)] = sum(map(sum, cells))
    hidden = [("c", r, c) for r in range(rows) for c in range(cols) if marks[r][c]]
    hidden += [("r", r) for r in range(rows) if row_marks[r]]
    hidden += [("k", c) for c in range(cols) if col_marks[c]]
    hidden += [("g",)] if grand_hidden else []
    for key, value in values.items():
        if 0 < value < THRESHOLD:
            assert key in hidden, f"small {key}={value} is shown"
    equations = []
    for equation in table_equations(rows, cols):
        known = {k: v for k, v in equation.items() if k not in hidden}
        unknown = {k: v for k, v in equation.items() if k in hidden}
        if unknown:
            equations.append(unknown)  # the right-hand side is known; only the shape matters
        else:
            assert sum(v * values[k] for k, v in known.items()) == 0
    assert recoverable(equations, hidden) == []


@QUICK
@given(counts=st.lists(st.integers(0, 12), min_size=1, max_size=8))
def test_no_hidden_count_of_a_list_can_be_worked_out_from_its_total(counts):
    marks = suppress_line(counts, THRESHOLD)
    hidden = [i for i, m in enumerate(marks) if m]
    if len(counts) == 1:
        assert hidden == []  # the count is the total, which is shown anyway
        return
    assert all(marks[i] == SMALL for i, c in enumerate(counts) if 0 < c < THRESHOLD)
    assert len(hidden) != 1
    if hidden:
        assert recoverable([{i: 1 for i in hidden}], hidden) == []


def test_secondary_suppression_in_a_two_by_two_table():
    marks, row_marks, col_marks, _ = suppress_table([[3, 10], [10, 10]], THRESHOLD)
    assert marks == [[SMALL, SECONDARY], [SECONDARY, SECONDARY]]
    assert row_marks == ["", ""] and col_marks == ["", ""]


def test_secondary_cells_are_the_smallest_non_zero_ones():
    assert suppress_line([3, 40, 0, 9], THRESHOLD) == [SMALL, "", "", SECONDARY]
    assert suppress_line([3, 0, 0], THRESHOLD) == [SMALL, SECONDARY, ""]
    assert suppress_line([3, 0, 9], THRESHOLD, additive=False) == [SMALL, "", ""]


def test_labels():
    assert shown(3, "", 5) == "3"
    assert shown(None, SMALL, 5) == "fewer than 5"
    assert shown(None, SECONDARY, 5) == "hidden"
    assert shown(1234, "", 5) == "1,234"


def test_published_summary_and_crosstab(db_session, organisation, make_consultation,
                                        ready_definition):
    survey = publish_results_survey(db_session, organisation, make_consultation,
                                    ready_definition)
    visits = ["weekly"] * 9 + ["monthly"] * 3 + ["never"] * 8
    for index, visit in enumerate(visits):
        add_response(db_session, survey, {
            "visit": visit, "age": "older" if index % 4 == 0 else "middle",
            "use": ["walk"] + (["sport"] if index < 2 else []), "minutes": index,
            **({"safe": "agree"} if index else {}),
            **({"cafe": "yes"} if index < 2 else {})},
            submitted_at=datetime(2026, 11, 2, tzinfo=UTC))
    exact = summarise(db_session, survey[0])
    published = publishable(exact, THRESHOLD)
    assert published.threshold == THRESHOLD and published.respondents == 20
    visit = published.question("visit")
    assert [(o.count, o.hidden) for o in visit.options] == [(9, ""), (None, SMALL),
                                                           (None, SECONDARY)]
    assert visit.options[1].percent_of_answered is None
    use = published.question("use")  # ticks do not add up: only the small one is hidden
    assert [(o.count, o.hidden) for o in use.options] == [(20, ""), (0, ""), (None, SMALL)]
    safe = published.question("safe")  # one did not answer: answered would give it away
    assert safe.answered is None and safe.not_answered is None
    assert all(o.percent_of_answered is None for o in safe.options)
    assert safe.scale.percent_agree is None
    minutes = published.question("minutes").numbers
    assert minutes.minimum is None and minutes.maximum is None and minutes.median == 9.5
    assert "Too few people" in published.question("cafe").summary_line
    assert exact.question("visit").options[1].count == 3  # the exact summary is untouched

    table = publishable_crosstab(crosstab(db_session, survey[0], "visit", "age"), THRESHOLD)
    shown_cells = [[(v, table.mark(r, c)) for c, v in enumerate(row)]
                   for r, row in enumerate(table.counts)]
    assert all((v is None) == bool(m) for row in shown_cells for v, m in row)
    assert table.counts[1][1] is None and table.mark(1, 1) == SMALL  # 3 monthly, middle


def test_threshold_for_an_organisation(organisation):
    assert threshold_for(organisation, 5) == 5
    organisation.suppression_threshold = 10
    assert threshold_for(organisation, 5) == 10
    assert threshold_for(None, 7) == 7


@settings(PROPERTY, phases=[Phase.explicit, Phase.reuse, Phase.generate])
@given(generated=responses_strategy)
def test_a_published_summary_never_shows_or_gives_away_a_small_count(
        db_session, organisation, make_consultation, ready_definition, generated):
    survey = fresh_survey(db_session, organisation, make_consultation, ready_definition)
    store(db_session, survey, generated)
    exact = summarise(db_session, survey[0])
    published = publishable(exact, THRESHOLD)
    for shown_q, exact_q in zip(published.questions, exact.questions, strict=True):
        for option, original in zip(shown_q.options, exact_q.options, strict=True):
            if 0 < original.count < THRESHOLD:
                assert option.count is None and option.percent_of_all is None
        if shown_q.hidden:
            assert all(o.count is None for o in shown_q.options)
            continue
        if shown_q.kind in ("single_choice", "yes_no", "scale", "date"):
            # Options and "not answered" add up to the respondents, which are shown.
            hidden = [o for o in shown_q.options if o.count is None]
            hidden += [None] if shown_q.not_answered is None else []
            assert len(hidden) != 1
        if shown_q.answered is None and not shown_q.rows:  # a row's % are of the row
            assert all(o.percent_of_answered is None for o in shown_q.options)
        elif shown_q.answered is not None:
            assert shown_q.answered + shown_q.not_answered == published.respondents
        for row, exact_row in zip(shown_q.rows, exact_q.rows, strict=True):
            check_published_row(row, exact_row, published.respondents)
        if any(row.answered is None for row in shown_q.rows):
            assert shown_q.answered is None
        if shown_q.ranks:
            check_published_ranks(shown_q, exact_q)
        if shown_q.numbers is not None:
            assert shown_q.numbers.minimum is None and shown_q.numbers.maximum is None
    for line in (published.by_channel, published.by_format, published.per_day):
        assert sum(o.count is None for o in line) != 1


# Grids and ranking ------------------------------------------------------------------

def check_published_row(row, exact_row, respondents: int) -> None:
    """A grid's statement: its answers and "did not answer it" add up to the
    respondents, so no small one is shown and never exactly one is hidden."""
    for option, original in zip(row.options, exact_row.options, strict=True):
        if 0 < original.count < THRESHOLD:
            assert option.count is None and option.percent_of_all is None
    if 0 < exact_row.not_answered < THRESHOLD or 0 < exact_row.answered < THRESHOLD:
        assert row.answered is None and row.not_answered is None
    line = [o.count for o in row.options] + [row.not_answered]
    assert sum(value is None for value in line) != 1
    if row.answered is None:
        assert all(o.percent_of_answered is None for o in row.options)
        assert row.scale is None or row.scale.percent_agree is None
    else:
        assert row.answered + row.not_answered == respondents
    if any(o.count is None for o in row.options) and row.scale is not None:
        assert row.scale.percent_agree is None and row.scale.percent_disagree is None


def check_published_ranks(question, exact) -> None:
    """First choices and "did not answer" add up to the respondents; an option with
    hidden first choices shows neither how many ranked it nor its mean place; a mean
    place of fewer than the threshold is hidden."""
    line = [r.first for r in question.ranks] + [question.not_answered]
    assert sum(value is None for value in line) != 1
    for rank, original, option in zip(question.ranks, exact.ranks, question.options,
                                      strict=True):
        if 0 < original.first < THRESHOLD:
            assert rank.first is None and rank.percent_first is None
        if 0 < original.ranked < THRESHOLD:
            assert rank.ranked is None and rank.mean_rank is None
        if rank.first is None:
            assert rank.ranked is None and rank.mean_rank is None
        assert option.count == rank.ranked
        if question.answered is None:
            assert rank.percent_first is None and option.percent_of_answered is None


def determined(equations: list[dict], form: dict) -> bool:
    """Whether the linear form (unknown → coefficient) has one value whatever the
    unknowns, given the equations: it is in their row space."""
    unknowns = sorted({k for e in [*equations, form] for k in e}, key=repr)
    rows = [[Fraction(e.get(k, 0)) for k in unknowns] for e in equations]
    rows = [r for r in rows if any(r)]
    target = [Fraction(form.get(k, 0)) for k in unknowns]
    return rank(rows + [target]) == (rank(rows) if rows else 0)


GRID = GridQuestion.model_validate(GridQuestion.example())
RANKING = RankingQuestion.model_validate(RankingQuestion.example())
RANKINGS = [RankingQuestion.model_validate({**RankingQuestion.example(), "max_ranked": n})
            for n in range(1, len(RANKING.options) + 1)]
"""With one place the number ranking an option is its first choices; with two, that
number and the mean place give them; with three or four neither does alone."""
COLUMNS = [c.key for c in GRID.choices()]


def summarised(question, answers: list[dict]):
    """The exact summary of one question from made-up answers, by the counting code's
    own arithmetic (the database part is checked in test_counting.py)."""
    counts: Counter = Counter(row["option_key"] for a in answers for row in question.rows(a))
    places: dict = {}
    for answer in answers:
        for key, place in (answer.items() if isinstance(question, RankingQuestion) else ()):
            places.setdefault(key, []).append(place)
    places = {k: (sum(v) / len(v), sum(p == 1 for p in v)) for k, v in places.items()}
    answered = sum(bool(a) for a in answers)
    return counting._question_summary(question, 1, len(answers), answered, counts, [],
                                      places)


grid_answers = st.lists(st.dictionaries(st.sampled_from([o.key for o in GRID.options]),
                                        st.sampled_from(COLUMNS)), max_size=40)


@QUICK
@given(answers=grid_answers)
def test_no_hidden_figure_of_a_grid_can_be_worked_out(answers):
    """Per statement, the unknowns are its answers' counts and "did not answer it"; each
    statement's line adds up to the respondents, which are shown. Nothing hidden may be
    fixed by the equations the shown figures give."""
    exact = summarised(GRID, answers)
    published = _publishable_question(exact, THRESHOLD)
    respondents = len(answers)
    for row, exact_row in zip(published.rows, exact.rows, strict=True):
        check_published_row(row, exact_row, respondents)
        names = [o.key for o in row.options] + ["not answered"]
        shown_values = [o.count for o in row.options] + [row.not_answered]
        hidden = [n for n, v in zip(names, shown_values, strict=True) if v is None]
        equations = [{n: 1 for n in hidden}]  # the line less what is shown
        assert all(not determined(equations, {n: 1}) for n in hidden)
    if any(row.answered is None for row in published.rows):
        assert published.answered is None


def ranking_answers(question: RankingQuestion):
    return st.lists(st.lists(st.sampled_from([o.key for o in question.options]),
                             min_size=0, max_size=question.places(), unique=True).map(
        lambda ordered: {k: place for place, k in enumerate(ordered, start=1)}), max_size=40)


@QUICK
@given(question_and_answers=st.sampled_from(RANKINGS).flatmap(
    lambda q: st.tuples(st.just(q), ranking_answers(q))))
def test_no_hidden_figure_of_a_ranking_can_be_worked_out(question_and_answers):
    """The unknowns are how many put each option in each place, and how many did not
    answer. Shown figures give equations: first choices, how many ranked an option (the
    sum over places), a mean place with its number (the sum of place × count), and
    first choices with "did not answer" adding up to the respondents. No hidden first
    choice, number ranking an option, or sum of places may be fixed by them."""
    question, answers = question_and_answers
    exact = summarised(question, answers)
    published = _publishable_question(exact, THRESHOLD)
    places = range(1, question.places() + 1)
    equations: list[dict] = [{**{(r.key, 1): 1 for r in published.ranks}, "na": 1}]
    if published.not_answered is not None:
        equations.append({"na": 1})
    hidden: list[dict] = []
    for rank in published.ranks:
        first = {(rank.key, 1): 1}
        ranked = {(rank.key, p): 1 for p in places}
        total_place = {(rank.key, p): p for p in places}
        (equations if rank.first is not None else hidden).append(first)
        (equations if rank.ranked is not None else hidden).append(ranked)
        if rank.mean_rank is not None:
            assert rank.ranked is not None and rank.ranked >= THRESHOLD
            equations.append(total_place)
        elif rank.ranked:
            hidden.append(total_place)
    if published.not_answered is None and not published.hidden:
        hidden.append({"na": 1})
    for form in hidden:
        assert not determined(equations, form), form
    if not published.hidden:
        check_published_ranks(published, exact)


def test_a_ranking_hides_a_small_first_choice_and_what_would_give_it_away():
    answers = ([{"lights": 1, "toilets": 2}] * 9 + [{"toilets": 1, "lights": 2}] * 3
               + [{"benches": 1, "lights": 2, "toilets": 3}] * 8)
    published = _publishable_question(summarised(RANKING, answers), THRESHOLD)
    lights, toilets, benches, paths = published.ranks
    assert (lights.first, lights.ranked, lights.mean_rank) == (9, 20, 1.55)
    assert (toilets.first, toilets.hidden, toilets.ranked, toilets.mean_rank) == (
        None, SMALL, None, None)  # 3 put it first; 20 ranked it, mean 2.15 would tell
    assert (benches.first, benches.hidden, benches.ranked) == (None, SECONDARY, None)
    assert (paths.first, paths.ranked, paths.mean_rank) == (0, 0, None)
    assert published.summary_line == "Most often put first: Better lighting (9 of 20 who " \
                                     "answered)."


def test_a_grid_hides_small_cells_statement_by_statement():
    answers = ([{"safe": "agree", "clean": "agree"}] * 12 + [{"safe": "disagree"}] * 3
               + [{"safe": "strongly_agree", "clean": "neither", "toilets": "agree"}] * 6)
    published = _publishable_question(summarised(GRID, answers), THRESHOLD)
    safe, clean, toilets = published.rows
    # 3 disagree: hidden, and the 6 who strongly agree, or 21 less the rest would tell.
    assert [(o.count, o.hidden) for o in safe.options] == [
        (None, SECONDARY), (12, ""), (0, ""), (None, SMALL), (0, ""), (0, "")]
    assert safe.answered == 21 and safe.scale.percent_agree is None
    # 3 did not answer "clean": hidden, so is how many answered it, and the 6 neither.
    assert clean.answered is None and clean.not_answered is None
    assert [o.count for o in clean.options] == [0, 12, None, 0, 0, 0]
    assert toilets.answered == 6 and toilets.options[1].count == 6
    assert published.answered is None  # "clean" may be one everyone must answer
    assert published.summary_line == (
        "Of the statements whose figures are shown, most positive: “The toilets are easy "
        "to find” (100% strongly agree or agree; 6 of 21 answered).")
