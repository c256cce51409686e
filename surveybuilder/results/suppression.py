"""Small-number suppression: the one way figures are made safe to leave staff-only views.

Offers
- `publishable(summary, threshold) -> ConsultationSummary` and
  `publishable_crosstab(crosstab, threshold) -> CrossTab`: the same values with every
  count under the threshold hidden ("small"), plus the further counts that must be
  hidden so a small one cannot be worked out from the totals that are shown
  ("secondary"); percentages of hidden counts are hidden too;
- `suppress_line` and `suppress_table`, the two rules underneath, for anything else
  (theme counts, open-data files);
- `shown(count, hidden, threshold)`, the words a page prints for a count:
  "12", "fewer than 5" or "hidden".
- `answered_in(by_language, threshold)`: "Answered in: English 120, Polski 14." with
  each count as `shown` prints it.

Every page, export and publication that leaves staff-only views (public "You said, we
did", PDFs, open data) must call this module; staff results pages show exact figures.

How secondary suppression works. A table's rows and columns each add up to a total
that is shown. Think of every row and column (and the totals row and column) as a
point, and every hidden cell as a line joining its row to its column. A hidden cell
can be worked out exactly precisely when its line is a *bridge* — when it lies on no
closed loop of hidden cells — because otherwise one can add 1 to it and take 1 away
round the loop and every total stays the same. So after hiding the small cells we
keep hiding the smallest further cell that closes a loop through a bridge, until there
are no bridges. A single list that adds up to a shown total (one question's answers)
is the simple case: it must hide none, or at least two.

Questions with more than one line. A grid's statements are each such a list: its
answers and "did not answer this statement" add up to the respondents, so each is
suppressed on its own, as a single choice is; and since a statement everyone must
answer has the same "did not answer" as the question, the question's own count of who
answered is hidden whenever a statement's is. A ranking question's first choices are
such a list too (everyone who answered put exactly one option first). An option whose
first choices are hidden also hides how many ranked it and its mean place: with one
place to fill the number who ranked it *is* its first choices, and with two the mean
and the number give them away (first = 2 × ranked − sum of places). A mean place based
on fewer people than the threshold is hidden as well.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from sqlmodel import Session

from surveybuilder.consultations import audit
from surveybuilder.models import Organisation, User
from surveybuilder.results.counting import (
    ConsultationSummary,
    NumberStats,
    OptionCount,
    QuestionSummary,
    RankCount,
    RowSummary,
    own_name,
)
from surveybuilder.results.crosstab import CrossTab

SMALL = "small"
SECONDARY = "secondary"


def shown(count: int | None, hidden: str, threshold: int) -> str:
    """What to print for a count in a published figure."""
    if hidden == SMALL:
        return f"fewer than {threshold}"
    if hidden:
        return "hidden"
    return f"{count:,}" if count is not None else "–"


def answered_in(by_language: Sequence[OptionCount], threshold: int) -> str:
    """"Answered in: English 120, Polski 14." with each language named in itself, each
    count as `shown` prints it; empty when only English is counted and offered."""
    if len(by_language) < 2:
        return ""
    return "Answered in: " + ", ".join(
        f"{own_name(o.key)} {shown(o.count, o.hidden, threshold)}" for o in by_language) + "."


def is_small(count: int, threshold: int) -> bool:
    """Zero is shown (it identifies nobody); 1 to threshold − 1 are hidden."""
    return 0 < count < threshold


def suppress_line(counts: Sequence[int], threshold: int, additive: bool = True) -> list[str]:
    """Marks ("", "small", "secondary") for counts that add up to a total that is shown.

    With one hidden count, the total minus the rest would give it away, so the smallest
    other count (a non-zero one if there is any) is hidden as well; a list of one
    count is the total itself, so nothing is hidden. `additive=False`
    is for counts that do not add up to anything shown (the options of a multiple
    choice, theme counts), where only the small ones are hidden."""
    if additive and len(counts) == 1:
        return [""]  # the one count is the total, which is shown anyway
    marks = [SMALL if is_small(c, threshold) else "" for c in counts]
    if additive and marks.count(SMALL) == 1:
        candidates = [i for i, m in enumerate(marks) if not m]
        if candidates:
            chosen = min(candidates, key=lambda i: (counts[i] == 0, counts[i]))
            marks[chosen] = SECONDARY
    return marks


def suppress_table(cells: Sequence[Sequence[int]], threshold: int
                   ) -> tuple[list[list[str]], list[str], list[str], bool]:
    """Marks for a table published with its row totals, column totals and grand total.

    Returns (cell marks, row-total marks, column-total marks, grand total hidden)."""
    rows, cols = len(cells), len(cells[0]) if cells else 0
    full = _bordered(cells)
    marks = {(r, c): SMALL for r in range(rows + 1) for c in range(cols + 1)
             if is_small(full[r][c], threshold)}
    while True:
        bridge = _first_bridge(marks, rows + 1)
        if bridge is None:
            break
        chosen = _closing_cell(full, marks, bridge, rows, cols)
        if chosen is None:
            break
        marks[chosen] = SECONDARY
    cell_marks = [[marks.get((r, c), "") for c in range(cols)] for r in range(rows)]
    return (cell_marks, [marks.get((r, cols), "") for r in range(rows)],
            [marks.get((rows, c), "") for c in range(cols)], (rows, cols) in marks)


def _bordered(cells: Sequence[Sequence[int]]) -> list[list[int]]:
    """The table with its row totals as an extra column and column totals as an extra
    row; the corner is the grand total."""
    full = [list(row) + [sum(row)] for row in cells]
    full.append([sum(column) for column in zip(*full, strict=True)])
    return full


def _first_bridge(marks: dict[tuple[int, int], str], rows: int) -> tuple[int, int] | None:
    """A hidden cell on no loop of hidden cells (Tarjan's bridge search). Row r is point
    r; column c is point rows + c."""
    adjacent: dict[int, list[tuple[int, tuple[int, int]]]] = {}
    for r, c in marks:
        adjacent.setdefault(r, []).append((rows + c, (r, c)))
        adjacent.setdefault(rows + c, []).append((r, (r, c)))
    order: dict[int, int] = {}
    low: dict[int, int] = {}

    def visit(point: int, via: tuple[int, int] | None) -> tuple[int, int] | None:
        order[point] = low[point] = len(order)
        for other, edge in adjacent[point]:
            if edge == via:
                continue
            if other in order:
                low[point] = min(low[point], order[other])
                continue
            found = visit(other, edge)
            if found:
                return found
            low[point] = min(low[point], low[other])
            if low[other] > order[point]:
                return edge
        return None

    for start in sorted(adjacent):
        if start not in order:
            found = visit(start, None)
            if found:
                return found
    return None


def _closing_cell(full: list[list[int]], marks: dict[tuple[int, int], str],
                  bridge: tuple[int, int], rows: int, cols: int) -> tuple[int, int] | None:
    """The cheapest shown cell whose hiding puts `bridge` on a loop: one joining the two
    sides the bridge separates; failing that, one more cell in the bridge's row or
    column, to grow towards a loop. Small non-zero cells are cheapest; the grand total
    is hidden only as a last resort (once everything is hidden there is always a loop)."""
    side_a, side_b = _sides(marks, bridge, rows + 1)
    free = [(r, c) for r in range(rows + 1) for c in range(cols + 1) if (r, c) not in marks]

    def cost(cell: tuple[int, int]) -> tuple[bool, bool, int]:
        value = full[cell[0]][cell[1]]
        return cell == (rows, cols), value == 0, value

    closing = [(r, c) for r, c in free
               if (r in side_a and rows + 1 + c in side_b)
               or (r in side_b and rows + 1 + c in side_a)]
    if closing:
        return min(closing, key=cost)
    touching = [(r, c) for r, c in free if r == bridge[0] or c == bridge[1]]
    return min(touching, key=cost) if touching else None


def _sides(marks: dict[tuple[int, int], str], bridge: tuple[int, int], rows: int
           ) -> tuple[set[int], set[int]]:
    """The points reachable from each end of the bridge without crossing it."""
    adjacent: dict[int, set[int]] = {}
    for r, c in marks:
        if (r, c) != bridge:
            adjacent.setdefault(r, set()).add(rows + c)
            adjacent.setdefault(rows + c, set()).add(r)

    def reach(start: int) -> set[int]:
        seen, todo = {start}, [start]
        while todo:
            for other in adjacent.get(todo.pop(), ()):
                if other not in seen:
                    seen.add(other)
                    todo.append(other)
        return seen

    return reach(bridge[0]), reach(rows + bridge[1])


def publishable(summary: ConsultationSummary, threshold: int) -> ConsultationSummary:
    """The summary as it may be published: small counts and their give-aways hidden."""
    total = summary.respondents
    return replace(
        summary, threshold=threshold,
        questions=tuple(_publishable_question(q, threshold) for q in summary.questions),
        by_channel=_hide(summary.by_channel, suppress_line(
            [o.count or 0 for o in summary.by_channel], threshold)),
        by_format=_hide(summary.by_format, suppress_line(
            [o.count or 0 for o in summary.by_format], threshold)),
        by_language=_hide(summary.by_language, suppress_line(
            [o.count or 0 for o in summary.by_language], threshold)),
        per_day=_hide(summary.per_day, suppress_line(
            [o.count or 0 for o in summary.per_day], threshold)) if total else ())


def _publishable_question(question: QuestionSummary, threshold: int) -> QuestionSummary:
    """Hide small option counts; when a few did not answer, hide how many answered and
    the percentages of those who answered (they would give it away), keeping the
    percentages of all respondents."""
    answered, not_answered = question.answered or 0, question.not_answered or 0
    if is_small(answered, threshold):
        return _all_hidden(question)
    if question.rows:
        return _publishable_rows(question, threshold)
    if question.ranks:
        return _publishable_ranks(question, threshold)
    if question.additive:
        marks = suppress_line([o.count or 0 for o in question.options] + [not_answered],
                              threshold)
        options, answered_mark = marks[:-1], marks[-1]
    else:
        answered_mark = suppress_line([answered, not_answered], threshold)[1]
        options = suppress_line([o.count or 0 for o in question.options], threshold,
                                additive=False)
    published = replace(question, options=_hide(question.options, options))
    if answered_mark:
        published = replace(
            published, answered=None, not_answered=None,
            options=tuple(replace(o, percent_of_answered=None) for o in published.options))
    if question.numbers is not None:
        published = replace(published, numbers=NumberStats(
            minimum=None, median=question.numbers.median, mean=question.numbers.mean,
            maximum=None))
    if question.scale is not None and (any(options) or answered_mark):
        published = replace(published, scale=replace(
            question.scale, percent_agree=None, percent_disagree=None))
    return published


def _all_hidden(question: QuestionSummary) -> QuestionSummary:
    """Too few answered (or too few did not): nothing about the question is shown."""
    return replace(question, answered=None, not_answered=None, hidden=SMALL,
                   options=_hide(question.options, [SECONDARY] * len(question.options)),
                   numbers=None, scale=None,
                   rows=tuple(_row_hidden(r, SECONDARY) for r in question.rows),
                   ranks=tuple(replace(r, ranked=None, first=None, percent_first=None,
                                       mean_rank=None, hidden=SECONDARY,
                                       ranked_hidden=SECONDARY) for r in question.ranks))


def _publishable_rows(question: QuestionSummary, threshold: int) -> QuestionSummary:
    """Each row (a grid's statement) suppressed as one additive line; the question's
    options are the rows' options again, and its count of who answered is hidden when
    a few did not, or when any row's is (a statement everyone must answer has the same
    count as the question)."""
    rows = tuple(_publishable_row(r, threshold) for r in question.rows)
    by_key = {o.key: o for r in rows for o in r.options}
    options = tuple(replace(o, count=by_key[o.key].count,
                            percent_of_answered=by_key[o.key].percent_of_answered,
                            percent_of_all=by_key[o.key].percent_of_all,
                            hidden=by_key[o.key].hidden) if o.key in by_key else o
                    for o in question.options)
    published = replace(question, rows=rows, options=options)
    hidden_answered = suppress_line([question.answered or 0, question.not_answered or 0],
                                    threshold)[1]
    if hidden_answered or any(r.answered is None for r in rows):
        published = replace(published, answered=None, not_answered=None)
    return published


def _publishable_row(row: RowSummary, threshold: int) -> RowSummary:
    """A row's answers and "did not answer it" add up to the respondents, so they are
    one additive line; a row only a few answered is hidden whole."""
    if is_small(row.answered or 0, threshold):
        return _row_hidden(row, SMALL)
    marks = suppress_line([o.count or 0 for o in row.options] + [row.not_answered or 0],
                          threshold)
    published = replace(row, options=_hide(row.options, marks[:-1]))
    if marks[-1]:
        published = replace(
            published, answered=None, not_answered=None,
            options=tuple(replace(o, percent_of_answered=None) for o in published.options))
    if row.scale is not None and any(marks):
        published = replace(published, scale=replace(row.scale, percent_agree=None,
                                                     percent_disagree=None))
    return published


def _row_hidden(row: RowSummary, why: str) -> RowSummary:
    return replace(row, answered=None, not_answered=None, scale=None, hidden=why,
                   options=_hide(row.options, [SECONDARY] * len(row.options)))


def _publishable_ranks(question: QuestionSummary, threshold: int) -> QuestionSummary:
    """First choices and "did not answer" add up to the respondents: one additive line.
    An option whose first choices are hidden hides how many ranked it and its mean
    place too; a small number ranking it hides that number and the mean."""
    marks = suppress_line([r.first or 0 for r in question.ranks]
                          + [question.not_answered or 0], threshold)
    first_marks, answered_mark = marks[:-1], marks[-1]
    ranks: list[RankCount] = []
    for rank, mark in zip(question.ranks, first_marks, strict=True):
        ranked_mark = SMALL if is_small(rank.ranked or 0, threshold) else (
            SECONDARY if mark else "")
        ranks.append(replace(
            rank, first=None if mark else rank.first, hidden=mark,
            percent_first=None if mark or answered_mark else rank.percent_first,
            ranked=None if ranked_mark else rank.ranked, ranked_hidden=ranked_mark,
            mean_rank=None if ranked_mark else rank.mean_rank))
    options = _hide(question.options, [r.ranked_hidden for r in ranks])
    published = replace(question, ranks=tuple(ranks), options=options)
    if answered_mark:
        published = replace(
            published, answered=None, not_answered=None,
            options=tuple(replace(o, percent_of_answered=None) for o in options))
    return published


def _hide(options: Sequence[OptionCount], marks: Sequence[str]) -> tuple[OptionCount, ...]:
    return tuple(replace(o, count=None, percent_of_answered=None, percent_of_all=None,
                         hidden=mark) if mark else o
                 for o, mark in zip(options, marks, strict=True))


def publishable_crosstab(table: CrossTab, threshold: int) -> CrossTab:
    """The cross-tab as it may be published: small cells hidden, and enough others that
    no hidden cell can be worked out from the row, column and grand totals shown."""
    cells, row_marks, col_marks, grand_hidden = suppress_table(table.counts, threshold)
    return replace(
        table, threshold=threshold,
        counts=tuple(tuple(None if mark else value for value, mark in zip(row, marks,
                                                                          strict=True))
                     for row, marks in zip(table.counts, cells, strict=True)),
        marks=tuple(tuple(row) for row in cells),
        row_totals=tuple(None if m else v for v, m in zip(table.row_totals, row_marks,
                                                          strict=True)),
        row_marks=tuple(row_marks),
        col_totals=tuple(None if m else v for v, m in zip(table.col_totals, col_marks,
                                                          strict=True)),
        col_marks=tuple(col_marks),
        total=None if grand_hidden else table.total,
        total_mark=SECONDARY if grand_hidden else "")


def threshold_for(organisation: Organisation | None, default: int) -> int:
    """The organisation's own threshold if its admin set one, else the site setting."""
    if organisation is not None and organisation.suppression_threshold:
        return organisation.suppression_threshold
    return default


THRESHOLD_RANGE = (2, 100)
"""A threshold of 1 would hide nothing; above 100 most results would vanish."""


def set_threshold(session: Session, organisation: Organisation, threshold: int,
                  user: User) -> None:
    """Change the organisation's own threshold, recorded in the audit trail, since it
    decides what every published result may show. The caller commits."""
    low, high = THRESHOLD_RANGE
    if not low <= threshold <= high:
        raise ValueError(f"The smallest number shown must be between {low} and {high}")
    before = organisation.suppression_threshold
    organisation.suppression_threshold = threshold
    session.add(organisation)
    audit.record(session, "organisation.suppression_threshold_changed", user,
                 organisation_id=organisation.id, before=before, after=threshold)
