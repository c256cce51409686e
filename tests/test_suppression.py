"""Small-number suppression: small counts are hidden, and no hidden count can be worked
out from what is shown. The "worked out" check is independent of the code under test:
plain linear algebra over fractions — a hidden value is recoverable exactly when its
unit vector lies in the row space of the equations the shown totals give."""

from __future__ import annotations

from datetime import UTC, datetime
from fractions import Fraction

from hypothesis import Phase, given, settings
from hypothesis import strategies as st
from support.results import add_response, publish_results_survey
from test_counting import PROPERTY, fresh_survey, responses_strategy, store

from surveybuilder.results.counting import summarise
from surveybuilder.results.crosstab import crosstab
from surveybuilder.results.suppression import (
    SECONDARY,
    SMALL,
    publishable,
    publishable_crosstab,
    shown,
    suppress_line,
    suppress_table,
    threshold_for,
)

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
        if shown_q.answered is None:
            assert all(o.percent_of_answered is None for o in shown_q.options)
        else:
            assert shown_q.answered + shown_q.not_answered == published.respondents
        if shown_q.numbers is not None:
            assert shown_q.numbers.minimum is None and shown_q.numbers.maximum is None
    for line in (published.by_channel, published.by_format, published.per_day):
        assert sum(o.count is None for o in line) != 1
